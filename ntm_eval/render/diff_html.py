"""`diff --format html`: ONE self-contained page — no script, no external asset or request (a
Content-Security-Policy says so to the browser), print-friendly CSS. It walks the same outline as
the text report (render/diff.outline), then gives the per-criterion shares of each set and the
units' table of the CSV. Every string from the data or the criteria files goes through
`html.escape`."""

from __future__ import annotations

from html import escape
from typing import IO, Any, Iterable

from ntm_eval.core.diff import DiffReport
from ntm_eval.messages import lang_index, t
from ntm_eval.render.common import fmt_num
from ntm_eval.render.diff import UNIT_COLUMNS, outline, set_title, share_rows, unit_rows

CSS = """
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif; margin: 1.5rem;
       color: #1b1b1b; line-height: 1.4; font-size: 15px; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; } h2 { font-size: 1.25rem; margin-top: 1.8rem; border-bottom: 2px solid #333; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
table { border-collapse: collapse; margin: .4rem 0 1rem; font-size: .85rem; }
th, td { border: 1px solid #ccc; padding: .15rem .4rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.num { text-align: right; white-space: nowrap; }
td.up { color: #2e7d32; } td.down { color: #c62828; font-weight: bold; }
p.result { font-weight: bold; }
footer { margin-top: 2rem; color: #777; font-size: .8rem; }
@page { size: A4 landscape; margin: 12mm; }
@media print { body { margin: 0; font-size: 10pt; } table { font-size: 8pt; }
  thead { display: table-header-group; } tr { break-inside: avoid; } }
"""

CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'; base-uri 'none'; "
       "form-action 'none'")
NUMERIC = {"diff.col.old_year", "diff.col.new_year", "diff.col.old_met", "diff.col.new_met", "batch.col.total"}


def e(v: Any) -> str:
    return escape("" if v is None else str(v), quote=True)


def render_html(r: DiffReport, out: IO[str], lang: str) -> None:
    w = out.write
    title = t("diff.title", lang)
    w("<!DOCTYPE html>\n")
    w(f'<html lang="{("vi", "en")[lang_index(lang)]}"><head><meta charset="utf-8">\n')
    w(f'<meta http-equiv="Content-Security-Policy" content="{e(CSP)}">\n')
    w('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    w(f"<title>{e(title)} — {e(r.old_input)} → {e(r.new_input)}</title>\n<style>{CSS}</style></head><body>\n")
    _outline(w, r, lang)
    if not r.single:
        for ch in r.sets:
            _shares(w, ch, lang)
    _table(w, t("diff.table.units", lang), [t(k, lang) for k in UNIT_COLUMNS],
           ([f'<td class="num">{e(v)}</td>' if k in NUMERIC else f"<td>{e(v)}</td>" for k, v in zip(UNIT_COLUMNS, row)]
            for row in unit_rows(r, lang)))
    w("</body></html>\n")


def _outline(w, r: DiffReport, lang: str) -> None:
    """title → h1, h → h2, p → p, li → a list item, li2 → an item of a list inside the last one."""
    depth = 0  # 0: no list open, 1: an item of the outer list open, 2: the inner list open too
    items = list(outline(r, lang))
    last_p = max((k for k, (kind, _) in enumerate(items) if kind == "p"), default=-1)
    for k, (kind, text) in enumerate(items):
        if kind == "li":
            if depth == 2:
                w("</ul>")
            if depth:
                w("</li>\n")
            else:
                w("<ul>\n")
            w(f"<li>{e(text)}")
            depth = 1
        elif kind == "li2":
            if depth == 0:
                w("<ul>\n<li>")
            if depth < 2:
                w("<ul>")
            w(f"<li>{e(text)}</li>")
            depth = 2
        else:
            w(("</ul>" if depth == 2 else "") + ("</li>\n</ul>\n" if depth else ""))
            depth = 0
            if kind == "title":
                w(f"<header><h1>{e(text)}</h1></header>\n")
            elif kind == "h":
                w(f"<h2>{e(text)}</h2>\n")
            else:  # the last paragraph is the result: lost criteria or none
                w(f'<p class="result">{e(text)}</p>\n' if k == last_p else f"<p>{e(text)}</p>\n")
    w(("</ul>" if depth == 2 else "") + ("</li>\n</ul>\n" if depth else ""))


def _shares(w, ch, lang: str) -> None:
    def pct(x: float | None) -> str:
        return "—" if x is None else fmt_num(x, lang, 1) + "%"

    rows = []
    for cid, title, a, b, d in share_rows(ch, lang):
        cls = "num" + (" up" if d and d > 1e-9 else " down" if d and d < -1e-9 else "")
        delta = "" if d is None else ("+" if d > 1e-9 else "−" if d < -1e-9 else "±") + fmt_num(abs(d), lang, 1)
        rows.append([f"<td>{e(cid)}</td>", f"<td>{e(title)}</td>", f'<td class="num">{e(pct(a))}</td>',
                     f'<td class="num">{e(pct(b))}</td>', f'<td class="{cls}">{e(delta)}</td>'])
    head = [t(k, lang) for k in ("batch.col.criterion", "batch.col.title", "diff.col.old_share",
                                 "diff.col.new_share", "diff.col.share_change")]
    _table(w, t("diff.table.shares", lang, title=set_title(ch.shape, lang), id=ch.shape.id), head, rows)


def _table(w, title: str, head: list[str], rows: Iterable[list[str]]) -> None:
    """A `<table>`: `head` is plain text (escaped here), each row's cells already escaped `<td>`s."""
    w(f"<h3>{e(title)}</h3>\n<table><thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr></thead><tbody>\n")
    for row in rows:
        w("<tr>" + "".join(row) + "</tr>\n")
    w("</tbody></table>\n")
