"""The fast YAML path (ntm_eval/io/fastyaml.py) reads exactly what the strict loader reads, or
declines: random YAML-ish documents, random mutations of unit files, and every file shipped in
criteria/ and examples/. Locations of a fast document equal the strict document's."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from ntm_eval.errors import InputError
from ntm_eval.io import fastyaml
from ntm_eval.io.yamlload import Doc, _load_strict, _node_at, _same, load_text

REPO = Path(__file__).resolve().parent.parent
PROP = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# keys people and tools write, and keys that mean something else in YAML 1.1
KEYS = ["unit", "name", "values", "year", "id", "criteria_set", "requires", "set", "indicator", "group", "value",
        "note", "evidence", "numerator", "denominator", "1", "1.10", "01", "017", "7.2.b", "17.nuoc-sach", "yes",
        "no", "on", "Off", "y", "n", "true", "null", "~", "2024-03-01", "0x1F", "1_000", "1e3", ".inf", "-x", "+1",
        "a b", "tên xã", "Xã Tân Linh", "khu vực", "<<", "? a", "a:b", "a#b", "a #b", "&a", "*a", "!x", "-", ".5",
        "(1)", "a/b", "95%", "58,6", "" , "x" * 250, "ﬀ", "x\u0301"]
SCALARS = ["1", "0", "-3", "+5", "017", "0017", "08", "0x1F", "0o17", "0b101", "1_000", "1:05", "190:20:30", "12.5",
           "1.10", "1.", ".5", "-.5", "+.5", "1e3", "1.0e+3", "1E-2", "6.8523015e+5", ".inf", "-.Inf", ".NaN",
           "1234567890123456", "123456789012345678901", "2024-03-01", "2024-02-30", "2024-3-1", "2001-12-14t21:59:43.10-05:00",
           "2024-03-01 10:00:00", "yes", "No", "ON", "off", "y", "n", "True", "FALSE", "tRue", "null", "Null", "NULL",
           "~", "", "chưa đạt", "đạt", "n/a", "không có", "58,6", "93,4 %", "95%", "(dự kiến)", "a b  c", "a - b",
           "-x", "- x", "x:y", "x: y", "a #c", "a#c", "#c", "&a x", "*a", "!!str 1", "!!int x", "!x y", "|", ">-",
           "@x", "`x`", "%x", "?", "? x", ",", "a,b", "[a]", "{a}", "=", "<<", "ﬀ", "e\u0301", "\u00a0x", "x\t", "😀"]
QUOTED = ['"1.10"', '"yes"', '"2024-03-01"', "'on'", '"chưa đạt"', '""', "''", '"a # b"', '"a: b"', '"it\'s"',
          "'it''s'", '"a\\"b"', '"\\n"', '"\\x41"', '"\\u00e0"', "'a\\b'", '"a, b"', '"[x]"', '"{x}"', '"x', "'x",
          '"a"b', '"tab\there"', '"\u2028"', '"\x85"', '"\ufeff"']
FLOW = ["{}", "[]", "{ }", "[ ]", "{numerator: 1150, denominator: 1307}", "{value: true, note: \"x, y\"}",
        "{value: 58,6}", "{value: \"58,6\", evidence: [\"a\", b]}", "[1, 2, 3]", "[1.10, \"1.10\", yes]",
        "[a, [b]]", "{a: {b: 1}}", "{a}", "{a: }", "[a,]", "[a, , b]", "{a: 1, a: 2}", "{a:1}", "{\"a\":1}",
        "{id: 1.10, requires: [1.10, yes]}", "{ a : 1 }", "{a: 1 , b: 2}", "[ \"x\" ,y ]", "{a: [ ]}", "[{a: 1}]",
        "{a: 1} x", "[x] # c", "{a: \"]\"}", "[\"a]b\", c]", "{a: [\"x]\", y]}", "&x {a: 1}", "!!map {a: 1}"]
SPACES = ["", " ", "  ", "   ", "    ", "\t", " \t"]
TAILS = ["", " ", "  ", " # note", "  # ghi chú", "#x", " #", "\t# x"]
ENDS = ["\n", "\n", "\n", "\r\n", "\r"]


def _loads(text: str) -> bool:
    try:
        _load_strict(text)
    except InputError:
        return False
    return True


GOOD_VALUES = [v for v in SCALARS + QUOTED + FLOW if _loads(f"a: {v}\n")]
GOOD_KEYS = [k for k in KEYS if _loads(f"{k}: 1\n")]
# what the fast path takes on its own: documents made of these mostly take the fast path
SUBSET_VALUES = [v for v in GOOD_VALUES if fastyaml.parse(f"a: {v}\n") is not None]
SUBSET_KEYS = [k for k in GOOD_KEYS if fastyaml.parse(f"{k}: 1\n") is not None]


def _key(draw, subset: bool = False) -> str:
    k = draw(st.sampled_from(SUBSET_KEYS if subset else GOOD_KEYS if draw(st.integers(0, 20)) else KEYS))
    style = draw(st.sampled_from(["plain", "plain", "dq", "sq"]))
    return f'"{k}"' if style == "dq" else f"'{k}'" if style == "sq" else k


@st.composite
def documents(draw) -> str:
    """Lines of YAML-ish text: mostly mappings at sensible indents, with every kind of trouble."""
    lines = []
    for _ in range(draw(st.integers(1, 14))):
        kind = draw(st.sampled_from(["kv", "kv", "kv", "key", "item", "comment", "blank", "raw"]))
        ind = draw(st.sampled_from(["", "", "  ", "  ", "    ", " ", "   ", "\t"]))
        if kind == "kv":
            v = draw(st.sampled_from(SCALARS + QUOTED + FLOW))
            sep = draw(st.sampled_from([": ", ": ", ":  ", ":", " : "]))
            line = f"{ind}{_key(draw)}{sep}{v}"
        elif kind == "key":
            line = f"{ind}{_key(draw)}:"
        elif kind == "item":
            v = draw(st.sampled_from(SCALARS + QUOTED + FLOW + ["a: 1", "- x", ""]))
            line = f"{ind}- {v}"
        elif kind == "comment":
            line = f"{ind}# chú thích"
        elif kind == "blank":
            line = ind
        else:
            line = draw(st.sampled_from(["---", "...", "%YAML 1.1", "? a", ": b", "  tiếp theo", "a: |", "  khối",
                                         "a: >-", "b: &x 1", "c: *x", "<<: {a: 1}", "\ufeffa: 1", "x"]))
        lines.append(line + draw(st.sampled_from(TAILS)) + draw(st.sampled_from(ENDS)))
    return "".join(lines)


@st.composite
def structured(draw, subset: bool = False) -> str:
    """A random tree of mappings, lists and scalars written out as block YAML in random styles
    (indent steps, lists at the key's column or indented, flow maps, comments, CRLF), sometimes
    with one line of trouble inserted."""
    eol = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    out: list[str] = []

    def scalar() -> str:
        if subset:
            return draw(st.sampled_from(SUBSET_VALUES if draw(st.integers(0, 30)) else GOOD_VALUES))
        return draw(st.sampled_from(GOOD_VALUES if draw(st.integers(0, 30)) else SCALARS + QUOTED + FLOW))

    def mapping(ind: int, depth: int) -> None:
        for _ in range(draw(st.integers(1, 5))):
            k = _key(draw, subset)
            kind = draw(st.sampled_from(["s", "s", "s", "m", "l"] if depth < 3 else ["s"]))
            tail = draw(st.sampled_from(["", "", " # ghi chú", "  "]))
            if kind == "s":
                out.append(" " * ind + f"{k}: {scalar()}{tail}")
            elif kind == "m":
                out.append(" " * ind + f"{k}:{tail}")
                if draw(st.integers(0, 9)):
                    mapping(ind + draw(st.sampled_from([2, 2, 4, 1, 3])), depth + 1)
            else:
                out.append(" " * ind + f"{k}:{tail}")
                at = ind + draw(st.sampled_from([0, 2, 2, 4]))
                for _ in range(draw(st.integers(1, 3))):
                    out.append(" " * at + f"- {scalar()}")
            if not draw(st.integers(0, 7)):
                out.append(draw(st.sampled_from(["", "# chú thích", " " * ind + "# x", "   "])))

    mapping(0, 0)
    if not draw(st.integers(0, 12 if subset else 3)):
        at = draw(st.integers(0, len(out)))
        out.insert(at, draw(st.sampled_from(["  tiếp theo", "- x", "  - y", " b: 1", "\tc: 2", "a: |", "  khối",
                                             "&x", "---", "? k", ": v", "x", "    lạc: 1", out[0] if out else "a: 1"])))
    return eol.join(out) + draw(st.sampled_from([eol, "", eol + eol]))


def agree(text: str, event=event) -> None:
    """fast == strict, or fast declines; a document the strict loader refuses is always declined."""
    fast = fastyaml.parse(text)
    try:
        strict = _load_strict(text, "x.yaml").data
    except InputError:
        assert fast is None, (text, fast)
        event("strict error")
        return
    event("fast" if fast is not None else "declined")
    if fast is not None:
        assert _same(fast, strict), (text, fast, strict)


@PROP
@given(st.one_of(structured(subset=True), structured(), documents()))
@example("id: 1.10\nrequires: [1.10, yes]\nx: 1.10\nother:\n  id: 007\n")
@example("a:\n- x\nb: 1\n")
@example("a:\n  - x\n  b: 1\n")
@example('a: {b: ["x]", y]}\n')
@example("a: 1\r\nb: yes\r\n")
def test_random_documents_fast_equals_strict(text):
    agree(text)


UNIT = """\
# Số liệu minh họa — không phải số liệu thật
unit:
  name: Xã Tân Linh
  level: xa
  district: Huyện Đại Từ
  region: r1
year: 2024
date: "2024-04-15"
criteria_set: t/xa-ntm
values:
  "1.1": {numerator: 8, denominator: 9}
  "1.10": 6
  6.4: 7
  "2": true
  "3": 2.5
  "4.a": 58,6
  "4.b": đạt
  "5.1": n/a
  "6.3": {value: 75, note: "theo báo cáo, tháng 3", evidence: ["Báo cáo số 12", 'Biên bản']}
  "17.1": 96.2  # số của Trạm y tế
tags:
  - một
  - 2
  - "ba"
"""
MUTATIONS = list(":-#\"'{}[], \t\n\r&*!|>?%@`~.0123456789aêđ") + ["\u2028", "\x85", "\ufeff", ": ", "- ", "  ",
                                                                  "\n  ", "yes", "1.10", "!!str ", "&a ", "*a"]


@PROP
@given(st.lists(st.tuples(st.integers(0, len(UNIT)), st.integers(0, 3), st.sampled_from(MUTATIONS)),
                min_size=1, max_size=4))
def test_mutated_unit_files_fast_equals_strict(edits):
    text = UNIT
    for pos, cut, ins in edits:
        pos = min(pos, len(text))
        text = text[:pos] + ins + text[pos + cut:]
    agree(text)


def test_the_unit_file_itself_is_fast():
    assert fastyaml.parse(UNIT) is not None
    agree(UNIT, event=lambda e: None)


def _paths(data, base=()):
    yield base
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, (*base, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, (*base, i))


@PROP
@given(st.one_of(structured(subset=True), structured(), documents()))
@example(UNIT)
def test_fast_documents_are_located_as_strict(text):
    """Every value and key of a document the fast path took is located where the strict loader
    locates it; so is every part (`sub`)."""
    try:
        fast = load_text(text, "x.yaml")
    except InputError:
        return
    if fast.root is not None:
        return  # the strict loader read it
    strict = _load_strict(text, "x.yaml")
    for p in _paths(strict.data):
        assert fast.where(p) == strict.where(p), p
        assert fast.where(p, key=True) == strict.where(p, key=True), p
        assert fast.where((*p, "no-such-key")) == strict.where((*p, "no-such-key"))


@pytest.mark.parametrize("base", [(), ("values",), ("values", "6.3"), ("tags",), ("nowhere",)])
def test_sub_of_fast_document_is_lazy_and_located(base):
    fast, strict = load_text(UNIT, "u.yaml"), _load_strict(UNIT, "u.yaml")
    assert fast.root is None and fast.lazy == UNIT
    data = strict.data
    for step in base:
        data = data.get(step) if isinstance(data, dict) else None
    fs, ss = fast.sub(base, data), strict.sub(base, data)
    assert fast.root is None  # a part asks for nothing until a location is wanted
    for p in _paths(data) if data is not None else [()]:
        assert fs.where(p) == ss.where(p)
        assert fs.where(p, key=True) == ss.where(p, key=True)


def test_mode_switch(monkeypatch):
    monkeypatch.setenv("NTM_EVAL_YAML", "strict")
    assert load_text(UNIT).root is not None
    monkeypatch.delenv("NTM_EVAL_YAML")
    assert load_text(UNIT).root is None
    monkeypatch.setenv("NTM_EVAL_YAML", "verify")
    assert _same(load_text(UNIT).data, _load_strict(UNIT).data)


def test_verify_mode_catches_a_difference(monkeypatch):
    import ntm_eval.io.yamlload as yl

    monkeypatch.setenv("NTM_EVAL_YAML", "verify")
    monkeypatch.setattr(yl, "_fast_parse", lambda text: {"a": 1.0})
    with pytest.raises(AssertionError):
        load_text("a: 1\n")  # 1 is an int: True == 1 == 1.0 does not pass for the same
    monkeypatch.setattr(yl, "_fast_parse", lambda text: {"a": 1})
    with pytest.raises(AssertionError):
        load_text("a: [1\n")  # the strict loader refuses it


def test_without_the_fast_parser_strict_is_used(monkeypatch):
    import ntm_eval.io.yamlload as yl

    monkeypatch.setattr(yl, "_fast_parse", None)
    assert load_text(UNIT).root is not None


SHIPPED = sorted(p for d in ("criteria", "examples") for p in (REPO / d).rglob("*.y*ml"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(REPO)))
def test_shipped_files_fast_equals_strict(path):
    agree(path.read_text(encoding="utf-8"), event=lambda e: None)


def test_most_example_unit_files_take_the_fast_path():
    units = [p for p in SHIPPED if p.parts[len(REPO.parts)] == "examples"]
    fast = [p for p in units if fastyaml.parse(p.read_text(encoding="utf-8")) is not None]
    assert len(fast) >= len(units) // 3, (len(fast), len(units))


def test_big_documents_and_long_keys_decline():
    assert fastyaml.parse("a: 1\n" + "# x\n" * (fastyaml.MAX_CHARS // 4)) is None
    long_key = '"' + "k" * (fastyaml.MAX_KEY) + '": 1\n'
    assert fastyaml.parse(long_key) is None
    deep = "".join(" " * (2 * i) + f"k{i}:\n" for i in range(fastyaml.MAX_DEPTH + 2)) + " " * 200 + "z: 1\n"
    assert fastyaml.parse(deep) is None
    agree(deep, event=lambda e: None)


def test_doc_built_by_hand_is_unchanged():
    d = Doc("s.xlsx", {"a": 1}, {("a",): (3, 2)})
    assert d.where(("a",)) == (3, 2) and d.where(("b",)) == (None, None) and d.tree() is None


@PROP
@given(st.one_of(structured(subset=True), structured()), st.lists(st.sampled_from(["unit", "name", "values", 0, 1, 2,
                                                                                    "6.3", "x", True]), max_size=4))
def test_locations_read_off_the_lines_equal_the_composed_ones(text, extra):
    """fastyaml.locate (no compose) gives the composed tree's location for every path, also paths
    that leave the document, or says it does not know (None)."""
    from ntm_eval.io.yamlload import _compose

    data = fastyaml.parse(text)
    if data is None:
        return
    composed = Doc("x.yaml", data, root=_compose(text))
    for p in [*_paths(data), tuple(extra)]:
        for q in (p, (*p, *extra)):
            for key in (False, True):
                got = fastyaml.locate(text, q, key)
                if got is not None:
                    assert got == composed.where(q, key), (q, key)
            for n in range(len(q) + 1):  # as a part of the document (`sub`) with its first n steps
                got = fastyaml.locate(text, q, False, n)
                if got is not None:
                    part = Doc("x.yaml", None, root=_node_at(composed.root, q[:n]))
                    assert got == part.where(q[n:]), (q, n)


def test_unit_file_locations_need_no_compose():
    """The places warnings point at in a unit file (unit.*, values.*, the keys) are found without
    composing the document; a value inside a flow mapping still composes."""
    fast, strict = load_text(UNIT, "u.yaml"), _load_strict(UNIT, "u.yaml")
    for p in [("unit", "province"), ("unit", "name"), ("unit",), ("year",), ("values",), ("nowhere", "x")]:
        assert fast.where(p) == strict.where(p)
        assert fast.where(p, key=True) == strict.where(p, key=True)
    assert fast.root is None
    part = fast.sub(("unit",), strict.data["unit"])
    assert part.where(("district",)) == strict.where(("unit", "district"))
    assert fast.root is None
