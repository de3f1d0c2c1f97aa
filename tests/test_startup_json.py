"""render/jsonout.dumps writes plain data itself (start-up of `check --format json`): its text must be
exactly `json.dumps(obj, ensure_ascii=False, indent=2)`'s, for any data."""

from __future__ import annotations

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from ntm_eval.render.jsonout import dumps

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                    st.text(), st.sampled_from(["tiếng Việt", "\u2028", "\x00\x1f\"\\/", "😀", "Đạt"]))
keys = st.one_of(st.text(), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))
data = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=5), st.tuples(inner, inner),
                                                     st.dictionaries(keys, inner, max_size=5)), max_leaves=40)


@settings(max_examples=400, deadline=None)
@given(data)
def test_dumps_is_json_dumps(obj):
    assert dumps(obj) == json.dumps(obj, ensure_ascii=False, indent=2)


def test_the_shapes_a_report_has():
    for obj in [{}, [], {"a": {}}, {"a": []}, [[]], {"x": [1, 2.5, -0.0, 1e300, True, None, "ó"]}, (1, (2,)),
                {"nan": math.nan}, {"inf": [math.inf, -math.inf]}, {1: "int key"}, {None: 0}, 10 ** 40]:
        assert dumps(obj) == json.dumps(obj, ensure_ascii=False, indent=2)


def test_other_types_go_to_json():
    class S(str):
        pass

    import enum

    class E(enum.IntEnum):
        A = 1

    for obj in [S("x"), [E.A], {"k": S("v")}]:
        assert dumps(obj) == json.dumps(obj, ensure_ascii=False, indent=2)
    try:
        dumps({"k": object()})
    except TypeError as exc:
        assert "not JSON serializable" in str(exc)
    else:
        raise AssertionError("an object json cannot write is its TypeError")
