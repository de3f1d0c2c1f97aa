"""CSV/XLSX sheets with one row per unit → located `Doc`s that `data.read_unit` accepts.

A sheet is the batch form of a unit data file (docs/criteria-format.md §9): a header row names
the unit fields (English keys or the Vietnamese headers officials use: "Tên đơn vị", "Huyện",
"Vùng", "Năm", "Bộ tiêu chí", …) and one column per indicator, headed exactly by its id
("2.1", "17.10"). Each row becomes a `Doc` whose marks point every value at its cell, so that
errors read `sheet.csv:ROW:COL` (row 1 is the header; columns count from 1) — in an XLSX workbook
the cell as Excel names it, `bang.xlsx: ô F12` (`messages.problem_location`).

Cell conventions: an empty cell is missing data; "12/14" is counts (numerator/denominator);
everything else is passed on as written and checked by `data.bind` exactly as in a YAML file.
An XLSX number cell formatted as a percentage (Excel shows 93.4% and stores 0.934) is read as
the number shown (93.4), in every indicator column.

The header row is the first row with at least two recognised column names (title rows above
it are skipped); a CSV's delimiter (",", ";" or tab) is the one that best reveals such a row.
A column headed like an indicator id but empty in every row is reported by the batch once the
criteria sets are known (`SheetColumns`), since no row's data ever mentions it.

Criterion verdicts (issue 10): a column headed by a criterion in words — "TC1", "TC 1", "Tiêu
chí 1", "Tiêu chí số 1", "TC1 Quy hoạch", the batch output's own "TC1" (English "C1") — holds
Đạt/Chưa đạt for the whole criterion; a bare number ("10") may be criterion 10 or the indicator
"10", and the cell decides: Đạt/Chưa đạt is the criterion's verdict, anything else a value of
the indicator (checked by `bind`). Either way the verdict goes under the row's `criteria:`,
attested by the sheet itself (`document: "bang.csv, dòng 5"`, no `by`, so it is flagged
unsourced) unless the row names who attested it ("Đơn vị xác nhận", "Văn bản", "Ngày văn
bản"). The tool's own labels for an open criterion ("Thiếu dữ liệu", "Chưa có ngưỡng") are no
verdict. A "Số tiêu chí đạt" column (12, or 12/19) is the row's own count (`SheetRow.claimed`),
checked by the batch against the count the tool computes (`claimed_notes`).

An XLSX workbook is read from its first worksheet that has a header row (the tool's own batch
workbook: its "Ma trận" sheet), else from its first worksheet.

A data-entry workbook written by `ntm-eval template --format xlsx` has a second header row under
the first (each indicator's title, unit and threshold) whose first cell is "(mô tả)": that row is
skipped, as the first non-empty row after the header only.

Headers are kept as text: a CSV header is text anyway; an XLSX header cell typed as a number
(17.1) is refused, because Excel has already dropped the trailing zero of "17.10".
Nothing here prints; problems are raised as `InputError`.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any, Iterator

from ntm_eval.vocab import level_code
from ntm_eval.errors import InputError, Problem
from ntm_eval.io.sheet_cells import HEADER_SCAN, _blank, _csv_cells, _delimiter, _Percent, _row_problems, _text
from ntm_eval.io.sheet_cells import _xlsx_cells
from ntm_eval.io.sheet_headers import FIELDS as _FIELDS, IGNORED as _IGNORED, bare_number, criterion_header
from ntm_eval.io.sheet_headers import TEMPLATE_HEADERS, description_row
from ntm_eval.io.sheet_headers import header_key as _fold, recognised as _recognised
from ntm_eval.io.sheet_verdicts import Claimed, _claimed, _criteria, _open_cell, _verdict_word, claimed_notes
from ntm_eval.io.yamlload import Doc

__all__ = ["SHEET_SUFFIXES", "Claimed", "SheetColumns", "SheetRow", "claimed_notes", "iter_rows", "iter_sheet",
           "looks_like_id", "_delimiter"]

SHEET_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm")

_COUNTS = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
_INT = re.compile(r"^\s*\d{4}(\.0+)?\s*$")
# How officials write a date: 25/10/2024 (also 25-10-2024, 25.10.2024), "ngày 25 tháng 10 năm 2024"
_DMY = re.compile(r"^(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})$")
_DMY_WORDS = re.compile(r"^(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})$")


@dataclass(frozen=True)
class SheetColumns:
    """Indicator-like columns of a sheet that are empty in every row (yielded after the rows):
    nothing in the data names them, so the batch checks them against the sets it met."""

    path: str
    header_row: int
    columns: tuple[tuple[int, str], ...]  # (1-based column, header text)


@dataclass(frozen=True)
class _Layout:
    """Where each field of a sheet's rows is written: the column (1-based) of every unit field,
    indicator and criterion the header names, and each column's header as the user wrote it."""

    fields: dict[tuple, int]  # ("unit", "region") → 6, ("values", "2.1") → 9, ("criteria", "1") → 12
    attest: dict[str, int]  # "by" | "document" | "date" → column: every verdict of a row shares it
    headers: dict[int, str]  # column → header text ("Vùng")

    def column(self, path: tuple) -> int | None:
        """The column a value at `path` is written in (its field's, for a part of it), else None."""
        if len(path) >= 3 and path[0] == "criteria" and path[2] in self.attest:
            return self.attest[path[2]]
        for n in range(len(path), 0, -1):
            col = self.fields.get(path[:n])
            if col is not None:
                return col
        return None


@dataclass
class SheetDoc(Doc):
    """A sheet row's document: a problem about a value names the column as the user headed it
    ("cột “Vùng”: …", never the internal field “unit.region”) and stands at its cell, also when
    the cell is empty (a missing region is at the Vùng cell, not at the row's first cell)."""

    row: int = 0
    layout: _Layout | None = field(default=None, repr=False)

    def sub(self, base: tuple, data: Any) -> Doc:
        part = super().sub(base, data)
        layout = None
        if self.layout is not None:
            n = len(base)
            layout = _Layout({k[n:]: c for k, c in self.layout.fields.items() if k[:n] == tuple(base) and k[n:]},
                             self.layout.attest if tuple(base[:1]) != ("criteria",) else {},
                             self.layout.headers)
        return SheetDoc(part.path, part.data, part.marks, part.key_marks, part.root, part.lazy, self.row, layout)

    def problem(self, msg: str, path: tuple = (), key: bool = False, indicator: str | None = None,
                severity: str = "error", **params: Any) -> Problem:
        p = super().problem(msg, path, key, indicator, severity, **params)
        return p if self.layout is None else in_column(p, tuple(path), self.row, self.layout)


_MISSING_FIELD = {"data.no_class": lambda p: ("unit", p.params.get("key_name")), "data.no_year": lambda p: ("year",),
                  "units.region_spans": lambda p: ("unit", "region")}


def in_column(p: Problem, path: tuple, row: int, layout: _Layout) -> Problem:
    """A problem of a sheet row, at the cell of the column it is about and naming that column
    (the message's `.column` variant, when messages.py has one: "cột “Vùng”: …"); a field the
    sheet has no column for is said as a column to add (`.no_column`)."""
    from ntm_eval.messages import CATALOG

    if "variant" in p.params:
        return p
    missing = _MISSING_FIELD.get(p.key)
    field_path = missing(p) if missing is not None else path
    col = layout.column(field_path) if field_path else None
    if col is None:
        if missing is None:
            return p
        name = TEMPLATE_HEADERS.get(str(field_path[-1]), str(field_path[-1]))
        if f"{p.key}.no_column" not in CATALOG:
            return p
        return replace(p, line=row, col=None, params={**p.params, "variant": "no_column", "column": name})
    params = {**p.params, "column": layout.headers.get(col, "")}
    if f"{p.key}.column" in CATALOG:
        params["variant"] = "column"
    at = (p.line, p.col) if p.line == row and p.col == col else (row, col)  # an empty cell: still its cell
    return replace(p, line=at[0], col=at[1], params=params)


_ID_LIKE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._()-]{0,15}$")


def looks_like_id(text: str) -> bool:
    """"17.01", "2.1", "T7", "14.1.a": a header meant as an indicator id (not "Ghi chú")."""
    return bool(_ID_LIKE.match(text)) and any(ch.isdigit() for ch in text)


@dataclass
class SheetRow:
    """One unit row, ready for `read_unit(row.doc)` — unless the row itself could not be read
    (`problems`: a quote that runs into the next rows, more or fewer cells than headers)."""

    row: int  # 1-based row number in the sheet
    doc: Doc
    problems: tuple[Problem, ...] = ()
    claimed: Claimed | None = None  # the row's own count of criteria met, when the sheet has one

    @property
    def source(self) -> str:
        return f"{self.doc.path}:{self.row}"


def iter_rows(path: str, units_only: bool = False) -> Iterator[SheetRow]:
    """Rows of a CSV/XLSX sheet as located docs. Raises InputError for a sheet that cannot be read
    at all (encoding, header); problems in a row's values are left to read_unit/bind. With
    `units_only`, a sheet without indicator columns (a list of units: "Tên đơn vị", "Huyện") is read
    too (`template --members`)."""
    for item in iter_sheet(path, units_only):
        if isinstance(item, SheetRow):
            yield item


def iter_sheet(path: str, units_only: bool = False) -> Iterator[SheetRow | SheetColumns]:
    """`iter_rows`, then — when there are any — the indicator-like columns empty in every row."""
    xlsx = path.lower().endswith((".xlsx", ".xlsm"))
    cells = _xlsx_cells(path) if xlsx else _csv_cells(path)
    header_row, header, rest = _find_header(path, cells)
    columns = _columns(path, header_row, header, units_only)
    layout = _layout(columns)
    rest = _skip_description(rest)
    filled: set[int] = set()
    width = len(header)
    for rownum, row in rest:
        doc, claimed = _row_doc(path, rownum, row, columns, layout)
        bad = () if xlsx else _row_problems(path, rownum, row, width)  # XLSX cells cannot misalign
        if bad:
            yield SheetRow(rownum, doc or Doc(path, {}, {(): (rownum, 1)}), bad)
        elif doc is not None:
            filled.update(c.index for c in columns if c.index < len(row) and not _blank(row[c.index]))
            yield SheetRow(rownum, doc, claimed=claimed)
    # (a bare number is a criterion column as much as an indicator one: an empty one says nothing)
    empty = tuple((c.index + 1, c.key) for c in columns
                  if c.section == "values" and c.index not in filled and looks_like_id(c.key)
                  and not bare_number(c.key))
    if empty:
        yield SheetColumns(path, header_row, empty)


# --- header ------------------------------------------------------------------------------

def _find_header(path: str, cells: Iterator[tuple[int, list[Any]]]
                 ) -> tuple[int, list[Any], Iterator[tuple[int, list[Any]]]]:
    """The header is the first row with at least two recognised column names (title rows such
    as "BẢNG TỔNG HỢP …" or "Tỉnh: …" above it are skipped), looking at most 20 rows down; else
    the first row with one; else the first non-empty row. Returns it and the rows after it."""
    seen: list[tuple[int, list[Any]]] = []
    for n, row in cells:
        if all(_blank(c) for c in row):
            continue
        seen.append((n, row))
        if _recognised(row) >= 2:
            return n, row, iter(cells)
        if len(seen) >= HEADER_SCAN:
            break
    if not seen:
        raise InputError([Problem("sheet.empty", path)])
    k = next((i for i, (_, row) in enumerate(seen) if _recognised(row) >= 1), 0)
    n, row = seen[k]

    def rest() -> Iterator[tuple[int, list[Any]]]:
        yield from seen[k + 1:]
        yield from cells

    return n, row, rest()


def _skip_description(rows: Iterator[tuple[int, list[Any]]]) -> Iterator[tuple[int, list[Any]]]:
    """The rows after the header, without the data-entry template's description row (the first
    non-empty row, when its first cell is "(mô tả)": each indicator's title, unit, threshold)."""
    for n, row in rows:
        if all(_blank(c) for c in row):
            yield n, row
            continue
        if not description_row(row):
            yield n, row
        break
    yield from rows


@dataclass(frozen=True)
class _Col:
    index: int  # 0-based
    section: str  # unit | top | values | criteria | attest | claimed
    key: str
    crit: str | None = None  # a bare number ("10"): the criterion a Đạt/Chưa đạt cell of it decides
    header: str = ""  # as the user wrote it: "Vùng", "Ngày văn bản"


def _columns(path: str, header_row: int, header: list[Any], units_only: bool = False) -> list[_Col]:
    cols: list[_Col] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}
    for i, h in enumerate(header):
        if _blank(h):
            continue
        if isinstance(h, float):
            problems.append(Problem("sheet.numeric_header", path, header_row, i + 1, {"value": repr(h)}))
            continue
        text = str(h).strip()
        f = _fold(text)
        if f in _IGNORED:
            continue
        crit = None
        if f in _FIELDS:
            section, key = _FIELDS[f]
        elif criterion_header(text) is not None:
            section, key = "criteria", criterion_header(text)  # "TC1", "Tiêu chí số 1": never an indicator
        else:
            section, key = "values", unicodedata.normalize("NFC", text)
            crit = key if bare_number(key) else None
        first = seen.get((section, key))
        if first is not None:
            problems.append(Problem("sheet.duplicate_header", path, header_row, i + 1,
                                    {"name": text, "first_col": first}))
            continue
        seen[(section, key)] = i + 1
        cols.append(_Col(i, section, key, crit, text))
    if problems:
        raise InputError(problems)
    keys = {(c.section, c.key) for c in cols}
    if ("unit", "name") not in keys and ("unit", "commune") in keys:
        # A sheet of communes headed "Xã": that column names the unit itself.
        cols = [_Col(c.index, "unit", "name", header=c.header) if (c.section, c.key) == ("unit", "commune") else c
                for c in cols]
    # A bare "10" beside a "TC10" column is the indicator 10: the criterion has its own column.
    named = {c.key for c in cols if c.section == "criteria"}
    cols = [_Col(c.index, c.section, c.key, header=c.header) if c.crit is not None and str(int(c.crit)) in named
            else c for c in cols]
    if not units_only and not any(c.section in ("values", "criteria") for c in cols):
        raise InputError([Problem("sheet.no_indicators", path, header_row, 1)])
    return cols


def _layout(columns: list[_Col]) -> _Layout:
    fields: dict[tuple, int] = {}
    attest: dict[str, int] = {}
    for c in columns:
        col = c.index + 1
        if c.section == "unit":
            fields[("unit", c.key)] = col
        elif c.section == "top":
            fields[(c.key,)] = col
        elif c.section == "values":
            fields[("values", c.key)] = col
            if c.crit is not None:
                fields.setdefault(("criteria", c.crit), col)
        elif c.section == "criteria":
            fields[("criteria", c.key)] = col
        elif c.section == "attest":
            attest[c.key] = col
    return _Layout(fields, attest, {c.index + 1: c.header for c in columns})


# --- rows --------------------------------------------------------------------------------

def _row_doc(path: str, rownum: int, row: list[Any], columns: list[_Col], layout: _Layout | None = None
             ) -> tuple[Doc | None, Claimed | None]:
    unit: dict[str, Any] = {}
    top: dict[str, Any] = {}
    values: dict[str, Any] = {}
    verdicts: dict[str, tuple[Any, tuple[int, int]]] = {}
    attest: dict[str, tuple[str, tuple[int, int]]] = {}
    claimed: dict[str, tuple[Any, tuple[int, int]]] = {}
    marks: dict[tuple, tuple[int, int]] = {}
    any_value = False
    for col in columns:
        v = row[col.index] if col.index < len(row) else None
        if _blank(v):
            continue
        any_value = True
        cell = (rownum, col.index + 1)
        if col.section == "criteria":
            if not _open_cell(v, na=True):
                verdict = _verdict_word(v)
                verdicts[col.key] = (v if verdict is None else verdict, cell)  # bind names what is neither
        elif col.section == "values":
            verdict = _verdict_word(v) if col.crit is not None else None
            if verdict is not None:  # "10": Đạt → criterion 10's verdict; 33,9 → the indicator's value
                verdicts[col.crit] = (verdict, cell)
            elif col.crit is None or not _open_cell(v, na=False):
                values[col.key] = _value_cell(v)
                marks[("values", col.key)] = cell
        elif col.section == "attest":
            attest[col.key] = (_date_cell(v) if col.key == "date" else _text(v), cell)
        elif col.section == "claimed":
            claimed[col.key] = (v, cell)
        elif col.section == "unit":
            unit[col.key] = _unit_cell(col.key, v)
            marks[("unit", col.key)] = cell
        else:
            top[col.key] = _top_cell(col.key, v)
            marks[(col.key,)] = cell
    if not any_value:
        return None, None  # an empty row (or only a row number): not a unit
    data: dict[str, Any] = {"unit": unit, **top, "values": values}
    if verdicts:
        data["criteria"] = _criteria(path, rownum, verdicts, attest, marks)
    marks.setdefault((), (rownum, 1))
    marks.setdefault(("unit",), (rownum, 1))
    marks.setdefault(("values",), (rownum, 1))
    key_marks = {k: v for k, v in marks.items() if k}
    return SheetDoc(path, data, marks, key_marks, row=rownum, layout=layout), _claimed(path, claimed)



def _unit_cell(key: str, v: Any) -> Any:
    s = _text(v)
    if key == "level":
        return level_code(s) or s
    if key in ("categories", "merged_from"):
        return [c.strip() for c in re.split(r"[,;]", s) if c.strip()]
    return s


def _top_cell(key: str, v: Any) -> Any:
    if key == "year":
        if isinstance(v, bool):
            return v
        if isinstance(v, (int, float)) and float(v).is_integer():
            return int(v)
        s = _text(v)
        return int(float(s)) if _INT.match(s) else s
    if key == "date":
        return _date_cell(v)
    return _text(v)


def _date_cell(v: Any) -> str:
    """A date cell as the ISO date the data files use: an Excel date as it is; text written as
    officials write a date — day first: 25/10/2024, 25-10-2024, 25.10.2024, "ngày 25 tháng 10 năm
    2024" — read as 2024-10-25. Anything else (10/25/2024, 25/10/24, 31/02/2024) is left as written,
    for the check to refuse with the forms it takes."""
    s = _text(v)
    m = _DMY.match(s)
    if m is not None:
        d, mo, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
    else:
        m = _DMY_WORDS.match(_fold(s))
        if m is None:
            return s
        d, mo, y = (int(x) for x in m.groups())
    try:
        return datetime.date(y, mo, d).isoformat()
    except ValueError:
        return s


def _value_cell(v: Any) -> Any:
    if isinstance(v, _Percent):  # Excel shows 93.4% for 0.934: the value meant is 93.4
        x = round(float(v) * 100, 9)
        return int(x) if x.is_integer() else x
    if isinstance(v, bool) or isinstance(v, (int, float)):
        return v
    if hasattr(v, "isoformat"):  # a date typed into an indicator cell: let bind say it is not a number
        return v.isoformat()[:10]
    s = unicodedata.normalize("NFC", str(v)).strip()
    m = _COUNTS.match(s)
    if m:
        return {"numerator": int(m.group(1)), "denominator": int(m.group(2))}
    return s
