"""One target of a plan (part of `ntm_eval.load.plan`): the located checks of a document's
keys and figures (`_Checker`), and `_target`, which reads one `targets:` item into a `Target`
in named steps (year, unit, shape, figure, comparison, scope, baseline)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ntm_eval.errors import Problem, suggest
from ntm_eval.io.yamlload import Doc
from ntm_eval.vocab import fold, level_code

TARGET_KEYS = ("name", "year", "unit", "meets", "set", "criteria", "criterion", "average", "units", "of",
               "percent", "op", "in", "baseline", "note", "source")
SCOPE_KEYS = ("province", "district")
BASELINE_KEYS = ("year", "value", "increase")
OPS = {">=": ">=", ">": ">", "ít nhất": ">=", "tối thiểu": ">=", "trên": ">", "hơn": ">"}


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
    ty = _target_year(ck, m, path, year, period)
    unit, level, written = _target_unit(ck, m, path)
    meets = ck.text(m.get("meets"), (*path, "meets"), "meets")
    set_ref = ck.text(m.get("set"), (*path, "set"), "set")
    criterion = _target_criterion(ck, m, path)
    has = {k for k in ("criteria", "average", "units", "percent") if k in m}
    kind = _kind(unit, meets, criterion, has)
    if kind is None:
        ck.add("plan.bad_shape", path, keys=", ".join(sorted(k for k in m if k not in ("name", "note", "year",
                                                                                          "source", "in", "op",
                                                                                          "baseline", "of"))) or "—")
        return None
    _check_shape(ck, path, kind, has, meets, set_ref)
    value, percent = _figure(ck, m, path, kind, has)
    of = _of(ck, m, path, kind, value, percent)
    op = _op(ck, m, path)
    sc = dict(scope)
    if "in" in m:
        sc.update(_scope(ck, m["in"], (*path, "in")))
    baseline = _baseline(ck, m["baseline"], (*path, "baseline"), ty) if "baseline" in m else None
    if len(ck.problems) > before or ty is None:
        return None
    return Target(i, kind, ty, ck.text(m.get("name"), (*path, "name"), "name"), unit, level, written,
                  meets or set_ref, criterion, float(value), percent, of, op, sc.get("province"), sc.get("district"),
                  baseline, ck.text(m.get("note"), (*path, "note"), "note"),
                  ck.text(m.get("source"), (*path, "source"), "source"), ck.doc.path, line, col, marks)


def _target_year(ck: _Checker, m: dict, path: tuple, year: int | None, period: tuple[int, int] | None) -> int | None:
    """The target's own year, else the plan's; checked against the plan's period."""
    ty = ck.year(m["year"], (*path, "year")) if "year" in m else year
    if ty is None and "year" not in m:
        ck.add("plan.no_year", path)
    elif ty is not None and period is not None and not period[0] <= ty <= period[1]:
        ck.add("plan.year_outside", (*path, "year") if "year" in m else path, year=ty, start=period[0], end=period[1])
    return ty


def _target_unit(ck: _Checker, m: dict, path: tuple) -> tuple[str | None, str | None, str | None]:
    """(name, level, as written): "xã Sơn Bình" → ("Sơn Bình", "xa", "xã Sơn Bình")."""
    unit = ck.text(m.get("unit"), (*path, "unit"), "unit")
    level, written = None, unit
    if unit:
        level, unit = _unit_words(unit)
    return unit, level, written


def _target_criterion(ck: _Checker, m: dict, path: tuple) -> str | None:
    crit = m.get("criterion")
    if crit is None:
        return None
    return ck.text(crit if not isinstance(crit, float) else repr(crit), (*path, "criterion"), "criterion")


def _check_shape(ck: _Checker, path: tuple, kind: str, has: set[str], meets: str | None,
                 set_ref: str | None) -> None:
    """What the target's shape leaves out or needs: no count beside a unit, one set, a set for
    an average or a criterion count."""
    stray = sorted(has - {"criteria"}) if kind.startswith("unit_") else []
    if stray:
        ck.add("plan.figure_with_unit", (*path, stray[0]), at_key=True, name=stray[0])
    if meets and set_ref and kind in ("unit_set", "set_count"):
        ck.add("plan.set_twice", (*path, "set"), at_key=True)
    if kind in ("average", "criterion_count") and not set_ref:
        ck.add("schema.missing_key", path, name="set", where="target")


def _figure(ck: _Checker, m: dict, path: tuple, kind: str, has: set[str]) -> tuple[float, bool]:
    """The target's figure (criteria, average, units or percent) and whether it is a percent."""
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
    return value, percent


def _of(ck: _Checker, m: dict, path: tuple, kind: str, value: float, percent: bool) -> int | None:
    if "of" not in m:
        return None
    n = ck.number(m["of"], (*path, "of"), "of", whole=True)
    of = int(n) if n is not None else None
    if of is not None and not percent and kind in ("criterion_count", "set_count") and value > of:
        ck.add("plan.more_than_of", (*path, "units"), units=int(value), of=of)
    return of


def _op(ck: _Checker, m: dict, path: tuple) -> str:
    op = ">="
    if "op" in m:
        word = ck.text(m["op"], (*path, "op"), "op")
        if word is not None and fold(word) not in {fold(k) for k in OPS}:
            ck.add("schema.bad_choice", (*path, "op"), name="op", value=word, choices=", ".join(OPS))
        elif word is not None:
            op = next(v for k, v in OPS.items() if fold(k) == fold(word))
    return op


def _baseline(ck: _Checker, value: Any, path: tuple, ty: int | None) -> Baseline | None:
    """`baseline:` — a year and either the value then or the increase since."""
    b = ck.mapping(value, path, "baseline", BASELINE_KEYS)
    if b is None:
        return None
    by = ck.year(b.get("year"), (*path, "year")) if "year" in b else None
    if by is None and "year" not in b:
        ck.add("schema.missing_key", path, name="year", where="baseline")
    bv = ck.number(b["value"], (*path, "value"), "value") if "value" in b else None
    bi = ck.number(b["increase"], (*path, "increase"), "increase") if "increase" in b else None
    if ("value" in b) == ("increase" in b):
        ck.add("plan.baseline_shape", path)
    if by is not None and ty is not None and by >= ty:
        ck.add("plan.baseline_year", (*path, "year"), year=by, target=ty)
    if by is not None and (bv is not None or bi is not None):
        return Baseline(by, bv, bi)
    return None


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
