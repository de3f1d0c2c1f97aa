"""Writers of `ntm-eval new-set`: the provincial set as YAML (a scaffold with `unknown` where the
province must write, or filled from a workbook) and the same scaffold as an XLSX workbook to fill
in Excel (layout in load/setsheet.py). Never evaluates: the plan (run/newset.py) says it all."""

from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING, Any

from ntm_eval.load.setsheet import COLUMNS, FILL_IN, INFO_SHEET, META, META_TITLE, SHEET, letter
from ntm_eval.messages import t

if TYPE_CHECKING:
    from ntm_eval.run.newset import Entry, Plan

SOURCE_KEY = "qd_tinh"
SYM = {">=": "≥", "<=": "≤", "=": "="}


def q(s: Any) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(str(s), ensure_ascii=False)


def one_line(s: str | None) -> str:
    return " ".join(str(s or "").split())


def _class_text(plan: "Plan") -> str:
    if plan.klass is None:
        return ""
    label = f" ({plan.klass_label})" if plan.klass_label else ""
    return f"{plan.klass_key} {plan.klass}{label}"


# --- YAML ------------------------------------------------------------------------------------
def province_yaml(p) -> str:
    """`province: {code: "12", name: Lai Châu}` (+ `merged_into` for a province merged in 2025)."""
    into = f", merged_into: {{code: {q(p.merged_into.code)}, name: {q(p.merged_into.name)}}}" if p.merged_into else ""
    return f"province: {{code: {q(p.code)}, name: {q(p.name)}{into}}}"


def yaml_text(plan: "Plan", lang: str = "vi") -> str:
    """The set as YAML. Unfilled values are `unknown`, so the scaffold validates as written."""
    filled = any(e.values for e in plan.entries)
    years = ", ".join(map(str, plan.years))
    out = [
        "# " + t("newset.y.head", lang, parent=plan.parent_id, klass=_class_text(plan), years=years),
        "# " + t("newset.y.made_from_xlsx" if filled else "newset.y.made", lang),
        "# " + t("newset.y.merge", lang),
    ]
    if not filled:
        out += [
            *("# " + line for line in t("newset.y.how", lang).split("\n")),
        ]
    out += [
        "schema_version: 1",
        f"id: {q(plan.id)}",
        f"extends: {q(plan.parent_id)}",
        f"title: {q(plan.title)}",
        f"status: {plan.status}",
        *([province_yaml(plan.province)] if getattr(plan, "province", None) is not None else []),
        f"years: [{years}]",
        f"source: {SOURCE_KEY}",
        f"confidence: {plan.confidence}",
    ]
    if plan.source.get("note"):
        out.append(f"note: {q(plan.source['note'])}")
    src = plan.source
    out += ["sources:", f"  {SOURCE_KEY}:"]
    if src.get("document"):
        out.append(f"    document: {q(src['document'])}")
    else:
        out.append(f"    document: {q(t('newset.y.doc_placeholder', lang))}   # {t('newset.y.doc', lang)}")
    if src.get("date"):
        out.append(f"    date: {q(src['date'])}")
    else:
        out.append(f'    # date: "YYYY-MM-DD"   # {t("newset.y.date", lang)}')
    if src.get("part"):
        out.append(f"    part: {q(src['part'])}")
    else:
        out.append(f'    # part: "…"   # {t("newset.y.part", lang)}')
    if src.get("issuer"):
        out.append(f"    issuer: {q(src['issuer'])}")
    if plan.skipped:
        out.append("# " + t("newset.y.skipped", lang, ids=", ".join(plan.skipped)))
    out.append("criteria:")
    current = None
    for e in plan.entries:
        if e.criterion != current:
            current = e.criterion
            out.append(f"  - id: {q(e.criterion)}   # {one_line(e.criterion_title)}")
            out.append("    indicators:")
        out += _entry(e, plan, lang)
    return "\n".join(out) + "\n"


def _entry(e: "Entry", plan: "Plan", lang: str) -> list[str]:
    unit = t("newset.y.unit", lang, unit=e.unit) if e.unit else ""
    parent = "; ".join(f"{y}: {e.parent_text(y, lang)}" for y in plan.years)
    lines = [f"      - id: {q(e.id)}",
             f"        # {one_line(e.title)}{unit}",
             "        # " + t("newset.y.parent", lang, klass=plan.klass or "-", values=parent)
             + (t("newset.y.added", lang) if e.added else "")]
    missing = [y for y in plan.years if y not in e.values]
    if missing:
        what = t("newset.y.what_yes_no", lang) if e.type == "yes_no" else t(
            "newset.y.what_number", lang, unit=f" ({e.unit})" if e.unit else "")
        lines.append("        # " + t("newset.y.fill", lang, years=", ".join(map(str, missing)), what=what))
    lines.append(f"        type: {e.type}")
    ops = {op for op, _ in e.values.values()}
    op = ops.pop() if len(ops) == 1 else (e.op or ("=" if e.type == "yes_no" else "unknown"))
    lines += ["        threshold:", f"          op: {q(op)}", "          value:", "            by_year:"]
    for y in plan.years:
        lines.append(f"              {y}: {e.values[y][1] if y in e.values else 'unknown'}")
    docs = list(dict.fromkeys(e.documents[y] for y in plan.years if y in e.documents))
    if docs and docs != [plan.source.get("document")]:
        lines.append(f"          source: {{document: {q('; '.join(docs))}}}")
    else:
        lines.append(f"          source: {SOURCE_KEY}")
    lines.append(f"          confidence: {plan.confidence}")
    notes = [f"{y}: {e.notes[y]}" for y in plan.years if y in e.notes]
    if notes:
        lines.append(f"          note: {q('; '.join(notes))}")
    return lines


# --- XLSX ------------------------------------------------------------------------------------


def write_xlsx(plan: "Plan", fh: IO[bytes]) -> None:
    """The scaffold as a workbook: the “Ngưỡng” sheet to fill, the “Hướng dẫn” sheet with the
    instructions and the set's metadata. Both sheets protected, fill-in cells unlocked."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    _threshold_sheet(ws, plan)
    _info_sheet(wb.create_sheet(INFO_SHEET), plan)
    wb.save(fh)


def _threshold_sheet(ws: Any, plan: "Plan") -> None:
    """The “Ngưỡng” sheet: one row per indicator and year, the fill-in cells unlocked."""
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    grey = PatternFill("solid", fgColor="E7E6E6")
    head = PatternFill("solid", fgColor="BDD7EE")
    unlocked = Protection(locked=False)
    for n, (_, header) in enumerate(COLUMNS, start=1):
        c = ws.cell(row=1, column=n, value=header)
        c.data_type = "s"
        c.font = Font(bold=True)
        c.fill = head
        c.alignment = Alignment(wrap_text=True, vertical="top")
    r = 1
    for e in plan.entries:
        for y in plan.years:
            r += 1
            op = e.values[y][0] if y in e.values else (e.op or ("=" if e.type == "yes_no" else None))
            row = {"id": e.id, "title": one_line(e.title), "unit": e.unit or (t("newset.x.yes_no", "vi") if e.type == "yes_no" else ""),
                   "op": SYM.get(op or "", ""), "value": e.values[y][1] if y in e.values else None, "year": y,
                   "document": e.documents.get(y), "note": e.notes.get(y), "parent": e.parent_text(y, "vi")}
            for n, (key, _) in enumerate(COLUMNS, start=1):
                c = ws.cell(row=r, column=n, value=row[key])
                if key in ("id", "value", "document", "note", "title", "unit", "parent"):
                    c.number_format = "@"  # text: 17.10 stays 17.10, a mã never becomes a number
                    if c.value is not None:
                        c.data_type = "s"
                if key in FILL_IN:
                    c.protection = unlocked
                else:
                    c.fill = grey
                c.alignment = Alignment(wrap_text=key in ("title", "note"), vertical="top")
    widths = {"id": 14, "title": 60, "unit": 16, "op": 13, "value": 12, "year": 8, "document": 30, "note": 40,
              "parent": 22}
    for n, (key, _) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[letter(n)].width = widths[key]
    ws.freeze_panes = "A2"
    last = max(r, 2)
    dv = DataValidation(type="list", formula1='"≥,≤,="', allow_blank=True, showErrorMessage=True,
                        errorTitle=dict(COLUMNS)["op"], error=t("newset.x.op_error", "vi"))
    ws.add_data_validation(dv)
    op_col = letter([k for k, _ in COLUMNS].index("op") + 1)
    dv.add(f"{op_col}2:{op_col}{last}")
    _protect(ws)


def _info_sheet(info: Any, plan: "Plan") -> None:
    """The “Hướng dẫn” sheet: the instructions, then the set's metadata (some cells to fill)."""
    from openpyxl.styles import Font, PatternFill, Protection

    grey = PatternFill("solid", fgColor="E7E6E6")
    unlocked = Protection(locked=False)
    instructions = t("newset.x.instructions", "vi").split("\n")
    for n, line in enumerate(instructions, start=1):
        c = info.cell(row=n, column=1, value=line)
        if n == 1:
            c.font = Font(bold=True, size=13)
    r = len(instructions) + 2
    info.cell(row=r, column=1, value=META_TITLE).font = Font(bold=True)
    meta = {"id": plan.id, "parent": plan.parent_id, "region": plan.klass or "", "years": ", ".join(map(str, plan.years)),
            "title": plan.title, "document": plan.source.get("document", ""), "date": plan.source.get("date", ""),
            "part": plan.source.get("part", ""), "issuer": plan.source.get("issuer", ""), "status": plan.status,
            "confidence": plan.confidence, "note": plan.source.get("note", "")}
    for key, label, fill_in in META:
        r += 1
        info.cell(row=r, column=1, value=label).fill = grey
        c = info.cell(row=r, column=2, value=meta.get(key) or None)
        c.number_format = "@"
        if fill_in:
            c.protection = unlocked
        else:
            c.fill = grey
    if plan.klass_label:
        info.cell(row=len(instructions) + 5, column=3, value=plan.klass_label)
    info.column_dimensions["A"].width = 48
    info.column_dimensions["B"].width = 60
    info.column_dimensions["C"].width = 30
    _protect(info)


def _protect(ws: Any) -> None:
    """Sheet protection without a password: it prevents slips (typing over a legal wording), not
    a determined edit — reading back checks every cell anyway."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
