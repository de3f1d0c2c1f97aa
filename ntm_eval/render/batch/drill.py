"""What the HTML report says beyond the outline: each matrix cell's tooltip (values, thresholds,
gaps and basis of the criterion's indicators), the drill-down of each unit (its full indicator
table), the one-paragraph summary, the title block and the date.

It reads the rows' own figures (UnitRow.indicators, kept by run/batch for this) and the set's
indicator titles (SetInfo.indicator_info); it never evaluates. Rows are read from the row store
one at a time, in step with the outline's matrix rows, so a batch of 10,000 units is never held
in memory."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ntm_eval.messages import CATALOG, lang_index, singular_en, status_label, t, unit_text
from ntm_eval.model import Attestation
from ntm_eval.render.batch import common as c
from ntm_eval.render.common import (OP_SIGNS, attestation_source, fmt_gap, fmt_num, fmt_threshold, fmt_value,
                                    unit_suffix)
from ntm_eval.results import IndicatorResult
from ntm_eval.results.batch import PARTIAL_FROM, IndicatorRow
from ntm_eval.vocab import COMPOSITES, level_label

if TYPE_CHECKING:
    from ntm_eval.core.aggregate import GroupAgg
    from ntm_eval.render.batch.outline import SetSection
    from ntm_eval.results import BatchReport, SetInfo, UnitRow

Info = dict[str, tuple[str, str, "str | None", "str | None", "str | None", "str | None"]]

DRILL_MAX_UNITS = 500  # units with a drill-down section; a larger batch names the rest's command
# above this many units in the batch (or the set), a tooltip leaves out the criterion's title (its
# column header has it) and the indicators met: a met criterion gives its status and basis only (the
# file stays sane); a unit past this place in its batch keeps only those figures (run/batch:
# results/batch.short_tip_figures)
FULL_TIPS_MAX_UNITS = PARTIAL_FROM  # 2000


def anchor(row: UnitRow) -> str:
    """The unit's drill-down anchor: "u-3" for the batch's third unit (unique across sets)."""
    return f"u-{row.index + 1}"


def _info(si: SetInfo | None) -> Info:
    return {x[0]: x for x in (si.indicator_info if si is not None else ())}


def result(ir: IndicatorRow, info: Info) -> IndicatorResult:
    """The kept figures as an IndicatorResult, for the formatting every renderer shares."""
    _, title, title_en, unit, need_of, need_of_en = info.get(ir.id, (ir.id, ir.id, None, None, None, None))
    att = Attestation(ir.attestation[0], *ir.attestation[1:]) if ir.attestation is not None else None
    return IndicatorResult(ir.id, title, ir.status, value=ir.value, op=ir.op, threshold=ir.threshold, unit=unit,
                           gap=ir.gap, need=ir.need, need_of=need_of, numerator=ir.numerator,
                           denominator=ir.denominator, reason=ir.reason, evidence=ir.evidence, title_en=title_en,
                           need_of_en=need_of_en, undecided=("",) * ir.undecided, at_least=ir.at_least,
                           basis=ir.basis, attestation=att, conflict=ir.conflict)


def _by_criterion(row: UnitRow) -> dict[int, list[IndicatorRow]]:
    out: dict[int, list[IndicatorRow]] = {}
    for packed in row.indicators:
        ir = IndicatorRow.unpack(packed)
        out.setdefault(ir.criterion, []).append(ir)
    return out


def _crit_atts(row: UnitRow) -> dict[int, Attestation]:
    return {k: Attestation(met, by, doc, date) for k, met, by, doc, date in row.criterion_attestations}


def _figure(r: IndicatorResult, lang: str) -> str:
    """"5.1 = 60% (ngưỡng ≥ 70%, thiếu 10%)"; an open one says why ("chưa có ngưỡng")."""
    no_threshold = r.threshold is None and r.status == "no_threshold"
    bits = [] if no_threshold else [t("html.threshold", lang, threshold=fmt_threshold(r, lang))]
    gap = fmt_gap(r, lang)
    if gap:
        bits.append(gap)
    if r.status not in ("pass", "fail"):
        bits.append(status_label(r.status, lang).lower())
    return t("html.tip.indicator", lang, id=r.id, value=fmt_value(r, lang), details=", ".join(bits))


def _source(att: Attestation | None, irs: list[IndicatorRow], lang: str) -> str | None:
    """Who attested a criterion: its own verdict, else the first attested indicator's (None: the
    verdict came from elsewhere, e.g. member units attested)."""
    if att is None:
        first = next((ir.attestation for ir in irs if ir.attestation is not None), None)
        att = Attestation(*first) if first is not None else None
    return attestation_source(att, lang) if att is not None else None


def basis_text(basis: str | None, conflict: bool, att: Attestation | None, irs: list[IndicatorRow],
               lang: str, sourced: bool = True) -> str:
    """"tính từ số liệu", "theo xác nhận của Phòng …, Biên bản …", a conflict, or "chưa kết
    luận" (without `sourced`, the words alone: a table gives the source in its own column)."""
    source = _source(att, irs, lang) if sourced else None
    if conflict:
        return t("html.basis.conflict", lang, source=source) if source else t("batch.label_conflict", lang)
    if basis == "attested":
        if source and source.startswith(t("check.att.unsourced", lang)):  # nobody named: "theo xác nhận (…)"
            return t("html.basis.attested_unnamed", lang, source=source)
        return t("html.basis.attested", lang, source=source) if source else t("html.basis.attested_plain", lang)
    if basis == "computed":
        return t("html.basis.computed", lang)
    return t("html.basis.open", lang)


def _crit_head(crit: tuple[str, str, str | None], status: str, lang: str, titled: bool = True) -> str:
    """"TC5 Trường học — Chưa đạt" ("TC5 — Chưa đạt" untitled: the column's header names it)."""
    if not titled:
        return t("html.tip.head_short", lang, crit=c.crit_col(crit[0], lang), status=status_label(status, lang))
    return t("html.tip.head", lang, crit=c.crit_col(crit[0], lang), title=c.crit_title(crit, lang),
             status=status_label(status, lang))


def tips(report: BatchReport, g: GroupAgg, lang: str = "vi", limit: int | None = None
         ) -> Iterator[tuple[str | None, tuple[str, ...]]]:
    """Per unit of the set, in the matrix's order: its drill-down anchor (None without one) and
    one tooltip per criterion — "TC5 Trường học — Chưa đạt: 5.1 = 60% (ngưỡng ≥ 70%, thiếu 10%);
    tính từ số liệu". Above FULL_TIPS_MAX_UNITS units in the batch (or in the set) a tooltip is
    short: what is not met of a criterion not met (`short_tips`)."""
    tip = tipper(report, g, lang, limit)
    return (tip(row) for row in c.group_rows(report, g))


def tipper(report: BatchReport, g: GroupAgg, lang: str = "vi", limit: int | None = None
           ) -> Callable[[UnitRow], tuple[str | None, tuple[str, ...]]]:
    """`tips` of one row of the set at a time (the matrix reads them in the same pass as its
    rows: outline.Rows.pairs); the words already made are kept for the next rows."""
    crits, info = g.criteria(), _info(g.info)
    short = short_tips(report, g)
    heads: dict[tuple[int, str], str] = {}
    figures: dict[tuple[Any, ...], str] = {}  # the same figures give the same words (yes/no, shared values)
    bases: dict[tuple[Any, ...], str] = {}  # basis_text depends on these only (the source: _source)
    n = len(crits)

    def tip(row: UnitRow) -> tuple[str | None, tuple[str, ...]]:
        inds = _packed_by_criterion(row)
        atts = _crit_atts(row) if row.criterion_attestations else {}
        out = []
        row_bases, row_conflicts = row.bases, row.conflicts
        nb, nc = len(row_bases), len(row_conflicts)
        for k, st in enumerate(row.statuses):  # c.row_marks, inline
            if k >= n:
                break
            basis = row_bases[k] if k < nb else None
            conflict = bool(row_conflicts[k]) if k < nc else False
            irs = inds.get(k, ())
            head = heads.get((k, st))
            if head is None:
                head = heads[(k, st)] = _crit_head(crits[k], st, lang, titled=not short)
            if not (short and st == "pass"):
                # a composite's parts say it; a large batch names only what is not met
                if short:
                    shown = [p for p in irs if p[2] != "pass" and not (len(p) > 4 and p[4] in COMPOSITES)]
                else:
                    shown = [p for p in irs if not (len(p) > 4 and p[4] in COMPOSITES)]
                if shown:
                    texts = []
                    for p in shown:
                        text = figures.get(p)
                        texts.append(_worded(figures, p, info, lang) if text is None else text)
                    head += ": " + "; ".join(texts)
            att = atts.get(k) if atts else None
            source = None
            if att is None:
                for p in irs:
                    if len(p) > 14 and p[14] is not None:
                        source = p[14]
                        break
            key = (basis, conflict, att, source)
            words = bases.get(key)
            if words is None:
                if len(bases) > 20_000:  # bounded, as the figures are
                    bases.clear()
                words = bases[key] = basis_text(basis, conflict, att, [IndicatorRow.unpack(p) for p in irs], lang)
            out.append(head + "; " + words)
        return (anchor(row) if has_drill(row, limit) else None), tuple(out)

    return tip


def short_tips(report: BatchReport, g: GroupAgg) -> bool:
    """Whether the set's tooltips are short (its criterion title left out, figures only of what is
    not met of a criterion not met): when the batch — or the set — has more than
    FULL_TIPS_MAX_UNITS units. (The batch's count, not only the set's: a batch that large may keep
    only those figures for its units past FULL_TIPS_MAX_UNITS, see `needed`.)"""
    return g.units > FULL_TIPS_MAX_UNITS or report.aggregates.total > FULL_TIPS_MAX_UNITS


def _packed_by_criterion(row: UnitRow) -> dict[int, list[tuple[Any, ...]]]:
    out: dict[int, list[tuple[Any, ...]]] = {}
    for p in row.indicators:
        got = out.get(p[0])
        if got is None:
            out[p[0]] = [p]
        else:
            got.append(p)
    return out


def _worded(cache: dict[tuple[Any, ...], str], packed: tuple[Any, ...], info: Info, lang: str) -> str:
    """The words of figures not in `cache` yet, kept there."""
    if len(cache) > 20_000:  # bounded: a province's distinct figures do not pile up
        cache.clear()
    text = _plain_figure(packed, info, lang)
    if text is None:
        text = _figure(result(IndicatorRow.unpack(packed), info), lang)
    cache[packed] = text
    return text


# (op, threshold, its type, unit, lang) → its words, the unit suffix, the templates of the figure and
# of its gap (the messages' own, filled here: they take no plural form)
_THRESHOLDS: dict[tuple[Any, ...], tuple[str, str, str, str]] = {}
_NUMS: dict[tuple[Any, str], str] = {}  # (number, lang) → fmt_num's words: values repeat across units


_NEEDS: dict[tuple[Any, ...], str] = {}  # "cần thêm 3 hộ": by rule, count, its noun and lang


def _num(x: Any, lang: str) -> str:
    """fmt_num(x, lang) of a number that is not a bool, kept (bounded) by its value to 2 decimals
    (what fmt_num shows of it: fmt_num rounds so first)."""
    key = (round(float(x), 2), lang)
    s = _NUMS.get(key)
    if s is None:
        if len(_NUMS) > 8192:
            _NUMS.clear()
        s = _NUMS[key] = fmt_num(x, lang)
    return s


def _template(key: str, lang: str) -> str | None:
    """The message's template, when `str.format` fills it as `t` would (no plural form)."""
    pair = CATALOG.get(key)
    if pair is None:
        return None
    tpl = pair[lang_index(lang)]
    return None if "|" in tpl else tpl


def _plain_figure(p: tuple[Any, ...], info: Info, lang: str) -> str | None:
    """`_figure` of the common cases, without an IndicatorResult: a number (or counts, or yes/no)
    met or not against a known threshold by ">=", "<=" or "=", with nothing else to say (no
    conflict, undecided members or reason) — else None. The threshold's words are made once."""
    got = _plain(p, info, lang)
    if got is None:
        return None
    shown, _, details, bits, tip = got
    if bits:
        details += ", " + "; ".join(bits)
    return tip.format(id=p[1], value=shown, details=details)


def _plain(p: tuple[Any, ...], info: Info, lang: str
           ) -> tuple[str, str, str, list[str], str] | None:
    """The words of a plain figure (see `_plain_figure`): its value (fmt_value), threshold
    (fmt_threshold), "ngưỡng …", the gap's parts (fmt_gap) and the tooltip's template — or None."""
    n = len(p)
    if n < 6 or (n > 11 and p[11]) or (n > 16 and p[16]):
        return None  # no threshold; a conflict, undecided members: the general way
    status, value, op, threshold = p[2], p[3], p[4], p[5]
    if status not in ("pass", "fail") or op not in (">=", "<=", "=") or value is None or threshold is None:
        return None
    row_info = info.get(p[1])
    unit = row_info[3] if row_info is not None else None
    key = (op, threshold, type(threshold), unit, lang)
    hit = _THRESHOLDS.get(key)
    if hit is None:
        if len(_THRESHOLDS) > 4096:
            _THRESHOLDS.clear()
        suffix = unit_suffix(unit, lang)
        words = status_label("pass", lang) if isinstance(threshold, bool) else \
            f"{OP_SIGNS[op]} {fmt_num(threshold, lang) + suffix}".strip()
        tip = _template("html.tip.indicator", lang)
        gap_key = "check.gap.over" if op == "<=" else "check.gap.short"
        hit = _THRESHOLDS[key] = (t("html.threshold", lang, threshold=words), suffix, tip, _template(gap_key, lang),
                                  words)
    details, suffix, tip, gap_tpl, words = hit
    if tip is None:
        return None  # a template that is not plain: the general way
    if isinstance(value, bool):
        shown = status_label("pass" if value else "fail", lang)
    else:
        shown = _num(value, lang) + suffix
        if n > 8 and p[8] is not None:
            shown += f" ({p[8]}/{p[9] if n > 9 else None})"
    bits: list[str] = []
    if status == "fail":  # fmt_gap
        gap = p[6] if n > 6 else None
        if gap is not None and not isinstance(threshold, bool):
            g = _num(gap, lang) + suffix
            bits.append(gap_tpl.format(gap=g) if gap_tpl is not None else
                        t("check.gap.over" if op == "<=" else "check.gap.short", lang, gap=g))
        need = p[7] if n > 7 else None
        if need:
            need_of, need_of_en = (row_info[4], row_info[5]) if row_info is not None else (None, None)
            at_least = bool(n > 17 and p[17])
            nkey = (op, need, type(need), need_of, need_of_en, at_least, lang)
            need_words = _NEEDS.get(nkey)
            if need_words is None:
                if len(_NEEDS) > 20_000:
                    _NEEDS.clear()
                if lang_index(lang) == 0:
                    of = need_of or t("check.need.of_default", lang)
                else:
                    of = need_of_en or unit_text(need_of, lang) or t("check.need.of_default", lang)
                more = t("check.need.at_least", lang) if at_least else ""
                need_words = _NEEDS[nkey] = t("check.need.fewer" if op == "<=" else "check.need.more", lang,
                                              more=more, n=need, of=of, of_one=singular_en(of))
            bits.append(need_words)
    return shown, words, details, bits, tip


# --- drill-down ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class DrillLine:
    """One row of a unit's indicator table (a criterion's own row when `criterion` is true)."""

    id: str
    title: str
    value: str
    threshold: str
    status: str  # status code (style)
    status_text: str
    gap: str
    basis: str
    evidence: str
    attestation: str
    criterion: bool = False
    part: bool = False


@dataclass(frozen=True, slots=True)
class DrillUnit:
    anchor: str
    name: str
    heading: str  # "Sơn Bình — Đạt (19/19 tiêu chí)"
    source: str
    status: str
    lines: tuple[DrillLine, ...]


def columns(lang: str = "vi") -> tuple[str, ...]:
    return tuple(t(f"html.col.{k}", lang) for k in
                 ("indicator", "title", "value", "threshold", "status", "gap", "basis", "evidence", "attestation"))


def has_drill(row: UnitRow, limit: int | None = None) -> bool:
    """The unit has a drill-down section: evaluated, and among the batch's first `limit` units."""
    return row.status is not None and bool(row.set_id) and row.index < (DRILL_MAX_UNITS if limit is None else limit)


def units(report: BatchReport, lang: str = "vi", limit: int | None = None) -> Iterator[DrillUnit]:
    """Each evaluated unit's full table, in the batch's order (among the first `limit` units)."""
    limit = DRILL_MAX_UNITS if limit is None else limit
    lines: dict[tuple[Any, ...], DrillLine] = {}  # the same figures of the same set: the same line
    for row in report.rows:
        if row.index >= limit:
            return
        if has_drill(row, limit):
            yield unit(report, row, lang, lines)


def limited(report: BatchReport, lang: str = "vi", limit: int | None = None) -> str | None:
    """The note saying which units have no drill-down, when the batch is larger than the limit."""
    limit = DRILL_MAX_UNITS if limit is None else limit
    total = report.aggregates.total
    return t("html.drill.limited", lang, k=limit, n=total) if total > limit else None


_BASES: dict[tuple[Any, ...], str] = {}  # (basis, lang) → a plain line's basis words


def _plain_line(p: tuple[Any, ...], info: Info, lang: str) -> DrillLine | None:
    """`_line` of a plain figure (see `_plain_figure`) with no attestation, without an
    IndicatorResult: its words from `_plain` — else None (the general way)."""
    if len(p) > 14 and p[14] is not None:
        return None
    got = _plain(p, info, lang)
    if got is None:
        return None
    shown, words, _, bits, _ = got
    n, basis, status = len(p), p[10] if len(p) > 10 else None, p[2]
    text = ""
    if basis:
        key = (basis, lang)
        text = _BASES.get(key)
        if text is None:
            text = _BASES[key] = basis_text(basis, False, None, [], lang, False)
    row_info = info.get(p[1])
    title, title_en = (row_info[1], row_info[2]) if row_info is not None else (p[1], None)
    return DrillLine(p[1], title_en if lang == "en" and title_en else title, shown, words, status,
                     status_label(status, lang), "; ".join(bits), text, "; ".join(p[13]) if n > 13 else "", "",
                     part=bool(n > 15 and p[15]))


def _line(r: Any, ir: IndicatorRow, lang: str) -> DrillLine:
    """An indicator's row of the drill-down: its figures in words."""
    return DrillLine(r.id, r.title_en if lang == "en" and r.title_en else r.title, fmt_value(r, lang),
                     fmt_threshold(r, lang), r.status, status_label(r.status, lang),
                     fmt_gap(r, lang), basis_text(r.basis, r.conflict, None, [ir], lang, False)
                     if r.basis or r.conflict else "", "; ".join(r.evidence),
                     attestation_source(r.attestation, lang) if r.attestation is not None else "",
                     part=ir.part)


def sections(report: BatchReport, sets: tuple[SetSection, ...]) -> list[tuple[SetSection, GroupAgg]]:
    """The outline's set sections with their aggregates, the set with most units first (the
    communes of a district before the district itself); ties keep the report's order."""
    return sorted(zip(sets, report.aggregates.groups.values()), key=lambda x: -x[0].units)


def unit(report: BatchReport, row: UnitRow, lang: str = "vi",
         cache: dict[tuple[Any, ...], DrillLine] | None = None) -> DrillUnit:
    """A unit's drill-down table. `cache`: the indicator lines already made for the batch (an
    indicator line depends only on its figures and its set), bounded."""
    si = report.sets.get(row.set_id or "")
    crits = si.criteria if si is not None else ()
    info, inds, atts = _info(si), _by_criterion(row), _crit_atts(row)
    lines: list[DrillLine] = []
    for k, (st, basis, conflict) in enumerate(c.row_marks(row)):
        crit = crits[k] if k < len(crits) else (str(k + 1), str(k + 1), None)
        irs = inds.get(k, [])
        att = atts.get(k)
        ckey = (row.set_id, k, crit, st, basis, conflict) if att is None and cache is not None else None
        line = cache.get(ckey) if ckey is not None else None  # a criterion's line: by its verdict alone
        if line is None:
            line = DrillLine(c.crit_col(crit[0], lang), c.crit_title(crit, lang), "", "", st,
                             c.cell_word(st, basis, conflict, lang), "",
                             basis_text(basis, conflict, att, irs, lang, sourced=False), "",
                             attestation_source(att, lang) if att is not None else "", criterion=True)
            if ckey is not None:
                if len(cache) > 20_000:
                    cache.clear()
                cache[ckey] = line
        lines.append(line)
        for ir in irs:
            key = (row.set_id, ir)
            line = cache.get(key) if cache is not None else None
            if line is None:
                line = _plain_line(ir, info, lang)
                if line is None:
                    line = _line(result(ir, info), ir, lang)
                if cache is not None:
                    if len(cache) > 20_000:  # bounded: a province's distinct figures do not pile up
                        cache.clear()
                    cache[key] = line
            lines.append(line)
    heading = t("html.drill.unit", lang, name=row.name, status=c.cell_word(row.status or "", row.basis, False, lang),
                met=c.met_text(row))
    return DrillUnit(anchor(row), row.name, heading, row.source, row.status or "error", tuple(lines))


# --- summary, title block, date --------------------------------------------------------------

def section_label(g: GroupAgg, lang: str = "vi") -> str:
    """"Xã NTM nâng cao", "Huyện NTM", "Thị trấn đô thị văn minh": what a set's section counts."""
    label = c.section_title(c.group_level(g), lang)
    tier = g.info.tier if g.info is not None else None
    key = f"catalog.tier.{tier}"
    from ntm_eval.messages import CATALOG

    return t("html.summary.label", lang, level=label, tier=t(key, lang)) if tier and key in CATALOG else label


def summary_lines(report: BatchReport, groups: list[GroupAgg], lang: str = "vi") -> list[str]:
    """One sentence per set: "Xã NTM: 8/11 xã đạt chuẩn, 3 chưa đạt · bình quân 18,5/19 tiêu
    chí/xã" (the undecided counted apart: "2 chưa thể kết luận"; the why is in the section)."""
    out = []
    for g in groups:
        w = c.words(c.group_level(g), lang)
        meet = t("html.summary.meeting", lang, k=g.set_passed, n=g.units, **w)
        fail, n_open = g.set_counts.get("fail", 0), g.set_undecided
        if fail:
            meet += ", " + t("html.summary.not_met", lang, n=fail)
        if n_open:
            meet += ", " + t("html.summary.open", lang, n=n_open)
        bits = [meet]
        if g.units:
            bits.append(t("html.summary.average", lang, avg=c.avg(g.average_met, lang), total=g.total_criteria,
                          n=round(g.average_met or 0, 1), **w))
        out.append(t("html.summary.set", lang, label=section_label(g, lang), figures=" · ".join(bits)))
    return out


def today(lang: str = "vi") -> str:
    """The report's date ("02/12/2026"; "2026-12-02" in English); SOURCE_DATE_EPOCH when set,
    so that a build can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        tm = time.gmtime(int(epoch)) if epoch else time.localtime()
    except ValueError:
        tm = time.localtime()
    return time.strftime("%d/%m/%Y" if lang != "en" else "%Y-%m-%d", tm)


@dataclass(frozen=True, slots=True)
class TitleBlock:
    unit: str  # "Huyện Tam Đường, Lai Châu"
    place: str  # "Tam Đường" (for "Tam Đường, ngày … tháng … năm …")
    period: str  # "năm 2024"
    date: str


def title_block(report: BatchReport, lang: str = "vi", scan: c.Scan | None = None) -> TitleBlock:
    """Whom the report is about, for which period, made on which date — from the rows (one pass,
    common.scan; `scan` when the caller made it already)."""
    sc = c.scan(report) if scan is None else scan
    districts, provinces, top, years = sc.districts, set(sc.provinces), sc.top, set(sc.years)
    if report.year:
        years = {report.year}
    if len(top) == 1:
        level, name, prov = top[0]
        place = name
        unit_text = _place(level_label(level, lang), name, prov if level != "tinh" else "", lang)
    elif len(districts) == 1:
        name, prov = next(iter(districts))
        place = name
        unit_text = _place(level_label("huyen", lang), name, prov, lang)
    elif len(provinces) == 1:
        place = next(iter(provinces))
        unit_text = _place(level_label("tinh", lang), place, "", lang)
    else:
        place, unit_text = "", c.input_name(report)
    if not years:
        period = ""
    elif len(years) == 1:
        period = t("html.period.year", lang, year=next(iter(years)))
    else:
        period = t("html.period.years", lang, first=min(years), last=max(years))
    return TitleBlock(unit_text, place, period, today(lang))


def _place(level: str, name: str, parent: str, lang: str) -> str:
    """"Huyện Tam Đường, Lai Châu" (the level word left out when the name already has it)."""
    word = level[:1].upper() + level[1:] if level else ""
    head = name if not word or name.lower().startswith(level.lower() + " ") else (
        f"{word} {name}" if lang != "en" else f"{name} {level}")
    return f"{head}, {parent}" if parent else head
