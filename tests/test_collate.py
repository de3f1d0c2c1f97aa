"""Vietnamese alphabetical order (ntm_eval/collate.py) for the by-province and by-district tables."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from ntm_eval.collate import vi_key
from ntm_eval.core.aggregate import GroupAgg, SubAgg

# CLDR's Vietnamese order of these provinces (ICU "vi"): ă, â after a; đ after d; tones secondary
PROVINCES = ["An Giang", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bình Định", "Cà Mau", "Cao Bằng", "Cần Thơ",
             "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Hà Giang", "Hà Nội",
             "Hải Dương", "Hải Phòng", "Hậu Giang", "Lai Châu", "Lạng Sơn", "Lào Cai", "Lâm Đồng", "Long An",
             "Tây Ninh", "Thái Bình", "Thanh Hóa", "Tuyên Quang", "Yên Bái"]


def test_provinces_in_vietnamese_order():
    assert sorted(reversed(PROVINCES), key=vi_key) == PROVINCES


def test_tones_only_where_the_letters_are_the_same():
    assert sorted(["ma", "mạ", "má", "mã", "mả", "mà"], key=vi_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(["mạc", "mac"], key=vi_key) == ["mac", "mạc"]
    assert sorted(["mác", "mạ"], key=vi_key) == ["mạ", "mác"]  # the letters first: "ma" before "mac"


def test_numbers_by_value_and_case_last():
    assert sorted(["Phường 10", "Phường 2", "phường 1", "Phường 1"], key=vi_key) == \
        ["phường 1", "Phường 1", "Phường 2", "Phường 10"]  # lower case first, as CLDR


@given(st.text())
def test_composed_or_not_the_same_place(s: str):
    nfc, nfd = unicodedata.normalize("NFC", s), unicodedata.normalize("NFD", s)
    assert vi_key(nfc)[:2] == vi_key(nfd)[:2]


@given(st.lists(st.text(), max_size=8))
def test_a_total_order(names: list[str]):
    once = sorted(names, key=vi_key)
    assert sorted(once, key=vi_key) == once and sorted(names) == sorted(once)


def test_the_tables_are_in_that_order():
    g = GroupAgg.__new__(GroupAgg)
    g.by_province = {p: SubAgg.__new__(SubAgg) for p in reversed(PROVINCES)}
    g.by_district = {("Đắk Nông", "Huyện Tuy Đức"): None, ("Đắk Nông", "Huyện Đắk Mil"): None,
                     ("Bình Định", "Huyện An Lão"): None, ("", "Huyện Bảo Lâm"): None}
    assert [k for k, _ in g.provinces()] == PROVINCES
    assert [k for k, _ in g.districts()] == [("", "Huyện Bảo Lâm"), ("Bình Định", "Huyện An Lão"),
                                            ("Đắk Nông", "Huyện Đắk Mil"), ("Đắk Nông", "Huyện Tuy Đức")]
