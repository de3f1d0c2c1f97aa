"""`--format html`: ONE self-contained Vietnamese (or English) page — no script, no external
asset or request (a Content-Security-Policy says so to the browser). It answers the official's
question first: a title block (unit, period, date), a one-paragraph summary per set, the coverage
caveat once in one sentence (details folded), then each set — the one with most units first —
with its units × criteria matrix, whose cells carry the values, thresholds, gaps and basis in
their tooltips and whose unit names link to a folded drill-down (drill.py). Per-criterion tables,
bars and the heat map (inline SVG, svg.py) follow. Printed: A4 landscape, "Trang x/y" and the
date in the page margins, headings kept with what follows, the drill-down and charts left out, a
signature block at the end. It walks the report's outline (outline.py); every string that comes
from the data or the criteria files goes through `html.escape`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING

from ntm_eval.messages import lang_index, t
from ntm_eval.render.batch import drill, svg
from ntm_eval.render.batch.outline import Cell, Column, Line, Outline, SetSection, Table, outline, scan
from ntm_eval.render.batch.svg import COLORS, e

if TYPE_CHECKING:
    from ntm_eval.core.aggregate import GroupAgg
    from ntm_eval.results import BatchReport, UnitRow

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
header h1 { margin-bottom: .2rem; } header p { margin: .3rem 0; }
p.summary { font-size: 1rem; margin: .4rem 0; }
p.warn { margin: .3rem 0; padding: .25rem .6rem; }
details.coverage, details.heat { margin: .2rem 0 .6rem; } details > summary { cursor: pointer; color: #333; }
.hint { color: #555; font-size: .85rem; margin: .1rem 0; }
section > h2:first-child { margin-top: 1.2rem; }
ul.figures { margin: .4rem 0; } ul.figures li { padding: .3rem .6rem; }
table.matrix td a { color: inherit; }
section.drill details.unit { margin: .2rem 0; } section.drill summary { font-weight: bold; }
table.ind { font-size: .8rem; } table.ind tr.crit td { background: #f3f3f3; font-weight: bold; }
table.ind tr.part td:first-child { padding-left: 1.2rem; }
p.src { color: #777; font-size: .8rem; margin: .2rem 0; }
.print-only { display: none; }
section.sign { margin-top: 2rem; break-inside: avoid; page-break-inside: avoid; }
section.sign .place { text-align: right; font-style: italic; margin-right: 4rem; }
.signers { display: flex; justify-content: space-around; text-align: center; }
.signers div { min-width: 16rem; min-height: 8rem; }
@media print {
  body { margin: 0; font-size: 9.5pt; }
  h1, h2, h3, h4, summary { break-after: avoid; page-break-after: avoid; }
  p, li { orphans: 2; widows: 2; }
  table { font-size: 8pt; } thead { display: table-header-group; } tr, svg, ul.figures li { break-inside: avoid; }
  td.m, ul.figures li, .demo, .warn, table.ind tr.crit td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
  .hint, details.heat, details.coverage, section.drill, footer, div.bars { display: none; }
  .print-only { display: block; }
}
"""


def render(report: BatchReport, out: IO[str], lang: str = "vi") -> None:
    sc = scan(report)  # one pass over the rows for the outline and the title block
    o = outline(report, lang, sc)
    w = out.write
    tb = drill.title_block(report, lang, sc)
    sections = drill.sections(report, o.sets)
    w("<!DOCTYPE html>\n")
    w(f'<html lang="{("vi", "en")[lang_index(lang)]}"><head><meta charset="utf-8">\n')
    w('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; '
      'img-src data:; script-src \'none\'; base-uri \'none\'; form-action \'none\'">\n')
    w('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    w(f"<title>{e(o.title)} — {e(o.input)}</title>\n<style>{CSS}{_page_css(tb, lang)}</style></head><body>\n")
    _header(w, o, tb, [g for _, g in sections], report, lang)
    for k, (s, g) in enumerate(sections):
        _section(w, s, g, report, lang, first=k == 0)
    _errors(w, o)
    _drill(w, report, lang)
    _signatures(w, tb, lang)
    w(f"<footer>{e(o.generated)}</footer>\n</body></html>\n")


def _css_string(s: str) -> str:
    """A CSS string literal's content: quotes, backslashes and line ends escaped."""
    return "".join(f"\\{ord(ch):x} " if ch in '"\\\n\r<>' else ch for ch in s)


def _page_css(tb: drill.TitleBlock, lang: str) -> str:
    """Page numbers and the report's date in the printed page's margins (Chromium ≥ 131)."""
    left = _css_string(f"{t('html.title_block.date', lang)}: {tb.date}")
    page = _css_string(t("html.page", lang))
    return ("@page { size: A4 landscape; margin: 12mm 10mm 14mm;\n"
            f'  @bottom-left {{ content: "{left}"; font-size: 8pt; color: #555; }}\n'
            f'  @bottom-right {{ content: "{page} " counter(page) "/" counter(pages); font-size: 8pt; color: #555; }} }}\n')


def _header(w: Write, o: Outline, tb: drill.TitleBlock, groups: list, report: BatchReport, lang: str) -> None:
    """The title block, the one-paragraph summary, the coverage caveat once, the legend."""
    w(f"<header><h1>{e(o.title)}</h1>\n<p class=\"meta title-block\">")
    bits = [(t("html.title_block.unit", lang), tb.unit), (t("html.title_block.period", lang), tb.period),
            (t("html.title_block.date", lang), tb.date)]
    w(" · ".join(f"{e(k)}: <strong>{e(v)}</strong>" for k, v in bits if v))
    w(f"<br>{e(o.input_line)}</p>\n")
    lines = drill.summary_lines(report, groups, lang)
    w(f'<p class="summary"><strong>{e(o.totals)}.</strong> ' + "<br>".join(e(x) for x in lines) + "</p>\n")
    if len(o.coverage) == 1:
        w(f"<p class=\"warn\">{e(o.coverage[0])}</p>\n")
    elif o.coverage:
        w(f"<p class=\"warn\">{e(t('html.coverage.many', lang, n=len(o.coverage)))}</p>\n")
        w(f"<details class=\"coverage\"><summary>{e(t('html.coverage.details', lang))}</summary><ul>"
          + "".join(f"<li>{e(x)}</li>" for x in o.coverage) + "</ul></details>\n")
    w(f"<p class=\"legend\">{_legend(o)}</p></header>\n")


def _legend(o: Outline) -> str:
    items = [f'<span style="display:inline-block;width:.9em;height:.9em;background:{COLORS[s]};'
             f'vertical-align:middle"></span> {e(mark)} {e(label)}'
             for s, mark, label in (*o.legend.items, *o.legend.basis)]
    return e(o.legend.heading) + " " + " · ".join(items)


def _section(w: Write, s: SetSection, g: GroupAgg, report: BatchReport, lang: str, first: bool) -> None:
    """A set: its figures and the matrix first, then per criterion, by district, held back, and
    the heat map folded away (the matrix already colours every cell)."""
    w(f"<section><h2>{e(s.heading)}</h2>\n")
    if s.demo:
        w(f"<p class=\"demo\">{e(s.demo)}</p>\n")
    w('<ul class="figures">' + "".join(_figure(x) for x in s.headline) + "</ul>\n")
    if s.meeting.line:
        w(f"<p>{e(s.meeting.line)}</p>\n")
    _matrix(w, s.matrix, drill.tipper(report, g, lang), lang if first else None)
    _per_criterion(w, s, lang)
    words = s.unit_words
    w(f"<div class=\"bars\"><h3>{e(t('batch.bars', lang, **words))}</h3>\n")
    w(svg.bars(s, t("batch.bars", lang, **words)) + "</div>\n")
    w("<ul class=\"crit-lines\">" + "".join(('<li class="undecided">' if x.open else "<li>") + e(x.text) + "</li>"
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
    _heatmap(w, s, lang)
    w("</section>\n")


def _heatmap(w: Write, s: SetSection, lang: str) -> None:
    words = s.unit_words
    w(f"<details class=\"heat\"><summary>{e(t('batch.heatmap', lang, **words))}</summary>\n")
    if s.units <= HEATMAP_MAX_UNITS:
        w(svg.heatmap_units(s))
    else:
        w(f"<p class=\"note\">{e(t('batch.heatmap_by_district', lang, n=s.units, **words))}</p>\n")
        w(svg.heatmap_districts(s, s.by_district))
    w("</details>\n")


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


def _matrix(w: Write, tb: Table, tips: Callable[[UnitRow], tuple[str | None, tuple[str, ...]]] |
            Iterator[tuple[str | None, tuple[str, ...]]], hint: str | None) -> None:
    """The units × criteria table: each cell's tooltip gives the criterion's values, thresholds,
    gaps and basis (drill.tipper: of each unit's row as the table reads it, one pass over the
    rows; or drill.tips, read in step with the rows); a unit's name links to its drill-down."""
    keep = [j for j, col in enumerate(tb.columns) if not col.extra]
    first = tb.index("crit")
    marks: dict[tuple[int, Cell, str], str] = {}  # a mark's cell with its tooltip: often the same

    def head(col: Column) -> str:
        return f'<th title="{e(col.title)}">{e(col.code)}</th>' if col.key == "crit" else f"<th>{e(col.text)}</th>"

    def cell(j: int, c: Cell, link: str | None, tip: tuple[str, ...]) -> str:
        col = tb.columns[j]
        if col.key == "crit":
            if not c.status:
                return ""
            extra = " conflict" if c.conflict else " att" if c.basis == "attested" else ""
            k = j - first
            label = tip[k] if k < len(tip) else f"{col.code}: {c.label}"
            return f'<td class="m {e(c.status)}{extra}" title="{e(label)}">{e(c.text)}</td>'
        if col.key == "status":
            return f'<td class="st-{e(c.status)}">{e(c.text)}{" *" if c.flag else ""}</td>'
        if col.key == "unit" and link:
            return f'<td><a href="#{e(link)}">{e(c.text)}</a></td>'
        return f'<td class="num">{e(c.text)}</td>' if col.key in ("index", "met") else f"<td>{e(c.text)}</td>"

    w(f"<h3>{e(tb.title)}</h3>\n")
    if hint is not None:
        w(f"<p class=\"hint\">{e(t('html.matrix_hint', hint))}</p>\n")
    w("<table class=\"matrix\"><thead><tr>" + "".join(head(tb.columns[j]) for j in keep) + "</tr></thead><tbody>\n")
    pairs = tb.rows.pairs() if callable(tips) else None
    if pairs is None:
        got = tips if not callable(tips) else iter(())
        for row in tb.rows:
            link, tip = next(got, (None, ()))
            w("<tr>" + "".join(cell(j, row[j], link, tip) for j in keep) + "</tr>\n")
        w("</tbody></table>\n")
        return
    crit = [tb.columns[j].key == "crit" for j in range(len(tb.columns))]
    for unit, row in pairs:
        link, tip = tips(unit)
        parts = []
        for j in keep:
            c = row[j]
            if crit[j] and c.status:
                k = j - first
                label = tip[k] if k < len(tip) else None
                if label is None:
                    parts.append(cell(j, c, link, tip))
                    continue
                key = (j, c, label)
                text = marks.get(key)
                if text is None:
                    if len(marks) > 2048:  # bounded: a tooltip with figures is mostly seen once
                        marks.clear()
                    text = marks[key] = cell(j, c, link, tip)
                parts.append(text)
            else:
                parts.append(cell(j, c, link, tip))
        w("<tr>" + "".join(parts) + "</tr>\n")
    w("</tbody></table>\n")


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
        w(f"<section class=\"errors\"><h2>{e(o.notes_heading)}</h2>\n<ul>")
        for p in o.notes:  # one at a time: a province's warnings are never one big string
            w(f"<li>{e(p.text)}</li>")
        w("</ul></section>\n")
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


def _drill(w: Write, report: BatchReport, lang: str) -> None:
    """Each unit's full indicator table, folded (<details>), after the summary tables; left out
    of the printed copy, which says where to find it."""
    heads = drill.columns(lang)
    w(f"<section class=\"drill\"><h2>{e(t('html.drill.heading', lang))}</h2>\n")
    w(f"<p class=\"note\">{e(t('html.drill.intro', lang))}</p>\n")
    more = drill.limited(report, lang)
    if more:
        w(f"<p class=\"note\">{e(more)}</p>\n")
    th = "<thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in heads) + "</tr></thead>"
    made: dict[drill.DrillLine, str] = {}  # a line seen already (a criterion's verdict, a yes/no): its <tr>
    for u in drill.units(report, lang):
        w(f'<details class="unit"><summary class="st-{e(u.status)}">{e(u.heading)}</summary>'
          f'<p class="src" id="{e(u.anchor)}">{e(u.source)}</p><table class="ind">{th}<tbody>\n')
        for x in u.lines:
            tr = made.get(x)
            if tr is None:
                cls = ' class="crit"' if x.criterion else ' class="part"' if x.part else ""
                tr = (f"<tr{cls}><td>{e(x.id)}</td><td>{e(x.title)}</td><td class=\"num\">{e(x.value)}</td>"
                      f"<td class=\"num\">{e(x.threshold)}</td><td class=\"st-{e(x.status)}\">{e(x.status_text)}</td>"
                      f"<td>{e(x.gap)}</td><td>{e(x.basis)}</td><td>{e(x.evidence)}</td><td>{e(x.attestation)}</td>"
                      "</tr>\n")
                if len(made) > 4096:  # bounded: most lines with figures are seen once
                    made.clear()
                made[x] = tr
            w(tr)
        w("</tbody></table></details>\n")
    w("</section>\n")
    w(f"<p class=\"print-only note\">{e(t('html.drill.print_note', lang))}</p>\n")


def _signatures(w: Write, tb: drill.TitleBlock, lang: str) -> None:
    """The signature block a printed report is handed in with."""
    place = t("html.sign.place_date", lang, place=tb.place or "……")
    hint = e(t("html.sign.hint", lang))
    w(f"<section class=\"sign\"><p class=\"place\">{e(place)}</p><div class=\"signers\">"
      f"<div><strong>{e(t('html.sign.maker', lang))}</strong><br><em>{hint}</em></div>"
      f"<div><strong>{e(t('html.sign.head', lang))}</strong><br><em>{hint}</em></div></div></section>\n")
