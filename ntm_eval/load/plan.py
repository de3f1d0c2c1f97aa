"""Plan files (issue 12): targets by year for units and aggregates → a checked `Plan`.

A plan is a YAML file (docs/plans.md) or a CSV/XLSX sheet with one row per target and
Vietnamese headers. Both become a located `Doc` and go through the same checks: every key is
known (else a located error with a did-you-mean), every figure is a number ("18,5" accepted),
each target has exactly one shape. References to sets, criteria, units and years are checked
later against the catalog and the results (`run/plan.py`), which alone know them.

Target shapes (one per target; `kind` below):

* ``unit_set``        ``unit: Sơn Bình`` + ``meets: SET``           — "xã Sơn Bình đạt chuẩn NTM"
* ``unit_criteria``   ``unit: Bản Bo`` + ``criteria: 16`` [+ set]   — "đạt 16/19 tiêu chí"
* ``unit_criterion``  ``unit: …`` + ``criterion: "1"`` [+ set]      — "huyện hoàn thành tiêu chí số 1"
* ``average``         ``average: 18,5`` + ``set``                   — "bình quân 18,5 tiêu chí/xã"
* ``criterion_count`` ``criterion: "2"`` + ``set`` + ``units``/``percent`` — "12/12 xã đạt tiêu chí số 2"
* ``set_count``       ``meets: SET`` + ``units``/``percent``        — "01 xã đạt NTM nâng cao", "20 bản"
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import Any

from ntm_eval.errors import InputError, Problem, suggest
from ntm_eval.io.yamlload import Doc, load_path, read_bytes
from ntm_eval.vocab import fold, level_code

PLAN_KEYS = ("plan", "source", "year", "period", "in", "sets", "targets", "note")
TARGET_KEYS = ("name", "year", "unit", "meets", "set", "criteria", "criterion", "average", "units", "of",
               "percent", "op", "in", "baseline", "note", "source")
SCOPE_KEYS = ("province", "district")
BASELINE_KEYS = ("year", "value", "increase")
OPS = {">=": ">=", ">": ">", "ít nhất": ">=", "tối thiểu": ">=", "trên": ">", "hơn": ">"}
KINDS = ("unit_set", "unit_criteria", "unit_criterion", "average", "criterion_count", "set_count")
SHEET_SUFFIXES = (".csv", ".tsv", ".xlsx")

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


@dataclass(frozen=True)
class Baseline:
    year: int
    value: float | None = None
    increase: float | None = None


@dataclass(frozen=True)
class Target:
    """One target of a plan, as written (references unresolved). `where` locates it."""

    index: int
    kind: str
    year: int
    name: str | None = None
    unit: str | None = None
    unit_level: str | None = None  # from "xã Sơn Bình", "huyện Tam Đường"
    unit_written: str | None = None  # as the plan writes it ("thành phố Bắc Kạn")
    set_ref: str | None = None  # `set:` or `meets:`
    criterion: str | None = None
    value: float = 1.0  # criteria count, average, units or percent
    percent: bool = False
    of: int | None = None
    op: str = ">="
    province: str | None = None
    district: str | None = None
    baseline: Baseline | None = None
    note: str | None = None
    source: str | None = None
    file: str = ""
    line: int | None = None
    col: int | None = None
    marks: dict[str, tuple[int | None, int | None]] = field(default_factory=dict, compare=False)

    def label(self) -> str:
        return self.name or f"#{self.index + 1}"

    def problem(self, key: str, at: str | None = None, severity: str = "error", **params: Any) -> Problem:
        """A problem located at one of the target's keys (or at the target)."""
        line, col = self.marks.get(at or "", (self.line, self.col))
        return Problem(key, self.file, line, col, params, severity=severity)


@dataclass(frozen=True)
class Plan:
    path: str
    title: str | None
    source: str | None
    targets: tuple[Target, ...]
    sets: dict[str, str] = field(default_factory=dict)  # plan alias → set ref
    set_marks: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)
    period: tuple[int, int] | None = None
    note: str | None = None


def read_plan(path: str) -> Plan:
    """A plan from a YAML file or a CSV/XLSX sheet; raises InputError with every problem found."""
    doc = _sheet_doc(path) if path.lower().endswith(SHEET_SUFFIXES) else load_path(path)
    return parse_plan(doc)


# --- checking a document ---------------------------------------------------------------------

class _Checker:
    def __init__(self, doc: Doc):
        self.doc = doc
        self.problems: list[Problem] = []

    def add(self, key: str, path: tuple = (), at_key: bool = False, **params: Any) -> None:
        self.problems.append(self.doc.problem(key, path, key=at_key, **params))

    def mapping(self, value: Any, path: tuple, what: str, keys: tuple[str, ...]) -> dict | None:
        if not isinstance(value, dict):
            self.add("schema.expected_mapping", path, what=what, got=type(value).__name__)
            return None
        for k in value:
            if k not in keys:
                params: dict[str, Any] = {"name": k, "where": what}
                hint = suggest(k, keys)
                if hint:
                    params["hint"] = hint
                self.add("schema.unknown_key", (*path, k), True, **params)
        return value

    def text(self, value: Any, path: tuple, name: str) -> str | None:
        if value is None:
            return None
        if isinstance(value, bool) or isinstance(value, (dict, list)):
            self.add("schema.expected_text", path, name=name, got=type(value).__name__)
            return None
        s = str(value).strip()
        return s or None

    def number(self, value: Any, path: tuple, name: str, whole: bool = False) -> float | None:
        n = _number(value)
        if n is None or (whole and n != int(n)) or n < 0:
            self.add("plan.bad_number" if not whole else "plan.bad_count", path, name=name, value=str(value)[:40])
            return None
        return n

    def year(self, value: Any, path: tuple) -> int | None:
        n = _number(value)
        if n is None or n != int(n) or not 1990 <= n <= 2100:
            self.add("schema.bad_year", path, value=str(value)[:40])
            return None
        return int(n)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str):
        s = value.strip().rstrip("%").strip()
        if "," in s and "." in s:
            return None  # "1.234,5": ambiguous, as in data files
        s = s.replace(",", ".")
        try:
            n = float(s)
        except ValueError:
            return None
        return n if math.isfinite(n) else None
    return None


def parse_plan(doc: Doc) -> Plan:
    ck = _Checker(doc)
    top = ck.mapping(doc.data, (), "plan", PLAN_KEYS)
    if top is None:
        raise InputError(ck.problems)
    if "targets" not in top:
        ck.add("schema.missing_key", (), name="targets", where="plan")
    title = ck.text(top.get("plan"), ("plan",), "plan")
    source = ck.text(top.get("source"), ("source",), "source")
    note = ck.text(top.get("note"), ("note",), "note")
    year = ck.year(top["year"], ("year",)) if "year" in top else None
    period = None
    if "period" in top:
        p = top["period"]
        if isinstance(p, list) and len(p) == 2:
            a, b = ck.year(p[0], ("period", 0)), ck.year(p[1], ("period", 1))
            if a is not None and b is not None:
                period = (min(a, b), max(a, b))
        else:
            ck.add("plan.bad_period", ("period",))
    scope = _scope(ck, top.get("in"), ("in",)) if "in" in top else {}
    sets: dict[str, str] = {}
    set_marks: dict[str, tuple[int | None, int | None]] = {}
    if "sets" in top:
        if not isinstance(top["sets"], dict):
            ck.add("schema.expected_mapping", ("sets",), what="sets", got=type(top["sets"]).__name__)
        else:
            for alias, ref in top["sets"].items():
                r = ck.text(ref, ("sets", alias), alias)
                if r:
                    sets[str(alias)] = r
                    set_marks[str(alias)] = doc.where(("sets", alias))
    targets: list[Target] = []
    raw = top.get("targets")
    if raw is not None and not isinstance(raw, list):
        ck.add("schema.expected_list", ("targets",), name="targets")
        raw = []
    for i, item in enumerate(raw or []):
        t = _target(ck, i, item, year, scope, period)
        if t is not None:
            targets.append(t)
    if raw is not None and not raw and not ck.problems:
        ck.add("plan.no_targets", ("targets",))
    if ck.problems:
        raise InputError(ck.problems)
    return Plan(doc.path, title, source, tuple(targets), sets, set_marks, period, note)


def _scope(ck: _Checker, value: Any, path: tuple) -> dict[str, str]:
    m = ck.mapping(value, path, "in", SCOPE_KEYS)
    if m is None:
        return {}
    out = {}
    for k in SCOPE_KEYS:
        s = ck.text(m.get(k), (*path, k), k)
        if s:
            out[k] = s
    return out


def _unit_words(text: str) -> tuple[str | None, str]:
    """"xã Sơn Bình" → ("xa", "Sơn Bình"); "huyện Tam Đường" → ("huyen", "Tam Đường")."""
    words = text.split()
    for n in (2, 1):  # "thị trấn", "thành phố", "thị xã" before "xã"
        if len(words) > n:
            code = level_code(" ".join(words[:n]))
            if code is not None:
                return code, " ".join(words[n:])
    return None, text


def _target(ck: _Checker, i: int, item: Any, year: int | None, scope: dict[str, str],
            period: tuple[int, int] | None) -> Target | None:
    path = ("targets", i)
    m = ck.mapping(item, path, "target", TARGET_KEYS)
    if m is None:
        return None
    before = len(ck.problems)
    marks = {k: ck.doc.where((*path, k)) for k in m}
    line, col = ck.doc.where(path)
    ty = ck.year(m["year"], (*path, "year")) if "year" in m else year
    if ty is None and "year" not in m:
        ck.add("plan.no_year", path)
    elif ty is not None and period is not None and not period[0] <= ty <= period[1]:
        ck.add("plan.year_outside", (*path, "year") if "year" in m else path, year=ty, start=period[0], end=period[1])
    unit = ck.text(m.get("unit"), (*path, "unit"), "unit")
    level, written = None, unit
    if unit:
        level, unit = _unit_words(unit)
    meets = ck.text(m.get("meets"), (*path, "meets"), "meets")
    set_ref = ck.text(m.get("set"), (*path, "set"), "set")
    crit = m.get("criterion")
    criterion = None
    if crit is not None:
        criterion = ck.text(crit if not isinstance(crit, float) else repr(crit), (*path, "criterion"), "criterion")
    has = {k for k in ("criteria", "average", "units", "percent") if k in m}
    kind = _kind(unit, meets, criterion, has)
    if kind is None:
        ck.add("plan.bad_shape", path, keys=", ".join(sorted(k for k in m if k not in ("name", "note", "year",
                                                                                          "source", "in", "op",
                                                                                          "baseline", "of"))) or "—")
        return None
    stray = sorted(has - {"criteria"}) if kind.startswith("unit_") else []
    if stray:
        ck.add("plan.figure_with_unit", (*path, stray[0]), at_key=True, name=stray[0])
    if meets and set_ref and kind in ("unit_set", "set_count"):
        ck.add("plan.set_twice", (*path, "set"), at_key=True)
    if kind in ("average", "criterion_count") and not set_ref:
        ck.add("schema.missing_key", path, name="set", where="target")
    value, percent = 1.0, False
    if kind == "unit_criteria":
        value = ck.number(m["criteria"], (*path, "criteria"), "criteria", whole=True) or 0.0
    elif kind == "average":
        value = ck.number(m["average"], (*path, "average"), "average") or 0.0
    elif kind in ("criterion_count", "set_count"):
        if "units" in m and "percent" in m:
            ck.add("plan.units_and_percent", (*path, "percent"), at_key=True)
        if "percent" in m:
            percent = True
            value = ck.number(m["percent"], (*path, "percent"), "percent") or 0.0
            if value > 100:
                ck.add("schema.percent_range", (*path, "percent"), value=value)
        elif "units" in m:
            value = ck.number(m["units"], (*path, "units"), "units", whole=True) or 0.0
    elif has:
        ck.add("plan.figure_with_unit", (*path, sorted(has)[0]), at_key=True, name=sorted(has)[0])
    of = None
    if "of" in m:
        n = ck.number(m["of"], (*path, "of"), "of", whole=True)
        of = int(n) if n is not None else None
        if of is not None and not percent and kind in ("criterion_count", "set_count") and value > of:
            ck.add("plan.more_than_of", (*path, "units"), units=int(value), of=of)
    op = ">="
    if "op" in m:
        word = ck.text(m["op"], (*path, "op"), "op")
        if word is not None and fold(word) not in {fold(k) for k in OPS}:
            ck.add("schema.bad_choice", (*path, "op"), name="op", value=word, choices=", ".join(OPS))
        elif word is not None:
            op = next(v for k, v in OPS.items() if fold(k) == fold(word))
    sc = dict(scope)
    if "in" in m:
        sc.update(_scope(ck, m["in"], (*path, "in")))
    baseline = None
    if "baseline" in m:
        b = ck.mapping(m["baseline"], (*path, "baseline"), "baseline", BASELINE_KEYS)
        if b is not None:
            by = ck.year(b.get("year"), (*path, "baseline", "year")) if "year" in b else None
            if by is None and "year" not in b:
                ck.add("schema.missing_key", (*path, "baseline"), name="year", where="baseline")
            bv = ck.number(b["value"], (*path, "baseline", "value"), "value") if "value" in b else None
            bi = ck.number(b["increase"], (*path, "baseline", "increase"), "increase") if "increase" in b else None
            if ("value" in b) == ("increase" in b):
                ck.add("plan.baseline_shape", (*path, "baseline"))
            if by is not None and ty is not None and by >= ty:
                ck.add("plan.baseline_year", (*path, "baseline", "year"), year=by, target=ty)
            if by is not None and (bv is not None or bi is not None):
                baseline = Baseline(by, bv, bi)
    if len(ck.problems) > before or ty is None:
        return None
    return Target(i, kind, ty, ck.text(m.get("name"), (*path, "name"), "name"), unit, level, written,
                  meets or set_ref, criterion, float(value), percent, of, op, sc.get("province"), sc.get("district"),
                  baseline, ck.text(m.get("note"), (*path, "note"), "note"),
                  ck.text(m.get("source"), (*path, "source"), "source"), ck.doc.path, line, col, marks)


def _kind(unit: str | None, meets: str | None, criterion: str | None, has: set[str]) -> str | None:
    if unit:
        shapes = [k for k, ok in (("unit_set", meets), ("unit_criteria", "criteria" in has),
                                  ("unit_criterion", criterion)) if ok]
        return shapes[0] if len(shapes) == 1 else None
    if "average" in has:
        return "average" if not (meets or criterion or has - {"average"}) else None
    counted = has & {"units", "percent"}
    if not counted or "criteria" in has:
        return None
    if criterion and not meets:
        return "criterion_count"
    if meets and not criterion:
        return "set_count"
    return None


# --- a plan kept in a sheet ------------------------------------------------------------------

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
