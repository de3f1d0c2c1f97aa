"""Inline SVG charts of the HTML report, drawn from the outline: per-criterion bars, and the
units × criteria heat map (by unit, or by district for a large batch). No pattern, no url(#…)
reference, no script: the page never asks for anything."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ntm_eval.render.batch.outline import Figures, SetSection, Table

COLORS = {"pass": "#2e7d32", "fail": "#c62828", "missing": "#f9a825", "not_applicable": "#9e9e9e",
          "no_threshold": "#7b1fa2", None: "#000000"}


def e(s: object) -> str:
    """`s` as HTML text or attribute value (html.escape, quotes too): most texts of a report
    have nothing to escape, and are returned as they are without the five replacements."""
    if s is None:
        return ""
    s = s if type(s) is str else str(s)
    if "&" in s or "<" in s or ">" in s or '"' in s or "'" in s:
        return html.escape(s, quote=True)
    return s


def short(s: str, n: int = 28) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _svg(width: float, height: float, label: str | None = None) -> str:
    aria = f' aria-label="{e(label)}"' if label is not None else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}"{aria}>')


def bars(s: SetSection, title: str) -> str:
    """One bar per criterion: met, not met, still open (hatched), in proportion; a criterion no
    unit could be decided on gets a hatched grey bar that says why, never a 0% bar."""
    label_w, bar_w, row_h = 300, 360, 22
    width, height = label_w + bar_w + 190, row_h * len(s.criteria) + 8
    parts = [_svg(width, height, title)]
    for i, f in enumerate(s.criteria):
        y = 4 + i * row_h
        label = short(f"{f.code}. {f.title}", 44)
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" font-size="12">{e(label)}</text>')
        if f.decidable:
            parts.append(_bar(f, y, label_w, bar_w, row_h))
        else:
            parts.append(_no_bar(f, y, label_w, bar_w, row_h))
    parts.append("</svg>\n")
    return "".join(parts)


def _no_bar(f: Figures, y: int, label_w: int, bar_w: int, row_h: int) -> str:
    parts = [(f'<g class="undecided"><title>{e(f.code)} {e(f.title)}: — {e(f.why)} '
              f'({f.passed}/{f.units}; {e(f.details)})</title>')]
    tw = min(bar_w - 20, 16 + 6.5 * len(f.why))  # plain grey under the words, hatched after them
    parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="{row_h - 8}" fill="#e0e0e0" '
                 f'stroke="#9e9e9e"/>')
    parts.append(hatched(label_w + tw, y + 3, bar_w - tw, row_h - 8))
    parts.append(f'<text x="{label_w + 8}" y="{y + 15}" font-size="11" fill="#4a148c">— {e(f.why)}</text>'
                 f'<text x="{label_w + bar_w + 6}" y="{y + 15}" font-size="12">—</text></g>')
    return "".join(parts)


def _bar(f: Figures, y: int, label_w: int, bar_w: int, row_h: int) -> str:
    cls = ' class="part-undecided"' if f.open else ""
    parts = [(f'<g{cls}><title>{e(f.code)} {e(f.title)}: {e(f.percent_text)}% '
              f'({f.passed}/{f.units}{"; " + e(f.details) if f.details else ""})</title>'),
             f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="{row_h - 8}" fill="#eeeeee"/>']
    # one segment per kind of unit, in proportion: met, not met, still open (hatched grey: an
    # undecided unit is neither), not applicable (the plain background)
    x = float(label_w)
    for kind, n in (("pass", f.passed), ("fail", f.failed), ("open", f.open)):
        if not n or not f.units:
            continue
        wd = bar_w * n / f.units
        if kind == "open":
            parts.append(hatched(round(x, 1), y + 3, round(wd, 1), row_h - 8))
        else:
            parts.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{wd:.1f}" height="{row_h - 8}" '
                         f'fill="{COLORS[kind]}"/>')
        x += wd
    label = f"{f.percent_text}%"
    if f.open:
        label += " · " + f.open_text
    parts.append(f'<text x="{label_w + bar_w + 6}" y="{y + 15}" font-size="12">{e(label)}</text></g>')
    return "".join(parts)


def hatched(x: float, y: float, width: float, height: float) -> str:
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


def _crit_heads(s: SetSection, label_w: int, cell: int, top: int) -> list[str]:
    return [f'<text x="{label_w + j * cell + cell / 2}" y="{top - 8}" text-anchor="middle" font-size="10">'
            f'<title>{e(f.title)}</title>{e(f.code)}</text>' for j, f in enumerate(s.criteria)]


def heatmap_units(s: SetSection) -> str:
    """One square per unit and criterion, coloured by status, with its mark."""
    m = s.matrix
    first, name = m.index("crit"), m.index("unit")
    cell, label_w, top = 18, 210, 24
    width = label_w + cell * len(s.criteria) + 10
    parts = [_svg(width, top + cell * s.units + 6)] + _crit_heads(s, label_w, cell, top)
    codes = [e(f.code) for f in s.criteria]
    made: dict[tuple[int, object], tuple[str, str, str]] = {}  # (criterion, mark) → its escaped words
    for i, row in enumerate(m.rows):
        y = top + i * cell
        unit = e(row[name].text)
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end" font-size="11">'
                     f'<title>{unit}</title>{e(short(row[name].text))}</text>')
        for j in range(len(codes)):
            mk = row[first + j]
            if mk.status is None:
                break
            x = label_w + j * cell
            words = made.get((j, mk))
            if words is None:
                words = made[(j, mk)] = (f' — {codes[j]}: {e(mk.label)}</title>', f'fill="{COLORS.get(mk.status, "#000")}"/>',
                                         f'fill="{"#000" if mk.status == "missing" else "#fff"}">{e(mk.text)}</text></g>')
            parts.append(f'<g><title>{unit}{words[0]}'
                         f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" {words[1]}'
                         f'<text x="{x + (cell - 2) / 2}" y="{y + 12}" text-anchor="middle" font-size="10" {words[2]}')
    parts.append("</svg>\n")
    return "".join(parts)


def heatmap_districts(s: SetSection, by_district: Table | None) -> str:
    """One cell per district and criterion: the share of its units meeting it, red to green;
    grey with "—" where none of its units could be decided. (No districts: an empty chart.)"""
    cell, label_w, top = 34, 210, 24
    width = label_w + cell * len(s.criteria) + 10
    size = by_district.size if by_district is not None else 0
    parts = [_svg(width, top + 20 * size + 6)] + _crit_heads(s, label_w, cell, top)
    if by_district is None:
        return "".join(parts) + "</svg>\n"
    first, name, parent = by_district.index("crit"), by_district.index("name"), by_district.index("parent")
    for i, row in enumerate(by_district.rows):
        y = top + i * 20
        dist, prov = row[name].text, row[parent].text
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" font-size="11">'
                     f'<title>{e(dist)} {e(prov)}</title>{e(short(dist))}</text>')
        for j, f in enumerate(s.criteria):
            x, share = label_w + j * cell, row[first + j]
            if share.value is None:  # nobody met or failed it here: grey, not a red 0%
                parts.append(f'<g><title>{e(dist)} — {e(f.code)}: —</title>'
                             f'<rect x="{x}" y="{y}" width="{cell - 2}" height="18" fill="{COLORS["not_applicable"]}"/>'
                             f'<text x="{x + (cell - 2) / 2}" y="{y + 13}" text-anchor="middle" font-size="9" '
                             f'fill="#fff">—</text></g>')
                continue
            parts.append(f'<g><title>{e(dist)} — {e(f.code)}: {e(share.text)}%</title>'
                         f'<rect x="{x}" y="{y}" width="{cell - 2}" height="18" fill="{ramp(share.value)}"/>'
                         f'<text x="{x + (cell - 2) / 2}" y="{y + 13}" text-anchor="middle" font-size="9" '
                         f'fill="#fff">{e(share.text)}</text></g>')
    parts.append("</svg>\n")
    return "".join(parts)


def ramp(p: float) -> str:
    """0% → red, 100% → green."""
    a, b = (0xC6, 0x28, 0x28), (0x2E, 0x7D, 0x32)
    f = max(0.0, min(1.0, p / 100))
    return "#" + "".join(f"{round(x + (y - x) * f):02x}" for x, y in zip(a, b))
