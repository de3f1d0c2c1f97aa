"""The units a data-entry workbook is prefilled with (`ntm-eval template --format xlsx --members`,
`--units`): names — and, where the unit files say them, district, province, region or group —
from a list file (one name per line), a folder of unit YAML files, a district file's
`members:`, or a sheet `batch` reads (last year's filled workbook). Pure of printing; problems are returned, located at the file they concern.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ntm_eval.errors import InputError, Problem
from ntm_eval.io.files import YAML_SUFFIXES, member_paths
from ntm_eval.io.sheet import SHEET_SUFFIXES, iter_rows
from ntm_eval.io.yamlload import load_path, read_text
from ntm_eval.load.unit import read_unit
from ntm_eval.vocab import level_code

# characters XML 1.0 (so an XLSX cell) cannot hold
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class MemberUnit:
    """One row of the workbook: the unit's name and what its own file says of it."""

    name: str
    level: str | None = None  # level code ("xa"), when a unit file gives it
    district: str | None = None
    province: str | None = None
    region: str | None = None
    group: str | None = None
    year: int | None = None  # the year its file is for
    code: str | None = None  # the official unit code its file gives
    merged_from: str | None = None  # a 2026 commune's predecessors, "03412; 03413" as a cell holds them


@dataclass(frozen=True)
class Members:
    units: tuple[MemberUnit, ...]
    skipped: tuple[MemberUnit, ...] = ()  # units of another level than the set's

    @property
    def year(self) -> int | None:
        """The year every unit file is for, when they agree (the workbook's year without --year)."""
        years = {u.year for u in self.units}
        return years.pop() if len(years) == 1 else None


def clean_name(s: Any) -> str:
    """A name as a cell holds it: NFC, no control characters, spaces trimmed."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", str(s))).strip()


def units_option(text: str) -> list[MemberUnit]:
    """`--units "Xã A, Xã B"` (also ";" separated)."""
    return [MemberUnit(n) for n in (clean_name(x) for x in re.split(r"[,;]", text)) if n]


def read_members(path: str, level: str | None = None) -> Members:
    """The units named by `path`: a folder (every unit YAML file below it, sorted, hidden
    folders skipped), a YAML file (a district's `members:`, else the unit itself), a CSV/XLSX
    sheet with a "Tên đơn vị" column, or a list file (one name per line; empty lines and lines
    starting with “#” skipped). Units whose file names another level than `level` are set aside
    (`skipped`). Raises InputError."""
    if os.path.isdir(path):
        units, problems = _from_files(_yaml_files(path), {})
    elif os.path.isfile(path) and path.lower().endswith(YAML_SUFFIXES):
        units, problems = _from_yaml(path)
    elif os.path.isfile(path) and path.lower().endswith(SHEET_SUFFIXES):
        units, problems = _from_sheet(path), []
    elif os.path.isfile(path):
        units, problems = _from_list(path), []
    else:
        raise InputError([Problem("template.members_missing", path)])
    if problems:
        raise InputError(problems)
    units = [u for u in units if u.name]
    if not units:
        raise InputError([Problem("template.members_empty", path)])
    keep = tuple(u for u in units if level is None or u.level in (None, level))
    return Members(keep, tuple(u for u in units if u not in keep))


def _yaml_files(folder: str) -> list[str]:
    out: list[str] = []
    for d, dirs, files in os.walk(folder):
        dirs[:] = sorted(x for x in dirs if not x.startswith("."))
        out += [os.path.join(d, f) for f in sorted(files) if f.endswith(YAML_SUFFIXES) and not f.startswith(".")]
    return out


def _from_list(path: str) -> list[MemberUnit]:
    names = (clean_name(line) for line in read_text(path).splitlines())
    return [MemberUnit(n) for n in names if n and not n.startswith("#")]


def _from_sheet(path: str) -> list[MemberUnit]:
    """The units of a sheet: a list ("Tên đơn vị", "Huyện"…), last year's filled workbook, a
    batch report's matrix."""
    out = []
    for row in iter_rows(path, units_only=True):
        year = row.doc.data.get("year")
        out.append(_unit(row.doc.data.get("unit") or {}, year if isinstance(year, int) else None))
    return out


def _from_yaml(path: str) -> tuple[list[MemberUnit], list[Problem]]:
    try:
        raw = read_unit(load_path(path))
    except InputError as exc:
        return [], exc.problems
    if raw.members is None:
        return [_unit(raw.unit, raw.year)], []
    files, problems = member_paths(raw.doc, raw.members)
    if problems:
        return [], problems
    # the district's own name and province stand for members that do not say theirs
    defaults = {"district": raw.unit.get("name"), "province": raw.unit.get("province")}
    return _from_files(files, defaults)


def _from_files(files: list[str], defaults: dict[str, Any]) -> tuple[list[MemberUnit], list[Problem]]:
    units: list[MemberUnit] = []
    problems: list[Problem] = []
    for f in files:
        try:
            raw = read_unit(load_path(f))
        except InputError as exc:
            problems += exc.problems
            continue
        if raw.unit.get("name") is not None:
            units.append(_unit({**{k: v for k, v in defaults.items() if v}, **raw.unit}, raw.year))
    return units, problems


def _unit(u: dict[str, Any], year: int | None = None) -> MemberUnit:
    def text(key: str) -> str | None:
        v = u.get(key)
        return clean_name(v) or None if v is not None else None

    level = u.get("level")
    merged = u.get("merged_from")
    if isinstance(merged, list):
        merged = "; ".join(clean_name(x) for x in merged if x is not None and clean_name(x))
    return MemberUnit(clean_name(u.get("name") or ""), level_code(str(level)) or str(level) if level else None,
                      text("district"), text("province"), text("region"), text("group"), year, text("code"),
                      clean_name(merged) or None if merged is not None else None)


# Levels with an official code, and its digits (load/adminunits_check.py checks them); villages have none.
CODE_DIGITS = {"xa": 5, "phuong": 5, "thi_tran": 5, "huyen": 3, "thi_xa": 3, "tinh": 2}
CODE_EXAMPLE = {5: "03390", 3: "105", 2: "12"}  # xã Bình Lư (from 1/7/2025), TP Lai Châu, tỉnh Lai Châu
_COMMUNES = {"xa", "phuong", "thi_tran"}


def unit_fields(d: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The official-unit fields a template for the described set `d` offers: `code` for a level
    that has official codes; `merged_from` too for the communes of a set in force from 1/7/2025
    (the 51/2025 sets, evaluated on the new map, where a commune may be formed from old ones).
    Each with what its hint says: {"code": {"digits": 5, "example": "03390"}, "merged_from": {}}."""
    from ntm_eval.load.adminunits import SWITCH

    level = d.get("level")
    if level not in CODE_DIGITS:
        return {}
    digits = CODE_DIGITS[level]
    out: dict[str, dict[str, Any]] = {"code": {"digits": digits, "example": CODE_EXAMPLE[digits]}}
    if level in _COMMUNES and str(d.get("valid_from") or "") >= SWITCH:
        out["merged_from"] = {}
    return out
