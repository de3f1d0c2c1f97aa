"""The column names a sheet may use for unit fields, in English keys or the Vietnamese headers
officials type ("Tên đơn vị", "Huyện", "Vùng", "Năm", "Bộ tiêu chí", "STT" …); the columns that
give a criterion's verdict ("TC1", "Tiêu chí số 1", "TC1 Quy hoạch"), who attested it ("Đơn vị
xác nhận", "Văn bản") and the row's own count of criteria met ("Số tiêu chí đạt"); the headers the
data-entry workbook of `ntm-eval template --format xlsx` writes (`TEMPLATE_HEADERS`) and its second
header row, marked "(mô tả)" in its first cell, that the reader skips (`description_row`)."""

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


def _names(section: str, fld: str, *names: str) -> None:
    """Headers for a field that is not a data-file key ("date" stays the evaluation date)."""
    for n in names:
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
# A 2026 commune's predecessors (codes or names, separated by "," or ";"), checked like `merged_from`
_add("unit", "merged_from", "hợp nhất từ", "sáp nhập từ", "xã cũ", "xã cũ hợp thành", "các xã cũ", "đơn vị cũ",
     "mã xã cũ", "hợp nhất từ (mã xã cũ)", "merged from", "former communes", "predecessors")
_add("top", "year", "năm", "năm đánh giá")
_add("top", "date", "ngày đánh giá", "ngày")
_add("top", "criteria_set", "bộ tiêu chí", "mã bộ tiêu chí", "set", "criteria set")
# Who attested the criterion verdicts of a row, and in which document (every verdict of the row).
_names("attest", "by", "đơn vị xác nhận", "cơ quan xác nhận", "đơn vị thẩm định", "cơ quan thẩm định",
       "đơn vị thẩm tra", "cơ quan thẩm tra", "xác nhận bởi", "attested by")
_names("attest", "document", "văn bản", "số văn bản", "văn bản xác nhận", "văn bản thẩm định", "biên bản",
       "số biên bản", "biên bản thẩm định", "biên bản thẩm tra")
_names("attest", "date", "ngày văn bản", "ngày xác nhận", "ngày thẩm định", "ngày ký", "document date")
# The row's own count of the criteria it meets ("12" or "12/19"), checked against the tool's count.
_names("claimed", "met", "số tiêu chí đạt", "tổng số tiêu chí đạt", "số tiêu chí đã đạt", "tổng số tiêu chí đã đạt",
       "số tc đạt", "tổng số tc đạt", "số tc đã đạt", "tổng số tc đã đạt", "criteria met")
_names("claimed", "total", "tổng số tiêu chí", "tổng số tc", "criteria total")
# Row numbers officials put in the first column, and the columns of the tool's own batch output
# that it computes (file, result, errors): read, never reported as unknown indicators.
IGNORED = {header_key(x) for x in ("stt", "tt", "số tt", "số thứ tự", "#", "no", "no.",
                                   "tệp", "file", "kết quả", "kết quả đánh giá", "result", "lỗi", "errors")}

# "TC1", "TC 1", "Tiêu chí 1", "Tiêu chí số 1", "TC1 Quy hoạch", "Tiêu chí 1: Quy hoạch" (folded);
# "C1" is the tool's English batch output. Never "TC1.2" or "Tiêu chí 17.1".
_CRITERION = re.compile(r"^(?:tieu chi(?: so)?|tc|criterion)\s*0*(\d{1,3})(?=$|[\s:(,–-])|^c0*(\d{1,3})$", re.ASCII)
_NUMBER = re.compile(r"^\d{1,3}$", re.ASCII)  # ASCII digits: "１２" is not a number an official types


def criterion_header(s: str) -> str | None:
    """The criterion number a header names in words ("TC 9", "Tiêu chí số 09 - Môi trường" → "9"),
    else None. A bare number ("9") is not one: it may be an indicator id too (`bare_number`)."""
    m = _CRITERION.match(header_key(s))
    if m is None:
        return None
    return str(int(m.group(1) or m.group(2)))


def bare_number(s: str) -> bool:
    """"10": criterion 10, or the indicator "10" — the cell decides."""
    return bool(_NUMBER.match(str(s).strip()))


def recognised(row: list[Any]) -> int:
    """How many cells of a row are column names this module knows (unit fields, "STT", "TC1")."""
    return sum(1 for c in row if isinstance(c, str) and c.strip()
               and (header_key(c) in FIELDS or header_key(c) in IGNORED or criterion_header(c) is not None))


# The headers `ntm-eval template --format xlsx` writes for the unit fields and attestations: each
# one a name this module reads back (tests/test_template_xlsx.py holds them to it).
TEMPLATE_HEADERS: dict[str, str] = {
    "index": "STT", "name": "Tên đơn vị", "code": "Mã đơn vị", "level": "Cấp", "district": "Huyện", "province": "Tỉnh",
    "region": "Vùng", "group": "Nhóm xã", "categories": "Nhóm đặc thù", "year": "Năm", "criteria_set": "Bộ tiêu chí",
    "by": "Đơn vị xác nhận", "document": "Văn bản", "date": "Ngày văn bản", "merged_from": "Hợp nhất từ",
}

# The drop-down choices of a yes/no indicator ("Không áp dụng" for an "if any" one) and of a
# criterion verdict: words `load/unit.py` and `io/sheet_verdicts.py` read back.
TEMPLATE_YES_NO = ("Đạt", "Chưa đạt")
TEMPLATE_NOT_APPLICABLE = "Không áp dụng"
# Units of a `number` indicator that count things: the template asks for whole numbers.
COUNT_UNITS = frozenset({"thôn", "bản", "công trình", "mô hình", "câu lạc bộ", "vụ", "cấp độ", "xã", "trường", "hộ",
                         "người", "chợ", "điểm bán", "cơ sở", "tuyến"})

# The template's second header row (each indicator's title, unit and threshold) starts with this
# mark; the reader skips the first row after the header that starts with it (in either language).
DESCRIPTION_MARK = {"vi": "(mô tả)", "en": "(description)"}
_DESCRIPTION = {header_key(x) for x in DESCRIPTION_MARK.values()}


def description_row(row: list[Any]) -> bool:
    """Whether a row is the template's description row: its first non-empty cell is "(mô tả)"."""
    first = next((c for c in row if c is not None and not (isinstance(c, str) and not c.strip())), None)
    return isinstance(first, str) and header_key(first) in _DESCRIPTION
