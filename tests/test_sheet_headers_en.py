"""English headers a sheet may use for a 2026 commune's predecessors read as `merged_from`, like the
Vietnamese ones ("Hợp nhất từ", "Xã cũ") — any case, spacing or trailing colon."""

import pytest

from ntm_eval.io.sheet_headers import FIELDS, header_key


@pytest.mark.parametrize("header", ["Merged from", "merged_from", "MERGED FROM:", "Former communes",
                                    "Predecessors", "Hợp nhất từ", "Xã cũ", "unit.merged_from"])
def test_merged_from_headers(header):
    assert FIELDS[header_key(header)] == ("unit", "merged_from")


def test_an_unrelated_header_is_not_merged_from():
    assert FIELDS.get(header_key("Merged")) != ("unit", "merged_from")
