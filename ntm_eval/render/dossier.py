"""The evidence dossier (`ntm-eval dossier`): table, Markdown, JSON. Reads `Dossier` records
(core/dossier.py); never evaluates."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from ntm_eval.core.dossier import CONDITIONS_REF, CONDITIONS_SOURCE
from ntm_eval.messages import status_label, t
from ntm_eval.vocab import level_label

if TYPE_CHECKING:
    from rich.console import Console

    from ntm_eval.core.dossier import Condition, Dossier, DossierCriterion, DossierItem, Lack
    from ntm_eval.model import Attestation


def _title(obj: Any, lang: str) -> str:
    return obj.title_en if lang == "en" and getattr(obj, "title_en", None) else obj.title


def unit_name(d: "Dossier") -> str:
    u = d.unit
    bits = [str(u.get("name") or d.file)] + [str(u[k]) for k in ("district", "province") if u.get(k)]
    return ", ".join(bits)


def head_lines(d: "Dossier", lang: str) -> list[str]:
    none = t("dossier.no_deadline", lang)
    return [
        t("dossier.title", lang, unit=unit_name(d)),
        t("dossier.set", lang, title=d.set_title_en if lang == "en" and d.set_title_en else d.set_title,
          set_id=d.set_id, year=d.year, date=d.date, status=status_label(d.status, lang)),
        t("dossier.deadlines", lang, evidence=d.evidence_deadline or none, appraisal=d.appraisal_deadline or none),
    ]


def attestation_text(att: "Attestation", lang: str) -> str:
    return t("dossier.att", lang, verdict=status_label("pass" if att.met else "fail", lang),
             by=att.by or t("dossier.unknown_by", lang), document=att.document or t("dossier.unknown_document", lang),
             date=att.date or t("dossier.unknown_date", lang))


def lack_text(x: "Lack", lang: str) -> str:
    return t(f"dossier.lack.{x.code}", lang, id=x.target, date=x.date, deadline=x.deadline)


def item_status(i: "DossierItem", lang: str) -> str:
    if i.via_criterion:
        return t("dossier.via_criterion", lang)
    return status_label(i.status, lang)


def item_given(i: "DossierItem", lang: str) -> list[str]:
    out = [f"• {e}" for e in i.evidence]
    out += ["• " + (t("dossier.att_key", lang, id=k) if k != i.id else "") + attestation_text(a, lang)
            for k, a in i.attestations]
    return out


def item_lacks(i: "DossierItem", lang: str) -> list[str]:
    if not i.met and i.status != "not_applicable":
        return [t("dossier.not_met", lang)]
    return [lack_text(x, lang) for x in i.lacks]


def criterion_line(c: "DossierCriterion", lang: str) -> str:
    return t("dossier.criterion", lang, id=c.id, title=_title(c, lang), status=status_label(c.status, lang))


def condition_lines(c: "Condition", lang: str) -> list[str]:
    lines = [f"{t('dossier.cond.' + c.key, lang)} — {t('dossier.cond.to_confirm', lang)}",
             t("dossier.cond.source", lang, point=c.point, quote=c.quote, ref=CONDITIONS_REF)]
    if c.key == "satisfaction":
        lines.append(t("dossier.cond.satisfaction_note", lang))
    if c.indicator:
        lines.append(t("dossier.cond.indicator", lang, id=c.indicator, status=status_label(c.indicator_status or "", lang)))
    return lines


def summary_line(d: "Dossier", lang: str) -> str:
    if d.complete:
        return t("dossier.complete", lang)
    return t("dossier.lacking", lang, lacks=len(d.lacks), not_met=len(d.not_met))


def conditions_head(d: "Dossier", lang: str) -> str:
    if d.conditions:
        return t("dossier.conditions", lang, source=CONDITIONS_SOURCE)
    return t("dossier.no_conditions", lang, level=level_label(str(d.unit.get("level") or ""), lang) or "?")


# --- table ---------------------------------------------------------------------------------

def render_table(d: "Dossier", con: "Console", lang: str = "vi") -> None:
    from rich.table import Table
    from rich.text import Text

    head = head_lines(d, lang)
    con.print(Text(head[0], style="bold"))
    for line in head[1:]:
        con.print(line, markup=False)
    for c in d.criteria:
        con.print()
        con.print(Text(criterion_line(c, lang), style="bold"))
        if c.attestation is not None:
            con.print(t("dossier.criterion_att", lang, text=attestation_text(c.attestation, lang)), markup=False)
        for x in c.lacks:
            con.print(Text("  ✗ " + lack_text(x, lang), style="red"))
        table = Table(show_lines=False)
        for col in ("id", "status", "agency", "evidence", "lacks"):
            table.add_column(t(f"dossier.col.{col}", lang), overflow="fold")
        for i in c.items:
            lacks = item_lacks(i, lang)
            table.add_row(Text(i.id), Text(item_status(i, lang)), Text(i.agency or ""),
                          Text("\n".join(item_given(i, lang)) or "—"),
                          Text("\n".join(lacks) or "✓", style="red" if lacks else "green"))
        con.print(table)
    con.print()
    con.print(Text(conditions_head(d, lang), style="bold"))
    for c in d.conditions:
        lines = condition_lines(c, lang)
        con.print("☐ " + lines[0], markup=False)
        for line in lines[1:]:
            con.print("   " + line, markup=False)
    con.print()
    con.print(Text(summary_line(d, lang), style="bold green" if d.complete else "bold red"))


def render_tables(dossiers: list["Dossier"], con: "Console", lang: str = "vi") -> None:
    for n, d in enumerate(dossiers):
        if n:
            con.print()
        render_table(d, con, lang)


# --- Markdown ------------------------------------------------------------------------------

def _md(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def render_md(d: "Dossier", fh: IO[str], lang: str = "vi") -> None:
    head = head_lines(d, lang)
    fh.write(f"# {_md(head[0])}\n\n")
    for line in head[1:]:
        fh.write(f"{_md(line)}  \n")
    fh.write(f"\n**{_md(summary_line(d, lang))}**\n")
    for c in d.criteria:
        fh.write(f"\n## {_md(criterion_line(c, lang))}\n\n")
        if c.attestation is not None:
            fh.write(_md(t("dossier.criterion_att", lang, text=attestation_text(c.attestation, lang))) + "\n\n")
        for x in c.lacks:
            fh.write(f"- ✗ {_md(lack_text(x, lang))}\n")
        if c.lacks:
            fh.write("\n")
        cols = ("id", "status", "agency", "evidence", "lacks")
        fh.write("| " + " | ".join(t(f"dossier.col.{x}", lang) for x in cols) + " |\n")
        fh.write("|" + "|".join("---" for _ in cols) + "|\n")
        for i in c.items:
            given = "<br>".join(_md(x) for x in item_given(i, lang)) or "—"
            lacks = "<br>".join(_md(x) for x in item_lacks(i, lang)) or "✓"
            fh.write(f"| {_md(i.id)} | {_md(item_status(i, lang))} | {_md(i.agency or '')} | {given} | {lacks} |\n")
    fh.write(f"\n## {_md(conditions_head(d, lang))}\n\n")
    for c in d.conditions:
        lines = condition_lines(c, lang)
        fh.write(f"- [ ] **{_md(lines[0])}**" + "".join(f"<br>{_md(x)}" for x in lines[1:]) + "\n")


# --- HTML ----------------------------------------------------------------------------------

CSS = ("body{font-family:system-ui,sans-serif;margin:1.5em;max-width:80em}table{border-collapse:collapse;"
       "width:100%;margin:.5em 0 1em}th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;"
       "vertical-align:top}th{background:#f3f3f3}.lack{color:#a00}.ok{color:#070}h2{font-size:1.1em}"
       "ul.conds{list-style:none;padding-left:0}ul.conds li{margin:.5em 0}")


def render_html(dossiers: list["Dossier"], fh: IO[str], lang: str = "vi") -> None:
    from html import escape as e

    w = fh.write
    title = t("dossier.title", lang, unit=", ".join(unit_name(d) for d in dossiers))
    w(f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{e(title)}</title>'
      f"<style>{CSS}</style></head><body>\n")
    cols = ("id", "status", "agency", "evidence", "lacks")
    for d in dossiers:
        head = head_lines(d, lang)
        w(f"<h1>{e(head[0])}</h1>\n" + "".join(f"<p>{e(x)}</p>\n" for x in head[1:]))
        w(f'<p class="{"ok" if d.complete else "lack"}"><b>{e(summary_line(d, lang))}</b></p>\n')
        for c in d.criteria:
            w(f"<h2>{e(criterion_line(c, lang))}</h2>\n")
            if c.attestation is not None:
                w(f"<p>{e(t('dossier.criterion_att', lang, text=attestation_text(c.attestation, lang)))}</p>\n")
            for x in c.lacks:
                w(f'<p class="lack">✗ {e(lack_text(x, lang))}</p>\n')
            w("<table><tr>" + "".join(f"<th>{e(t('dossier.col.' + x, lang))}</th>" for x in cols) + "</tr>\n")
            for i in c.items:
                lacks = item_lacks(i, lang)
                given = "<br>".join(e(x) for x in item_given(i, lang)) or "—"
                lk = "<br>".join(e(x) for x in lacks) or "✓"
                w(f"<tr><td>{e(i.id)}</td><td>{e(item_status(i, lang))}</td><td>{e(i.agency or '')}</td>"
                  f'<td>{given}</td><td class="{"lack" if lacks else "ok"}">{lk}</td></tr>\n')
            w("</table>\n")
        w(f"<h2>{e(conditions_head(d, lang))}</h2>\n<ul class=\"conds\">\n")
        for c in d.conditions:
            lines = condition_lines(c, lang)
            w(f"<li>☐ <b>{e(lines[0])}</b>" + "".join(f"<br>{e(x)}" for x in lines[1:]) + "</li>\n")
        w("</ul>\n")
    w("</body></html>\n")


# --- XLSX ----------------------------------------------------------------------------------

def render_xlsx(dossiers: list["Dossier"], out: IO[bytes], lang: str = "vi") -> None:
    """Two sheets: one row per indicator (and per criterion verdict), and the conditions."""
    import re

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    control = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
    bold = Font(bold=True)
    wb = Workbook(write_only=True)

    def sheet(title: str, widths: tuple[int, ...]):
        ws = wb.create_sheet(title=title[:31])
        for n, width in enumerate(widths):
            ws.column_dimensions[chr(65 + n)].width = width
        return ws

    def row(ws, values: list[Any], head: bool = False) -> None:
        cells = []
        for v in values:
            c = WriteOnlyCell(ws)
            c.value = control.sub(lambda m: f"\\x{ord(m.group()):02x}", v) if isinstance(v, str) else v
            if isinstance(v, str):
                c.data_type = "s"  # text, never a formula
            if head:
                c.font = bold
            cells.append(c)
        ws.append(cells)

    ws = sheet(t("dossier.col.evidence", lang), (28, 10, 14, 30, 34, 60, 60))
    row(ws, [t("dossier.col.unit", lang), t("dossier.col.criterion", lang), t("dossier.col.id", lang),
             t("dossier.col.status", lang), t("dossier.col.agency", lang), t("dossier.col.evidence", lang),
             t("dossier.col.lacks", lang)], head=True)
    for d in dossiers:
        name = unit_name(d)
        for c in d.criteria:
            if c.attestation is not None:
                row(ws, [name, c.id, "", status_label(c.status, lang), c.agency or "",
                         attestation_text(c.attestation, lang), "\n".join(lack_text(x, lang) for x in c.lacks)])
            for i in c.items:
                row(ws, [name, c.id, i.id, item_status(i, lang), i.agency or "", "\n".join(item_given(i, lang)),
                         "\n".join(item_lacks(i, lang))])
    ws = sheet(t("dossier.cond.to_confirm", lang), (28, 40, 100))
    row(ws, [t("dossier.col.unit", lang), t("dossier.col.condition", lang), t("dossier.col.source", lang)], head=True)
    for d in dossiers:
        for c in d.conditions:
            lines = condition_lines(c, lang)
            row(ws, [unit_name(d), lines[0], " · ".join(lines[1:])])
    wb.save(out)


# --- JSON and dispatch ---------------------------------------------------------------------

def as_json(dossiers: list["Dossier"]) -> str:
    from ntm_eval.render.jsonout import dumps

    items = [d.to_dict() for d in dossiers]
    return dumps(items[0] if len(items) == 1 else items)


def render_text(fmt: str, dossiers: list["Dossier"], fh: IO[str], lang: str = "vi") -> None:
    if fmt == "json":
        fh.write(as_json(dossiers) + "\n")
    elif fmt == "html":
        render_html(dossiers, fh, lang)
    elif fmt == "md":
        for n, d in enumerate(dossiers):
            if n:
                fh.write("\n---\n\n")
            render_md(d, fh, lang)
    else:  # a table written to a file
        from ntm_eval.render.table import console

        render_tables(dossiers, console(fh), lang)
