"""The merged units of a diff (`core.diff_merged.MergedDiff`), for every diff format: outline lines
(text, Markdown, the text part of HTML and the XLSX summary), the JSON records, and the rows of
the units' table (CSV, HTML, XLSX). Never evaluates: reads what the comparison holds."""

from __future__ import annotations

from typing import Any, Iterator

from ntm_eval.core.diff import DiffReport, MergedDiff, SetShape
from ntm_eval.core.diff_merged import MergedSet
from ntm_eval.messages import status_label, t

DETAIL_UNITS = 20  # per-criterion lines in text formats for at most this many merged units


def _title(shape: SetShape | None, cid: str, lang: str) -> str:
    for i, title, en in (shape.criteria if shape else ()):
        if i == cid:
            return (en or title) if lang == "en" else title
    return cid


def _listed(m: MergedDiff) -> str:
    return ", ".join(p.label for p in m.listed)


def merged_lines(r: DiffReport, lang: str) -> Iterator[tuple[str, str]]:
    """(kind, text) lines of the merged units, in the outline's kinds (h, li, li2)."""
    if not r.merged:
        return
    yield "h", t("diff.merged_head", lang, n=len(r.merged))
    detail = len(r.merged) <= DETAIL_UNITS
    for m in r.merged:
        yield from _unit(r, m, lang, detail)


def _unit(r: DiffReport, m: MergedDiff, lang: str, detail: bool) -> Iterator[tuple[str, str]]:
    n = m.new
    code = f", {t('diff.merged_code', lang, code=n.code)}" if n.code else ""
    yield "li", t("diff.merged_unit", lang, name=n.name, code=code, province=f", {n.province}" if n.province else "",
                  n=len(m.listed), listed=_listed(m))
    if n.main is not None:
        yield "li2", t("diff.merged_own", lang, year=n.year or "?", set=n.main.set_id, passed=n.main.passed,
                       total=n.main.total, status=status_label(n.main.status, lang))
    for p, u in m.found:
        if u.main is not None:
            yield "li2", t("diff.merged_pred", lang, name=m.name_of(u), code=p.code or "—", year=u.year or "?",
                           set=u.main.set_id, passed=u.main.passed, total=u.main.total,
                           status=status_label(u.main.status, lang))
    if m.missing:
        yield "li2", t("diff.merged_missing", lang, input=r.old_input, names=", ".join(p.label for p in m.missing))
    if not detail:
        return
    for s in m.sets:
        yield from _set(r, m, s, lang)
    if n.main is not None and not m.own_set_shared:
        yield "li2", t("diff.merged_other_set", lang, set=n.main.set_id, year=n.year or "?")
    for s in m.sets:
        if s.lost:
            yield "li2", t("diff.merged_lost", lang, name=n.name, n=len(s.lost), ids=", ".join(s.lost), set=s.set_id)


def _set(r: DiffReport, m: MergedDiff, s: MergedSet, lang: str) -> Iterator[tuple[str, str]]:
    shape = r.shapes.get(s.set_id)
    shared = t("diff.merged_shared", lang, name=m.new.name, year=m.new.year or "?") if s.new is not None else ""
    names = m.names(s)
    yield "li2", t("diff.merged_set", lang, set=s.set_id, names=", ".join(names), shared=shared)
    same = 0
    for c in s.criteria:
        if c.all_met and c.new_status in (None, "pass"):
            same += 1
            continue
        met = ", ".join(c.met_by(names)) or "—"
        not_met = ", ".join(name if st == "fail" else f"{name} ({status_label(st, lang).lower()})"
                            for name, st in c.not_met_by(names)) or "—"
        new = t("diff.merged_new_status", lang, name=m.new.name, status=status_label(c.new_status, lang)) \
            if c.new_status is not None else ""
        yield "li2", "  " + t("diff.merged_crit", lang, id=c.id, title=_title(shape, c.id, lang), met=met,
                              not_met=not_met, new=new)
    if same:
        which = t("diff.merged_every" if same == len(s.criteria) else "diff.merged_rest", lang, n=same)
        also = t("diff.merged_also", lang, name=m.new.name) if s.new is not None else ""
        yield "li2", "  " + t("diff.merged_same", lang, which=which, also=also)


def result_lines(r: DiffReport, lang: str) -> Iterator[tuple[str, str]]:
    lost = [m.new.name for m in r.merged if m.lost]
    if lost:
        yield "p", t("diff.merged_result_lost", lang, n=len(lost), names=", ".join(lost))


# --- JSON ------------------------------------------------------------------------------------------

def merged_dict(r: DiffReport, m: MergedDiff, snap_ref) -> dict[str, Any]:
    """One merged unit: itself, `merged_from` (each entry found or not, with its earlier result),
    and per set of the predecessors each criterion's `met_by` / `not_met_by` (+ the unit's own status
    when it was evaluated with the same set)."""
    found = {id(p): u for p, u in m.found}
    sets = []
    for s in m.sets:
        sets.append({
            "criteria_set": s.set_id, "shared": s.new is not None, "predecessors": list(m.names(s)),
            "new": None if s.new is None else {"status": s.new.status, "passed": s.new.passed, "total": s.new.total},
            "criteria": [{"criterion": c.id, "met_by": c.met_by(m.names(s)),
                          "not_met_by": [{"name": nm, "status": st} for nm, st in c.not_met_by(m.names(s))],
                          "new_status": c.new_status} for c in s.criteria],
            "no_longer_met": s.lost})
    return {"name": m.new.name, "code": m.new.code, "level": m.new.level, "province": m.new.province,
            "new": snap_ref(m.new),
            "merged_from": [{"code": p.code or None, "name": p.name or None, "district": p.district or None,
                             "province": p.province or None, "found": id(p) in found,
                             "old": snap_ref(found[id(p)]) if id(p) in found else None} for p in m.listed],
            "sets": sets, "lost": m.lost}


# --- the units' table --------------------------------------------------------------------------------

def merged_rows(r: DiffReport, lang: str) -> Iterator[list[Any]]:
    """One row per predecessor of each merged unit (UNIT_COLUMNS of render/diff.py)."""
    kind = t("diff.kind.merged", lang)
    for m in r.merged:
        n = m.new
        s = n.main
        found = {id(p): u for p, u in m.found}
        for p in m.listed:
            u = found.get(id(p))
            o = u.main if u is not None else None
            text = t("diff.merged_row", lang, name=p.label) if u is not None else \
                t("diff.merged_row_missing", lang, name=p.label)
            yield [kind, n.name, n.level or "", n.district or "", n.province or "", n.code or "",
                   o.set_id if o else (s.set_id if s else ""), u.year if u is not None and u.year else "",
                   n.year or "", status_label(o.status, lang) if o else "", status_label(s.status, lang) if s else "",
                   o.passed if o else "", s.passed if s else "", s.total if s else "", "", "", "", text,
                   u.source if u is not None else "", n.source]
