"""A plan kept in a CSV/XLSX sheet, one row per target with Vietnamese headers (part of
`ntm_eval.load.plan`): read into a located `Doc`, so that errors read `plan.csv:ROW:COL` like a
data sheet's."""

from __future__ import annotations

import os
from typing import Any

from ntm_eval.errors import InputError, Problem, suggest
from ntm_eval.io.yamlload import Doc, read_bytes
from ntm_eval.load.plan_target import TARGET_KEYS
from ntm_eval.vocab import fold

# Sheet headers (folded, without diacritics) → target keys. English keys are accepted as they are.
SHEET_HEADERS = {
    "muc tieu": "name", "ten muc tieu": "name", "nam": "year", "don vi": "unit", "ten don vi": "unit",
    "dat bo tieu chi": "meets", "dat chuan": "meets", "bo tieu chi": "set", "so tieu chi": "criteria",
    "so tieu chi dat": "criteria", "tieu chi": "criterion", "tieu chi so": "criterion",
    "binh quan tieu chi": "average", "binh quan tieu chi/xa": "average", "so don vi": "units",
    "so don vi dat": "units", "tren tong so": "of", "tong so": "of", "ty le": "percent", "ty le (%)": "percent",
    "ty le %": "percent", "so sanh": "op", "huyen": "in.district", "tinh": "in.province", "nam goc": "baseline.year",
    "gia tri goc": "baseline.value", "tang them": "baseline.increase", "trich ke hoach": "note",
    "ghi chu": "note", "nguon": "source", "van ban": "source",
}



def _sheet_doc(path: str) -> Doc:
    """A CSV/XLSX plan (one row per target) as a located document: every cell's value is marked
    at its row and column, so that errors read `plan.csv:ROW:COL` like a data sheet's."""
    rows = _xlsx_rows(path) if path.lower().endswith(".xlsx") else _csv_rows(path)
    header_at, header = None, []
    for rownum, cells in rows:
        keys = [_header_key(c) for c in cells]
        if sum(k is not None for k in keys) >= 2:
            header_at, header = rownum, keys
            unknown = [(j, c) for j, (c, k) in enumerate(zip(cells, keys)) if k is None and str(c or "").strip()]
            break
    if header_at is None:
        raise InputError([Problem("plan.sheet_no_header", path, params={"headers": "Năm, Đơn vị, Bộ tiêu chí, "
                                                                          "Tiêu chí, Số đơn vị, Tỷ lệ (%)"})])
    problems = []
    for j, c in unknown:
        params: dict[str, Any] = {"name": str(c).strip(), "where": "plan"}
        hint = suggest(fold(str(c)), SHEET_HEADERS)
        if hint:
            params["hint"] = hint
        problems.append(Problem("schema.unknown_key", path, header_at, j + 1, params))
    if problems:
        raise InputError(problems)
    targets: list[dict[str, Any]] = []
    marks: dict[tuple, tuple[int, int]] = {}
    source = None
    for rownum, cells in rows:
        if rownum <= header_at or all(str(c if c is not None else "").strip() == "" for c in cells):
            continue
        i = len(targets)
        t: dict[str, Any] = {}
        marks[("targets", i)] = (rownum, 1)
        for j, key in enumerate(header):
            v = cells[j] if j < len(cells) else None
            if key is None or v is None or str(v).strip() == "":
                continue
            if isinstance(v, float) and v.is_integer() and key in ("year", "units", "of", "criteria",
                                                                    "baseline.year", "criterion"):
                v = int(v)
            if key == "criterion":
                v = str(v)
            head, _, sub = key.partition(".")
            if sub:
                t.setdefault(head, {})[sub] = v
                marks[("targets", i, head, sub)] = (rownum, j + 1)
                marks.setdefault(("targets", i, head), (rownum, j + 1))
            else:
                t[head] = v
                marks[("targets", i, head)] = (rownum, j + 1)
        if key_source := t.get("source"):
            source = source or str(key_source)
        targets.append(t)
    data: dict[str, Any] = {"plan": os.path.basename(path), "targets": targets}
    if source:
        data["source"] = source
    return Doc(path, data, marks, dict(marks))


def _header_key(cell: Any) -> str | None:
    if cell is None:
        return None
    text = str(cell).strip()
    if text in TARGET_KEYS:
        return text
    f = " ".join(fold(text).split())
    return SHEET_HEADERS.get(f)


def _csv_rows(path: str) -> list[tuple[int, list[Any]]]:
    import csv
    import io

    from ntm_eval.io.yamlload import decode_bytes

    text = decode_bytes(read_bytes(path), path)
    first = text.split("\n", 1)[0]
    delim = "\t" if path.lower().endswith(".tsv") else max((";", ",", "\t"), key=first.count)
    try:
        return [(n + 1, row) for n, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delim))]
    except csv.Error as exc:
        raise InputError([Problem("sheet.csv_error", path, params={"detail": str(exc)})]) from None


def _xlsx_rows(path: str) -> list[tuple[int, list[Any]]]:
    import io
    import zipfile

    raw = read_bytes(path)
    try:
        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError([Problem("sheet.xlsx_error", path, params={"detail": str(exc) or type(exc).__name__})]) \
            from None
    try:
        ws = wb.worksheets[0]
        return [(n + 1, list(r)) for n, r in enumerate(ws.iter_rows(values_only=True))]
    finally:
        wb.close()
