"""The outline of a batch report, computed once from the report; every report format walks it.

    Outline: title, input, totals, coverage warnings, legend
      sets: one SetSection per criteria set
        heading, demo banner, headline (units, average with its caveat, prerequisites,
        meeting the set), meeting (the units by name), criteria (figures per criterion),
        matrix (units × criteria), per_criterion, criterion_lines, by_district, by_province,
        held_back (district indicators computed from member units)
      notes (warnings about the input itself), errors (the broken units and their problems)
      all_units (every unit × every criterion id of the batch: the workbook's matrix sheet)

Every text is final — language chosen, numbers formatted, sentences built — and every table is
rows of cells that carry their status, number and tooltip as well as their text. The formats
only escape, style and lay out what they find here: none of them evaluates, counts or words a
sentence. Rows of the units' tables are read from the row store on demand, once per iteration,
so a province of 10,000 communes is never held in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from ntm_eval import __version__
from ntm_eval.messages import format_problem, status_label, t
from ntm_eval.render.batch import common as c

if TYPE_CHECKING:
    from ntm_eval.core.aggregate import GroupAgg, SubAgg
    from ntm_eval.errors import Problem
    from ntm_eval.results import BatchReport, HeldBack, UnitRow


class Cell(NamedTuple):
    """One table cell: its text, and what a format may show beside it."""

    text: str = ""
    status: str | None = None  # a status code ("pass"…, "error"): colour, fill
    value: float | int | None = None  # the number behind the text (a workbook stores it)
    label: str | None = None  # the cell in words: a tooltip ("Đạt"), why there is no figure
    flag: bool = False  # the unit also has located errors (" *" beside its result)
    open: bool = False  # no verdict here (undecided): shown apart
    basis: str | None = None  # computed | attested: how a decided result was reached
    conflict: bool = False  # a verdict given in the data contradicts the numbers (status fail)


Row = tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class Column:
    key: str  # what the column holds: index, unit, district, crit, met, status, count, percent …
    text: str  # its header
    code: str | None = None  # the criterion id (crit) or status code (count) of the column
    title: str | None = None  # the criterion's title, for a tooltip
    short: str | None = None  # a narrow header: the status's mark
    extra: bool = False  # workbook only: text reports leave it out (nothing to say in it)


class Notes:
    """The input's warnings as the report words them (ProblemLine), made on each pass: a
    province of 10,000 fictional names has 10,000 of them, kept once (in the report), not twice."""

    __slots__ = ("_problems", "_lang")

    def __init__(self, problems: "list[Problem]", lang: str) -> None:
        self._problems = problems
        self._lang = lang

    def __iter__(self) -> Iterator[ProblemLine]:
        return (_problem(p, self._lang) for p in self._problems)

    def __len__(self) -> int:
        return len(self._problems)

    def __bool__(self) -> bool:
        return bool(self._problems)


class Rows:
    """A table's rows, made on demand: iterable more than once, each pass reads the store.
    `pairs` (the units' tables): each unit's row of the store with its table row, in one pass —
    for a format that shows more of the unit beside its row (the HTML tooltips)."""

    __slots__ = ("_make", "_pairs")

    def __init__(self, make: Callable[[], Iterable[Row]],
                 pairs: Callable[[], Iterable[tuple[UnitRow, Row]]] | None = None) -> None:
        self._make = make
        self._pairs = pairs

    def __iter__(self) -> Iterator[Row]:
        return iter(self._make())

    def pairs(self) -> Iterator[tuple[UnitRow, Row]] | None:
        """(unit row, table row) in the table's order, or None when the table has no unit rows."""
        return iter(self._pairs()) if self._pairs is not None else None

    @classmethod
    def of(cls, rows: Iterable[Row]) -> Rows:
        kept = tuple(rows)
        return cls(lambda: kept)


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    columns: tuple[Column, ...]
    rows: Rows
    size: int = 0  # number of rows (known without reading them)

    def index(self, key: str) -> int:
        """Position of the first column holding `key` (-1 if none)."""
        return next((i for i, col in enumerate(self.columns) if col.key == key), -1)


@dataclass(frozen=True, slots=True)
class Line:
    """A sentence of the report."""

    text: str
    open: bool = False  # about something still undecided: shown apart
    highlight: str | None = None  # a phrase of `text` to stand out (the undecided count)


@dataclass(frozen=True, slots=True)
class Meeting:
    """The units meeting the set by name, or the sentence saying none does (None: the
    headline already says nothing could be decided)."""

    line: str | None
    names: tuple[str, ...]
    label: str  # "Số xã đạt chuẩn": heads the names in the workbook


@dataclass(frozen=True, slots=True)
class Figures:
    """One criterion over the units of a set: counts, share, and why there is no share."""

    code: str
    title: str
    counts: dict[str, int]  # units per status
    passed: int
    failed: int
    open: int  # units still undecided ("no_threshold", "missing")
    units: int
    decidable: bool  # some unit has it met or not met
    percent: float | None
    percent_text: str  # "75" ("—" without units)
    share: str  # "75%", or "—" when not decidable
    why: str  # why there is no share: "chưa có ngưỡng"
    details: str  # "2 chưa đạt, 1 chưa có ngưỡng"
    open_text: str  # "2 chưa kết luận"
    agency: str = ""  # the criterion's guiding / responsible agency ("" where the set names none)


@dataclass(frozen=True, slots=True)
class HeldItem:
    """A district indicator computed from member units, with the members holding it back."""

    indicator: str
    status: str
    status_text: str
    value: str | None  # "3/12"
    names: str  # members that do not meet the rule
    undecided: str  # members still undecided
    text: str  # the whole sentence


@dataclass(frozen=True, slots=True)
class HeldUnit:
    name: str
    status: str | None
    status_text: str
    met: str  # "3/9"
    items: tuple[HeldItem, ...]


@dataclass(frozen=True, slots=True)
class ProblemLine:
    location: str
    indicator: str | None
    text: str  # the problem as `check` prints it, place included


@dataclass(frozen=True, slots=True)
class BrokenUnit:
    name: str
    source: str
    problems: tuple[ProblemLine, ...]


@dataclass(frozen=True, slots=True)
class SetSummary:
    """A set's headline figures as numbers (the workbook's summary table): None where there is
    no figure (no unit evaluated; a share that would read as a verdict on undecided units)."""

    level: str  # "Xã", "Huyện": what the set evaluates
    title: str  # the set's title
    average: float | None  # criteria met per unit
    min_met: int | None
    max_met: int | None
    passed: int  # units meeting the set
    failed: int
    undecided: int  # units whose verdict on the set is still open
    percent: float | None  # units meeting the set, only when every unit was decided
    known: str  # indicators with a threshold: "19", or "2–3" where units differ
    declared: int | None  # indicators the decision declares


@dataclass(frozen=True, slots=True)
class SetSection:
    set_id: str
    heading: str  # "Xã — Bộ tiêu chí: … [id]"
    demo: str | None  # the banner of a demonstration set
    units: int
    total_criteria: int
    unit_words: dict[str, str]  # unit, units, Unit, Units: what the set counts
    headline: tuple[Line, ...]
    meeting: Meeting
    criteria: tuple[Figures, ...]
    matrix: Table
    per_criterion: Table
    criterion_lines: tuple[Line, ...]
    by_district: Table | None
    by_province: Table | None
    held_heading: str
    held_back: tuple[HeldUnit, ...]
    summary: SetSummary | None = None


@dataclass(frozen=True, slots=True)
class Legend:
    text: str  # "Ký hiệu: Đ đạt · ✗ chưa đạt · …" (and the basis marks, when the batch has any)
    heading: str  # "Ký hiệu: " alone
    items: tuple[tuple[str, str, str], ...]  # (status, mark, label in lower case)
    statuses: tuple[tuple[str, str], ...]  # (status, label), in the order of the count columns
    # (status, mark, label) of "Đ*" met by attestation, "✗*", "≠" conflict: only when some
    # criterion of the batch was decided by attestation or has a conflict
    basis: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Outline:
    title: str
    input: str  # the input's path
    input_line: str  # "Dữ liệu: …"
    input_name: str  # the input's file or folder name
    totals: str
    coverage: tuple[str, ...]  # one warning per partial set, before anything reads like a verdict
    legend: Legend
    sets: tuple[SetSection, ...]
    notes_heading: str
    notes: Notes  # iterable more than once, sized
    errors_heading: str
    no_errors: str | None  # said when no unit is broken
    broken: Callable[[], Iterator[BrokenUnit]]  # read from the row store on each call
    all_units: Table
    generated: str  # "Tạo bởi ntm-eval 1.2"


def outline(report: BatchReport, lang: str = "vi", scan: c.Scan | None = None) -> Outline:
    """The report's outline. `scan`: what the sections read of the rows (common.scan, one pass
    over the row store), when the caller made it already."""
    agg = report.aggregates
    sc = c.scan(report) if scan is None else scan
    items = tuple((s, c.mark(s, lang), status_label(s, lang).lower()) for s in c.STATUS_ORDER)
    basis = c.has_basis(report)
    merged = sc.merged  # sets with a commune formed on 1/7/2025: a predecessors column
    return Outline(
        title=t("batch.title", lang), input=report.input, input_line=t("batch.input", lang, path=report.input),
        input_name=c.input_name(report),
        totals=t("batch.totals", lang, total=agg.total, evaluated=agg.evaluated, broken=agg.broken),
        coverage=tuple(c.coverage_lines(report, lang)),
        legend=Legend(c.legend(lang, basis), t("batch.legend", lang, marks=""), items,
                      tuple((s, status_label(s, lang)) for s in c.STATUS_ORDER),
                      c.basis_items(lang) if basis else ()),
        sets=tuple(section(report, g, lang, g.set_id in merged, sc) for g in agg.groups.values()),
        notes_heading=t("batch.input_warnings", lang),
        notes=Notes(report.notes, lang),
        errors_heading=t("batch.errors", lang, n=agg.broken),
        no_errors=None if agg.broken else t("batch.no_errors", lang),
        # no pass over the rows (each unpickles every spooled row) when the count says none is broken
        broken=(lambda: iter(())) if not agg.broken else lambda: (_broken(r, lang) for r in c.broken_rows(report)),
        all_units=all_units(report, lang, bool(merged)), generated=t("batch.generated", lang, version=__version__))


def scan(report: BatchReport) -> c.Scan:
    """What the outline (and the HTML title block) read of the rows, in one pass (common.Scan):
    made once by a format that needs both, handed to `outline` and `drill.title_block`."""
    return c.scan(report)


def _problem(p: Problem, lang: str) -> ProblemLine:
    return ProblemLine(p.location(), p.indicator, format_problem(p, lang))


def _broken(row: UnitRow, lang: str) -> BrokenUnit:
    return BrokenUnit(row.name, row.source, tuple(_problem(p, lang) for p in row.problems))


def section(report: BatchReport, g: GroupAgg, lang: str = "vi", merged: bool = False,
            scan: c.Scan | None = None) -> SetSection:
    info = g.info
    w = c.words(c.group_level(g), lang)
    names = tuple(c.meeting_names(report, g) if scan is None else scan.meeting_names(g))
    held = c.group_rows(report, g) if scan is None else scan.held_rows(g)
    figures = tuple(_figures(g, i, crit, lang) for i, crit in enumerate(g.criteria()))
    dist = c.has_districts(g)
    return SetSection(
        set_id=g.set_id,
        heading=f"{c.section_title(c.group_level(g), lang)} — "
                + t("batch.set", lang, title=c.set_title(info, lang), id=g.set_id),
        demo=t("batch.demo", lang) if info is not None and info.status == "demo" else None,
        units=g.units, total_criteria=g.total_criteria, unit_words=w,
        headline=tuple(_headline(g, lang)),
        meeting=Meeting(c.meeting_line(g, names, lang), names, t("batch.meeting_label", lang, **w)),
        criteria=figures, matrix=matrix(report, g, lang, dist, merged),
        per_criterion=per_criterion(figures, w, lang),
        criterion_lines=tuple(Line(text, open=not f.decidable) for f, text in zip(figures, c.criterion_lines(g, lang))),
        by_district=sub_table(g, "batch.by_district", lang) if dist else None,
        by_province=sub_table(g, "batch.by_province", lang) if c.show_provinces(g) else None,
        held_heading=t("batch.held_back_heading", lang),
        held_back=tuple(_held(r, lang) for r in held if r.held_back),
        summary=_summary(g, lang))


def _summary(g: GroupAgg, lang: str) -> SetSummary:
    decided = g.units > 0 and g.set_decidable and not g.set_undecided
    known = "" if g.known_min is None else (
        str(g.known_min) if g.known_min == g.known_max else f"{g.known_min}–{g.known_max}")
    return SetSummary(level=c.section_title(c.group_level(g), lang), title=c.set_title(g.info, lang),
                      average=g.average_met, min_met=g.min_met, max_met=g.max_met, passed=g.set_passed,
                      failed=g.set_failed, undecided=g.set_undecided,
                      percent=100.0 * g.set_passed / g.units if decided else None, known=known,
                      declared=g.declared_max)


def _headline(g: GroupAgg, lang: str) -> Iterator[Line]:
    """The headline sentences; the undecided count stands out beside the count of units
    meeting the set ("0/11 xã đạt chuẩn — 2 chưa đạt, 9 chưa thể kết luận …")."""
    phrase = c.open_phrase(g, lang) if g.set_undecided else None
    for text in c.headline_lines(g, lang):
        yield Line(text, highlight=phrase if phrase and phrase in text else None)
    info = g.info  # a 51/2025 commune set: the province conditions (Phụ lục III) are not known
    if info is not None and info.level in ("xa", "phuong", "thi_tran") and (info.valid_from or "") >= "2025-07-01":
        yield Line(t("batch.annex3_unknown", lang))


def _figures(g: GroupAgg, i: int, crit: tuple[str, str, str | None], lang: str) -> Figures:
    counts = g.counts(i)
    return Figures(code=crit[0], title=c.crit_title(crit, lang), counts=counts, passed=g.passed(i),
                   failed=counts.get("fail", 0), open=g.open_count(i), units=g.units, decidable=g.decidable(i),
                   percent=g.percent(i), percent_text=c.pct(g.percent(i), lang), share=c.crit_pct(g, i, lang),
                   why=c.why(counts, lang), details=c.count_items(counts, lang),
                   open_text=t("batch.bar_open", lang, n=g.open_count(i)), agency=_agency(g, i))


def _agency(g: GroupAgg, i: int) -> str:
    """The guiding agency of the set's criterion `i` (SetInfo.agencies), "" where none is named."""
    agencies = g.info.agencies if g.info is not None else ()
    return (agencies[i] or "") if i < len(agencies) else ""


def matrix(report: BatchReport, g: GroupAgg, lang: str, dist: bool, merged: bool = False) -> Table:
    """Units × criteria: number, name, district, the units a commune was formed from (`merged`:
    only when some unit of the set has them), one mark per criterion, criteria met, result. Units
    of more than one province: the district's province beside it ("Huyện Châu Thành (Tiền
    Giang)"), or the province alone where no unit has a district (two "Sơn Bình" told apart)."""
    crits = g.criteria()
    cols = [Column("index", t("batch.col.index", lang)), Column("unit", t("batch.col.unit", lang))]
    provinces = c.show_provinces(g)
    if dist:  # code "province": the province beside the district (printed reports give it more room)
        cols.append(Column("district", t("batch.col.district_province", lang), code="province") if provinces
                    else Column("district", t("batch.col.district", lang)))
    elif provinces:  # the place column (its key: the renderers lay it out as the district's)
        cols.append(Column("district", t("batch.col.province", lang)))
    place = dist or provinces
    if merged:  # "Thị trấn Tam Đường (03390); Xã Bình Lư (03412)", the line in its label
        cols.append(Column("merged", t("batch.col.merged", lang)))
    cols += [Column("crit", c.crit_col(cr[0], lang), code=cr[0], title=c.crit_title(cr, lang)) for cr in crits]
    cols += [Column("met", t("batch.col.met_short", lang)), Column("status", t("batch.col.status", lang))]
    lv = c.group_level(g)
    title = t("batch.matrix", lang, unit=c.noun(lv, lang), units=c.noun(lv, lang, True))

    n = len(crits)
    marks: dict[tuple[str, str | None, bool], Cell] = {}  # a mark depends on these only (a few)
    ends: dict[tuple[str | None, str | None, bool], Cell] = {}  # the result cell, likewise
    blank = Cell()

    def pairs() -> Iterator[tuple[UnitRow, Row]]:
        for k, r in enumerate(c.group_rows(report, g), start=1):  # numbered within the section
            head = [Cell(str(k), value=k), Cell(r.name)] + ([Cell(_place(r, dist, provinces))] if place else [])
            if merged:
                head.append(Cell(c.merged_text(r), label=c.merged_line(r, lang) or None))
            got = []
            for m in c.row_marks(r):
                cell = marks.get(m)
                if cell is None:
                    cell = marks[m] = _mark(*m, lang)
                got.append(cell)
            if len(got) > n:
                del got[n:]
            elif len(got) < n:
                got += [blank] * (n - len(got))
            key = (r.status, r.basis, bool(r.problems))
            end = ends.get(key)
            if end is None:
                status = c.cell_word(r.status, r.basis, False, lang) if r.status else c.status_text(r, lang)
                end = ends[key] = Cell(status, status=r.status or "error", flag=bool(r.problems), basis=r.basis)
            yield r, (*head, *got, Cell(c.met_text(r)), end)

    def rows() -> Iterator[Row]:
        return (row for _, row in pairs())

    return Table(title, tuple(cols), Rows(rows, pairs), g.units)


def _place(r: UnitRow, dist: bool, provinces: bool) -> str:
    """A matrix row's place: its district, with its province when the set spans several; else
    its province."""
    if not dist:
        return r.province or ""
    if provinces and r.province:
        return f"{r.district} ({r.province})" if r.district else f"({r.province})"
    return r.district or ""


def _mark(status: str, basis: str | None, conflict: bool, lang: str) -> Cell:
    """A matrix cell: its mark by basis ("Đ", "Đ*", "≠"), and the status and basis in words."""
    return Cell(c.cell_mark(status, basis, conflict, lang), status=status,
                label=c.cell_label(status, basis, conflict, lang), basis=basis, conflict=conflict)


def per_criterion(figures: tuple[Figures, ...], w: dict[str, str], lang: str) -> Table:
    """Per criterion: units in each status and the share meeting it ("—" and why, when none
    could be decided)."""
    cols = [Column("criterion", t("batch.col.criterion", lang)), Column("title", t("batch.col.title", lang))]
    cols += [Column("count", status_label(s, lang), code=s, short=c.mark(s, lang)) for s in c.STATUS_ORDER]
    cols.append(Column("percent", t("batch.col.percent", lang)))
    rows = ((Cell(f.code), Cell(f.title), *(Cell(str(f.counts.get(s, 0)), value=f.counts.get(s, 0))
                                            for s in c.STATUS_ORDER),
             Cell(f.share, value=f.percent if f.decidable else None, label=None if f.decidable else f.why,
                  open=not f.decidable)) for f in figures)
    return Table(t("batch.per_criterion", lang, **w), tuple(cols), Rows.of(rows), len(figures))


def sub_table(g: GroupAgg, heading: str, lang: str) -> Table:
    """By district (with its province) or by province: units, average, units meeting the set,
    units undecided on it, and the share meeting each criterion."""
    w = c.words(c.group_level(g), lang)
    by_d = heading == "batch.by_district"
    items = [(k[1], k[0], s) for k, s in g.districts()] if by_d else [(k, None, s) for k, s in g.provinces()]
    cols = [Column("name", t("batch.col.district" if by_d else "batch.col.province", lang))]
    if by_d:
        cols.append(Column("parent", t("batch.col.province", lang)))
    cols += [Column("units", t("batch.col.units", lang, **w)), Column("average", t("batch.col.average", lang, **w)),
             Column("set_passed", t("batch.col.set_passed", lang, **w)),
             Column("set_undecided", t("batch.col.set_undecided", lang, **w), extra=not g.set_undecided)]
    cols += [Column("crit", c.crit_col(cr[0], lang), code=cr[0]) for cr in g.criteria()]
    n = len(g.criteria())
    rows = ((Cell(name), *([Cell(parent or "")] if by_d else []), *_sub_cells(s, n, lang)) for name, parent, s in items)
    return Table(t(heading, lang), tuple(cols), Rows.of(rows), len(items))


def _sub_cells(s: SubAgg, n: int, lang: str) -> list[Cell]:
    cells = [Cell(str(s.units), value=s.units), Cell(c.avg(s.average_met, lang), value=s.average_met),
             Cell(str(s.set_passed), value=s.set_passed), Cell(str(s.set_undecided), value=s.set_undecided, open=True)]
    return cells + [Cell(c.sub_pct(s, i, lang), value=s.percent(i) if s.decidable(i) else None,
                         open=not s.decidable(i)) for i in range(n)]


def _held(row: UnitRow, lang: str) -> HeldUnit:
    return HeldUnit(row.name, row.status, c.status_text(row, lang), c.met_text(row),
                    tuple(_held_item(h, lang) for h in row.held_back))


def _held_item(h: HeldBack, lang: str) -> HeldItem:
    value = f"{h.numerator}/{h.denominator}" if h.denominator is not None else None
    return HeldItem(h.indicator, h.status, status_label(h.status, lang), value, ", ".join(h.names),
                    ", ".join(h.undecided), c.held_back_text(h, lang))


def all_units(report: BatchReport, lang: str, merged: bool = False) -> Table:
    """Every unit of the batch, every criterion id of its sets (blank where a set has none); with
    `merged` (some unit has predecessors) a "Hợp nhất từ (mã xã cũ)" column after the name: the
    codes, which read back as `merged_from`, and the names and codes in the cell's label."""
    ids = c.criteria_columns(report)
    pos = {cid: i for i, cid in enumerate(ids)}
    order = {sid: [pos[cr[0]] for cr in g.criteria()] for sid, g in report.aggregates.groups.items()}
    keys = ("index", "file", "name", "district", "province", "year", "set", "status", "met", "total")
    cols = tuple(Column(k, t(f"batch.col.{k}", lang)) for k in keys) + tuple(
        Column("crit", c.crit_col(cid, lang), code=cid) for cid in ids)
    if merged:
        at = keys.index("name") + 1
        cols = cols[:at] + (Column("merged", t("batch.col.merged_codes", lang)),) + cols[at:]

    def rows() -> Iterator[Row]:
        for r in report.rows:
            marks = [Cell()] * len(ids)
            for j, (st, basis, conflict) in zip(order.get(r.set_id or "", ()), c.row_marks(r)):
                # the status word as it is ("Đạt"): the sheet reads back as input (criterion
                # verdicts), the basis is in the label and the fill
                marks[j] = Cell(status_label(st, lang), status=st,
                                label=c.cell_label(st, basis, conflict, lang), basis=basis, conflict=conflict)
            done = r.status is not None
            pred = (Cell(c.merged_codes(r), label=c.merged_line(r, lang) or None),) if merged else ()
            yield (Cell(str(r.index + 1), value=r.index + 1), Cell(r.source), Cell(r.name), *pred,
                   Cell(r.district or ""),
                   Cell(r.province or ""), Cell(str(r.year or ""), value=r.year), Cell(r.set_id or ""),
                   Cell(c.status_text(r, lang), status=r.status or "error"),
                   Cell(str(r.passed) if done else "", value=r.passed if done else None),
                   Cell(str(r.total) if done else "", value=r.total if done else None), *marks)

    return Table(t("batch.sheet.matrix", lang), cols, Rows(rows), len(report.rows))
