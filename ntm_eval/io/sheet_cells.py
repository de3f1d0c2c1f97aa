"""Reading a sheet's cells (part of `ntm_eval.io.sheet`): CSV records — the delimiter sniffed
from the first lines, a quote that spills into other rows, rows with more or fewer cells than
headers — and XLSX rows, a percent-formatted number kept as `_Percent`. Nothing here prints;
problems are raised as `InputError`.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from typing import Any, Iterator

from ntm_eval.errors import InputError, Problem
from ntm_eval.io.sheet_headers import recognised as _recognised
from ntm_eval.io.yamlload import MAX_BYTES, read_bytes, read_text

HEADER_SCAN = 20  # non-empty rows looked at for the header


class _Percent(float):
    """A number from an XLSX cell formatted as a percentage: 0.934 shown as 93.4%."""



def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _text(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if hasattr(v, "isoformat"):
        return v.isoformat()[:10]
    return unicodedata.normalize("NFC", str(v)).strip()


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
