"""Criterion verdicts and a row's own count of criteria met (part of `ntm_eval.io.sheet`, issue 10):
the words a criterion cell may hold, the row's `criteria:` attested by the sheet or by the row's
"Đơn vị xác nhận" / "Văn bản" / "Ngày văn bản", and `claimed_notes` checking "Số tiêu chí đạt"
against the tool's count. Nothing here prints.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

from ntm_eval.vocab import OPEN
from ntm_eval.errors import Problem
from ntm_eval.io.sheet_cells import _text
from ntm_eval.io.sheet_headers import header_key as _fold



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
