"""Located problems: every error names file, line, column and (when known) the indicator.

The core raises `InputError` carrying `Problem`s with a message key and parameters; the CLI
renders them in the user's language (see `messages.py`). Nothing here prints.
"""

from __future__ import annotations

from ntm_eval.records import dataclass, field
from typing import Any, Iterable


@dataclass(frozen=True)
class Problem:
    key: str  # message key in messages.CATALOG
    file: str | None = None
    line: int | None = None  # 1-based
    col: int | None = None  # 1-based
    params: dict[str, Any] = field(default_factory=dict)
    indicator: str | None = None
    severity: str = "error"  # error | warning

    def location(self) -> str:
        parts = [self.file or "--set"]  # the only input without a file is a command-line option
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)

    def cell(self) -> str | None:
        """The cell as Excel names it ("F12") when the problem is at a cell of an XLSX workbook."""
        if self.line is None or self.col is None or not in_workbook(self.file):
            return None
        return cell_name(self.line, self.col)


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def in_workbook(path: str | None) -> bool:
    """Whether a file is an Excel workbook (its rows and columns are cells: "F12")."""
    return bool(path) and str(path).lower().endswith(WORKBOOK_SUFFIXES)


def column_letter(col: int) -> str:
    """1 → "A", 26 → "Z", 27 → "AA" (Excel's column names)."""
    out = ""
    while col > 0:
        col, r = divmod(col - 1, 26)
        out = chr(65 + r) + out
    return out


def cell_name(line: int, col: int) -> str:
    """Row 12, column 6 → "F12"."""
    return f"{column_letter(col)}{line}"


class InputError(Exception):
    """Invalid input (data file, criteria file, usage). Exit code 2."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(p.key for p in self.problems))


class PathsError(InputError):
    """A PATH argument that does not exist or holds no file to read (usage error, exit 2)."""


def suggest(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate, for "did you mean …?" hints."""
    cands = [str(c) for c in candidates]
    if not cands:
        return None
    word = str(word)
    # Ids first: "17.01" → "17.1", "6,3" → "6.3", "1.10" typed for "1.1"; then a set id by its
    # last part ("xa-ntm" → "vn/2021-2025/xa-ntm"); then spelling.
    norm = _norm_id(word)
    for c in cands:
        if _norm_id(c) == norm:
            return c
    tails = [c for c in cands if "/" in c and c.rsplit("/", 1)[1] == word]
    if tails:
        return sorted(tails)[-1]  # the newest period
    import difflib  # on use: a check that suggests nothing does not import it (start-up)

    if "." in word and "/" not in word:  # an indicator id: stay within its criterion ("17.01" → 17.x)
        head = _norm_id(word.split(".")[0])
        same = [c for c in cands if _norm_id(c.split(".")[0]) == head]
        if same:
            return (difflib.get_close_matches(word, same, n=1, cutoff=0.0) or same)[0]
    match = difflib.get_close_matches(word, cands, n=1, cutoff=0.6)
    if match:
        return match[0]
    return None


def _norm_id(s: str) -> str:
    s = s.strip().replace(",", ".").lower()
    return ".".join(p.lstrip("0") or "0" for p in s.split("."))
