"""The report of `ntm-eval plan`: each target, its status, where it stands, what remains, and
(with `--next`) the nearest things to do. Formats: table (rich, imported only here), md, csv,
json. Nothing here evaluates: every figure comes from core.plan's `TargetResult`s."""

from __future__ import annotations

import csv
import json
from typing import IO, TYPE_CHECKING, Any

from ntm_eval import __version__
from ntm_eval.messages import singular_en, status_label, t, unit_text
from ntm_eval.render.common import OP_SIGNS, fmt_num
from ntm_eval.vocab import level_noun

if TYPE_CHECKING:
    from ntm_eval.core.plan import Gap, PlanReport, TargetResult

FORMATS = ("table", "json", "md", "csv")


# --- words ------------------------------------------------------------------------------------

def status_word(r: "TargetResult", lang: str) -> str:
    key = "behind_due" if r.status == "behind" and r.due else r.status
    return t(f"plan.status.{key}", lang)


def _level(report: "PlanReport", r: "TargetResult") -> str | None:
    info = report.sets.get(r.set_id or "")
    return info[1] if info else None


def _nouns(report: "PlanReport", r: "TargetResult", lang: str) -> dict[str, str]:
    lv = _level(report, r)
    return {"noun": level_noun(lv, lang), "nouns": level_noun(lv, lang, plural=True)}


def _set_word(r: "TargetResult") -> str:
    return r.target.set_ref or r.set_id or "—"


def says(report: "PlanReport", r: "TargetResult", lang: str) -> str:
    """What the target says, in the plan's words."""
    tg = r.target
    more = t("plan.more_than", lang) if tg.op == ">" else ""
    value = fmt_num(tg.value, lang)
    of_total = f"/{tg.of}" if tg.of else ""
    p: dict[str, Any] = {"unit": _unit_label(tg, lang), "set": _set_word(r), "more": more, "value": value,
                         "criterion": tg.criterion, "of_total": of_total, **_nouns(report, r, lang)}
    if tg.kind == "unit_criteria" and r.total and not tg.of:
        p["of_total"] = f"/{r.total}"
    key = tg.kind
    if tg.kind == "criterion_count" and tg.percent:
        key = "criterion_share"
    elif tg.kind == "set_count" and tg.percent:
        key = "set_share"
    return t(f"plan.says.{key}", lang, **p)


def _unit_label(tg: Any, lang: str) -> str:
    if not tg.unit:
        return ""
    return (tg.unit_written or tg.unit) if lang == "vi" else tg.unit


def now(report: "PlanReport", r: "TargetResult", lang: str) -> str:
    tg = r.target
    if r.measure is None:
        return ""
    nouns = _nouns(report, r, lang)
    if tg.kind == "unit_set":
        return t("plan.now.unit_set", lang, status=_unit_status(r, lang), passed=r.passed, total=r.total)
    if tg.kind == "unit_criteria":
        text = t("plan.now.unit_criteria", lang, passed=int(r.measure), total=r.total)
        return _with_open(text, int(round(r.upper - r.measure)), lang)
    if tg.kind == "unit_criterion":
        return t("plan.now.unit_criterion", lang, status=_crit_status(r, lang))
    if tg.kind == "average":
        text = t("plan.now.average", lang, avg=fmt_num(r.measure, lang), n=r.n, **nouns)
        return text
    k = round(r.measure * (max(r.n, tg.of or 0) if tg.percent else 1) / (100 if tg.percent else 1))
    total = max(r.n, tg.of or 0) if not tg.percent else (tg.of or r.n)
    pct = fmt_num(100.0 * k / total if total else None, lang, 1)
    text = t("plan.now.count", lang, k=k, n=total, pct=pct, **nouns)
    opened = len(r.undecided)
    return _with_open(text, opened, lang)


def _with_open(text: str, n: int, lang: str) -> str:
    return f"{text}, {t('plan.now.open', lang, n=n)}" if n > 0 else text


def _unit_status(r: "TargetResult", lang: str) -> str:
    if r.measure == 1.0:
        return status_label("pass", lang)
    if r.upper == 0.0:
        return status_label("fail", lang)
    return t("plan.status.undecided", lang)


_crit_status = _unit_status


def left(report: "PlanReport", r: "TargetResult", lang: str) -> list[str]:
    """What remains, or why the target cannot be told yet."""
    tg = r.target
    out: list[str] = []
    nouns = _nouns(report, r, lang)
    if r.status != "achieved":
        if tg.kind == "unit_set" and r.remaining:
            out.append(t("plan.left.criteria", lang, n=len(r.remaining), ids=", ".join(r.remaining)))
        elif tg.kind == "unit_criteria" and r.need:
            out.append(t("plan.left.criteria_of", lang, n=r.need, ids=", ".join(r.remaining) or "—"))
        elif tg.kind == "criterion_count" and r.need:
            out.append(t("plan.left.units_criterion", lang, n=r.need, criterion=tg.criterion, **nouns))
        elif tg.kind == "set_count" and r.need:
            line = t("plan.left.units_set", lang, n=r.need, **nouns)
            if r.closing_total:
                line += "; " + t("plan.left.closing", lang, n=r.need, total=r.closing_total, **nouns)
            out.append(line)
        elif tg.kind == "average" and r.need:
            out.append(t("plan.left.average", lang, n=r.need, per=fmt_num(r.need / r.n if r.n else 0, lang), **nouns))
        if r.undecided and tg.kind.startswith("unit_"):
            out.append(t("plan.left.undecided_criteria", lang, ids=", ".join(r.undecided)))
        elif r.undecided:
            out.append(t("plan.left.undecided_units", lang, names=", ".join(r.undecided)))
    if r.expected is not None and r.status != "achieved":
        out.append(t("plan.expected", lang, year=r.year, expected=fmt_num(r.expected, lang)))
    if r.status == "undecided" and r.reason:
        out.append(t(f"plan.why.{r.reason}", lang, year=tg.year, area=_area(tg, lang)))
        if r.reason == "open" and r.absent:
            out.append(t("plan.why.absent", lang, n=r.absent, of=tg.of, **nouns))
    if r.year is not None and r.year != tg.year:
        out.append(t("plan.now.results_year", lang, year=r.year))
    for key, params in r.notes:
        out.append(t(key, lang, **params))
    return out


def _area(tg: Any, lang: str) -> str:
    parts = [x for x in (tg.district, tg.province) if x]
    return f" ({', '.join(parts)})" if parts else ""


# --- what to do next ----------------------------------------------------------------------------

def _title(x: Any, lang: str) -> str:
    return (x.title_en or x.title) if lang == "en" else x.title


def gap_text(g: "Gap", lang: str) -> str:
    p = {"unit": g.unit, "id": g.indicator, "title": _title(g, lang)}
    if g.gap is None or isinstance(g.threshold, bool) or g.threshold is None:
        return t("plan.next.gap_yes_no", lang, **p)
    return t("plan.next.gap", lang, value=_val(g.value, g.unit_of, lang), threshold=_thr(g, lang),
             short=_short(g, lang), rel=fmt_num(100 * g.rel, lang, 2), **p)


def _val(v: Any, unit: str | None, lang: str) -> str:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return fmt_num(v, lang) + _suffix(unit, lang)
    return fmt_num(v, lang) if isinstance(v, bool) else str(v)


def _suffix(unit: str | None, lang: str) -> str:
    text = unit_text(unit, lang)
    if not text:
        return ""
    return text if text == "%" else " " + text


def _thr(g: "Gap", lang: str) -> str:
    return f"{OP_SIGNS.get(g.op or '', g.op or '')} {_val(g.threshold, g.unit_of, lang)}".strip()


def _short(g: "Gap", lang: str) -> str:
    if g.need is not None:
        of = g.need_of or t("check.need.of_default", lang)
        of_en = g.need_of_en or unit_text(of, "en") or of
        return t("check.need.more" if g.op != "<=" else "check.need.fewer", lang, more="", n=g.need,
                 of=of if lang == "vi" else of_en, of_one=singular_en(of_en))
    return t("check.gap.short", lang, gap=fmt_num(abs(g.gap or 0), lang) + _suffix(g.unit_of, lang))


def next_lines(report: "PlanReport", r: "TargetResult", lang: str) -> list[str]:
    """The nearest way to the target: criteria (one unit), or units (an aggregate)."""
    tg = r.target
    out: list[str] = []
    if r.status == "achieved":
        return out
    if tg.kind == "unit_criteria":
        out += [t("plan.next.crit", lang, id=c.id, title=_title(c, lang), cost=fmt_num(100 * c.cost, lang, 1)) for c in r.next]
    if tg.kind.startswith("unit_"):
        out += [gap_text(g, lang) for g in r.gaps]
        return out
    for item in r.next:
        if tg.kind == "set_count":
            name, ids, dist = item
            out.append(t("plan.next.unit_set", lang, unit=name, n=dist[0], ids=", ".join(ids)))
        else:
            name, c, gaps = item
            detail = ": " + "; ".join(_gap_short(g, lang) for g in gaps[:3]) if gaps else ""
            out.append(t("plan.next.unit_crit", lang, unit=name, id=c.id, title=_title(c, lang), detail=detail))
    return out


def _gap_short(g: "Gap", lang: str) -> str:
    if g.gap is None or isinstance(g.threshold, bool) or g.threshold is None:
        return f"{g.indicator} {status_label('fail', lang)}"
    return f"{g.indicator} {_val(g.value, g.unit_of, lang)} / {_thr(g, lang)}, {_short(g, lang)}"


# --- the outline every format walks ---------------------------------------------------------

def header_lines(report: "PlanReport", lang: str) -> list[str]:
    plan = report.plan
    lines = []
    if plan.title:
        lines.append(t("plan.plan", lang, title=plan.title))
    if plan.source:
        lines.append(t("plan.source", lang, source=plan.source))
    lines.append(t("plan.results", lang, paths=", ".join(report.inputs), n=report.units,
                   years=", ".join(map(str, report.years)) or "—"))
    c = report.counts()
    lines.append(t("plan.summary", lang, total=len(report.results), **c))
    return lines


def rows(report: "PlanReport", lang: str) -> list[dict[str, Any]]:
    return [{"index": i + 1, "label": r.target.label(), "says": says(report, r, lang), "year": r.target.year,
             "status": r.status, "status_text": status_word(r, lang), "now": now(report, r, lang),
             "left": left(report, r, lang), "next": next_lines(report, r, lang) if report.show_next else []}
            for i, r in enumerate(report.results)]


# --- formats --------------------------------------------------------------------------------

def render_json(report: "PlanReport", fh: IO[str], lang: str = "vi") -> None:
    texts = rows(report, lang)
    doc: dict[str, Any] = {
        "plan": {"file": report.plan.path, "title": report.plan.title, "source": report.plan.source},
        "results": {"inputs": report.inputs, "units": report.units, "years": report.years,
                    "with_errors": report.broken},
        "summary": {"targets": len(report.results), **report.counts()},
        "targets": [_target_json(r, x, report.show_next) for r, x in zip(report.results, texts)],
        "exit_code": report.exit_code,
        "generator": f"ntm-eval {__version__}",
    }
    if report.show_next:
        doc["next"] = {"ranking": t("plan.next.how", lang),
                       "indicators": [_gap_json(g) for g in report.next_gaps]}
    json.dump(doc, fh, ensure_ascii=False, indent=2)
    fh.write("\n")


def _target_json(r: "TargetResult", x: dict[str, Any], show_next: bool) -> dict[str, Any]:
    tg = r.target
    d: dict[str, Any] = {
        "id": x["label"], "kind": tg.kind, "says": x["says"], "year": tg.year, "status": r.status, "due": r.due,
        "status_text": x["status_text"], "results_year": r.year, "set": r.set_id, "unit": tg.unit,
        "criterion": tg.criterion, "op": tg.op, "target": tg.value, "percent": tg.percent, "of": tg.of,
        "measure": r.measure, "upper_bound": r.upper, "expected": r.expected, "units_counted": r.n,
        "need": r.need, "need_what": r.need_what, "criteria_not_met": r.remaining, "undecided": r.undecided,
        "reason": r.reason, "now": x["now"], "remaining": x["left"],
        "location": {"file": tg.file, "line": tg.line, "col": tg.col},
    }
    if tg.source:
        d["source"] = tg.source
    if tg.note:
        d["note"] = tg.note
    if r.closing_total is not None:
        d["closing_criteria"] = r.closing_total
    if show_next:
        d["next"] = x["next"]
        if r.gaps:
            d["gaps"] = [_gap_json(g) for g in r.gaps]
    return d


def _gap_json(g: "Gap") -> dict[str, Any]:
    return {"unit": g.unit, "criterion": g.criterion, "indicator": g.indicator, "title": g.title,
            "value": g.value, "op": g.op, "threshold": g.threshold, "unit_of_measure": g.unit_of, "gap": g.gap,
            "need": g.need, "need_of": g.need_of, "relative_gap": round(g.rel, 6)}


def render_md(report: "PlanReport", fh: IO[str], lang: str = "vi") -> None:
    fh.write(f"# {t('plan.title', lang)}\n\n")
    for line in header_lines(report, lang):
        fh.write(f"- {_md(line)}\n")
    fh.write("\n")
    cols = [t(f"plan.col.{c}", lang) for c in ("id", "target", "year", "status", "now", "left")]
    fh.write("| " + " | ".join(cols) + " |\n|" + "---|" * len(cols) + "\n")
    for x in rows(report, lang):
        cells = [str(x["index"]), x["says"], str(x["year"]), f"**{x['status_text']}**", x["now"],
                 "<br>".join(x["left"])]
        fh.write("| " + " | ".join(_md(c) for c in cells) + " |\n")
    if report.show_next:
        _md_next(report, fh, lang)
    fh.write(f"\n{_md(t('plan.exit_note', lang))}\n")


def _md_next(report: "PlanReport", fh: IO[str], lang: str) -> None:
    fh.write(f"\n## {t('plan.next.heading', lang)}\n\n{_md(t('plan.next.how', lang))}\n\n")
    for x in rows(report, lang):
        if x["next"]:
            fh.write(f"**{_md(x['index'])}. {_md(x['says'])}**\n\n")
            for line in x["next"]:
                fh.write(f"- {_md(line)}\n")
            fh.write("\n")
    fh.write(f"### {_md(t('plan.next.batch', lang, n=len(report.next_gaps)))}\n\n")
    for g in report.next_gaps:
        fh.write(f"1. {_md(gap_text(g, lang))}\n")
    if not report.next_gaps:
        fh.write(f"{t('plan.next.none', lang)}\n")


def _md(x: Any) -> str:
    return str(x).replace("|", "\\|").replace("\n", " ")


def render_csv(report: "PlanReport", fh: IO[str], lang: str = "vi") -> None:
    w = csv.writer(fh)
    w.writerow([t(f"plan.col.{c}", lang) for c in ("id", "target", "year", "status", "now", "left")]
               + (["next"] if report.show_next else []))
    for x in rows(report, lang):
        w.writerow([x["index"], x["says"], x["year"], x["status_text"], x["now"], "; ".join(x["left"])]
                   + (["; ".join(x["next"])] if report.show_next else []))


STYLE = {"achieved": "green", "on_track": "cyan", "behind": "red", "undecided": "yellow"}


def render_table(report: "PlanReport", con: Any, lang: str = "vi") -> None:
    from rich.table import Table
    from rich.text import Text

    con.print(Text(t("plan.title", lang), style="bold"))
    for line in header_lines(report, lang):
        con.print(Text(line))
    table = Table(show_lines=True)
    for c, kw in (("id", {"justify": "right"}), ("target", {"ratio": 3}), ("year", {}), ("status", {}),
                  ("now", {"ratio": 2}), ("left", {"ratio": 3})):
        table.add_column(t(f"plan.col.{c}", lang), **kw)
    for x in rows(report, lang):
        table.add_row(str(x["index"]), Text(x["says"]), str(x["year"]),
                      Text(x["status_text"], style=STYLE.get(x["status"], "")), Text(x["now"]),
                      Text("\n".join(x["left"])))
    con.print(table)
    if report.show_next:
        con.print(Text(t("plan.next.heading", lang), style="bold"))
        con.print(Text(t("plan.next.how", lang)))
        for x in rows(report, lang):
            if x["next"]:
                con.print(Text(f"{x['index']}. {x['says']}", style="bold"))
                for line in x["next"]:
                    con.print(Text(f"  – {line}"))
        con.print(Text(t("plan.next.batch", lang, n=len(report.next_gaps)), style="bold"))
        for i, g in enumerate(report.next_gaps, 1):
            con.print(Text(f"  {i}. {gap_text(g, lang)}"))
        if not report.next_gaps:
            con.print(Text("  " + t("plan.next.none", lang)))
    con.print(Text(t("plan.exit_note", lang), style="dim"))


RENDERERS = {"json": render_json, "md": render_md, "csv": render_csv}
