"""CSV/XLSX sheets with one row per unit → located `Doc`s that `data.read_unit` accepts.

A sheet is the batch form of a unit data file (docs/criteria-format.md §9): a header row names
the unit fields (English keys or the Vietnamese headers officials use: "Tên đơn vị", "Huyện",
"Vùng", "Năm", "Bộ tiêu chí", …) and one column per indicator, headed exactly by its id
("2.1", "17.10"). Each row becomes a `Doc` whose marks point every value at its cell, so that
errors read `sheet.csv:ROW:COL` (row 1 is the header; columns count from 1).

Cell conventions: an empty cell is missing data; "12/14" is counts (numerator/denominator);
everything else is passed on as written and checked by `data.bind` exactly as in a YAML file.

Headers are kept as text: a CSV header is text anyway; an XLSX header cell typed as a number
(17.1) is refused, because Excel has already dropped the trailing zero of "17.10".
Nothing here prints; problems are raised as `InputError`.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterator

from ntm_eval.errors import InputError, Problem
from ntm_eval.yamlload import MAX_BYTES, Doc, decode_bytes

SHEET_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm")

# normalised header → (section, field). Section "unit" fields go under `unit:`, "top" at top level.
_FIELDS: dict[str, tuple[str, str]] = {}


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFC", str(s)).strip().lower()
    s = re.sub(r"\s+", " ", s)
    return s.rstrip(":").strip()


def _fold(s: str) -> str:
    """Lower case without diacritics ("Tên đơn vị" → "ten don vi") for forgiving header matching."""
    s = _norm(s).replace("đ", "d")
    return "".join(ch for ch in unicodedata.normalize("NFD", s) if unicodedata.category(ch) != "Mn")


def _add(section: str, fld: str, *names: str) -> None:
    for n in (fld, f"{section}.{fld}" if section == "unit" else fld, *names):
        _FIELDS[_fold(n)] = (section, fld)


_add("unit", "name", "tên", "tên đơn vị", "đơn vị", "tên xã", "xã/thị trấn", "tên thôn", "tên huyện", "unit")
_add("unit", "code", "mã", "mã đơn vị", "mã xã", "mã đvhc")
_add("unit", "level", "cấp", "cấp đơn vị")
_add("unit", "commune", "xã", "thuộc xã")
_add("unit", "district", "huyện", "thuộc huyện", "huyện/thị xã", "huyện, thị xã")
_add("unit", "province", "tỉnh", "thuộc tỉnh", "tỉnh/thành phố", "tỉnh, thành phố")
_add("unit", "region", "vùng", "vùng kinh tế - xã hội", "vùng kt-xh")
_add("unit", "group", "nhóm xã", "nhóm")
_add("unit", "categories", "nhóm đặc thù", "phân loại", "loại xã", "diện")
_add("unit", "note", "ghi chú", "ghi chu")
_add("top", "year", "năm", "năm đánh giá")
_add("top", "date", "ngày đánh giá", "ngày")
_add("top", "criteria_set", "bộ tiêu chí", "mã bộ tiêu chí", "set")
# Row numbers officials put in the first column: read, never reported as unknown indicators.
_IGNORED = {_fold(x) for x in ("stt", "tt", "số tt", "số thứ tự", "#", "no", "no.")}

# Level names as officials write them → codes (unknown words go on to read_unit, which reports them).
_LEVELS = {_fold(k): v for k, v in {
    "xã": "xa", "thị trấn": "thi_tran", "phường": "phuong", "huyện": "huyen", "thị xã": "thi_xa",
    "tỉnh": "tinh", "thôn": "thon", "bản": "thon", "thôn, bản": "thon", "ấp": "thon", "xóm": "thon",
    "commune": "xa", "town": "thi_tran", "ward": "phuong", "district": "huyen", "province": "tinh",
    "village": "thon",
}.items()}

_COUNTS = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
_INT = re.compile(r"^\s*\d{4}(\.0+)?\s*$")


def is_sheet(path: str) -> bool:
    return os.path.isfile(path) and path.lower().endswith(SHEET_SUFFIXES)


@dataclass
class SheetRow:
    """One unit row, ready for `read_unit(row.doc)`."""

    row: int  # 1-based row number in the sheet
    doc: Doc

    @property
    def source(self) -> str:
        return f"{self.doc.path}:{self.row}"


def iter_rows(path: str) -> Iterator[SheetRow]:
    """Rows of a CSV/XLSX sheet as located docs. Raises InputError for a sheet that cannot be read
    at all (encoding, header); problems in a row's values are left to read_unit/bind."""
    cells = _xlsx_cells(path) if path.lower().endswith((".xlsx", ".xlsm")) else _csv_cells(path)
    header_row, header, rest = _find_header(path, cells)
    columns = _columns(path, header_row, header)
    for rownum, row in rest:
        doc = _row_doc(path, rownum, row, columns)
        if doc is not None:
            yield SheetRow(rownum, doc)


# --- reading cells -----------------------------------------------------------------------

def _csv_cells(path: str) -> Iterator[tuple[int, list[Any]]]:
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES * 5:
            raise InputError([Problem("file.too_large", path, params={"size": size, "limit": MAX_BYTES * 5})])
        with open(path, "rb") as fh:
            raw = fh.read()
    except FileNotFoundError:
        raise InputError([Problem("file.not_found", path)]) from None
    except PermissionError:
        raise InputError([Problem("file.unreadable", path)]) from None
    text = decode_bytes(raw, path)
    first = text.split("\n", 1)[0]
    # Excel in a locale with a decimal comma (vi-VN) writes ";"-separated CSV.
    delim = "\t" if path.lower().endswith(".tsv") or first.count("\t") > max(first.count(","), first.count(";")) \
        else ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    try:
        for n, row in enumerate(reader, start=1):
            yield n, row
    except csv.Error as exc:
        raise InputError([Problem("sheet.csv_error", path, reader.line_num, params={"detail": str(exc)})]) from None


def _xlsx_cells(path: str) -> Iterator[tuple[int, list[Any]]]:
    try:
        from openpyxl import load_workbook
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        raise InputError([Problem("sheet.no_openpyxl", path)]) from None
    if not os.path.isfile(path):
        raise InputError([Problem("file.not_found", path)])
    size = os.path.getsize(path)
    if size > MAX_BYTES * 5:
        raise InputError([Problem("file.too_large", path, params={"size": size, "limit": MAX_BYTES * 5})])
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except PermissionError:
        raise InputError([Problem("file.unreadable", path)]) from None
    except Exception as exc:  # untrusted input: whatever openpyxl/zipfile/XML raise becomes a located problem
        raise InputError([Problem("sheet.bad_xlsx", path, params={"detail": _detail(exc)})]) from None
    try:
        ws = wb.worksheets[0] if wb.worksheets else None
        if ws is None:
            return
        rows = ws.iter_rows(values_only=True)
        n = 0
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception as exc:
                raise InputError([Problem("sheet.bad_xlsx", path, n + 1, params={"detail": _detail(exc)})]) from None
            n += 1
            yield n, list(row)
    finally:
        wb.close()


def _detail(exc: BaseException) -> str:
    s = str(exc) or type(exc).__name__
    return s if len(s) <= 200 else s[:197] + "..."


# --- header ------------------------------------------------------------------------------

def _find_header(path: str, cells: Iterator[tuple[int, list[Any]]]
                 ) -> tuple[int, list[Any], Iterator[tuple[int, list[Any]]]]:
    """The header is the first row naming a unit field (title rows above it are skipped),
    looking at most 20 rows down; else the first non-empty row. Returns it and the rows after."""
    seen: list[tuple[int, list[Any]]] = []
    for n, row in cells:
        if all(_blank(c) for c in row):
            continue
        seen.append((n, row))
        if any(isinstance(c, str) and _fold(c) in _FIELDS for c in row):
            return n, row, iter(cells)
        if len(seen) >= 20:
            break
    if not seen:
        raise InputError([Problem("sheet.empty", path)])
    n, row = seen[0]

    def rest() -> Iterator[tuple[int, list[Any]]]:
        yield from seen[1:]
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
        return _LEVELS.get(_fold(s), s)
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
    if isinstance(v, bool) or isinstance(v, (int, float)):
        return v
    if hasattr(v, "isoformat"):  # a date typed into an indicator cell: let bind say it is not a number
        return v.isoformat()[:10]
    s = unicodedata.normalize("NFC", str(v)).strip()
    m = _COUNTS.match(s)
    if m:
        return {"numerator": int(m.group(1)), "denominator": int(m.group(2))}
    return s
