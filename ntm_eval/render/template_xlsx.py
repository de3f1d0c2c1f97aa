"""The data-entry workbook of `ntm-eval template SET --format xlsx`: what an official fills in
Excel and hands to `ntm-eval batch FILE.xlsx` as it is.

Sheet “Số liệu”: row 1 the headers, stored as text, exactly as `io/sheet_headers.py` reads them
(unit fields "STT", "Tên đơn vị", "Cấp", "Huyện", "Tỉnh", "Vùng"/"Nhóm xã", "Năm", "Bộ tiêu chí";
one column per indicator headed by its id, "17.10"; "TC1" … for the attested criterion verdicts;
"Đơn vị xác nhận", "Văn bản", "Ngày văn bản"); row 2 the description row, marked "(mô tả)" in its
first cell, that the reader skips (each indicator's title, unit and threshold, resolved for the
region/group and year as `template` YAML does); then one row per unit, names prefilled.
Drop-downs for Đạt/Chưa đạt, decimal 0–100 for percentages, whole numbers for counts, each with
an input message giving the threshold; frozen headers and name columns. Sheet “Hướng dẫn”: the
instructions. Every data string is written as text, never as a formula. Never evaluates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any

from ntm_eval.io.sheet_headers import COUNT_UNITS, DESCRIPTION_MARK, TEMPLATE_HEADERS as H, TEMPLATE_NOT_APPLICABLE
from ntm_eval.io.sheet_headers import TEMPLATE_YES_NO
from ntm_eval.messages import t
from ntm_eval.render.catalog import all_criteria, class_key_label, confidence_legend, coverage_text, threshold_text
from ntm_eval.vocab import level_label

FIRST_ROW = 3  # the first unit row (1: headers, 2: description)
SPARE_ROWS = 50  # rows below the units that keep the drop-downs and formats, for units added by hand
YES_NO = TEMPLATE_YES_NO


@dataclass
class Column:
    header: str
    kind: str  # index | text | year | class | yes_no | percent | counts | whole | number | verdict | date
    description: str = ""
    width: float = 12
    prompt: str = ""  # the input message (the threshold)
    title: str = ""  # the input message's title (the indicator id)
    choices: tuple[str, ...] = ()
    strict: bool = True  # a value outside the validation is refused (else only warned about)
    field: str | None = None  # the unit field prefilled in this column


def _one_line(s: Any) -> str:
    return " ".join(str(s or "").split())


def _title(x: dict[str, Any], lang: str) -> str:
    return _one_line(x.get("title_en") if lang == "en" and x.get("title_en") else x.get("title"))


def unit_columns(d: dict[str, Any], lang: str, categories: dict[str, str] | None,
                 fields: dict[str, dict[str, Any]] | None = None) -> list[Column]:
    """STT, name, the official code, level, district, province, the old communes merged
    (`fields`: run/template.unit_fields), region/group (drop-down of the set's codes),
    categories (when the set has any), year, set id."""
    fields = fields or {}
    cols = [Column(H["index"], "index", width=6),
            Column(H["name"], "text", t("tx.unit_col", lang), 26, field="name")]
    if "code" in fields:
        code = fields["code"]
        cols.append(Column(H["code"], "text", t("tx.code_col", lang, **code), 10, t("tx.code_prompt", lang, **code),
                           H["code"], field="code"))
    cols += [Column(H["level"], "text", "", 9, field="level"),
             Column(H["district"], "text", "", 16, field="district"),
             Column(H["province"], "text", "", 14, field="province")]
    if "merged_from" in fields:
        cols.append(Column(H["merged_from"], "text", t("tx.merged_col", lang), 20, field="merged_from"))
    cl = d.get("classification")
    if cl:
        key = cl["key"]
        choices = tuple(cl["values"])
        desc = "; ".join(f"{k}: {_one_line(v)}" for k, v in cl["values"].items())
        cols.append(Column(H["region" if key == "region" else "group"], "class", desc, 12,
                           t("tx.pick", lang), key, choices, field=key))
    if categories:
        cols.append(Column(H["categories"], "text", "; ".join(categories), 14, field="categories"))
    cols += [Column(H["year"], "year", "", 7, field="year"),
             Column(H["criteria_set"], "text", _title(d, lang), 24, field="criteria_set")]
    return cols


def indicator_column(ind: dict[str, Any], lang: str) -> Column:
    """One indicator: its id as header, its title · unit · threshold as description, and the
    validation its type calls for."""
    threshold = threshold_text(ind, lang, marks=True)
    bits = [f"{ind['id']}. {_title(ind, lang)}"]
    if ind.get("unit"):
        bits.append(t("tx.unit", lang, unit=ind["unit"]))
    bits.append(t("tx.threshold", lang, threshold=threshold))
    prompt = [t("tx.threshold", lang, threshold=threshold)]
    optional = bool(ind.get("optional"))
    if optional:
        bits.append(t("tx.optional", lang))
    col = Column(ind["id"], "number", " · ".join(bits), 13, title=ind["id"], strict=not optional)
    kind, unit = ind.get("type"), ind.get("unit")
    if kind == "yes_no":
        col.kind, col.choices = "yes_no", YES_NO + ((TEMPLATE_NOT_APPLICABLE,) if optional else ())
        prompt.append(t("tx.pick", lang))
    elif kind == "percent" and ind.get("counts_of"):
        col.kind = "counts"
        prompt += [t("tx.percent", lang), t("tx.counts", lang, counts_of=ind["counts_of"])]
    elif kind == "percent":
        col.kind = "percent"
        prompt.append(t("tx.percent", lang))
    elif unit in COUNT_UNITS:
        col.kind = "whole"
        prompt.append(t("tx.whole", lang))
    else:
        col.strict = False  # a figure such as "% so với bình quân toàn tỉnh" may be below 0
        prompt.append(t("tx.number", lang) + (f" ({unit})" if unit else ""))
    if optional:
        prompt.append(t("tx.optional", lang))
    col.prompt = "\n".join(prompt)
    return col


def criterion_columns(d: dict[str, Any], lang: str) -> list[Column]:
    """"TC1" … for the numbered criteria (a criterion named otherwise, "P", "T1", has no column the
    reader knows), then who attested the row's verdicts, in which document, on which date."""
    cols = [Column(f"TC{c['id']}", "verdict", t("tx.criterion_col", lang, id=c["id"], title=_title(c, lang)), 9,
                   t("tx.verdict_pick", lang), f"TC{c['id']}", YES_NO)
            for c in all_criteria(d) if str(c["id"]).isdigit()]
    if cols:
        cols += [Column(H["by"], "text", t("tx.by_col", lang), 24),
                 Column(H["document"], "text", t("tx.document_col", lang), 24),
                 Column(H["date"], "date", t("tx.date_col", lang), 13, t("tx.date_col", lang), H["date"][:32])]
    return cols


def columns(d: dict[str, Any], lang: str, categories: dict[str, str] | None = None,
            fields: dict[str, dict[str, Any]] | None = None) -> list[Column]:
    leaves = [p for c in all_criteria(d) for ind in c["indicators"] for p in (ind.get("parts") or [ind])]
    return [*unit_columns(d, lang, categories, fields), *(indicator_column(x, lang) for x in leaves),
            *criterion_columns(d, lang)]


def _prefill(col: Column, unit: Any, d: dict[str, Any], klass: str | None, n: int) -> Any:
    if col.kind == "index":
        return n
    if col.field == "year":
        return d["year"]
    if col.field == "criteria_set":
        return d["id"]
    if col.field == "level":
        return getattr(unit, "level", None) and level_label(unit.level, "vi") or level_label(d["level"], "vi")
    if col.field in ("region", "group"):
        return getattr(unit, col.field, None) or klass
    return getattr(unit, col.field, None) if col.field else None


def write_template(d: dict[str, Any], units: list[Any], fh: IO[bytes], lang: str = "vi", klass: str | None = None,
                   categories: dict[str, str] | None = None, file_name: str = "FILE.xlsx",
                   fields: dict[str, dict[str, Any]] | None = None) -> None:
    """The workbook: the data sheet, then the instructions. `units` have `.name` and optionally
    `.level`, `.district`, `.province`, `.region`, `.group`, `.code`, `.merged_from`; none gives
    one blank unit row. `fields`: the official-unit columns offered (run/template.unit_fields)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = t("tx.sheet", lang)
    cols = columns(d, lang, categories, fields)
    _headers(ws, cols, lang)
    rows = units or [None]
    for n, unit in enumerate(rows, start=1):
        for j, col in enumerate(cols, start=1):
            _cell(ws, FIRST_ROW + n - 1, j, col, _prefill(col, unit, d, klass, n))
    last = FIRST_ROW + len(rows) - 1 + SPARE_ROWS
    _formats(ws, cols, last)
    _validations(ws, cols, last, lang)
    name_col = next(j for j, c in enumerate(cols, start=1) if c.field == "name")
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=name_col + 1).coordinate  # headers + STT and name
    ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", ws.PAPERSIZE_A4
    ws.print_title_rows, ws.print_title_cols = "1:2", f"A:{ws.cell(row=1, column=name_col).column_letter}"
    _help_sheet(wb.create_sheet(t("tx.help_sheet", lang)), d, klass, lang, file_name)
    wb.active = 0
    wb.save(fh)


def _text_cell(cell: Any, value: Any) -> None:
    """A string stored as text: "17.10" stays 17.10 and "=1+1" is never a formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def _cell(ws: Any, row: int, col: int, spec: Column, value: Any) -> None:
    c = ws.cell(row=row, column=col)
    if value is None or value == "":
        return
    if spec.kind in ("index", "year"):
        c.value = value
    else:
        _text_cell(c, str(value))


def _headers(ws: Any, cols: list[Column], lang: str) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    head = PatternFill("solid", fgColor="BDD7EE")
    desc = PatternFill("solid", fgColor="EDEDED")
    for j, col in enumerate(cols, start=1):
        h = ws.cell(row=1, column=j)
        _text_cell(h, col.header)
        h.number_format = "@"
        h.font, h.fill = Font(bold=True), head
        h.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        dcell = ws.cell(row=2, column=j)
        _text_cell(dcell, DESCRIPTION_MARK[lang] if j == 1 else col.description or None)
        dcell.font, dcell.fill = Font(italic=True, size=9), desc
        dcell.alignment = Alignment(vertical="top", wrap_text=True)
        ws.column_dimensions[get_column_letter(j)].width = col.width
    ws.row_dimensions[2].height = 120


_FORMATS = {"index": "0", "year": "0", "whole": "0", "percent": "0.0#", "number": "0.0#"}


def _formats(ws: Any, cols: list[Column], last: int) -> None:
    """Number formats down every column's unit rows: text ("@") for names, ids, verdicts, dates
    and counts ("12/14" must never become a date), numbers for the rest."""
    for j, col in enumerate(cols, start=1):
        fmt = _FORMATS.get(col.kind, "@")
        for r in range(FIRST_ROW, last + 1):
            ws.cell(row=r, column=j).number_format = fmt


def _validations(ws: Any, cols: list[Column], last: int, lang: str) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for j, col in enumerate(cols, start=1):
        kw: dict[str, Any] = {}
        if col.choices:
            kw = {"type": "list", "formula1": '"' + ",".join(col.choices) + '"', "error": t("tx.bad_pick", lang)}
        elif col.kind == "percent":
            kw = {"type": "decimal", "operator": "between", "formula1": "0", "formula2": "100",
                  "error": t("tx.bad_percent", lang)}
        elif col.kind in ("whole", "number"):
            kw = {"type": "whole" if col.kind == "whole" else "decimal", "operator": "greaterThanOrEqual",
                  "formula1": "0", "error": t("tx.bad_number", lang)}
        elif col.kind == "year":
            kw = {"type": "whole", "operator": "between", "formula1": "1990", "formula2": "2100"}
        elif not col.prompt:
            continue
        dv = DataValidation(allow_blank=True, showInputMessage=bool(col.prompt), prompt=col.prompt[:255] or None,
                            promptTitle=col.title[:32] or None, showErrorMessage="type" in kw,
                            errorTitle=t("tx.bad_value", lang)[:32], errorStyle="stop" if col.strict else "warning",
                            **{k: (v[:255] if k == "error" else v) for k, v in kw.items()})
        ws.add_data_validation(dv)
        letter = get_column_letter(j)
        dv.add(f"{letter}{FIRST_ROW}:{letter}{last}")


def _help_sheet(ws: Any, d: dict[str, Any], klass: str | None, lang: str, file_name: str) -> None:
    from openpyxl.styles import Alignment, Font

    cl = d.get("classification")
    where = ""
    if cl:
        where = t("tx.class", lang, key=class_key_label(cl["key"], lang),
                  value=f"{klass} ({_one_line(cl['values'].get(klass))})") if klass else t("tx.no_class", lang)
    text = t("tx.help", lang, set_id=d["id"], title=_title(d, lang), year=d["year"], klass=where,
             sheet=t("tx.sheet", lang), file=file_name, coverage=coverage_text(d["coverage"], lang))
    lines = [*text.split("\n"), confidence_legend(lang)]
    if d.get("status") == "demo":
        lines.append(t("template.demo", lang))
    for n, line in enumerate(lines, start=1):
        c = ws.cell(row=n, column=1)
        _text_cell(c, line or None)
        c.alignment = Alignment(wrap_text=True, vertical="top")
        if n == 1:
            c.font = Font(bold=True, size=13)
    ws.column_dimensions["A"].width = 120


def yaml_unit_lines(fields: dict[str, dict[str, Any]], lang: str = "vi") -> list[str]:
    """The same official-unit fields for the YAML scaffold, commented out (the file stays valid as
    it is): `province`, `code` and, for a 51/2025 commune set, `merged_from`, each with its hint."""
    if not fields:
        return []
    lines = [f'  # province: ""  # {t("template.province", lang)}']
    if "code" in fields:
        lines.append(f'  # code: "{fields["code"]["example"]}"  # {t("template.code", lang, **fields["code"])}')
    if "merged_from" in fields:
        lines.append(f'  # merged_from: ["03412", "03413"]  # {t("template.merged_from", lang)}')
    return lines


def with_unit_lines(text: str, fields: dict[str, dict[str, Any]], lang: str = "vi") -> str:
    """The YAML scaffold (render/catalog.template_text) with `yaml_unit_lines` after the
    `unit:` block's `level:` line."""
    extra = yaml_unit_lines(fields, lang)
    if not extra:
        return text
    lines = text.split("\n")
    at = next((n for n, line in enumerate(lines) if line.startswith("  level:")), None)
    if at is None:
        at = next((n for n, line in enumerate(lines) if line == "unit:"), None)
    if at is None:
        return text
    return "\n".join(lines[:at + 1] + extra + lines[at + 1:])
