"""Rendering a `core.diff.DiffReport`: plain text (`table`), Markdown, JSON, CSV (HTML and XLSX in
diff_html.py and diff_xlsx.py, from the same outline and rows). Never evaluates.

Every format says the same things in the same order (`outline`): per criteria set, the change in
average criteria per unit, in units meeting the set ("thêm 1 xã đạt chuẩn NTM: Sơn Bình") and in
the share meeting each criterion; then unit by unit, the sentence officials write ("tăng 6 tiêu
chí so với năm 2023 (1, 5, 6, 10, 14, 17)"), the criteria that changed and the indicator values
that moved; then the units found in one year only.
"""

from __future__ import annotations

import csv
import json
from typing import IO, Any, Iterator

from ntm_eval.core.diff import DiffReport, SetChange, SetDiff, SetShape, UnitDiff, UnitSnap, moved
from ntm_eval.messages import CATALOG, status_label, t
from ntm_eval.render.common import fmt_num, unit_suffix
from ntm_eval.render.diff_merged import merged_dict, merged_lines, merged_rows, result_lines
from ntm_eval.vocab import level_noun

MOVED_IN_TEXT = 20  # text and Markdown list indicator values for at most this many units


def _year(years: tuple[int, ...]) -> str:
    if not years:
        return "?"
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def tier_label(shape: SetShape, lang: str) -> str:
    key = f"catalog.tier.{shape.tier}"
    if shape.tier and key in CATALOG:
        return t(key, lang)
    return set_title(shape, lang)


def set_title(shape: SetShape, lang: str) -> str:
    return (shape.title_en or shape.title) if lang == "en" else shape.title


def crit_title(shape: SetShape, cid: str, lang: str) -> str:
    for i, title, en in shape.criteria:
        if i == cid:
            return (en or title) if lang == "en" else title
    return cid


def _delta(x: float | None, lang: str, digits: int = 2) -> str:
    if x is None:
        return ""
    s = fmt_num(abs(x), lang, digits)
    return ("+" if x > 0 else "−" if x < 0 else "±") + s


def sentence(d: SetDiff, year: int | None, lang: str) -> str:
    parts = []
    y = year if year is not None else "?"
    if d.met:
        parts.append(t("diff.gain", lang, n=len(d.met), year=y, ids=", ".join(d.met)))
    if d.lost:
        parts.append(t("diff.loss", lang, n=len(d.lost), year=y, ids=", ".join(d.lost)))
    if d.conditions_met:
        parts.append(t("diff.cond_gain", lang, ids=", ".join(d.conditions_met)))
    if d.conditions_lost:
        parts.append(t("diff.cond_loss", lang, ids=", ".join(d.conditions_lost)))
    if not parts:
        parts.append(t("diff.no_change", lang, year=y))
    return "; ".join(parts)


def _where(u: UnitSnap) -> str:
    bits = [b for b in (u.district, u.province) if b]
    return f" ({', '.join(bits)})" if bits else ""


def fmt_val(shape: SetShape, ind: str, v: float | None, lang: str) -> str:
    if v is None:
        return t("diff.no_value", lang)
    if ind in shape.bools:
        return status_label("pass" if v else "fail", lang)
    return fmt_num(v, lang) + unit_suffix(_unit_of(shape, ind), lang)


def _unit_of(shape: SetShape, ind: str) -> str | None:
    try:
        return shape.units[shape.indicators.index(ind)]
    except (ValueError, IndexError):
        return None


def moved_text(shape: SetShape, m, lang: str) -> str:
    delta = ""
    if m.old is not None and m.new is not None and m.indicator not in shape.bools:
        delta = f" ({_delta(m.new - m.old, lang)}{unit_suffix(_unit_of(shape, m.indicator), lang)})"
    status = ""
    if m.old_status != m.new_status:
        status = t("diff.moved_status", lang, old=status_label(m.old_status, lang), new=status_label(m.new_status, lang))
    return t("diff.moved", lang, id=m.indicator, old=fmt_val(shape, m.indicator, m.old, lang),
             new=fmt_val(shape, m.indicator, m.new, lang), delta=delta, status=status)


def _names(units: list[UnitSnap] | list[str], limit: int = 50) -> str:
    names = [u if isinstance(u, str) else u.name for u in units]
    more = len(names) - limit
    return ", ".join(names[:limit]) + (f", … (+{more})" if more > 0 else "")


# --- the outline every text format follows ------------------------------------------------

def outline(r: DiffReport, lang: str) -> Iterator[tuple[str, str]]:
    """(kind, text): kind is title, p (a paragraph), h (a heading), li, li2 (nested)."""
    oy, ny = _year(r.old_years), _year(r.new_years)
    yield "title", t("diff.title", lang)
    yield "p", t("diff.inputs", lang, old=r.old_input, new=r.new_input, old_year=oy, new_year=ny)
    if not r.single:
        yield "p", t("diff.counts", lang, matched=len(r.units), only_old=len(r.only_old), only_new=len(r.only_new),
                     old_year=oy, new_year=ny)
        for ch in r.sets:
            yield from _set_lines(ch, lang)
    yield from _unit_lines(r, lang)
    yield from merged_lines(r, lang)  # units formed from others (2025), beside their predecessors
    if r.only_old:
        yield "p", t("diff.only_old", lang, year=oy, n=len(r.only_old), names=_names(r.only_old))
    if r.only_new:
        yield "p", t("diff.only_new", lang, year=ny, n=len(r.only_new), names=_names(r.only_new))
    lost = r.lost
    if lost:
        yield "p", t("diff.result_lost", lang, n=len(lost), year=oy, names=_names([u.new for u in lost]))
    else:
        yield "p", t("diff.result_ok", lang, year=oy)
    yield from result_lines(r, lang)


def _set_lines(ch: SetChange, lang: str) -> Iterator[tuple[str, str]]:
    shape = ch.shape
    unit, units = level_noun(ch.level, lang), level_noun(ch.level, lang, plural=True)
    yield "h", t("diff.set_head", lang, title=set_title(shape, lang), id=shape.id)
    if ch.old.units or ch.new.units:
        yield "li", t("diff.units_of_set", lang, unit=unit, Units=units[:1].upper() + units[1:],
                      old=ch.old.units, new=ch.new.units)
        a, b = ch.old.average, ch.new.average
        yield "li", t("diff.average", lang, unit=unit, old=fmt_num(a, lang, 1) if a is not None else "—",
                      new=fmt_num(b, lang, 1) if b is not None else "—",
                      delta=_delta(b - a, lang, 2) if a is not None and b is not None else "—")
    tier = tier_label(shape, lang)
    yield "li", t("diff.meeting", lang, unit=unit, Units=units[:1].upper() + units[1:], tier=tier,
                  old=ch.old.meeting, new=ch.new.meeting)
    if ch.gained:
        yield "li", t("diff.gained", lang, n=len(ch.gained), unit=unit, units=units, tier=tier, names=_names(ch.gained))
    if ch.lost:
        yield "li", t("diff.lost_set", lang, n=len(ch.lost), unit=unit, units=units, tier=tier, names=_names(ch.lost))
    if ch.old.units and ch.new.units:
        lines = []
        for i, (cid, _title, _en) in enumerate(shape.criteria):
            a, b = ch.old.share(i), ch.new.share(i)
            if a is None or b is None or abs(a - b) < 1e-9:
                continue
            lines.append(t("diff.share_line", lang, id=cid, title=crit_title(shape, cid, lang),
                           old=fmt_num(a, lang, 1), new=fmt_num(b, lang, 1), delta=_delta(b - a, lang, 1)))
        yield "li", t("diff.shares", lang, unit=unit, units=units)
        if lines:
            for line in lines:
                yield "li2", line
        else:
            yield "li2", t("diff.shares_same", lang)


def _unit_lines(r: DiffReport, lang: str) -> Iterator[tuple[str, str]]:
    show_moved = len(r.units) <= MOVED_IN_TEXT
    changed = [u for u in r.units if u.changed]
    if not r.single and (r.units or not r.merged):  # only merged units: their own heading follows
        yield "h", t("diff.units_heading", lang)
    for ud in changed if not r.single else r.units:
        yield from unit_block(r, ud, lang, show_moved)
    if not r.single and len(changed) < len(r.units):
        yield "p", t("diff.units_unchanged", lang, n=len(r.units) - len(changed))
    if changed and not show_moved:
        yield "p", t("diff.moved_hidden", lang)


def unit_block(r: DiffReport, ud: UnitDiff, lang: str, show_moved: bool = True) -> Iterator[tuple[str, str]]:
    oy, ny = ud.old.year, ud.new.year
    for d in ud.sets:
        shape = r.shapes[d.set_id]
        yield "li", t("diff.unit_head", lang, name=ud.new.name, where=_where(ud.new), set=tier_label(shape, lang),
                      old=d.old.passed, new=d.new.passed, total=d.new.total, sentence=sentence(d, oy, lang))
        if d.old.status != d.new.status:
            yield "li2", t("diff.set_status", lang, old=status_label(d.old.status, lang),
                           new=status_label(d.new.status, lang))
        for cid, a, b in d.changed:
            yield "li2", t("diff.crit_change", lang, id=cid, title=crit_title(shape, cid, lang),
                           old=status_label(a, lang), new=status_label(b, lang))
        if show_moved:
            for m in moved(shape, d):
                yield "li2", moved_text(shape, m, lang)
    if ud.set_changed:
        yield "li2", t("diff.set_changed", lang, old=ud.old.main.set_id, new=ud.new.main.set_id,
                       old_year=oy or "?", new_year=ny or "?", sets=", ".join(d.set_id for d in ud.sets))
    for sid in ud.only_new_sets:
        yield "li2", t("diff.first_set", lang, set=sid)
    for sid in ud.only_old_sets:
        yield "li2", t("diff.dropped_set", lang, set=sid, year=ny or "?")


def render_text(r: DiffReport, fh: IO[str], lang: str) -> None:
    for kind, text in outline(r, lang):
        if kind == "title":
            fh.write(text + "\n" + "=" * len(text) + "\n")
        elif kind == "h":
            fh.write("\n" + text + "\n")
        elif kind == "li":
            fh.write("  " + text + "\n")
        elif kind == "li2":
            fh.write("      " + text + "\n")
        else:
            fh.write(text + "\n")


def _md(s: str) -> str:
    return s.replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


def render_md(r: DiffReport, fh: IO[str], lang: str) -> None:
    for kind, text in outline(r, lang):
        text = _md(text)
        if kind == "title":
            fh.write(f"# {text}\n\n")
        elif kind == "h":
            fh.write(f"\n## {text}\n\n")
        elif kind == "li":
            fh.write(f"- {text}\n")
        elif kind == "li2":
            fh.write(f"  - {text}\n")
        else:
            fh.write(f"\n{text}\n")


# --- JSON -----------------------------------------------------------------------------------

def _snap_ref(u: UnitSnap) -> dict[str, Any]:
    return {"name": u.name, "level": u.level, "district": u.district, "province": u.province, "code": u.code,
            "year": u.year, "source": u.source, "criteria_set": u.main.set_id if u.main else None,
            "status": u.main.status if u.main else None}


def _num(v: float | None, shape: SetShape, ind: str) -> Any:
    if v is None:
        return None
    if ind in shape.bools:
        return bool(v)
    return int(v) if v == int(v) and abs(v) < 2 ** 53 else v


def unit_dict(r: DiffReport, ud: UnitDiff, lang: str) -> dict[str, Any]:
    sets = []
    for d in ud.sets:
        shape = r.shapes[d.set_id]
        mv = []
        for m in moved(shape, d):
            e = {"indicator": m.indicator, "old": _num(m.old, shape, m.indicator), "new": _num(m.new, shape, m.indicator),
                 "old_status": m.old_status, "new_status": m.new_status}
            if m.old is not None and m.new is not None and m.indicator not in shape.bools:
                e["change"] = round(m.new - m.old, 6)
            mv.append(e)
        sets.append({"criteria_set": d.set_id, "own_set": {"old": d.old.main, "new": d.new.main},
                     "old": {"status": d.old.status, "passed": d.old.passed, "total": d.old.total},
                     "new": {"status": d.new.status, "passed": d.new.passed, "total": d.new.total},
                     "newly_met": list(d.met), "no_longer_met": list(d.lost),
                     "conditions_newly_met": list(d.conditions_met), "conditions_no_longer_met": list(d.conditions_lost),
                     "changed": [{"criterion": c, "old": a, "new": b} for c, a, b in d.changed],
                     "indicators_moved": mv, "sentence": sentence(d, ud.old.year, lang)})
    n = ud.new
    return {"name": n.name, "level": n.level, "district": n.district, "province": n.province, "code": n.code,
            "old": _snap_ref(ud.old), "new": _snap_ref(n), "set_changed": ud.set_changed,
            "sets_only_old": list(ud.only_old_sets), "sets_only_new": list(ud.only_new_sets),
            "lost": ud.lost, "sets": sets}


def set_dict(ch: SetChange) -> dict[str, Any]:
    shape = ch.shape

    def side(a) -> dict[str, Any]:
        return {"units": a.units, "average_met": a.average, "meeting_set": a.meeting,
                "share_by_criterion": {cid: a.share(i) for i, (cid, _t, _e) in enumerate(shape.criteria)}}

    o, n = side(ch.old), side(ch.new)
    share_change = {cid: (None if o["share_by_criterion"][cid] is None or n["share_by_criterion"][cid] is None
                          else n["share_by_criterion"][cid] - o["share_by_criterion"][cid])
                    for cid, _t, _e in shape.criteria}
    return {"criteria_set": shape.id, "title": shape.title, "title_en": shape.title_en, "tier": shape.tier,
            "old": o, "new": n,
            "average_change": None if ch.old.average is None or ch.new.average is None
            else ch.new.average - ch.old.average,
            "meeting_change": ch.new.meeting - ch.old.meeting, "share_change": share_change,
            "newly_meeting": ch.gained, "no_longer_meeting": ch.lost}


def render_json(r: DiffReport, fh: IO[str], lang: str) -> None:
    fh.write("{\n")
    head = {"old": {"input": r.old_input, "years": list(r.old_years)},
            "new": {"input": r.new_input, "years": list(r.new_years)},
            "exit_code": r.exit_code, "lost": bool(r.lost)}
    for k, v in head.items():
        fh.write(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},\n")
    fh.write('  "sets": ' + json.dumps([set_dict(ch) for ch in r.sets], ensure_ascii=False) + ",\n")
    fh.write('  "units": [')
    for k, ud in enumerate(r.units):  # streamed: one unit at a time
        fh.write(("," if k else "") + "\n    " + json.dumps(unit_dict(r, ud, lang), ensure_ascii=False))
    fh.write("\n  ],\n")
    fh.write('  "merged": ' + json.dumps([merged_dict(r, m, _snap_ref) for m in r.merged], ensure_ascii=False) + ",\n")
    fh.write('  "only_old": ' + json.dumps([_snap_ref(u) for u in r.only_old], ensure_ascii=False) + ",\n")
    fh.write('  "only_new": ' + json.dumps([_snap_ref(u) for u in r.only_new], ensure_ascii=False) + "\n")
    fh.write("}\n")


# --- CSV (and the units' tables of html and xlsx): one row per unit and set compared, then the
# units of one year only --------------------------------------------------------------------------

UNIT_COLUMNS = ("diff.col.kind", "batch.col.name", "batch.col.level", "batch.col.district", "batch.col.province",
                "diff.col.code", "diff.col.set", "diff.col.old_year", "diff.col.new_year", "diff.col.old_status",
                "diff.col.new_status", "diff.col.old_met", "diff.col.new_met", "batch.col.total", "diff.col.met",
                "diff.col.lost", "diff.col.moved", "diff.col.sentence", "diff.col.old_file", "diff.col.new_file")


def unit_rows(r: DiffReport, lang: str) -> Iterator[list[Any]]:
    """The rows of the units' table ("" where a cell has nothing), streamed one unit at a time."""
    kind = t("diff.kind.unit", lang)
    for ud in r.units:
        n, o = ud.new, ud.old
        for d in ud.sets:
            shape = r.shapes[d.set_id]
            mv = "; ".join(f"{m.indicator}: {fmt_val(shape, m.indicator, m.old, lang)} → "
                           f"{fmt_val(shape, m.indicator, m.new, lang)}" for m in moved(shape, d))
            yield [kind, n.name, n.level or "", n.district or "", n.province or "", n.code or "", d.set_id,
                   o.year or "", n.year or "", status_label(d.old.status, lang), status_label(d.new.status, lang),
                   d.old.passed, d.new.passed, d.new.total, " ".join(d.met), " ".join(d.lost), mv,
                   sentence(d, o.year, lang), o.source, n.source]
    yield from merged_rows(r, lang)
    for rows, k in ((r.only_old, "diff.kind.only_old"), (r.only_new, "diff.kind.only_new")):
        for u in rows:
            m = u.main
            old = k.endswith("only_old")
            yield [t(k, lang), u.name, u.level or "", u.district or "", u.province or "", u.code or "",
                   m.set_id if m else "", u.year if old else "", "" if old else u.year,
                   status_label(m.status, lang) if m and old else "",
                   status_label(m.status, lang) if m and not old else "",
                   m.passed if m and old else "", m.passed if m and not old else "", m.total if m else "",
                   "", "", "", "", u.source if old else "", "" if old else u.source]


def render_csv(r: DiffReport, fh: IO[str], lang: str) -> None:
    fh.write("\ufeff")  # Excel opens UTF-8 CSV with a BOM
    w = csv.writer(fh)
    w.writerow([t(k, lang) for k in UNIT_COLUMNS])
    for row in unit_rows(r, lang):
        w.writerow(row)


def render(fmt: str, r: DiffReport, fh: IO[Any], lang: str) -> None:
    """Write `r` in `fmt` to `fh` (a binary file for xlsx, text for the others)."""
    if fmt == "html":
        from ntm_eval.render.diff_html import render_html
        render_html(r, fh, lang)
    elif fmt == "xlsx":
        from ntm_eval.render.diff_xlsx import render_xlsx
        render_xlsx(r, fh, lang)
    else:
        {"table": render_text, "md": render_md, "json": render_json, "csv": render_csv}[fmt](r, fh, lang)


def share_rows(ch: SetChange, lang: str) -> Iterator[tuple[str, str, float | None, float | None, float | None]]:
    """Every criterion of the set: (id, title, % meeting it earlier, later, change in points)."""
    for i, (cid, _title, _en) in enumerate(ch.shape.criteria):
        a, b = ch.old.share(i), ch.new.share(i)
        yield cid, crit_title(ch.shape, cid, lang), a, b, (b - a if a is not None and b is not None else None)
