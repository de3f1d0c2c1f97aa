"""The workbook of `ntm-eval new-set`: its layout (shared with render/newset.py, which writes it)
and reading a filled one back into rows of text, every cell located (sheet, `F12`).

Reading checks the form only — sheets present, header row as written (not merged, not moved),
no merged data cells; what the cells mean (an indicator of the parent, a year of the set, a
threshold of the right type) is checked in run/newset.py, which knows the parent set.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from ntm_eval.errors import InputError, Problem
from ntm_eval.io.yamlload import MAX_BYTES, read_bytes

SHEET = "Ngưỡng"          # one row per indicator × year
INFO_SHEET = "Hướng dẫn"  # instructions and the set's metadata

# (key, header as written in row 1); the order is the column order A, B, C …
COLUMNS = [
    ("id", "Mã chỉ tiêu"),
    ("title", "Nội dung chỉ tiêu (theo văn bản)"),
    ("unit", "Đơn vị"),
    ("op", "Phép so sánh"),
    ("value", "Ngưỡng"),
    ("year", "Năm"),
    ("document", "Văn bản"),
    ("note", "Ghi chú"),
    ("parent", "Ngưỡng bộ quốc gia (tham khảo)"),
]
FILL_IN = ("op", "value", "document", "note")  # the unlocked columns
META = [  # (key, label in column A of the metadata table, fill-in?)
    ("id", "Mã bộ tiêu chí (id)", False),
    ("parent", "Kế thừa bộ (extends)", False),
    ("region", "Vùng", False),
    ("years", "Các năm", False),
    ("title", "Tên bộ tiêu chí", True),
    ("document", "Văn bản ban hành (số, ký hiệu)", True),
    ("date", "Ngày ban hành (YYYY-MM-DD)", True),
    ("part", "Phụ lục", True),
    ("issuer", "Cơ quan ban hành", True),
    ("status", "Trạng thái (provincial / example)", True),
    ("confidence", "Độ tin cậy (primary / secondary / uncertain / demo)", True),
    ("note", "Ghi chú về bộ", True),
]
META_TITLE = "THÔNG TIN BỘ TIÊU CHÍ"


def letter(n: int) -> str:
    """1 → A, 27 → AA."""
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


COL = {key: letter(n) for n, (key, _) in enumerate(COLUMNS, start=1)}


def text(v: Any) -> str:
    """A cell as the text the official typed (numbers in their shortest form)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, _dt.datetime):
        return v.date().isoformat()
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    return re.sub(r"\s+", " ", str(v)).strip()


@dataclass
class CellRow:
    rownum: int
    cells: dict[str, str]

    def text(self, key: str) -> str:
        return self.cells.get(key, "")

    def cell(self, key: str) -> str:
        return f"{COL[key]}{self.rownum}"


@dataclass
class Sheet:
    path: str
    rows: list[CellRow] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    meta_cells: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, key: str, row: CellRow, col: str, indicator: str | None = None, **params: Any) -> Problem:
        header = dict(COLUMNS)[col]
        return Problem(key, self.path, indicator=indicator,
                       params={"sheet": SHEET, "cell": row.cell(col), "column": header, **params})

    def meta_problem(self, key: str, name: str, **params: Any) -> Problem:
        label = next(lbl for k, lbl, _ in META if k == name)
        return Problem(key, self.path, params={"sheet": INFO_SHEET, "cell": self.meta_cells.get(name, "B?"),
                                               "column": label, **params})


def _norm(s: Any) -> str:
    return re.sub(r"\s+", " ", str(s or "")).strip().lower()


def read_workbook(path: str) -> Sheet:
    """The rows and metadata of a filled workbook. Problems of form are collected in
    `Sheet.problems` (a bad header stops the rows being read); an unreadable file raises."""
    from openpyxl import load_workbook

    raw = read_bytes(path, limit=MAX_BYTES * 5)  # regular files only, bounded; noted as read
    try:
        wb = load_workbook(io.BytesIO(raw), data_only=True)
    except Exception as exc:  # untrusted input: whatever openpyxl/zipfile/XML raise is a problem
        detail = str(exc) or type(exc).__name__
        raise InputError([Problem("sheet.bad_xlsx", path, params={"detail": detail[:200]})]) from None
    sheet = Sheet(path)
    try:
        names = wb.sheetnames
        for name in (SHEET, INFO_SHEET):
            if name not in names:
                raise InputError([Problem("newset.no_sheet", path, params={"sheet": name,
                                                                            "sheets": ", ".join(names)})])
        _read_meta(wb[INFO_SHEET], sheet)
        if _read_header(wb[SHEET], sheet):
            _read_rows(wb[SHEET], sheet)
    finally:
        wb.close()
    return sheet


def _read_meta(ws: Any, sheet: Sheet) -> None:
    labels = {_norm(lbl): k for k, lbl, _ in META}
    for row in ws.iter_rows(min_col=1, max_col=2):
        a, b = row[0], row[1] if len(row) > 1 else None
        key = labels.get(_norm(a.value))
        if key is not None and key not in sheet.meta:
            sheet.meta[key] = text(b.value if b is not None else None)
            sheet.meta_cells[key] = f"B{a.row}"


def _read_header(ws: Any, sheet: Sheet) -> bool:
    """Row 1 as written: every header in its column, none merged. False: do not read the rows."""
    ok = True
    for rng in ws.merged_cells.ranges:
        if rng.min_row <= 1 <= rng.max_row:
            sheet.problems.append(Problem("newset.header_merged", sheet.path,
                                          params={"sheet": SHEET, "cell": rng.coord}))
            ok = False
    width = max(ws.max_column, len(COLUMNS))
    found = {_norm(ws.cell(row=1, column=n).value): n for n in range(width, 0, -1)}
    for n, (key, header) in enumerate(COLUMNS, start=1):
        got = ws.cell(row=1, column=n).value
        if _norm(got) == _norm(header):
            continue
        ok = False
        where = found.get(_norm(header))
        params = {"sheet": SHEET, "cell": f"{letter(n)}1", "header": header, "got": text(got)}
        if where is not None:
            sheet.problems.append(Problem("newset.header_moved", sheet.path,
                                          params={**params, "found": f"{letter(where)}1"}))
        else:
            sheet.problems.append(Problem("newset.header_missing", sheet.path, params=params))
    return ok


def _read_rows(ws: Any, sheet: Sheet) -> None:
    for rng in ws.merged_cells.ranges:
        if rng.max_row >= 2:
            sheet.problems.append(Problem("newset.cell_merged", sheet.path,
                                          params={"sheet": SHEET, "cell": rng.coord}))
    for r in range(2, ws.max_row + 1):
        cells = {key: text(ws.cell(row=r, column=n).value) for n, (key, _) in enumerate(COLUMNS, start=1)}
        if not any(cells[k] for k in ("id", "op", "value", "year", "document", "note")):
            continue
        sheet.rows.append(CellRow(r, cells))
