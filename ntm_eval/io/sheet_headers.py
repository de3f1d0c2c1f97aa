"""The column names a sheet may use for unit fields, in English keys or the Vietnamese headers
officials type ("Tên đơn vị", "Huyện", "Vùng", "Năm", "Bộ tiêu chí", "STT" …)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ntm_eval.vocab import fold

# normalised header → (section, field). Section "unit" fields go under `unit:`, "top" at top level.
FIELDS: dict[str, tuple[str, str]] = {}


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFC", str(s)).strip().lower()
    s = re.sub(r"\s+", " ", s)
    return s.rstrip(":").strip()


def header_key(s: str) -> str:
    """Lower case without diacritics ("Tên đơn vị" → "ten don vi") for forgiving header matching."""
    return fold(_norm(s))


def _add(section: str, fld: str, *names: str) -> None:
    for n in (fld, f"{section}.{fld}" if section == "unit" else fld, *names):
        FIELDS[header_key(n)] = (section, fld)


_add("unit", "name", "tên", "tên đơn vị", "đơn vị", "tên xã", "xã/thị trấn", "tên thôn", "tên huyện", "unit")
_add("unit", "code", "mã", "mã đơn vị", "mã xã", "mã đvhc")
_add("unit", "level", "cấp", "cấp đơn vị")
_add("unit", "commune", "xã", "thuộc xã")
_add("unit", "district", "huyện", "thuộc huyện", "huyện/thị xã", "huyện, thị xã")
_add("unit", "province", "tỉnh", "thuộc tỉnh", "tỉnh/thành phố", "tỉnh, thành phố")
_add("unit", "region", "vùng", "vùng kinh tế - xã hội", "vùng kt-xh")
_add("unit", "group", "nhóm xã", "nhóm")
_add("unit", "categories", "nhóm đặc thù", "phân loại", "loại xã", "diện")
_add("unit", "note", "ghi chú", "ghi chu")
_add("top", "year", "năm", "năm đánh giá")
_add("top", "date", "ngày đánh giá", "ngày")
_add("top", "criteria_set", "bộ tiêu chí", "mã bộ tiêu chí", "set")
# Row numbers officials put in the first column: read, never reported as unknown indicators.
IGNORED = {header_key(x) for x in ("stt", "tt", "số tt", "số thứ tự", "#", "no", "no.")}


def recognised(row: list[Any]) -> int:
    """How many cells of a row are column names this module knows (unit fields, "STT")."""
    return sum(1 for c in row if isinstance(c, str) and c.strip() and (header_key(c) in FIELDS or header_key(c) in IGNORED))
