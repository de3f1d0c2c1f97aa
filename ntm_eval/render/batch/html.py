"""`--format html`: ONE self-contained Vietnamese (or English) page — no script, no external
asset or request (a Content-Security-Policy says so to the browser), print-friendly CSS, a
units × criteria heat map and per-criterion bars drawn as inline SVG. Every string that comes
from the data or the criteria files goes through `html.escape`."""

from __future__ import annotations

import html
from typing import IO

from ntm_eval import __version__
from ntm_eval.messages import lang_index, status_label, t
from ntm_eval.render.batch.common import _words as _w
from ntm_eval.render.batch.common import (STATUS_ORDER, avg, broken_rows, count_items, coverage_lines,
                                          crit_col, crit_pct, crit_title, criterion_lines,
                                          group_rows, has_districts, headline_lines, held_back_text, mark,
                                          meeting_line, met_text, noun, note_lines, pct, problem_lines,
                                          section_title, set_open_why, set_title, show_provinces, status_text, sub_pct,
                                          why)

HEATMAP_MAX_UNITS = 1500  # above this, the heat map is drawn by district (the table keeps every unit)
COLORS = {"pass": "#2e7d32", "fail": "#c62828", "missing": "#f9a825", "not_applicable": "#9e9e9e",
          "no_threshold": "#7b1fa2", None: "#000000"}

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


def e(s: object) -> str:
    return html.escape("" if s is None else str(s), quote=True)


def _short(s: str, n: int = 28) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def render(report, out: IO[str], lang: str = "vi") -> None:
    agg = report.aggregates
    w = out.write
    lang_attr = ("vi", "en")[lang_index(lang)]
    w("<!DOCTYPE html>\n")
    w(f'<html lang="{lang_attr}"><head><meta charset="utf-8">\n')
    w('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; '
      'img-src data:; script-src \'none\'; base-uri \'none\'; form-action \'none\'">\n')
    w('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    w(f"<title>{e(t('batch.title', lang))} — {e(report.input)}</title>\n<style>{CSS}</style></head><body>\n")
    w(f"<header><h1>{e(t('batch.title', lang))}</h1>\n")
    w(f"<p class=\"meta\">{e(t('batch.input', lang, path=report.input))}<br>"
      f"{e(t('batch.totals', lang, total=agg.total, evaluated=agg.evaluated, broken=agg.broken))}</p>\n")
    for line in coverage_lines(report, lang):  # before anything reads like a verdict
        w(f"<p class=\"warn\">{e(line)}</p>\n")
    w(f"<p class=\"legend\">{_legend_html(lang)}</p></header>\n")
    for g in agg.groups.values():
        _group(report, g, w, lang)
    _errors(report, w, lang)
    w(f"<footer>{e(t('batch.generated', lang, version=__version__))}</footer>\n</body></html>\n")


def _legend_html(lang: str) -> str:
    items = []
    for s in STATUS_ORDER:
        items.append(f'<span style="display:inline-block;width:.9em;height:.9em;background:{COLORS[s]};'
                     f'vertical-align:middle"></span> {e(mark(s, lang))} {e(status_label(s, lang).lower())}')
    return e(t("batch.legend", lang, marks="")) + " " + " · ".join(items)


def _group(report, g, w, lang: str) -> None:
    info = g.info
    lv = info.level if info else None
    words = {"unit": noun(lv, lang), "units": noun(lv, lang, True)}
    crits = g.criteria()
    heading = t("batch.set", lang, title=set_title(info, lang), id=g.set_id)
    w(f"<section><h2>{e(section_title(lv, lang))} — {e(heading)}</h2>\n")
    if info is not None and info.status == "demo":
        w(f"<p class=\"demo\">{e(t('batch.demo', lang))}</p>\n")
    w('<ul class="figures">' + "".join(_figure(g, x, lang) for x in headline_lines(g, lang)) + "</ul>\n")
    ml = meeting_line(report, g, lang)
    if ml:
        w(f"<p>{e(ml)}</p>\n")
    # bars
    w(f"<h3>{e(t('batch.bars', lang, **words))}</h3>\n")
    w(_bars_svg(g, lang))
    # heat map
    w(f"<h3>{e(t('batch.heatmap', lang, **words))}</h3>\n")
    if g.units <= HEATMAP_MAX_UNITS:
        w(_heatmap_units_svg(report, g, lang))
    else:
        w(f"<p class=\"note\">{e(t('batch.heatmap_by_district', lang, n=g.units, **words))}</p>\n")
        w(_heatmap_districts_svg(g, lang))
    # matrix
    dist = has_districts(g)
    w(f"<h3>{e(t('batch.matrix', lang, **words))}</h3>\n<table class=\"matrix\"><thead><tr>")
    w(f"<th>{e(t('batch.col.index', lang))}</th><th>{e(t('batch.col.unit', lang))}</th>")
    if dist:
        w(f"<th>{e(t('batch.col.district', lang))}</th>")
    for c in crits:
        w(f'<th title="{e(crit_title(c, lang))}">{e(c[0])}</th>')
    w(f"<th>{e(t('batch.col.met_short', lang))}</th><th>{e(t('batch.col.status', lang))}</th></tr></thead><tbody>\n")
    for k, r in enumerate(group_rows(report, g), start=1):  # numbered within the section
        cells = [f'<td class="num">{k}</td><td>{e(r.name)}</td>']
        if dist:
            cells.append(f"<td>{e(r.district or '')}</td>")
        for c, s in zip(crits, r.statuses):
            cells.append(f'<td class="m {e(s)}" title="{e(c[0])}: {e(status_label(s, lang))}">{e(mark(s, lang))}</td>')
        st = r.status or "error"
        cells.append(f'<td class="num">{e(met_text(r))}</td><td class="st-{e(st)}">{e(status_text(r, lang))}'
                     f'{" *" if r.problems else ""}</td>')
        w("<tr>" + "".join(cells) + "</tr>\n")
    w("</tbody></table>\n")
    # per criterion
    w(f"<h3>{e(t('batch.per_criterion', lang, **words))}</h3>\n<table><thead><tr>"
      f"<th>{e(t('batch.col.criterion', lang))}</th><th>{e(t('batch.col.title', lang))}</th>")
    w("".join(f"<th>{e(status_label(s, lang))}</th>" for s in STATUS_ORDER))
    w(f"<th>{e(t('batch.col.percent', lang))}</th></tr></thead><tbody>\n")
    for i, c in enumerate(crits):
        counts = g.counts(i)
        cls = "num" if g.decidable(i) else "num undecided"
        tip = "" if g.decidable(i) else f' title="{e(why(counts, lang))}"'
        w(f"<tr><td>{e(c[0])}</td><td>{e(crit_title(c, lang))}</td>"
          + "".join(f'<td class="num">{counts.get(s, 0)}</td>' for s in STATUS_ORDER)
          + f'<td class="{cls}"{tip}>{e(crit_pct(g, i, lang))}</td></tr>\n')
    w("</tbody></table>\n<ul>" + "".join(('<li class="undecided">' if x.startswith("—") else "<li>") + e(x) + "</li>"
                                        for x in criterion_lines(g, lang)) + "</ul>\n")
    if dist:
        _sub(w, g, lang, "batch.by_district", [(k[1], k[0], s) for k, s in g.districts()])
    if show_provinces(g):
        _sub(w, g, lang, "batch.by_province", [(k, None, s) for k, s in g.provinces()])
    first = True
    for r in group_rows(report, g):
        if not r.held_back:
            continue
        if first:
            w(f"<h3>{e(t('batch.held_back_heading', lang))}</h3>\n<ul class=\"held\">")
            first = False
        st = r.status or "error"
        w(f"<li><strong>{e(r.name)}</strong>: <span class=\"st-{e(st)}\">{e(status_text(r, lang))}</span> "
          f"({e(met_text(r))})<ul>")
        for h in r.held_back:
            w(f'<li class="st-{e(h.status)}">{e(held_back_text(h, lang))}</li>')
        w("</ul></li>\n")
    if not first:
        w("</ul>\n")
    w("</section>\n")


def _figure(g, line: str, lang: str) -> str:
    """A summary box; the undecided count stands out beside the count of units meeting the set
    ("0/11 xã đạt chuẩn — 2 chưa đạt, 9 chưa thể kết luận …"), so that 0 never reads alone."""
    if not g.set_undecided:
        return f"<li>{e(line)}</li>"
    phrase = t("batch.count_open", lang, n=g.set_undecided, why=set_open_why(g, lang))
    if phrase not in line:
        return f"<li>{e(line)}</li>"
    head, _, tail = line.partition(phrase)
    return (f'<li class="open">{e(head)}<strong class="undecided">{e(phrase)}</strong>{e(tail)}</li>')


def _sub(w, g, lang: str, heading: str, items) -> None:
    crits = g.criteria()
    by_d = heading == "batch.by_district"
    w(f"<h3>{e(t(heading, lang))}</h3>\n<table><thead><tr>")
    w(f"<th>{e(t('batch.col.district' if by_d else 'batch.col.province', lang))}</th>")
    if by_d:
        w(f"<th>{e(t('batch.col.province', lang))}</th>")
    wd = _w(g, lang)
    w(f"<th>{e(t('batch.col.units', lang, **wd))}</th><th>{e(t('batch.col.average', lang, **wd))}</th>"
      f"<th>{e(t('batch.col.set_passed', lang, **wd))}</th>")
    if g.set_undecided:
        w(f"<th>{e(t('batch.col.set_undecided', lang, **wd))}</th>")
    w("".join(f"<th>{e(crit_col(c[0], lang))} %</th>" for c in crits) + "</tr></thead><tbody>\n")
    for name, parent, s in items:
        w(f"<tr><td>{e(name)}</td>" + (f"<td>{e(parent or '')}</td>" if by_d else "")
          + f'<td class="num">{s.units}</td><td class="num">{e(avg(s.average_met, lang))}</td>'
          f'<td class="num">{s.set_passed}</td>'
          + (f'<td class="num undecided">{s.set_undecided}</td>' if g.set_undecided else "")
          + "".join(f'<td class="num">{e(sub_pct(s, i, lang))}</td>' for i in range(len(crits)))
          + "</tr>\n")
    w("</tbody></table>\n")


def _bars_svg(g, lang: str) -> str:
    crits = g.criteria()
    label_w, bar_w, row_h = 300, 360, 22
    width, height = label_w + bar_w + 190, row_h * len(crits) + 8
    title = t("batch.bars", lang, unit=noun(g.info.level if g.info else None, lang),
              units=noun(g.info.level if g.info else None, lang, True))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" aria-label="{e(title)}">']
    for i, c in enumerate(crits):
        y = 4 + i * row_h
        label = _short(f"{c[0]}. {crit_title(c, lang)}", 44)
        counts = g.counts(i)
        details = count_items(counts, lang)
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" font-size="12">{e(label)}</text>')
        if not g.decidable(i):  # no share to draw: a hatched grey bar that says why, never a 0% bar
            reason = why(counts, lang)
            parts.append(f'<g class="undecided"><title>{e(c[0])} {e(crit_title(c, lang))}: — {e(reason)} '
                         f'({g.passed(i)}/{g.units}; {e(details)})</title>')
            tw = min(bar_w - 20, 16 + 6.5 * len(reason))  # plain grey under the words, hatched after them
            parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="{row_h - 8}" fill="#e0e0e0" '
                         f'stroke="#9e9e9e"/>')
            parts.append(_hatched(label_w + tw, y + 3, bar_w - tw, row_h - 8))
            parts.append(f'<text x="{label_w + 8}" y="{y + 15}" font-size="11" fill="#4a148c">— {e(reason)}</text>'
                         f'<text x="{label_w + bar_w + 6}" y="{y + 15}" font-size="12">—</text></g>')
            continue
        n_open = g.open_count(i)
        cls = ' class="part-undecided"' if n_open else ""
        parts.append(f'<g{cls}><title>{e(c[0])} {e(crit_title(c, lang))}: {e(pct(g.percent(i), lang))}% '
                     f'({g.passed(i)}/{g.units}{"; " + e(details) if details else ""})</title>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="{row_h - 8}" fill="#eeeeee"/>')
        # one segment per kind of unit, in proportion: met, not met, still open (hatched grey: an
        # undecided unit is neither), not applicable (the plain background)
        x = float(label_w)
        for kind, n in (("pass", g.passed(i)), ("fail", counts.get("fail", 0)), ("open", n_open)):
            if not n or not g.units:
                continue
            wd = bar_w * n / g.units
            if kind == "open":
                parts.append(_hatched(round(x, 1), y + 3, round(wd, 1), row_h - 8))
            else:
                parts.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{wd:.1f}" height="{row_h - 8}" '
                             f'fill="{COLORS[kind]}"/>')
            x += wd
        label = f"{pct(g.percent(i), lang)}%"
        if n_open:
            label += " · " + t("batch.bar_open", lang, n=n_open)
        parts.append(f'<text x="{label_w + bar_w + 6}" y="{y + 15}" font-size="12">{e(label)}</text></g>')
    parts.append("</svg>\n")
    return "".join(parts)


def _hatched(x: float, y: float, width: float, height: float) -> str:
    """A grey bar with diagonal hatching, drawn with plain lines (no pattern: a url(#…) reference
    is exactly what this page never contains)."""
    out = [f'<rect x="{x}" y="{y}" width="{width}" height="{height}" fill="#e0e0e0" stroke="#9e9e9e"/>']
    k = 8.0
    while k < width + height:  # the segment u + v = k inside the bar (u rightwards, v downwards)
        v1 = min(height, k)
        u2 = min(width, k)
        out.append(f'<line x1="{x + k - v1:.1f}" y1="{y + v1:.1f}" x2="{x + u2:.1f}" y2="{y + k - u2:.1f}" '
                   f'stroke="#9e9e9e" stroke-width="1"/>')
        k += 8
    return "".join(out)


def _heatmap_units_svg(report, g, lang: str) -> str:
    crits = g.criteria()
    cell, label_w, top = 18, 210, 24
    width = label_w + cell * len(crits) + 10
    height = top + cell * g.units + 6
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}">']
    for j, c in enumerate(crits):
        parts.append(f'<text x="{label_w + j * cell + cell / 2}" y="{top - 8}" text-anchor="middle" font-size="10">'
                     f'<title>{e(crit_title(c, lang))}</title>{e(c[0])}</text>')
    for i, r in enumerate(group_rows(report, g)):
        y = top + i * cell
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end" font-size="11">'
                     f'<title>{e(r.name)}</title>{e(_short(r.name))}</text>')
        for j, (c, s) in enumerate(zip(crits, r.statuses)):
            x = label_w + j * cell
            parts.append(f'<g><title>{e(r.name)} — {e(c[0])}: {e(status_label(s, lang))}</title>'
                         f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" '
                         f'fill="{COLORS.get(s, "#000")}"/>'
                         f'<text x="{x + (cell - 2) / 2}" y="{y + 12}" text-anchor="middle" font-size="10" '
                         f'fill="{"#000" if s == "missing" else "#fff"}">{e(mark(s, lang))}</text></g>')
    parts.append("</svg>\n")
    return "".join(parts)


def _heatmap_districts_svg(g, lang: str) -> str:
    crits = g.criteria()
    items = g.districts()
    cell, label_w, top = 34, 210, 24
    width = label_w + cell * len(crits) + 10
    height = top + 20 * len(items) + 6
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}">']
    for j, c in enumerate(crits):
        parts.append(f'<text x="{label_w + j * cell + cell / 2}" y="{top - 8}" text-anchor="middle" font-size="10">'
                     f'<title>{e(crit_title(c, lang))}</title>{e(c[0])}</text>')
    for i, ((prov, dist), s) in enumerate(items):
        y = top + i * 20
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" font-size="11">'
                     f'<title>{e(dist)} {e(prov)}</title>{e(_short(dist))}</text>')
        for j in range(len(crits)):
            x = label_w + j * cell
            if not s.decidable(j):  # nobody met or failed it here: grey, not a red 0%
                parts.append(f'<g><title>{e(dist)} — {e(crits[j][0])}: —</title>'
                             f'<rect x="{x}" y="{y}" width="{cell - 2}" height="18" fill="{COLORS["not_applicable"]}"/>'
                             f'<text x="{x + (cell - 2) / 2}" y="{y + 13}" text-anchor="middle" font-size="9" '
                             f'fill="#fff">—</text></g>')
                continue
            p = s.percent(j) or 0.0
            parts.append(f'<g><title>{e(dist)} — {e(crits[j][0])}: {e(pct(p, lang))}%</title>'
                         f'<rect x="{x}" y="{y}" width="{cell - 2}" height="18" fill="{_ramp(p)}"/>'
                         f'<text x="{x + (cell - 2) / 2}" y="{y + 13}" text-anchor="middle" font-size="9" '
                         f'fill="#fff">{e(pct(p, lang))}</text></g>')
    parts.append("</svg>\n")
    return "".join(parts)


def _ramp(p: float) -> str:
    """0% → red, 100% → green."""
    a, b = (0xC6, 0x28, 0x28), (0x2E, 0x7D, 0x32)
    f = max(0.0, min(1.0, p / 100))
    return "#" + "".join(f"{round(x + (y - x) * f):02x}" for x, y in zip(a, b))


def _errors(report, w, lang: str) -> None:
    n = report.aggregates.broken
    extra = note_lines(report, lang)
    if extra:
        w(f"<section class=\"errors\"><h2>{e(t('batch.input_warnings', lang))}</h2>\n<ul>"
          + "".join(f"<li>{e(x)}</li>" for x in extra) + "</ul></section>\n")
    w(f"<section class=\"errors\"><h2>{e(t('batch.errors', lang, n=n))}</h2>\n")
    if not n:
        w(f"<p>{e(t('batch.no_errors', lang))}</p>")
    else:
        w("<ul>")
        for r in broken_rows(report):
            w(f"<li><strong>{e(r.name)}</strong> ({e(r.source)})<ul>")
            for line in problem_lines(r, lang):
                w(f"<li>{e(line)}</li>")
            w("</ul></li>\n")
        w("</ul>")
    w("</section>\n")
