"""Terminal report of one unit (rich). Imported only when a table is asked for."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ntm_eval.messages import CONFIDENCE_LABELS, REGION_EN, lang_index, status_label, t
from ntm_eval.render.common import (
    conf_mark,
    coverage_line,
    fmt_gap,
    fmt_threshold,
    fmt_value,
    prerequisite_lines,
    title,
    unit_line,
    word,
)
from ntm_eval.vocab import CONFIDENCE_MARKS

if TYPE_CHECKING:
    from ntm_eval.results import IndicatorResult, UnitResult

STYLES = {"pass": "green", "fail": "bold red", "missing": "yellow", "not_applicable": "dim",
          "no_threshold": "magenta"}
COLUMNS = ("id", "name", "value", "threshold", "gap", "result", "source")


def console(file: IO[str] | None = None) -> Console:
    con = Console(file=file, highlight=False, soft_wrap=False)
    if not con.is_terminal:  # piped to a file or a pager: do not squeeze into 80 columns
        con = Console(file=file, highlight=False, soft_wrap=False, width=max(con.width, 160))
    return con


def render_unit(res: UnitResult, con: Console, lang: str = "vi", brief: bool = False) -> None:
    if res.set_status == "demo":
        con.print(Text(t("check.demo", lang), style="bold reverse"))
    con.print(Text(unit_line(res, lang), style="bold"))
    set_line = f"{res.set_title_en if lang == 'en' and res.set_title_en else res.set_title} [{res.criteria_set}]"
    con.print(set_line, markup=False)
    con.print(t("check.year", lang, year=res.year, date=res.date) + _class_text(res, lang), markup=False)
    con.print(_indicator_table(res, con, lang, brief))
    _summary(res, con, lang)


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


def _indicator_table(res: UnitResult, con: Console, lang: str, brief: bool) -> Table:
    table = Table(show_lines=False, header_style="bold", expand=False, pad_edge=False)
    narrow = con.width < 120  # an 80-column terminal: no source column, marks go with thresholds
    heads = [t("check.col." + c, lang) for c in (COLUMNS[:6] if narrow else COLUMNS)]
    widths = (6, None, 9, 11, 11, 9) if narrow else (14, None, 16, 18, 20, 14, 22)
    for n, (h, w) in enumerate(zip(heads, widths)):
        table.add_column(h, overflow="fold", max_width=w, min_width=(14 if narrow else 34) if n == 1 else None,
                         ratio=3 if n == 1 else None)
    for c in res.criteria:
        table.add_row(Text(c.id, style="bold"), Text(title(c, lang), style="bold"), "", "", "",
                      Text(status_label(c.status, lang), style=STYLES[c.status]), *([] if narrow else [""]))
        for ind in c.indicators:
            if brief and ind.status == "pass":
                continue
            _row(table, ind, lang, indent="  ", narrow=narrow)
            for p in ind.parts:
                if brief and p.status == "pass":
                    continue
                _row(table, p, lang, indent="    ", narrow=narrow)
    return table


def _summary(res: UnitResult, con: Console, lang: str) -> None:
    s = res.summary()
    counts = [f"{status_label(k, lang)} {s[v]}" for k, v in (("pass", "passed"), ("fail", "failed"),
              ("missing", "missing"), ("no_threshold", "no_threshold"), ("not_applicable", "not_applicable"))]
    head = t("check.result", lang, status=status_label(res.status, lang).upper(), passed=s["passed"], total=s["total"])
    con.print(Text(head, style=STYLES[res.status]))
    con.print(" · ".join(counts), markup=False)
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
    i = lang_index(lang)
    legend = ", ".join(f"{CONFIDENCE_MARKS[k]} {CONFIDENCE_LABELS[k][i]}" for k in ("primary", "secondary",
                                                                                   "uncertain", "demo"))
    con.print(Text(t("check.confidence", lang, legend=legend), style="dim"))
    if res.set_source:
        con.print(Text(t("catalog.source_line", lang, source=res.set_source), style="dim"))


def _row(table: Table, ind: IndicatorResult, lang: str, indent: str, narrow: bool = False) -> None:
    src = conf_mark(ind.confidence)
    if ind.source_short:
        src = f"{src} {ind.source_short}".strip()
    name = title(ind, lang)
    if ind.id_confidence != "printed":
        name += " " + t("check.id_inferred" if ind.id_confidence == "inferred" else "check.id_uncertain", lang)
    if ind.held_back:
        name += "\n" + indent + t("check.held_back", lang, names=", ".join(ind.held_back))
    if ind.undecided:
        name += "\n" + indent + t("check.undecided_members", lang, names=", ".join(ind.undecided))
    threshold = fmt_threshold(ind, lang)
    if narrow and conf_mark(ind.confidence):
        threshold += " " + conf_mark(ind.confidence)
    cells = [indent + ind.id, indent + name, fmt_value(ind, lang), threshold,
             fmt_gap(ind, lang), Text(status_label(ind.status, lang), style=STYLES[ind.status])]
    table.add_row(*cells, *([] if narrow else [src]))
