"""The sentences and figures of a batch report (vi/en): marks, nouns, aggregate sentences. The
outline (outline.py) builds the report from them; csv and json read a few of them directly."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ntm_eval.messages import BASIS_MARKS, BATCH_MARKS, lang_index, status_label, t
from ntm_eval.render.common import coverage_text as unit_coverage_text
from ntm_eval.render.common import fmt_num
from ntm_eval.vocab import level_noun as noun

if TYPE_CHECKING:
    from ntm_eval.core.aggregate import GroupAgg, SubAgg
    from ntm_eval.errors import Problem
    from ntm_eval.results import BatchReport, HeldBack, SetInfo, UnitRow

Crit = tuple[str, str, "str | None"]  # (id, title, title_en), as SetInfo.criteria holds them

STATUS_ORDER = ("pass", "fail", "missing", "not_applicable", "no_threshold")
UNDECIDED = ("no_threshold", "missing", "not_applicable")  # a criterion no unit has met or not met
_NUMERIC = re.compile(r"^\d+$")


def mark(status: str | None, lang: str = "vi") -> str:
    if status is None:
        return ""
    return BATCH_MARKS.get(status, (status, status))[lang_index(lang)]


def legend(lang: str = "vi", basis: bool = False) -> str:
    """"Ký hiệu: Đ đạt · ✗ chưa đạt · …", and with `basis` the marks of attested verdicts and
    conflicts ("Đ* đạt theo xác nhận · ✗* chưa đạt theo xác nhận · ≠ mâu thuẫn")."""
    items = [(mark(s, lang), status_label(s, lang).lower()) for s in STATUS_ORDER]
    if basis:
        items += [(m, label) for _, m, label in basis_items(lang)]
    return t("batch.legend", lang, marks=" · ".join(f"{m} {label}" for m, label in items))


# --- basis: met on the numbers (computed) or by a verdict given in the data (attested) ----------
BASIS_KEYS = ("pass_attested", "fail_attested", "conflict")


def basis_key(status: str | None, basis: str | None, conflict: bool) -> str | None:
    """"conflict", "pass_attested", "fail_attested", or None for a computed or open result."""
    if conflict and status == "fail":
        return "conflict"
    if basis == "attested" and status in ("pass", "fail"):
        return f"{status}_attested"
    return None


def basis_items(lang: str = "vi") -> tuple[tuple[str, str, str], ...]:
    """(status, mark, label in lower case) of the attested and conflict marks, for a legend."""
    return tuple(("fail" if k == "conflict" else k.split("_")[0], BASIS_MARKS[k][lang_index(lang)],
                  basis_word(k, lang).lower()) for k in BASIS_KEYS)


def basis_word(key: str, lang: str = "vi") -> str:
    return t("check.status." + key, lang)


def cell_mark(status: str, basis: str | None = None, conflict: bool = False, lang: str = "vi") -> str:
    """The matrix mark: "Đ" met on the numbers, "Đ*" met by attestation, "≠" a conflict."""
    key = basis_key(status, basis, conflict)
    return BASIS_MARKS[key][lang_index(lang)] if key else mark(status, lang)


def cell_word(status: str, basis: str | None = None, conflict: bool = False, lang: str = "vi") -> str:
    """The status in words as a sheet cell holds it: "Đạt", "Đạt theo xác nhận", "Mâu thuẫn"."""
    key = basis_key(status, basis, conflict)
    return basis_word(key, lang) if key else status_label(status, lang)


def cell_label(status: str, basis: str | None = None, conflict: bool = False, lang: str = "vi") -> str:
    """The status and its basis in words, for a tooltip: "Đạt — tính từ số liệu", "Đạt theo xác
    nhận", "Mâu thuẫn — chưa đạt: số liệu và kết luận được xác nhận khác nhau"."""
    key = basis_key(status, basis, conflict)
    if key == "conflict":
        return t("batch.label_conflict", lang)
    if key:
        return basis_word(key, lang)
    if basis == "computed":
        return t("batch.label_computed", lang, status=status_label(status, lang))
    return status_label(status, lang)


def row_marks(row: UnitRow) -> Iterator[tuple[str, str | None, bool]]:
    """(status, basis, conflict) of each criterion of a row, in the set's order."""
    for j, st in enumerate(row.statuses):
        yield (st, row.bases[j] if j < len(row.bases) else None,
               bool(row.conflicts[j]) if j < len(row.conflicts) else False)


def has_basis(report: BatchReport) -> bool:
    """Some criterion of some unit was decided by attestation or has a conflict: the reports then
    show the basis marks and their legend."""
    return any(g.has_attested for g in report.aggregates.groups.values())


def basis_line(g: GroupAgg, lang: str = "vi") -> str | None:
    """"12 xã đạt chuẩn: 3 tính từ số liệu, 9 theo xác nhận" (None when no unit meets the set)."""
    if not g.set_passed:
        return None
    bits = []
    if g.set_passed_computed:
        bits.append(t("batch.basis_computed", lang, n=g.set_passed_computed))
    if g.set_passed_attested:
        bits.append(t("batch.basis_attested", lang, n=g.set_passed_attested))
    return t("batch.meeting_basis", lang, n=g.set_passed, details=", ".join(bits), **_words(g, lang))


def conflict_line(g: GroupAgg, lang: str = "vi") -> str | None:
    """"2 xã có mâu thuẫn giữa số liệu và kết luận được xác nhận (tính là chưa đạt)"."""
    if not g.units_with_conflicts:
        return None
    return t("batch.conflict_units", lang, n=g.units_with_conflicts, **_words(g, lang))


def section_title(level: str | None, lang: str = "vi") -> str:
    """"Xã", "Huyện" … (the batch's sections, one per criteria set)."""
    w = noun(level, lang, plural=True)
    return w[:1].upper() + w[1:]


def pct(x: float | None, lang: str = "vi") -> str:
    return "—" if x is None else fmt_num(x, lang, 1)


def avg(x: float | None, lang: str = "vi") -> str:
    return "—" if x is None else fmt_num(x, lang, 1)


def crit_col(cid: str, lang: str = "vi") -> str:
    """"TC2" for criterion 2; a criterion whose id is not a number ("P", "DK") keeps its id."""
    return t("batch.col.crit", lang, id=cid) if _NUMERIC.match(cid) else cid


def crit_ref(c: Crit, lang: str = "vi") -> str:
    """"tiêu chí số 2 (Giao thông)"; "tiêu chí P (Điều kiện)" for an id that is not a number."""
    key = "batch.crit_ref_num" if _NUMERIC.match(c[0]) else "batch.crit_ref"
    return t(key, lang, id=c[0], title=crit_title(c, lang))


def crit_title(c: Crit, lang: str = "vi") -> str:
    return c[2] if lang == "en" and c[2] else c[1]


def set_title(info: SetInfo | None, lang: str = "vi") -> str:
    if info is None:
        return "?"
    return info.title_en if lang == "en" and info.title_en else info.title


def status_text(row: UnitRow, lang: str = "vi") -> str:
    return status_label(row.status, lang) if row.status else t("batch.status.error", lang)


def met_text(row: UnitRow) -> str:
    return f"{row.passed}/{row.total}" if row.status else ""


def group_level(g: GroupAgg) -> str | None:
    return g.info.level if g.info is not None else None


def _words(g: GroupAgg, lang: str) -> dict[str, str]:
    return words(group_level(g), lang)


def words(level: str | None, lang: str = "vi") -> dict[str, str]:
    """Parameters of the messages that name what is counted: unit, units, Unit, Units."""
    u, us = noun(level, lang), noun(level, lang, plural=True)
    return {"unit": u, "units": us, "Unit": u[:1].upper() + u[1:], "Units": us[:1].upper() + us[1:]}


def headline_lines(g: GroupAgg, lang: str = "vi") -> list[str]:
    """"Số xã được đánh giá: 50", "Bình quân 17,3 tiêu chí/xã", "12/50 xã đạt chuẩn (24%)" — with
    what is still open said beside each figure, never folded into "chưa đạt"."""
    w = _words(g, lang)
    lines = [t("batch.units", lang, n=g.units, **w)]
    if g.units:
        line = t("batch.average", lang, avg=avg(g.average_met, lang), n=round(g.average_met or 0, 1), **w)
        line += " " + t("batch.range", lang, min=g.min_met, max=g.max_met, total=g.total_criteria)
        caveat = average_caveat(g, lang)
        if caveat:
            line += " — " + caveat
        lines.append(line)
        for sid, k in g.prereq_passed.items():
            lines.append(prereq_line(g, sid, k, lang))
        lines.append(meeting_headline(g, lang))
        for extra in (basis_line(g, lang), conflict_line(g, lang)):
            if extra:
                lines.append(extra)
    return lines


def average_caveat(g: GroupAgg, lang: str = "vi") -> str | None:
    """"chỉ đếm tiêu chí đã đạt; 13/19 tiêu chí chưa thể kết luận ở mọi xã (chưa có ngưỡng); 1
    tiêu chí chưa kết luận ở một số xã" — the average counts criteria met, and an undecided
    criterion is not a criterion missed. None when every criterion was decided for every unit."""
    w = _words(g, lang)
    everywhere, somewhere = g.criteria_open_everywhere(), g.criteria_open_somewhere()
    if not everywhere and not somewhere:
        return None
    bits = [t("batch.average_counts_met", lang)]
    if everywhere:
        merged: dict[str, int] = {}
        for i in everywhere:
            for st, n in g.counts(i).items():
                merged[st] = merged.get(st, 0) + n
        bits.append(t("batch.average_open_all", lang, n=len(everywhere), total=g.total_criteria,
                      why=why(merged, lang), **w))
    if somewhere:
        bits.append(t("batch.average_open_some", lang, n=len(somewhere), **w))
    return "; ".join(bits)


def prereq_line(g: GroupAgg, sid: str, k: int, lang: str = "vi") -> str:
    """"2/3 xã đạt chuẩn theo bộ điều kiện <tên bộ> [id]" (— 1 chưa thể kết luận (…) when some
    units are still open on it); in English the set's id and its English title when it has one
    (never the Vietnamese title in an English sentence)."""
    w = _words(g, lang)
    if lang_index(lang) == 0:
        line = t("batch.prereq_meeting", lang, k=k, n=g.units, title=g.prereq_titles.get(sid, sid), id=sid, **w)
    elif g.prereq_titles_en.get(sid):
        line = t("batch.prereq_meeting_title_en", lang, k=k, n=g.units, title=g.prereq_titles_en[sid], id=sid, **w)
    else:
        line = t("batch.prereq_meeting_en", lang, k=k, n=g.units, id=sid, **w)
    counts = g.prereq_counts.get(sid) or {}
    if any(counts.get(s) for s in ("no_threshold", "missing", "not_applicable")):
        line += " — " + breakdown(counts, lang)
    return line


def _open_why(counts: dict[str, int], lang: str) -> str:
    present = [s for s in ("no_threshold", "missing") if counts.get(s)]
    if len(present) == 1:
        return t("batch.why." + present[0], lang)
    return ", ".join(f"{counts[s]} " + t("batch.why." + s, lang) for s in present)


def set_open_why(g: GroupAgg, lang: str = "vi") -> str:
    """Why units are undecided on the set: "chưa có ngưỡng", or "7 chưa có ngưỡng, 2 thiếu dữ liệu"."""
    return _open_why(g.set_counts, lang)


def open_phrase(g: GroupAgg, lang: str = "vi") -> str:
    """"9 chưa thể kết luận (chưa có ngưỡng)": the units undecided on the set, as the headline
    says it (a report may make it stand out)."""
    return t("batch.count_open", lang, n=g.set_undecided, why=set_open_why(g, lang))


def breakdown(counts: dict[str, int], lang: str = "vi") -> str:
    """"2 chưa đạt, 9 chưa thể kết luận (chưa có ngưỡng)": units not meeting a set, split by what
    is known of them (an undecided unit is not a failure)."""
    bits = []
    if counts.get("fail"):
        bits.append(t("batch.count_not_met", lang, n=counts["fail"]))
    n_open = sum(counts.get(s, 0) for s in ("no_threshold", "missing"))
    if n_open:
        bits.append(t("batch.count_open", lang, n=n_open, why=_open_why(counts, lang)))
    if counts.get("not_applicable"):
        bits.append(t("batch.count_na", lang, n=counts["not_applicable"]))
    return ", ".join(bits)


def set_breakdown(g: GroupAgg, lang: str = "vi") -> str:
    return breakdown(g.set_counts, lang)


def meeting_headline(g: GroupAgg, lang: str = "vi") -> str:
    """"12/50 xã đạt chuẩn (24%)" when every unit was decided; "0/11 xã đạt chuẩn — 2 chưa đạt, 9
    chưa thể kết luận (chưa có ngưỡng)" when some are open (a share over all units would read as a
    verdict on them); "0/2 xã đạt chuẩn — chưa thể kết luận: …" when none could be decided."""
    w = _words(g, lang)
    if not g.set_decidable:
        return t("batch.meeting_undecided", lang, k=g.set_passed, n=g.units, why=set_why(g, lang), **w)
    if g.set_undecided or g.set_counts.get("not_applicable", 0):
        return t("batch.meeting_breakdown", lang, k=g.set_passed, n=g.units, details=set_breakdown(g, lang), **w)
    return t("batch.meeting", lang, k=g.set_passed, n=g.units, pct=pct(100.0 * g.set_passed / g.units, lang), **w)


def count_items(counts: dict[str, int], lang: str = "vi", skip: tuple[str, ...] = ("pass",)) -> str:
    """"2 chưa đạt, 1 chưa có ngưỡng": how many units have each status other than met."""
    return ", ".join(t("batch.count_item", lang, n=counts[s], label=status_label(s, lang).lower())
                     for s in STATUS_ORDER if s not in skip and counts.get(s))


def why(counts: dict[str, int], lang: str = "vi") -> str:
    """Why a criterion has no share: "chưa có ngưỡng", "thiếu dữ liệu"…"""
    return ", ".join(t("batch.why." + s, lang) for s in UNDECIDED if counts.get(s))


def set_why(g: GroupAgg, lang: str = "vi") -> str:
    """Why no unit could be found to meet or not meet the set: "bộ tiêu chí còn thiếu ngưỡng"."""
    return "; ".join(t("batch.set_why." + s, lang) for s in UNDECIDED if g.set_counts.get(s))


def crit_pct(g: GroupAgg, i: int, lang: str = "vi", sign: str = "%") -> str:
    """"75%", or "—" when no unit has the criterion met or not met (never a misleading 0%)."""
    return pct(g.percent(i), lang) + sign if g.decidable(i) else "—"


def sub_pct(s: SubAgg, i: int, lang: str = "vi") -> str:
    return pct(s.percent(i), lang) if s.decidable(i) else "—"


def criterion_line(g: GroupAgg, i: int, c: Crit, lang: str = "vi") -> str:
    w = _words(g, lang)
    counts = g.counts(i)
    bits = [count_items(counts, lang)]
    if g.passed_attested(i):  # "49/50 xã (30 đạt theo xác nhận; 1 chưa đạt; 1 mâu thuẫn)"
        bits.insert(0, t("batch.crit_basis", lang, n=g.passed_attested(i)))
    if g.conflicts(i):
        bits.append(t("batch.crit_conflicts", lang, n=g.conflicts(i)))
    items = "; ".join(b for b in bits if b)
    if g.decidable(i):
        return t("batch.crit_line", lang, pct=pct(g.percent(i), lang), crit=crit_ref(c, lang), k=g.passed(i),
                 n=g.units, details=f" ({items})" if items else "", **w)
    return t("batch.crit_line_undecided", lang, crit=crit_ref(c, lang), why=why(counts, lang), k=g.passed(i),
             n=g.units, details=f", {items}" if items else "", **w)


def criterion_lines(g: GroupAgg, lang: str = "vi") -> list[str]:
    """"98% số xã đạt tiêu chí số 2 (Giao thông): 49/50 xã (1 chưa đạt)", one per criterion;
    "— tiêu chí số 1 (…): chưa thể kết luận (chưa có ngưỡng): 0/2 xã đạt, 2 chưa có ngưỡng"
    when no unit has it met or not met."""
    return [criterion_line(g, i, c, lang) for i, c in enumerate(g.criteria())]


def _range(lo: int | None, hi: int | None) -> str:
    lo, hi = lo or 0, hi or 0
    return str(lo) if lo == hi else f"{lo}–{hi}"


def coverage_text(g: GroupAgg, lang: str = "vi") -> str | None:
    """The warning `check` prints for a partial set ("mới có ngưỡng cho 10/21 chỉ tiêu …"), from
    the units' results; a range where units differ (thresholds by region…). None when complete."""
    if not g.partial:
        return None
    return unit_coverage_text(_range(g.known_min, g.known_max), _range(g.encoded_min, g.encoded_max),
                              _range(g.declared_min, g.declared_max), lang,
                              (g.encoded_min or 0) < (g.declared_max or 0))


def coverage_lines(report: BatchReport, lang: str = "vi") -> list[str]:
    """One line per partial set, for the top of a report."""
    out = []
    for g in report.aggregates.groups.values():
        text = coverage_text(g, lang)
        if text:
            out.append(t("batch.coverage_of", lang, set_id=g.set_id, text=text))
    return out


def coverage_dict(g: GroupAgg, lang: str = "vi") -> dict[str, Any]:
    """The JSON `coverage` of a set: codes and numbers, plus the sentence."""
    return {"thresholds_known": {"min": g.known_min, "max": g.known_max},
            "indicators_encoded": {"min": g.encoded_min, "max": g.encoded_max},
            "indicators_declared": {"min": g.declared_min, "max": g.declared_max},
            "partial": g.partial, "message": coverage_text(g, lang)}


def notes(report: BatchReport) -> list[Problem]:
    """Problems about the input itself (a sheet's unknown empty columns), not one unit."""
    return list(report.notes)


def input_name(report: BatchReport) -> str:
    return os.path.basename(os.path.normpath(report.input)) or report.input


def meeting_names(report: BatchReport, g: GroupAgg) -> list[str]:
    return [r.name for r in report.rows if r.set_id == g.set_id and r.status == "pass"]


def meeting_line(g: GroupAgg, names: list[str] | tuple[str, ...], lang: str = "vi") -> str | None:
    """The units meeting the set by name (`names`: meeting_names); "Chưa có xã nào đạt chuẩn" only
    when every unit was decided. None when no unit could be decided at all: the headline already
    says so, once."""
    w = _words(g, lang)
    if not g.set_decidable:
        return None
    if not names:
        if g.set_undecided:
            return t("batch.none_concluded", lang, n=g.set_undecided, **w)
        return t("batch.none_meeting", lang, **w)
    return t("batch.meeting_list", lang, names=", ".join(names), **w)


def held_back_text(h: HeldBack, lang: str = "vi") -> str:
    """"chỉ tiêu P1 (…): Chưa đạt — 0/12 đạt; chưa đạt: Khun Há, Thèn Sin; chưa kết luận: 10 (Bản
    Bo, …)" — the engine's status for the indicator as it is (not recomputed from the counts), the
    members that do not meet the rule and those still undecided, as `check` lists them."""
    title = h.title_en if lang == "en" and h.title_en else h.title
    if h.denominator is None:
        return t("batch.held_back_none", lang, id=h.indicator, title=title)
    bits = [t("batch.held_back_head", lang, id=h.indicator, title=title, status=status_label(h.status, lang),
              num=h.numerator, den=h.denominator)]
    if h.names:
        bits.append(t("batch.held_back_names", lang, names=", ".join(h.names)))
    if h.undecided:
        bits.append(t("batch.held_back_undecided", lang, n=len(h.undecided), names=", ".join(h.undecided)))
    return "; ".join(bits)


def group_rows(report: BatchReport, g: GroupAgg) -> Iterator[UnitRow]:
    for r in report.rows:
        if r.set_id == g.set_id:
            yield r


def broken_rows(report: BatchReport) -> Iterator[UnitRow]:
    for r in report.rows:
        if r.problems or r.status is None:
            yield r


def has_districts(g: GroupAgg) -> bool:
    return bool(g.by_district)


def show_provinces(g: GroupAgg) -> bool:
    return len(g.by_province) > 1


def criteria_columns(report: BatchReport) -> list[str]:
    """Criterion ids over every set of the batch, in order of first appearance."""
    ids: list[str] = []
    for g in report.aggregates.groups.values():
        for c in g.criteria():
            if c[0] not in ids:
                ids.append(c[0])
    return ids


# --- predecessors: a commune formed on 1/7/2025 (UnitRow.merged_from) -------------------------

def merged_text(row: UnitRow) -> str:
    """"Xã A (03412); Xã B (03413)": the units the row's commune was formed from ("" if none)."""
    return "; ".join(f"{name} ({code})" if code else name for code, name in row.merged_from)


def merged_line(row: UnitRow, lang: str = "vi") -> str:
    """"Hợp nhất từ: Xã A (03412); Xã B (03413)" ("" if the row has no predecessors)."""
    return t("batch.merged_line", lang, units=merged_text(row)) if row.merged_from else ""


def merged_codes(row: UnitRow) -> str:
    """"03412; 03413": the predecessors as a sheet cell that reads back as `merged_from` (a name
    where the code is unknown)."""
    return "; ".join(code or name for code, name in row.merged_from)


def merged_sets(report: BatchReport) -> frozenset[str]:
    """Set ids of the sets some row of which has predecessors (one pass over the rows): their
    tables get a predecessors column, the others none."""
    return frozenset(r.set_id or "" for r in report.rows if r.merged_from)


# --- one pass over the rows for what every section needs of them (not their tables) -----------

class Scan:
    """What the outline and the HTML title block read of the rows (core/aggregate.RowFacts): as the
    batch gathered it while the rows came, or else in ONE pass over the row store (each pass
    unpickles every spooled row): the sets with predecessors, the units
    meeting each set by name, the rows holding district indicators back (their indicator
    figures left out: only their names, verdicts and held_back are read), and the places and
    years of the title block. Small: names and a few rows, never the units' figures."""

    __slots__ = ("merged", "meeting", "held", "districts", "provinces", "top", "years")

    def __init__(self, report: BatchReport) -> None:
        facts = report.aggregates.facts  # gathered as the rows came (run/batch.collect), or now
        if facts is None:
            from ntm_eval.core.aggregate import RowFacts

            facts = RowFacts()
            for r in report.rows:
                facts.add(r)
        self.merged, self.meeting, self.held = frozenset(facts.merged), facts.meeting, facts.held
        self.districts, self.provinces, self.top, self.years = (facts.districts, facts.provinces, facts.top,
                                                                facts.years)

    def meeting_names(self, g: GroupAgg) -> list[str]:
        return self.meeting.get(g.set_id, [])

    def held_rows(self, g: GroupAgg) -> list[UnitRow]:
        return self.held.get(g.set_id, [])


def scan(report: BatchReport) -> Scan:
    return Scan(report)
