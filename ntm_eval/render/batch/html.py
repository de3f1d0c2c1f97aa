"""`--format html`: ONE self-contained Vietnamese (or English) page — no script, no external
asset or request (a Content-Security-Policy says so to the browser), print-friendly CSS, a
units × criteria heat map and per-criterion bars drawn as inline SVG (svg.py). It walks the
report's outline (outline.py); every string that comes from the data or the criteria files
goes through `html.escape`."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, TYPE_CHECKING

from ntm_eval.messages import lang_index, t
from ntm_eval.render.batch import svg
from ntm_eval.render.batch.outline import Cell, Column, Line, Outline, SetSection, Table, outline
from ntm_eval.render.batch.svg import COLORS, e

if TYPE_CHECKING:
    from ntm_eval.results import BatchReport

HEATMAP_MAX_UNITS = 1500  # above this, the heat map is drawn by district (the table keeps every unit)

Write = Callable[[str], object]

CSS = """
:root { --pass:#2e7d32; --fail:#c62828; --missing:#f9a825; --na:#9e9e9e; --nothr:#7b1fa2; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif; margin: 1.5rem;
       color: #1b1b1b; line-height: 1.4; font-size: 15px; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; } h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 2px solid #333; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
.meta, .legend, .note { color: #555; font-size: .9rem; }
.demo { background: #222; color: #fff; padding: .3rem .6rem; display: inline-block; font-weight: bold; }
ul.figures { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .6rem; }
ul.figures li { border: 1px solid #ccc; border-radius: 6px; padding: .5rem .8rem; background: #fafafa; }
table { border-collapse: collapse; margin: .4rem 0 1rem; font-size: .85rem; }
th, td { border: 1px solid #ccc; padding: .15rem .4rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.num { text-align: right; white-space: nowrap; }
td.m { text-align: center; font-weight: bold; color: #fff; min-width: 1.6rem; }
td.m.pass { background: var(--pass); } td.m.fail { background: var(--fail); }
td.m.missing { background: var(--missing); color: #000; } td.m.not_applicable { background: var(--na); }
td.m.no_threshold { background: var(--nothr); }
td.m.att { font-style: italic; box-shadow: inset 0 0 0 3px rgba(255,255,255,.55); }
td.m.conflict { background: #fff; color: var(--fail); box-shadow: inset 0 0 0 3px var(--fail); }
.st-pass { color: var(--pass); font-weight: bold; } .st-fail { color: var(--fail); font-weight: bold; }
.st-missing { color: #8a6d00; } .st-no_threshold { color: var(--nothr); }
.st-error { color: #fff; background: var(--fail); }
.warn { border-left: 4px solid var(--nothr); background: #f6effa; padding: .4rem .7rem; font-weight: bold;
        -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.undecided { color: var(--nothr); }
ul.figures li.open { border-color: var(--nothr); border-left-width: 4px; }
.errors li { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .85rem; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font-family: inherit; }
footer { margin-top: 2rem; color: #777; font-size: .8rem; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; font-size: 10pt; }
  h2 { break-before: page; } h2:first-of-type { break-before: auto; }
  table { font-size: 8pt; } thead { display: table-header-group; } tr, svg { break-inside: avoid; }
  td.m, ul.figures li, .demo { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
"""


def render(report: BatchReport, out: IO[str], lang: str = "vi") -> None:
    o = outline(report, lang)
    w = out.write
    w("<!DOCTYPE html>\n")
    w(f'<html lang="{("vi", "en")[lang_index(lang)]}"><head><meta charset="utf-8">\n')
    w('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; '
      'img-src data:; script-src \'none\'; base-uri \'none\'; form-action \'none\'">\n')
    w('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    w(f"<title>{e(o.title)} — {e(o.input)}</title>\n<style>{CSS}</style></head><body>\n")
    w(f"<header><h1>{e(o.title)}</h1>\n")
    w(f"<p class=\"meta\">{e(o.input_line)}<br>{e(o.totals)}</p>\n")
    for line in o.coverage:  # before anything reads like a verdict
        w(f"<p class=\"warn\">{e(line)}</p>\n")
    w(f"<p class=\"legend\">{_legend(o)}</p></header>\n")
    for s in o.sets:
        _section(w, s, lang)
    _errors(w, o)
    w(f"<footer>{e(o.generated)}</footer>\n</body></html>\n")


def _legend(o: Outline) -> str:
    items = [f'<span style="display:inline-block;width:.9em;height:.9em;background:{COLORS[s]};'
             f'vertical-align:middle"></span> {e(mark)} {e(label)}'
             for s, mark, label in (*o.legend.items, *o.legend.basis)]
    return e(o.legend.heading) + " " + " · ".join(items)


def _section(w: Write, s: SetSection, lang: str) -> None:
    w(f"<section><h2>{e(s.heading)}</h2>\n")
    if s.demo:
        w(f"<p class=\"demo\">{e(s.demo)}</p>\n")
    w('<ul class="figures">' + "".join(_figure(x) for x in s.headline) + "</ul>\n")
    if s.meeting.line:
        w(f"<p>{e(s.meeting.line)}</p>\n")
    _charts(w, s, lang)
    _matrix(w, s.matrix)
    _per_criterion(w, s, lang)
    w("<ul>" + "".join(('<li class="undecided">' if x.open else "<li>") + e(x.text) + "</li>"
                       for x in s.criterion_lines) + "</ul>\n")
    for sub in (s.by_district, s.by_province):
        if sub is not None:
            _sub(w, sub)
    if s.held_back:
        w(f"<h3>{e(s.held_heading)}</h3>\n<ul class=\"held\">")
        for u in s.held_back:
            w(f"<li><strong>{e(u.name)}</strong>: <span class=\"st-{e(u.status or 'error')}\">{e(u.status_text)}"
              f"</span> ({e(u.met)})<ul>")
            for h in u.items:
                w(f'<li class="st-{e(h.status)}">{e(h.text)}</li>')
            w("</ul></li>\n")
        w("</ul>\n")
    w("</section>\n")


def _charts(w: Write, s: SetSection, lang: str) -> None:
    words = s.unit_words
    w(f"<h3>{e(t('batch.bars', lang, **words))}</h3>\n")
    w(svg.bars(s, t("batch.bars", lang, **words)))
    w(f"<h3>{e(t('batch.heatmap', lang, **words))}</h3>\n")
    if s.units <= HEATMAP_MAX_UNITS:
        w(svg.heatmap_units(s))
    else:
        w(f"<p class=\"note\">{e(t('batch.heatmap_by_district', lang, n=s.units, **words))}</p>\n")
        w(svg.heatmap_districts(s, s.by_district))


def _figure(line: Line) -> str:
    """A summary box; the undecided count stands out beside the count of units meeting the set
    ("0/11 xã đạt chuẩn — 2 chưa đạt, 9 chưa thể kết luận …"), so that 0 never reads alone."""
    if not line.highlight:
        return f"<li>{e(line.text)}</li>"
    head, _, tail = line.text.partition(line.highlight)
    return f'<li class="open">{e(head)}<strong class="undecided">{e(line.highlight)}</strong>{e(tail)}</li>'


def _rows(w: Write, tb: Table, head: Callable[[Column], str], cell: Callable[[Column, Cell], str]) -> None:
    """`<table>` of the outline's table: the columns the text reports show, one `<tr>` per row."""
    keep = [j for j, col in enumerate(tb.columns) if not col.extra]
    w("".join(head(tb.columns[j]) for j in keep) + "</tr></thead><tbody>\n")
    for row in tb.rows:
        w("<tr>" + "".join(cell(tb.columns[j], row[j]) for j in keep) + "</tr>\n")
    w("</tbody></table>\n")


def _matrix(w: Write, tb: Table) -> None:
    def head(col: Column) -> str:
        return f'<th title="{e(col.title)}">{e(col.code)}</th>' if col.key == "crit" else f"<th>{e(col.text)}</th>"

    def cell(col: Column, c: Cell) -> str:
        if col.key == "crit":  # the tooltip says the status and its basis ("Đạt — tính từ số liệu")
            extra = " conflict" if c.conflict else " att" if c.basis == "attested" else ""
            return f'<td class="m {e(c.status)}{extra}" title="{e(col.code)}: {e(c.label)}">{e(c.text)}</td>' \
                if c.status else ""
        if col.key == "status":
            return f'<td class="st-{e(c.status)}">{e(c.text)}{" *" if c.flag else ""}</td>'
        return f'<td class="num">{e(c.text)}</td>' if col.key in ("index", "met") else f"<td>{e(c.text)}</td>"

    w(f"<h3>{e(tb.title)}</h3>\n<table class=\"matrix\"><thead><tr>")
    _rows(w, tb, head, cell)


def _per_criterion(w: Write, s: SetSection, lang: str) -> None:
    """Per criterion: counts and share, and after the title the criterion's guiding / responsible
    agency as the set names it (blank where it names none)."""
    tb = s.per_criterion

    def cell(col: Column, c: Cell) -> str:
        if col.key == "percent":
            tip = f' title="{e(c.label)}"' if c.open else ""
            return f'<td class="{"num undecided" if c.open else "num"}"{tip}>{e(c.text)}</td>'
        return f'<td class="num">{e(c.text)}</td>' if col.key == "count" else f"<td>{e(c.text)}</td>"

    keep = [j for j, col in enumerate(tb.columns) if not col.extra]
    at = next((k + 1 for k, j in enumerate(keep) if tb.columns[j].key == "title"), len(keep))
    heads = [f"<th>{e(tb.columns[j].text)}</th>" for j in keep]
    heads.insert(at, f'<th class="agency">{e(t("batch.col.agency", lang))}</th>')
    w(f"<h3>{e(tb.title)}</h3>\n<table class=\"per-criterion\"><thead><tr>" + "".join(heads) + "</tr></thead><tbody>\n")
    for row, f in zip(tb.rows, s.criteria):  # the table's rows are the figures, in order
        cells = [cell(tb.columns[j], row[j]) for j in keep]
        cells.insert(at, f'<td class="agency">{e(f.agency)}</td>')
        w("<tr>" + "".join(cells) + "</tr>\n")
    w("</tbody></table>\n")


def _sub(w: Write, tb: Table) -> None:
    def head(col: Column) -> str:
        return f"<th>{e(col.text)} %</th>" if col.key == "crit" else f"<th>{e(col.text)}</th>"

    def cell(col: Column, c: Cell) -> str:
        if col.key in ("name", "parent"):
            return f"<td>{e(c.text)}</td>"
        return f'<td class="num undecided">{e(c.text)}</td>' if col.key == "set_undecided" \
            else f'<td class="num">{e(c.text)}</td>'

    w(f"<h3>{e(tb.title)}</h3>\n<table><thead><tr>")
    _rows(w, tb, head, cell)


def _errors(w: Write, o: Outline) -> None:
    if o.notes:
        w(f"<section class=\"errors\"><h2>{e(o.notes_heading)}</h2>\n<ul>"
          + "".join(f"<li>{e(p.text)}</li>" for p in o.notes) + "</ul></section>\n")
    w(f"<section class=\"errors\"><h2>{e(o.errors_heading)}</h2>\n")
    if o.no_errors:
        w(f"<p>{e(o.no_errors)}</p>")
    else:
        w("<ul>")
        for b in o.broken():
            w(f"<li><strong>{e(b.name)}</strong> ({e(b.source)})<ul>")
            for p in b.problems:
                w(f"<li>{e(p.text)}</li>")
            w("</ul></li>\n")
        w("</ul>")
    w("</section>\n")
