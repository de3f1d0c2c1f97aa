"""Unit data files → `UnitData`, checked against the criteria set they are evaluated with.

Everything the user wrote is checked: unknown keys get a "did you mean", wrong types name the
expected type, and nothing ambiguous is guessed (see docs/criteria-format.md §9).
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

from ntm_eval.errors import InputError, Problem, suggest
from ntm_eval.model import CriteriaSet, DataValue, Indicator, UnitData
from ntm_eval.io.yamlload import Doc, is_iso_date
from ntm_eval.load.suggestions import unknown_indicator
from ntm_eval.load.verdicts import bind_criteria_verdicts, parse_attestation
from ntm_eval.vocab import LEVELS, level_code
from ntm_eval.records import dataclass, field, replace

DATA_KEYS = {"unit", "year", "date", "criteria_set", "values", "values_for", "criteria", "criteria_for", "note",
             "members", "deadlines"}  # deadlines: read by `dossier` (run/dossier.py)
UNIT_KEYS = {"name", "code", "level", "commune", "district", "province", "region", "group",
             "categories", "note", "merged_from"}  # merged_from: load/adminunits.py
WRAPPER_KEYS = {"value", "numerator", "denominator", "evidence", "note"}

_TRUE = {"đạt", "dat", "có", "co", "yes", "true", "x", "✓"}
_FALSE = {"chưa đạt", "chua dat", "không đạt", "khong dat", "không", "khong", "no", "false"}
_NA = {"n/a", "na", "không áp dụng", "khong ap dung", "kad", "-"}
# ASCII digits only: "１２" (full-width) or "١٢" are not numbers an official means to type
_NUM_DOT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$", re.ASCII)
_NUM_COMMA = re.compile(r"^[+-]?\d+,\d+$", re.ASCII)
_NUM_VN_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$", re.ASCII)


@dataclass
class RawUnit:
    """A data file read for structure only (before the set is known)."""

    doc: Doc
    unit: dict[str, Any]
    year: int | None
    date: str | None
    criteria_set: str | None
    values: dict[str, Any]
    members: Any = None
    values_for: dict[str, dict[str, Any]] = field(default_factory=dict)
    criteria: Any = None  # verdicts given for whole criteria of the file's set
    criteria_for: dict[str, Any] = field(default_factory=dict)  # … and of a prerequisite set

    def criteria_of(self, set_id: str, main: bool) -> tuple[Any, tuple]:
        """The criterion verdicts written for `set_id`, and their path (as `values_of`)."""
        if set_id in self.criteria_for:
            return self.criteria_for[set_id], ("criteria_for", set_id)
        if main or set_id == self.criteria_set:
            return self.criteria, ("criteria",)
        return None, ("criteria",)

    def values_of(self, set_id: str, main: bool) -> tuple[dict[str, Any], tuple]:
        """The values written for `set_id`, and their path in the file (for error locations).

        `values:` belong to the set the file is evaluated with (`main`); values for another set —
        a prerequisite such as xã NTM under NTM nâng cao, whose indicator numbers mean other
        things — live under `values_for: {<set id>: {...}}`, or under `values:` when the file
        names that set as its `criteria_set`."""
        if set_id in self.values_for:
            return self.values_for[set_id], ("values_for", set_id)
        if main or set_id == self.criteria_set:
            return self.values, ("values",)
        return {}, ("values",)


_IDS: dict[int, tuple[CriteriaSet, dict[str, Indicator]]] = {}


def set_ids(cset: CriteriaSet) -> dict[str, Indicator]:
    """`cset.all_ids()`, built once per set object rather than once or twice per unit (read only)."""
    hit = _IDS.get(id(cset))
    if hit is None or hit[0] is not cset:
        if len(_IDS) >= 64:
            _IDS.clear()
        hit = _IDS[id(cset)] = (cset, cset.all_ids())
    return hit[1]


def _norm(s: str) -> str:
    return unicodedata.normalize("NFC", s).strip().lower()


def read_unit(doc: Doc) -> RawUnit:
    """Structural check of a data file (keys and types that do not depend on the set)."""
    problems: list[Problem] = []
    d = doc.data
    if not isinstance(d, dict):
        raise InputError([doc.problem("data.not_mapping", (), got=type(d).__name__)])
    for k in d:
        if k not in DATA_KEYS:
            problems.append(doc.problem("schema.unknown_key", (k,), key=True, name=k, where="data file",
                                        hint=suggest(k, DATA_KEYS), allowed=", ".join(sorted(DATA_KEYS))))
    unit = d.get("unit")
    if unit is None:
        unit = {}
    if not isinstance(unit, dict):
        problems.append(doc.problem("schema.expected_mapping", ("unit",), what="unit", got=type(unit).__name__))
        unit = {}
    for k in unit:
        if k not in UNIT_KEYS:
            problems.append(doc.problem("schema.unknown_key", ("unit", k), key=True, name=k, where="unit",
                                        hint=suggest(k, UNIT_KEYS), allowed=", ".join(sorted(UNIT_KEYS))))
    if isinstance(unit.get("level"), str) and level_code(unit["level"]):
        unit = {**unit, "level": level_code(unit["level"])}  # "xã", "thị trấn" → codes
    if "level" in unit and unit["level"] not in LEVELS:
        problems.append(doc.problem("schema.bad_choice", ("unit", "level"), name="level", value=unit["level"],
                                    choices=", ".join(LEVELS), hint=suggest(str(unit["level"]), LEVELS)))
    year = d.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool) or not 1990 <= year <= 2100):
        problems.append(doc.problem("data.bad_year", ("year",), value=year))
        year = None
    date = d.get("date")
    if date is not None:
        date = str(date)
        if not is_iso_date(date):
            problems.append(doc.problem("schema.bad_date", ("date",), name="date", value=date))
            date = None
        elif year is not None and not date.startswith(str(year)):
            problems.append(doc.problem("data.date_year", ("date",), value=date, year=year))
    cs = d.get("criteria_set")
    values = d.get("values")
    if values is None:
        values = {}
    if not isinstance(values, dict):
        problems.append(doc.problem("schema.expected_mapping", ("values",), what="values", got=type(values).__name__))
        values = {}
    values_for = d.get("values_for") or {}
    if not isinstance(values_for, dict) or not all(isinstance(v, dict) for v in values_for.values()):
        problems.append(doc.problem("data.values_for", ("values_for",)))
        values_for = {}
    criteria_for = d.get("criteria_for") or {}
    if not isinstance(criteria_for, dict):
        problems.append(doc.problem("schema.expected_mapping", ("criteria_for",), what="criteria_for",
                                    got=type(criteria_for).__name__))
        criteria_for = {}
    if problems:
        raise InputError(problems)
    return RawUnit(doc, unit, year, date, str(cs) if cs is not None else None, values, d.get("members"),
                   {str(k): v for k, v in values_for.items()}, d.get("criteria"),
                   {str(k): v for k, v in criteria_for.items()})


def bind(raw: RawUnit, cset: CriteriaSet, year: int | None = None, main: bool = True,
         computed: dict[str, DataValue] | None = None) -> UnitData:
    """Check a data file's values against `cset`; return typed data or raise with every problem."""
    doc = raw.doc
    problems: list[Problem] = []
    warnings: list[Problem] = []
    year = year if year is not None else raw.year
    if year is None:
        problems.append(doc.problem("data.no_year", ()))
    date = raw.date if raw.date and (year is None or raw.date.startswith(str(year))) else cset.evaluation_date(year or 0)
    unit = dict(raw.unit)
    level = unit.get("level")
    if level is not None and level not in cset.levels:
        problems.append(doc.problem("data.level_mismatch", ("unit", "level"), value=level, expected=cset.level,
                                    set_id=cset.id))
    declared = _declared_class(doc, unit, cset, problems, date)
    cats = _categories(doc, unit, cset, problems)
    if main and isinstance(unit.get("province"), str) and unit["province"].strip():
        from ntm_eval.load.adminunits_check import check_unit  # the dataset is read only now, once

        check_unit(doc, unit, date, problems, warnings)  # names and code vs the units on `date`
    if not cset.in_force(date):
        warnings.append(doc.problem("data.set_not_in_force", ("year",), severity="warning", date=date,
                                    set_id=cset.id, valid_from=cset.valid_from or "…",
                                    valid_until=cset.valid_until or "…"))
    if main and cset.province is not None:  # a set of a province merged on 1/7/2025, used after it
        from ntm_eval.load.set_province import merged_warning

        merged = merged_warning(doc, cset, date)
        if merged is not None:
            warnings.append(merged)
    values, base = _bind_values(raw, cset, main, date, problems, warnings)
    crit_given, crit_base = raw.criteria_of(cset.id, main)
    attested = bind_criteria_verdicts(doc, crit_base, crit_given, cset, date, problems, warnings)
    unsourced = [(base + (k,), k) for k, dv in values.items() if dv.attestation and not dv.attestation.sourced] + \
                [(crit_base + (k,), k) for k, a in attested.items() if not a.sourced]
    if unsourced:  # accepted, but the report must say nobody is named for them
        warnings.append(doc.problem("data.unsourced_verdicts", unsourced[0][0], key=True, severity="warning",
                                    ids=", ".join(k for _, k in unsourced), n=len(unsourced)))
    for k, dv in (computed or {}).items():
        values.setdefault(k, dv)  # what the file states wins over what members give
    for ind in cset.indicators():
        if ind.parts and ind.id in values and any(p.id in values for p in ind.parts):
            problems.append(doc.problem("data.composite_and_parts", base + (ind.id,), indicator=ind.id))
    if problems:
        raise InputError(problems)
    return UnitData(doc.path, unit, year, date, values, declared, frozenset(cats), warnings, attested)


def _bind_values(raw: RawUnit, cset: CriteriaSet, main: bool, date: str, problems: list[Problem],
                 warnings: list[Problem]) -> tuple[dict[str, DataValue], tuple]:
    """The file's values for `cset` (and the verdicts given inside them), and where they are written."""
    doc = raw.doc
    known = set_ids(cset)
    values: dict[str, DataValue] = {}
    given, base = raw.values_of(cset.id, main)
    names_other = raw.criteria_set not in (None, cset.id) and not raw.criteria_set.endswith((".yaml", ".yml"))
    if base[0] == "values_for" and raw.values and (raw.criteria_set == cset.id or main and not names_other):
        # the same set's values twice: `values:` and `values_for: {<this set>: …}` — never pick one silently
        problems.append(doc.problem("data.values_twice", base, key=True, set_id=cset.id,
                                    first_line=doc.where(("values",), key=True)[0]))
    if not main and not given and raw.criteria_set != cset.id:
        warnings.append(doc.problem("data.no_values_for", ("values_for",), severity="warning", set_id=cset.id))
    for key, v in given.items():
        path = base + (key,)
        ind = known.get(key)
        if ind is None:
            problems.append(unknown_indicator(doc, path, key, cset))
            continue
        att = None
        if isinstance(v, dict) and "verdict" in v:  # a verdict given for the indicator
            att = parse_attestation(doc, path, v, date, problems, warnings, key)
            v = {k: x for k, x in v.items() if k not in ("verdict", "by", "document", "date")}
            if not {"value", "numerator", "denominator"} & set(v):
                v["value"] = None
        dv = _parse_value(doc, path, ind, v, problems)
        if dv is not None:
            values[key] = replace(dv, attestation=att) if att is not None else dv
    return values, base


def _declared_class(doc: Doc, unit: dict[str, Any], cset: CriteriaSet, problems: list[Problem],
                    date: str | None = None) -> str | None:
    """The region or group the unit states, as a code of the set's classification."""
    declared = None
    cl = cset.classification
    if cl is not None:
        v = unit.get(cl.key)
        if v is None and cl.key == "region" and unit.get("province") not in (None, ""):
            from ntm_eval.load.adminunits import region_of  # 2021–2025: the region follows from the province

            v = region_of(unit["province"], date)  # after 1/7/2025 only if the merged provinces agree
            if v is not None and v in cl.values:
                unit["region"] = v  # shown in reports as if written; an explicit region always wins
            else:
                v = None
        if v is None:
            problems.append(doc.problem("data.no_class", ("unit",), key_name=cl.key, set_id=cset.id,
                                        choices="; ".join(f"{k} ({lab})" for k, lab in cl.values.items())))
        else:
            declared = match_class(str(v), cl.values)
            if declared is None:
                problems.append(doc.problem("data.bad_class", ("unit", cl.key), key_name=cl.key, value=v,
                                            choices="; ".join(f"{k} ({lab})" for k, lab in cl.values.items()),
                                            hint=suggest(str(v), cl.values)))
    return declared


def _categories(doc: Doc, unit: dict[str, Any], cset: CriteriaSet, problems: list[Problem]) -> set[str]:
    """The special-commune categories the unit states (xã ATK, biên giới…), checked against the set."""
    cats_raw = unit.get("categories") or []
    if isinstance(cats_raw, str):
        cats_raw = [cats_raw]
    cats: set[str] = set()
    if not isinstance(cats_raw, list):
        problems.append(doc.problem("schema.expected_list", ("unit", "categories"), name="categories"))
        cats_raw = []
    for i, c in enumerate(cats_raw):
        c = str(c)
        if c not in cset.categories:
            problems.append(doc.problem("data.unknown_category", ("unit", "categories", i), value=c, set_id=cset.id,
                                        hint=suggest(c, cset.categories),
                                        choices=", ".join(cset.categories) or "—"))
        cats.add(c)
    return cats


def match_class(v: str, values: dict[str, str]) -> str | None:
    if v in values:
        return v
    nv = _norm(v)
    for code, label in values.items():
        if nv == _norm(code) or nv == _norm(label):
            return code
    return None


# A province's files repeat the same few scalars ("đạt", true, 100): their DataValue, per kind of
# indicator. Only what parsed cleanly is kept (errors are located, so never shared); -0.0 is not
# kept (it equals 0.0 as a key); bounded.
_SCALARS: dict[tuple, DataValue] = {}


def _parse_value(doc: Doc, path: tuple, ind: Indicator, v: Any, problems: list[Problem]) -> DataValue | None:
    if isinstance(v, dict):
        return _parse_one(doc, path, ind, v, problems)
    key = (type(v), v, ind.type, ind.composite, ind.optional)
    try:
        hit = _SCALARS.get(key)
    except TypeError:  # a list or another unhashable value: an error, located by the parser
        return _parse_one(doc, path, ind, v, problems)
    if hit is None:
        n = len(problems)
        hit = _parse_one(doc, path, ind, v, problems)
        if hit is not None and len(problems) == n and not (v == 0 and isinstance(v, float)):
            if len(_SCALARS) >= 8192:
                _SCALARS.clear()
            _SCALARS[key] = hit
    return hit


def _parse_one(doc: Doc, path: tuple, ind: Indicator, v: Any, problems: list[Problem]) -> DataValue | None:
    evidence: tuple[str, ...] = ()
    note = None
    if isinstance(v, dict):
        for k in v:
            if k not in WRAPPER_KEYS:
                problems.append(doc.problem("schema.unknown_key", path + (k,), key=True, indicator=ind.id, name=k,
                                            where=f"{ind.id}", hint=suggest(k, WRAPPER_KEYS),
                                            allowed=", ".join(sorted(WRAPPER_KEYS))))
                return None
        ev = v.get("evidence")
        if ev is not None:
            if isinstance(ev, str):
                ev = [ev]
            if not isinstance(ev, list):
                problems.append(doc.problem("schema.expected_list", path + ("evidence",), indicator=ind.id,
                                            name="evidence"))
                return None
            evidence = tuple(str(x) for x in ev)
        note = str(v["note"]) if v.get("note") is not None else None
        if "numerator" in v or "denominator" in v:
            if "value" in v:
                problems.append(doc.problem("data.value_and_counts", path, indicator=ind.id))
                return None
            return _parse_counts(doc, path, ind, v, evidence, note, problems)
        if "value" not in v:
            problems.append(doc.problem("data.wrapper_no_value", path, indicator=ind.id))
            return None
        v = v["value"]
        path = path + ("value",)
    if v is None:
        return DataValue("missing", evidence=evidence, note=note)
    if isinstance(v, str) and _norm(v) in _NA:
        if not ind.optional:
            problems.append(doc.problem("data.not_optional", path, indicator=ind.id))
            return None
        return DataValue("na", evidence=evidence, note=note)
    if ind.type == "yes_no" or ind.composite:
        b = _parse_bool(v)
        if b is None:
            problems.append(doc.problem("data.expected_bool", path, indicator=ind.id, value=_show(v)))
            return None
        return DataValue("bool", b, evidence=evidence, note=note)
    num = _parse_number(v)
    if isinstance(num, str):
        problems.append(doc.problem(num, path, indicator=ind.id, value=_show(v),
                                    unit=f" ({ind.unit})" if ind.unit else ""))
        return None
    if ind.type == "percent" and not 0 <= num <= 100:
        problems.append(doc.problem("data.percent_range", path, indicator=ind.id, value=_show(v)))
        return None
    return DataValue("number", num, evidence=evidence, note=note)


def _parse_counts(doc, path, ind, v, evidence, note, problems) -> DataValue | None:
    if ind.type != "percent":
        problems.append(doc.problem("data.counts_not_percent", path, indicator=ind.id))
        return None
    n, d = v.get("numerator"), v.get("denominator")
    for name, x in (("numerator", n), ("denominator", d)):
        if not isinstance(x, int) or isinstance(x, bool) or x < 0:
            problems.append(doc.problem("data.bad_count", path + (name,), indicator=ind.id, name=name, value=_show(x)))
            return None
    if d == 0:
        problems.append(doc.problem("data.zero_denominator", path + ("denominator",), indicator=ind.id))
        return None
    if n > d:
        problems.append(doc.problem("data.numerator_gt", path + ("numerator",), indicator=ind.id, numerator=n,
                                    denominator=d))
        return None
    return DataValue("counts", 100.0 * n / d, n, d, evidence, note)


def _parse_bool(v: Any) -> bool | None:
    if isinstance(v, bool):
        return v
    if isinstance(v, str):
        s = _norm(v)
        if s in _TRUE:
            return True
        if s in _FALSE:
            return False
    return None


def _parse_number(v: Any) -> float | str:
    """A finite, non-negative number, or the message key saying why not."""
    if isinstance(v, bool):
        return "data.expected_number"
    if isinstance(v, (int, float)):
        x = float(v)
    elif isinstance(v, str):
        s = v.replace("\u00a0", " ").strip()
        if s.endswith("%"):
            s = s[:-1].rstrip()  # "93,4 %"; but "1 0" is not ten
        if _NUM_VN_THOUSANDS.match(s) or ("," in s and "." in s):
            return "data.ambiguous_number"  # "1.234" or "1.234,5": thousands dot or decimal dot?
        if _NUM_DOT.match(s):
            x = float(s)
        elif _NUM_COMMA.match(s):
            x = float(s.replace(",", "."))
        else:
            return "data.expected_number"
    else:
        return "data.expected_number"
    if not math.isfinite(x):
        return "data.expected_number"
    if x < 0:
        return "data.negative"
    return x


def _show(v: Any) -> str:
    s = v if isinstance(v, str) else repr(v)
    return s if len(s) <= 60 else s[:57] + "..."

