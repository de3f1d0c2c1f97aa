"""CSV/XLSX sheets with one row per unit → located `Doc`s that `data.read_unit` accepts.

A sheet is the batch form of a unit data file (docs/criteria-format.md §9): a header row names
the unit fields (English keys or the Vietnamese headers officials use: "Tên đơn vị", "Huyện",
"Vùng", "Năm", "Bộ tiêu chí", …) and one column per indicator, headed exactly by its id
("2.1", "17.10"). Each row becomes a `Doc` whose marks point every value at its cell, so that
errors read `sheet.csv:ROW:COL` (row 1 is the header; columns count from 1).

Cell conventions: an empty cell is missing data; "12/14" is counts (numerator/denominator);
everything else is passed on as written and checked by `data.bind` exactly as in a YAML file.
An XLSX number cell formatted as a percentage (Excel shows 93.4% and stores 0.934) is read as
the number shown (93.4), in every indicator column.

The header row is the first row with at least two recognised column names (title rows above
it are skipped); a CSV's delimiter (",", ";" or tab) is the one that best reveals such a row.
A column headed like an indicator id but empty in every row is reported by the batch once the
criteria sets are known (`SheetColumns`), since no row's data ever mentions it.

Headers are kept as text: a CSV header is text anyway; an XLSX header cell typed as a number
(17.1) is refused, because Excel has already dropped the trailing zero of "17.10".
Nothing here prints; problems are raised as `InputError`.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterator

from ntm_eval.vocab import level_code
from ntm_eval.errors import InputError, Problem
from ntm_eval.io.sheet_headers import FIELDS as _FIELDS, IGNORED as _IGNORED, header_key as _fold, recognised as _recognised
from ntm_eval.io.yamlload import MAX_BYTES, Doc, read_bytes, read_text

SHEET_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm")

_COUNTS = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
_INT = re.compile(r"^\s*\d{4}(\.0+)?\s*$")


@dataclass(frozen=True)
class SheetColumns:
    """Indicator-like columns of a sheet that are empty in every row (yielded after the rows):
    nothing in the data names them, so the batch checks them against the sets it met."""

    path: str
    header_row: int
    columns: tuple[tuple[int, str], ...]  # (1-based column, header text)


class _Percent(float):
    """A number from an XLSX cell formatted as a percentage: 0.934 shown as 93.4%."""


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

    @property
    def source(self) -> str:
        return f"{self.doc.path}:{self.row}"


def iter_rows(path: str) -> Iterator[SheetRow]:
    """Rows of a CSV/XLSX sheet as located docs. Raises InputError for a sheet that cannot be read
    at all (encoding, header); problems in a row's values are left to read_unit/bind."""
    for item in iter_sheet(path):
        if isinstance(item, SheetRow):
            yield item


def iter_sheet(path: str) -> Iterator[SheetRow | SheetColumns]:
    """`iter_rows`, then — when there are any — the indicator-like columns empty in every row."""
    xlsx = path.lower().endswith((".xlsx", ".xlsm"))
    cells = _xlsx_cells(path) if xlsx else _csv_cells(path)
    header_row, header, rest = _find_header(path, cells)
    columns = _columns(path, header_row, header)
    filled: set[str] = set()
    width = len(header)
    for rownum, row in rest:
        doc = _row_doc(path, rownum, row, columns)
        bad = () if xlsx else _row_problems(path, rownum, row, width)  # XLSX cells cannot misalign
        if bad:
            yield SheetRow(rownum, doc or Doc(path, {}, {(): (rownum, 1)}), bad)
        elif doc is not None:
            filled.update(doc.data["values"])
            yield SheetRow(rownum, doc)
    empty = tuple((c.index + 1, c.key) for c in columns
                  if c.section == "values" and c.key not in filled and looks_like_id(c.key))
    if empty:
        yield SheetColumns(path, header_row, empty)


# --- reading cells -----------------------------------------------------------------------

class _Spilled(list):
    """A CSV record whose quoted field ran past the end of its line into following lines that
    hold delimiters: most likely an unbalanced quote that swallowed other rows."""

    lines: tuple[int, int] = (0, 0)


def _csv_cells(path: str) -> Iterator[tuple[int, list[Any]]]:
    text = read_text(path, limit=MAX_BYTES * 5)
    delim = _delimiter(text, path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True)
    n = 0
    try:
        while True:
            first = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            n += 1
            if reader.line_num > first and any("\n" in c and delim in c for c in row):
                row = _Spilled(row)
                row.lines = (first, reader.line_num)
            yield n, row
    except csv.Error as exc:
        if "end of data" in str(exc):  # a quote opened on this row and never closed
            raise InputError([Problem("sheet.unclosed_quote", path, n + 1, params={"line": first})]) from None
        raise InputError([Problem("sheet.csv_error", path, n + 1, params={"detail": str(exc)})]) from None


def _row_problems(path: str, rownum: int, row: list[Any], width: int) -> tuple[Problem, ...]:
    """A CSV data row that cannot be read as it is: it swallowed other lines, or has more cells
    than there are headers (an unquoted decimal comma) or fewer (a cut row)."""
    if isinstance(row, _Spilled):
        return (Problem("sheet.spilled_quote", path, rownum, None,
                        {"first": row.lines[0], "last": row.lines[1]}),)
    if all(_blank(c) for c in row):
        return ()
    extra = [c for c in row[width:] if not _blank(c)]
    if extra:
        return (Problem("sheet.extra_cells", path, rownum, width + 1,
                        {"cells": len(row), "headers": width, "extra": "; ".join(str(c) for c in extra)[:80]}),)
    if len(row) < width:
        return (Problem("sheet.missing_cells", path, rownum, len(row) + 1, {"cells": len(row), "headers": width}),)
    return ()


_DELIMS = (";", ",", "\t")
_SNIFF_LINES = 30


def _delimiter(text: str, path: str) -> str:
    """The delimiter under which some of the first lines reads as a header (most recognised
    column names), so that a title row above the header — "BẢNG TỔNG HỢP …, NĂM 2024;;;" —
    does not decide it. Excel in a locale with a decimal comma (vi-VN) writes ";"."""
    if path.lower().endswith(".tsv"):
        return "\t"
    head = "\n".join(text.splitlines()[:_SNIFF_LINES])
    best, best_score = None, 0
    for d in _DELIMS:
        try:
            rows = list(csv.reader(io.StringIO(head, newline=""), delimiter=d))
        except csv.Error:
            continue
        score = max((_recognised(r) for r in rows), default=0)
        if score > best_score:
            best, best_score = d, score
    if best is not None:
        return best
    # nothing recognised (a sheet of indicator columns only): count delimiters on the first
    # line that has any
    for line in text.splitlines()[:_SNIFF_LINES]:
        counts = {d: line.count(d) for d in _DELIMS}
        if any(counts.values()):
            return max(_DELIMS, key=lambda d: (counts[d], d == ","))
    return ","


def _percent_format(fmt: Any) -> bool:
    """A number format that shows the value × 100 with "%" ("0.0%"), not a literal "%"
    in quotes or escaped ('0.0"%"', '0.0\\%')."""
    if not isinstance(fmt, str) or "%" not in fmt:
        return False
    bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", fmt)
    return "%" in bare


def _xlsx_cells(path: str) -> Iterator[tuple[int, list[Any]]]:
    try:
        from openpyxl import load_workbook
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        raise InputError([Problem("sheet.no_openpyxl", path)]) from None
    raw = read_bytes(path, limit=MAX_BYTES * 5)  # regular files only, bounded; noted as read
    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except PermissionError:
        raise InputError([Problem("file.unreadable", path)]) from None
    except Exception as exc:  # untrusted input: whatever openpyxl/zipfile/XML raise becomes a located problem
        raise InputError([Problem("sheet.bad_xlsx", path, params={"detail": _detail(exc)})]) from None
    try:
        ws = wb.worksheets[0] if wb.worksheets else None
        if ws is None:
            return
        rows = ws.iter_rows()
        n = 0
        while True:
            try:
                row = [_xlsx_value(c) for c in next(rows)]
            except StopIteration:
                return
            except Exception as exc:
                raise InputError([Problem("sheet.bad_xlsx", path, n + 1, params={"detail": _detail(exc)})]) from None
            n += 1
            yield n, row
    finally:
        wb.close()


def _xlsx_value(cell: Any) -> Any:
    v = getattr(cell, "value", None)
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return v
    if _percent_format(getattr(cell, "number_format", None)):
        return _Percent(v)
    return v


def _detail(exc: BaseException) -> str:
    s = str(exc) or type(exc).__name__
    return s if len(s) <= 200 else s[:197] + "..."


# --- header ------------------------------------------------------------------------------

HEADER_SCAN = 20  # non-empty rows looked at for the header


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


@dataclass(frozen=True)
class _Col:
    index: int  # 0-based
    section: str  # unit | top | values
    key: str


def _columns(path: str, header_row: int, header: list[Any]) -> list[_Col]:
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
        if f in _FIELDS:
            section, key = _FIELDS[f]
        else:
            section, key = "values", unicodedata.normalize("NFC", text)
        first = seen.get((section, key))
        if first is not None:
            problems.append(Problem("sheet.duplicate_header", path, header_row, i + 1,
                                    {"name": text, "first_col": first}))
            continue
        seen[(section, key)] = i + 1
        cols.append(_Col(i, section, key))
    if problems:
        raise InputError(problems)
    keys = {(c.section, c.key) for c in cols}
    if ("unit", "name") not in keys and ("unit", "commune") in keys:
        # A sheet of communes headed "Xã": that column names the unit itself.
        cols = [_Col(c.index, "unit", "name") if (c.section, c.key) == ("unit", "commune") else c for c in cols]
    if not any(c.section == "values" for c in cols):
        raise InputError([Problem("sheet.no_indicators", path, header_row, 1)])
    return cols


# --- rows --------------------------------------------------------------------------------

def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _row_doc(path: str, rownum: int, row: list[Any], columns: list[_Col]) -> Doc | None:
    unit: dict[str, Any] = {}
    top: dict[str, Any] = {}
    values: dict[str, Any] = {}
    marks: dict[tuple, tuple[int, int]] = {}
    any_value = False
    for col in columns:
        v = row[col.index] if col.index < len(row) else None
        if _blank(v):
            continue
        any_value = True
        cell = (rownum, col.index + 1)
        if col.section == "values":
            values[col.key] = _value_cell(v)
            marks[("values", col.key)] = cell
        elif col.section == "unit":
            unit[col.key] = _unit_cell(col.key, v)
            marks[("unit", col.key)] = cell
        else:
            top[col.key] = _top_cell(col.key, v)
            marks[(col.key,)] = cell
    if not any_value:
        return None  # an empty row (or only a row number): not a unit
    data: dict[str, Any] = {"unit": unit, **top, "values": values}
    marks.setdefault((), (rownum, 1))
    marks.setdefault(("unit",), (rownum, 1))
    marks.setdefault(("values",), (rownum, 1))
    key_marks = {k: v for k, v in marks.items() if k}
    return Doc(path, data, marks, key_marks)


def _text(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if hasattr(v, "isoformat"):
        return v.isoformat()[:10]
    return unicodedata.normalize("NFC", str(v)).strip()


def _unit_cell(key: str, v: Any) -> Any:
    s = _text(v)
    if key == "level":
        return level_code(s) or s
    if key == "categories":
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
    return _text(v)


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
