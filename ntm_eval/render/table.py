"""Terminal report of one unit. Imported only when a table is asked for.

Built with rich's Text and Table for a rich Console (colours on a terminal), with
render/plain.py's for its PlainConsole (a file or a pipe: the same bytes, without rich's
console machinery) — `writer(file)` picks the console, `console(file)` is always rich's
(render/batch/table.py and others draw with rich)."""

from __future__ import annotations

import sys
from typing import IO, TYPE_CHECKING

from ntm_eval.core.verdicts import ATTESTED
from ntm_eval.messages import CONFIDENCE_LABELS, REGION_EN, lang_index, status_label, t
from ntm_eval.render.common import (
    INCOMPLETE_MARK,
    attestation_line,
    conf_mark,
    coverage_line,
    fmt_gap,
    fmt_threshold,
    fmt_value,
    has_conflict,
    id_legend,
    id_mark,
    incomplete,
    prerequisite_lines,
    title,
    unit_line,
    verdict_label,
    word,
)
from ntm_eval.vocab import CONFIDENCE_MARKS, FAIL, OPEN

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ntm_eval.results import CriterionResult, IndicatorResult, UnitResult

# Every string from the data (names, titles, ids, sources, verdicts) reaches rich as a Text, never
# as markup: "[mã suy luận]" in a title is printed as it is, not swallowed as a style tag.
STYLES = {"pass": "green", "fail": "bold red", "missing": "yellow", "not_applicable": "dim",
          "no_threshold": "magenta"}
CONFLICT_STYLE = "bold red reverse"
ATTESTED_STYLE = {"pass": "green italic", "fail": "red italic"}
NOTE_STYLE = "dim"
UNSOURCED_STYLE = "yellow"
COLUMNS = ("id", "name", "value", "threshold", "gap", "result", "source")


def console(file: IO[str] | None = None) -> Console:
    from rich.console import Console

    con = Console(file=file, highlight=False, soft_wrap=False)
    if not con.is_terminal:  # piped to a file or a pager: do not squeeze into 80 columns
        con = Console(file=file, highlight=False, soft_wrap=False, width=max(con.width, 160))
    return con


def writer(file: IO[str] | None = None):
    """What `console(file)` would be, or a render/plain.PlainConsole when that writes the same
    bytes (no colours: a file, a pipe) — both take render_unit."""
    from ntm_eval.render.plain import plain_console

    con = plain_console(file)
    return con if con is not None else console(file)


def _kinds(con) -> tuple[type, type]:
    """(Text, Table) for this console: render/plain.py's for a PlainConsole, else rich's."""
    plain = sys.modules.get("ntm_eval.render.plain")
    if plain is not None and isinstance(con, plain.PlainConsole):
        return plain.Text, plain.Table
    from rich.table import Table
    from rich.text import Text

    return Text, Table


def render_unit(res: UnitResult, con: Console, lang: str = "vi", brief: bool = False) -> None:
    """The unit's table and summary. `brief`: a heading line, only the criteria and indicators
    not met or in conflict (no source column), and a one-line summary."""
    plain = sys.modules.get("ntm_eval.render.plain")
    if plain is None or not isinstance(con, plain.PlainConsole):
        _render_unit(res, con, lang, brief)
        return
    try:
        _render_unit(res, con, lang, brief)
    except plain.Unsupported:  # text rich measures by segment: rich draws this unit
        con.discard()
        from rich.console import Console

        _render_unit(res, Console(file=con.file, highlight=False, soft_wrap=False, width=con.width), lang, brief)
        return
    con.flush()


def _render_unit(res: UnitResult, con: Console, lang: str, brief: bool) -> None:
    Text, _ = _kinds(con)
    if res.set_status == "demo":
        con.print(Text(t("check.demo", lang), style="bold reverse"))
    if brief:
        _brief(res, con, lang)
        return
    con.print(Text(unit_line(res, lang), style="bold"))
    set_line = f"{res.set_title_en if lang == 'en' and res.set_title_en else res.set_title} [{res.criteria_set}]"
    con.print(set_line, markup=False)
    con.print(t("check.year", lang, year=res.year, date=res.date) + _class_text(res, lang), markup=False)
    preds = res.unit.get("merged_from_units")  # a commune formed on 1/7/2025: its predecessors
    if isinstance(preds, list) and preds:
        con.print(t("check.merged_from", lang, units="; ".join(
            f"{p.get('name')} ({p.get('code')}, {p.get('district')})" for p in preds if isinstance(p, dict))),
            markup=False)
    shown = _Shown()
    con.print(_indicator_table(res, con, lang, False, shown))
    _summary(res, con, lang, shown)


def _brief(res: UnitResult, con: Console, lang: str) -> None:
    """`check --brief`: "xã Sơn Bình, … · vn/2021-2025/xa-ntm · năm 2024", the rows not met or in
    conflict (open ones are counted in the summary, not listed), the prerequisite sets not met,
    the marks' legend, and one summary line."""
    Text, _ = _kinds(con)
    con.print(Text(t("check.brief.heading", lang, unit=unit_line(res, lang), set_id=res.criteria_set,
                     year=res.year), style="bold"))
    shown = _Shown()
    shown.brief = True
    if any(_failing(c) for c in res.criteria):
        con.print(_indicator_table(res, con, lang, True, shown))
    for line in prerequisite_lines(res, lang):  # a prerequisite set not met is a failing item too
        con.print(Text(line, style="bold red"))
    for w in res.warnings:  # what is wrong with the data is never shortened away (a misspelt name…)
        con.print(Text(t("check.warning", lang, text=t(w["key"], lang, **w)), style="yellow"))
    _legends(shown, con, lang, confidence=False)
    con.print(Text(brief_summary(res, lang), style=STYLES[res.status]))


def _failing(r: CriterionResult | IndicatorResult) -> bool:
    """Listed by --brief: not met, or a given verdict contradicts the numbers."""
    return r.status == FAIL or has_conflict(r)


def _criterion_ref(cid: str, lang: str) -> str:
    """"TC5" for criterion 5; an id that is not a number ("P2") as it is."""
    return t("check.brief.criterion", lang, id=cid) if cid[:1].isdigit() else cid


def brief_summary(res: UnitResult, lang: str = "vi") -> str:
    """"Sơn Bình 2024: 14/19 tiêu chí đạt (12 theo xác nhận); chưa đạt: TC5, TC13; mâu thuẫn: TC4;
    chưa kết luận: 3; có ngưỡng cho 16/17 chỉ tiêu" — one line."""
    s = res.summary()
    name = str(res.unit.get("name") or res.file)
    line = t("check.brief.summary", lang, name=name, year=res.year, passed=s["passed"], total=s["total"])
    if s["passed_attested"]:
        line += t("check.brief.attested", lang, n=s["passed_attested"])
    conflict = [c for c in res.criteria if has_conflict(c)]
    failed = [c for c in res.criteria if c.status == FAIL and c not in conflict]
    if failed:
        line += t("check.brief.failed", lang, ids=", ".join(_criterion_ref(c.id, lang) for c in failed))
    if conflict:
        line += t("check.brief.conflicts", lang, ids=", ".join(_criterion_ref(c.id, lang) for c in conflict))
    undecided = sum(1 for c in res.criteria if not c.precondition and c.status in OPEN)
    if undecided:
        line += t("check.brief.open", lang, n=undecided)
    if coverage_line(res, lang) is not None:  # thresholds missing: said, briefly
        key = "check.brief.coverage" if res.indicator_count_given else "check.brief.coverage_recorded"
        total = res.indicators_declared if res.indicator_count_given else res.indicators_encoded
        line += t(key, lang, known=res.indicators_known, total=total)
    return line


class _Shown:
    """What the printed rows used, for the legend lines under the table."""

    def __init__(self) -> None:
        self.ids: set[str] = set()  # id confidences marked ("inferred", "uncertain")
        self.incomplete = False  # a criterion "Chưa có ngưỡng †"
        self.brief = False  # --brief: attestation notes for conflicts only


def _class_text(res: UnitResult, lang: str) -> str:
    """" · vùng: btb (Bắc Trung Bộ) (áp dụng ngưỡng tdmnpb thay cho btb: …)", or nothing."""
    if not res.klass_key:
        return ""
    key_name = word("catalog.class_key", res.klass_key, lang)
    label = REGION_EN.get(res.klass or "") if lang == "en" and res.klass_key == "region" else res.klass_label
    text = f" · {key_name}: {res.klass}" + (f" ({label})" if label else "")
    if res.override:
        text += t("check.override", lang, use=res.override["use"], instead=res.override["from"],
                  because=", ".join(res.override["because"]))
    return text


def _indicator_table(res: UnitResult, con: Console, lang: str, brief: bool, shown: _Shown) -> Table:
    Text, Table = _kinds(con)
    table = Table(show_lines=False, header_style="bold", expand=False, pad_edge=False)
    narrow = con.width < 120  # an 80-column terminal: no source column, marks go with thresholds
    heads = [t("check.col." + c, lang) for c in (COLUMNS[:6] if narrow or brief else COLUMNS)]
    widths = (6, None, 9, 11, 11, 10) if narrow else (_id_width(res), None, 16, 18, 20, 22, 22)[:len(heads)]
    narrow = narrow or brief  # --brief: no source column either
    for n, (h, w) in enumerate(zip(heads, widths)):
        table.add_column(h, overflow="fold", max_width=w, min_width=(14 if con.width < 120 else 34) if n == 1 else None,
                         ratio=3 if n == 1 else None)
    for c in res.criteria:
        if brief and not _failing(c):
            continue
        name = Text(title(c, lang), style="bold")
        _note(name, c, lang, "", brief)
        shown.incomplete |= incomplete(c)
        table.add_row(Text(c.id, style="bold"), name, "", "", "", _result(c, lang, Text), *([] if narrow else [""]))
        for ind in c.indicators:
            if brief and not _failing(ind):
                continue
            _row(table, ind, lang, "  ", narrow, shown, Text)
            for p in ind.parts:
                if brief and not _failing(p):
                    continue
                _row(table, p, lang, "    ", narrow, shown, Text)
    return table


def _id_width(res: UnitResult) -> int:
    """The code column on a wide console: 14, or what the longest code takes with its indent and
    marks ("    14.quan-ly-suc-khoe°?": a set whose indicators have names for codes), at most 28,
    so that a code is not cut in the middle of a word."""
    longest = max((len(x.id) + (4 if x is not ind else 2) for c in res.criteria for ind in c.indicators
                   for x in (ind, *ind.parts)), default=0)
    return max(14, min(28, longest + 2))


def _result(r: CriterionResult | IndicatorResult, lang: str, Text: type) -> Text:
    """The result cell: the status by basis ("Đạt theo xác nhận", "Mâu thuẫn"…), styled."""
    if r.status == FAIL and has_conflict(r):
        style = CONFLICT_STYLE
    elif r.basis == ATTESTED and r.status in ATTESTED_STYLE:
        style = ATTESTED_STYLE[r.status]
    else:
        style = STYLES[r.status]
    return Text(verdict_label(r, lang), style=style)


def _note(name: Text, r: CriterionResult | IndicatorResult, lang: str, indent: str, brief: bool = False) -> None:
    """Who attested and on which document (and what the numbers say, for a conflict), as a line
    under the name; flagged when the verdict does not say who gives it. `brief`: conflicts only."""
    line = attestation_line(r, lang)
    if line is None or brief and not r.conflict:
        return
    style = CONFLICT_STYLE if r.conflict else UNSOURCED_STYLE if not r.attestation.sourced else NOTE_STYLE
    name.append("\n" + indent)
    name.append(line, style="bold red" if r.conflict else style)


def _headline(res: UnitResult, lang: str, Text: type) -> Text:
    """"Kết quả: ĐẠT — đạt 19/19 tiêu chí (6 tính từ số liệu, 13 theo xác nhận)", and how many
    criteria have a conflict."""
    s = res.summary()
    head = t("check.result", lang, status=status_label(res.status, lang).upper(), passed=s["passed"], total=s["total"])
    if s["passed_attested"]:
        head += t("check.result_basis", lang, computed=s["passed_computed"], attested=s["passed_attested"])
    conflicts = sum(1 for c in res.criteria if not c.precondition and has_conflict(c))
    if conflicts:
        head += t("check.result_conflicts", lang, n=conflicts)
    return Text(head, style=STYLES[res.status])


def _unsourced(res: UnitResult) -> int:
    """Verdicts given without saying who gives them (`by`), over criteria, indicators and parts."""
    return sum(1 for c in res.criteria for r in (c, *(x for i in c.indicators for x in (i, *i.parts)))
               if r.attestation is not None and not r.attestation.sourced)


def _legends(shown: _Shown, con: Console, lang: str, confidence: bool = True) -> None:
    Text, _ = _kinds(con)
    if shown.incomplete:
        con.print(Text(t("check.legend.incomplete", lang, mark=INCOMPLETE_MARK), style="magenta"))
    ids = id_legend(shown.ids, lang)
    if ids:
        con.print(Text(ids, style="dim"))
    if confidence:
        i = lang_index(lang)
        legend = ", ".join(f"{CONFIDENCE_MARKS[k]} {CONFIDENCE_LABELS[k][i]}" for k in ("primary", "secondary",
                                                                                       "uncertain", "demo"))
        con.print(Text(t("check.confidence", lang, legend=legend), style="dim"))


def _summary(res: UnitResult, con: Console, lang: str, shown: _Shown) -> None:
    Text, _ = _kinds(con)
    s = res.summary()
    counts = [f"{status_label(k, lang)} {s[v]}" for k, v in (("pass", "passed"), ("fail", "failed"),
              ("missing", "missing"), ("no_threshold", "no_threshold"), ("not_applicable", "not_applicable"))]
    conflicts = sum(1 for c in res.criteria if not c.precondition and has_conflict(c))
    if conflicts:
        counts.append(f"{t('check.status.conflict', lang)} {conflicts}")
    con.print(_headline(res, lang, Text))
    con.print(" · ".join(counts), markup=False)
    unsourced = _unsourced(res)
    if unsourced:
        con.print(Text(t("check.unsourced", lang, n=unsourced), style=UNSOURCED_STYLE))
    pre = [c for c in res.criteria if c.precondition]
    if pre:
        items = "; ".join(f"{c.id} ({title(c, lang)}) {status_label(c.status, lang).lower()}" for c in pre)
        style = STYLES["fail" if any(c.status == "fail" for c in pre) else "pass"
                       if all(c.status == "pass" for c in pre) else "missing"]
        con.print(Text(t("check.preconditions", lang, items=items), style=style))
    for line in prerequisite_lines(res, lang):
        con.print(Text(line, style="bold red"))
    cov = coverage_line(res, lang)
    if cov:
        con.print(Text(cov, style="magenta"))
    for w in res.warnings:
        con.print(Text(t("check.warning", lang, text=t(w["key"], lang, **w)), style="yellow"))
    _legends(shown, con, lang)
    if res.set_source:
        con.print(Text(t("catalog.source_line", lang, source=res.set_source), style="dim"))


def _row(table: Table, ind: IndicatorResult, lang: str, indent: str, narrow: bool, shown: _Shown,
         Text: type) -> None:
    src = conf_mark(ind.confidence)
    if ind.source_short:
        src = f"{src} {ind.source_short}".strip()
    name = Text(indent + title(ind, lang))
    if ind.held_back:
        name.append("\n" + indent + t("check.held_back", lang, names=", ".join(ind.held_back)))
    if ind.undecided:
        name.append("\n" + indent + t("check.undecided_members", lang, names=", ".join(ind.undecided)))
    _note(name, ind, lang, indent, shown.brief)
    mark = id_mark(ind.id_confidence)
    if mark:
        shown.ids.add(ind.id_confidence)
    threshold = fmt_threshold(ind, lang)
    if narrow and conf_mark(ind.confidence):
        threshold += " " + conf_mark(ind.confidence)
    cells = [Text(indent + ind.id + mark), name, Text(fmt_value(ind, lang)), Text(threshold),
             Text(fmt_gap(ind, lang)), _result(ind, lang, Text)]
    table.add_row(*cells, *([] if narrow else [Text(src)]))
