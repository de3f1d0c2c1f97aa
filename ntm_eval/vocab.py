"""The project's fixed vocabulary, defined once: unit levels and their words, tiers, statuses,
confidence marks, the id pattern, and the `Lookup` type. Imports nothing of ours but the model."""

from __future__ import annotations

import re
import unicodedata
from ntm_eval.records import dataclass
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from ntm_eval.model import CriteriaSet

# A set id or a reference to one: lower-case path-like words, never "..", never a leading "/".
ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*$")

# Set id → set; every stage that follows `requires`, `extends` or `derived` takes one.
Lookup = Callable[[str], "CriteriaSet"]


# --- unit levels -------------------------------------------------------------------------
@dataclass(frozen=True)
class Level:
    code: str
    label_vi: str  # as a column or header shows it ("thôn, bản")
    noun_vi: str  # as a count names it ("12 thôn")
    noun_en: str
    plural_en: str


_LEVELS = (
    Level("xa", "xã", "xã", "commune", "communes"),
    Level("thi_tran", "thị trấn", "thị trấn", "town", "towns"),
    Level("phuong", "phường", "phường", "ward", "wards"),
    Level("huyen", "huyện", "huyện", "district", "districts"),
    Level("thi_xa", "thị xã", "thị xã", "town-level city", "town-level cities"),
    Level("tinh", "tỉnh", "tỉnh", "province", "provinces"),
    Level("thon", "thôn, bản", "thôn", "village", "villages"),
)
LEVEL = {lv.code: lv for lv in _LEVELS}
LEVELS = tuple(LEVEL)
UNIT_NOUN_DEFAULT = Level("", "đơn vị", "đơn vị", "unit", "units")

# Words officials (and English speakers) write for a level, beyond the labels above.
_LEVEL_WORDS = {
    "thành phố": "thi_xa", "bản": "thon", "xóm": "thon", "ấp": "thon", "thôn": "thon",
}


def fold(s: str) -> str:
    """Lower case without diacritics ("Thị trấn" → "thi tran"), for forgiving matching of words."""
    s = unicodedata.normalize("NFC", str(s)).strip().lower().replace("đ", "d")
    return "".join(ch for ch in unicodedata.normalize("NFD", s) if unicodedata.category(ch) != "Mn")


_LEVEL_BY_FOLD = {fold(w): code for w, code in _LEVEL_WORDS.items()}
for _lv in _LEVELS:
    for _w in (_lv.label_vi, _lv.noun_vi, _lv.noun_en):
        _LEVEL_BY_FOLD.setdefault(fold(_w), _lv.code)


def level_code(word: str) -> str | None:
    """The level code for a word as officials write it ("xã", "Thị trấn", "commune"), if any."""
    if word in LEVEL:
        return word
    return _LEVEL_BY_FOLD.get(fold(word))


def level_label(level: str | None, lang: str = "vi") -> str:
    """"xã", "thị trấn", "thôn, bản" … for a level code; an unknown code as it is."""
    lv = LEVEL.get(level or "")
    if lv is None:
        return level or ""
    return lv.label_vi if lang != "en" else lv.noun_en


def level_noun(level: str | None, lang: str = "vi", plural: bool = False) -> str:
    """What a count of units of `level` calls them: "xã" / "commune" / "communes"."""
    lv = LEVEL.get(level or "", UNIT_NOUN_DEFAULT)
    if lang != "en":
        return lv.noun_vi
    return lv.plural_en if plural else lv.noun_en


# --- criteria sets -------------------------------------------------------------------------
TIERS = ("ntm", "nang_cao", "kieu_mau", "hien_dai", "dac_thu", "do_thi_van_minh", "hoan_thanh_nhiem_vu")
SET_STATUS = ("official", "provincial", "example", "demo")
ID_CONF = ("printed", "inferred", "uncertain")
OPS = (">=", "<=", "=")
# all_of: every part · any_of: one part · first_applicable: the first part that applies decides
# (criterion 7: the chợ if the commune has one, else the shop). None with every part "n/a" is met.
COMPOSITES = ("all_of", "any_of", "first_applicable")
TYPES = ("yes_no", "number", "percent", *COMPOSITES)

# How sure the project is of a threshold, and the mark every report shows beside it.
CONFIDENCE = ("primary", "secondary", "uncertain", "demo")
CONFIDENCE_MARKS = {"primary": "✓", "secondary": "~", "uncertain": "?", "demo": "D"}

# --- statuses ------------------------------------------------------------------------------
PASS, FAIL, MISSING, NA, NO_THRESHOLD = "pass", "fail", "missing", "not_applicable", "no_threshold"
STATUSES = (PASS, FAIL, MISSING, NA, NO_THRESHOLD)
DECIDED = (PASS, FAIL)  # a verdict either way
COMPUTED, ATTESTED = "computed", "attested"  # the basis of a verdict: the numbers, or a given verdict
OPEN = (NO_THRESHOLD, MISSING)  # no verdict yet ("chưa thể kết luận"): a threshold or data is missing
SUMMARY_KEYS = {PASS: "passed", FAIL: "failed", MISSING: "missing", NA: "not_applicable",
                NO_THRESHOLD: "no_threshold"}

# --- exit codes ----------------------------------------------------------------------------
EXIT_OK, EXIT_FAIL, EXIT_INVALID = 0, 1, 2  # all met · evaluated, not all met · bad input or usage
