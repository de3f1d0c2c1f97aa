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

from ntm_eval.vocab import OPEN, level_code
from ntm_eval.errors import InputError, Problem
from ntm_eval.io.sheet_headers import FIELDS as _FIELDS, IGNORED as _IGNORED, bare_number, criterion_header
from ntm_eval.io.sheet_headers import header_key as _fold, recognised as _recognised
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


@dataclass(frozen=True)
class Claimed:
    """A row's own count of the criteria it meets ("Số tiêu chí đạt": 12 or 12/19; "Tổng số
    tiêu chí": 19), to be checked against the tool's count once the row is evaluated."""

    path: str
    met: int | None
    total: int | None
    met_cell: tuple[int, int] | None
    total_cell: tuple[int, int] | None
    problems: tuple[Problem, ...] = ()  # a count that cannot be read (warnings: nothing is lost)


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
    filled: set[int] = set()
    width = len(header)
    for rownum, row in rest:
        doc, claimed = _row_doc(path, rownum, row, columns)
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
        try:
            ws = _header_sheet(wb.worksheets)
        except Exception as exc:
            raise InputError([Problem("sheet.bad_xlsx", path, params={"detail": _detail(exc)})]) from None
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


def _header_sheet(sheets: list[Any]) -> Any:
    """The first worksheet with a header row (at least two recognised column names within its
    first rows), else the first: the tool's own workbook opens on a summary, its "Ma trận" sheet
    is the one with a row per unit."""
    if len(sheets) <= 1:
        return sheets[0] if sheets else None
    for ws in sheets:
        seen = 0
        for n, row in enumerate(ws.iter_rows(values_only=True)):
            if n >= 50 * HEADER_SCAN:  # a sheet of blank rows is not read to its end
                break
            if all(_blank(c) for c in row):
                continue
            if _recognised(list(row)) >= 2:
                return ws
            seen += 1
            if seen >= HEADER_SCAN:
                break
    return sheets[0]


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
    section: str  # unit | top | values | criteria | attest | claimed
    key: str
    crit: str | None = None  # a bare number ("10"): the criterion a Đạt/Chưa đạt cell of it decides


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
        cols.append(_Col(i, section, key, crit))
    if problems:
        raise InputError(problems)
    keys = {(c.section, c.key) for c in cols}
    if ("unit", "name") not in keys and ("unit", "commune") in keys:
        # A sheet of communes headed "Xã": that column names the unit itself.
        cols = [_Col(c.index, "unit", "name") if (c.section, c.key) == ("unit", "commune") else c for c in cols]
    # A bare "10" beside a "TC10" column is the indicator 10: the criterion has its own column.
    named = {c.key for c in cols if c.section == "criteria"}
    cols = [_Col(c.index, c.section, c.key) if c.crit is not None and str(int(c.crit)) in named else c
            for c in cols]
    if not any(c.section in ("values", "criteria") for c in cols):
        raise InputError([Problem("sheet.no_indicators", path, header_row, 1)])
    return cols


# --- rows --------------------------------------------------------------------------------

def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _row_doc(path: str, rownum: int, row: list[Any], columns: list[_Col]) -> tuple[Doc | None, Claimed | None]:
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
            attest[col.key] = (_text(v), cell)
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
    return Doc(path, data, marks, key_marks), _claimed(path, claimed)


def _criteria(path: str, rownum: int, verdicts: dict[str, tuple[Any, tuple[int, int]]],
              attest: dict[str, tuple[str, tuple[int, int]]], marks: dict[tuple, tuple[int, int]]) -> dict[str, Any]:
    """The row's `criteria:` — each verdict attested by the sheet itself ("bang.csv, dòng 5"),
    or by the row's "Đơn vị xác nhận" / "Văn bản" / "Ngày văn bản" when it has them."""
    here = f"{os.path.basename(path)}, dòng {rownum}"
    out: dict[str, Any] = {}
    for key, (verdict, cell) in verdicts.items():
        entry: dict[str, Any] = {"verdict": verdict}
        marks[("criteria", key)] = marks[("criteria", key, "verdict")] = cell
        for name in ("by", "document", "date"):
            if name in attest:
                entry[name] = attest[name][0]
                marks[("criteria", key, name)] = attest[name][1]
        if "document" not in entry:
            entry["document"] = here
            marks[("criteria", key, "document")] = cell
        else:
            entry["note"] = here
        out[key] = entry
    marks.setdefault(("criteria",), next(iter(verdicts.values()))[1])
    return out


# What a criterion cell may hold, folded ("Đạt" → "dat"); the tool's own labels in both languages.
_MET = {"dat", "dat chuan", "met"}
_NOT_MET = {"chua dat", "khong dat", "chua dat chuan", "khong dat chuan", "not met"}
_OPEN = {"thieu du lieu", "chua co nguong", "chua ket luan", "chua the ket luan", "no data", "no threshold",
         "undecided"}
_NOT_APPLICABLE = {"khong ap dung", "not applicable"}


def _verdict_word(v: Any) -> str | None:
    """"đạt" / "chưa đạt" for a cell that states a verdict in words ("Đạt", "Không đạt", "Met"),
    else None. (true/false and "x" are yes/no values of an indicator, not verdicts.)"""
    if not isinstance(v, str):
        return None
    f = _fold(v)
    return "đạt" if f in _MET else "chưa đạt" if f in _NOT_MET else None


def _open_cell(v: Any, na: bool) -> bool:
    """A criterion cell that gives no verdict: the tool's labels for an open criterion ("Thiếu
    dữ liệu", "Chưa có ngưỡng") and, where no indicator can mean it, "Không áp dụng"."""
    if not isinstance(v, str):
        return False
    f = _fold(v)
    return f in _OPEN or na and f in _NOT_APPLICABLE


_CLAIM = re.compile(r"^(\d{1,3})(?:\s*/\s*(\d{1,3}))?(?:\s*(?:tieu chi|tc))?$", re.ASCII)


def _claimed(path: str, cells: dict[str, tuple[Any, tuple[int, int]]]) -> Claimed | None:
    """The row's own count: "Số tiêu chí đạt" (12, "12/19", "12 tiêu chí") and "Tổng số tiêu chí"."""
    if not cells:
        return None
    got: dict[str, int | None] = {"met": None, "total": None}
    where: dict[str, tuple[int, int] | None] = {"met": None, "total": None}
    problems = []
    for key, (v, cell) in cells.items():
        n, d = _count(v)
        if n is None or key == "total" and d is not None:
            problems.append(Problem("sheet.bad_claimed", path, cell[0], cell[1], {"value": _text(v)[:40]},
                                    severity="warning"))
            continue
        got[key], where[key] = n, cell
        if d is not None and where["total"] is None:  # "12/19" in the count column
            got["total"], where["total"] = d, cell
    return Claimed(path, got["met"], got["total"], where["met"], where["total"], tuple(problems))


def _count(v: Any) -> tuple[int | None, int | None]:
    if isinstance(v, bool):
        return None, None
    if isinstance(v, (int, float)):
        return (int(v), None) if float(v).is_integer() and v >= 0 else (None, None)
    m = _CLAIM.match(_fold(_text(v)))
    if m is None:
        return None, None
    return int(m.group(1)), int(m.group(2)) if m.group(2) else None


def claimed_notes(claim: Claimed | None, row: Any) -> list[Problem]:
    """Warnings where a row's own count differs from the tool's (`row`: the batch's UnitRow,
    with `name`, `status`, `passed`, `total`, `statuses`, `set_id`), at the cell that states it; and for
    a count that could not be read. Nothing when the row could not be evaluated."""
    if claim is None:
        return []
    out = list(claim.problems)
    if row.status is None:
        return out
    params = {"name": row.name, "passed": row.passed, "total": row.total, "set_id": row.set_id}
    if claim.met is not None and claim.met != row.passed and claim.met_cell is not None:
        undecided = sum(1 for st in row.statuses if st in OPEN)
        extra = {"variant": "open", "open": undecided} if undecided else {}
        out.append(Problem("sheet.claimed_met", claim.path, *claim.met_cell, {**params, "claimed": claim.met, **extra},
                           severity="warning"))
    if claim.total is not None and claim.total != row.total and claim.total_cell is not None:
        out.append(Problem("sheet.claimed_total", claim.path, *claim.total_cell, {**params, "claimed": claim.total},
                           severity="warning"))
    return out


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
