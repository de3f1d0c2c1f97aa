"""The fast YAML path refuses characters outside its subset with one search before matching lines
(io/fastyaml._BAD_CHAR), so its line patterns no longer repeat those ranges in every class. These
tests hold the new patterns to the old ones: on any text without a refused character both match
the same lines the same way, and a refused character anywhere declines the whole document."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from ntm_eval.io import fastyaml

# The patterns as they were before the prescreen (every class excluded the refused characters).
_NOT_TEXT = "\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff\U00010000-\U0010ffff"
_WORD = r"[^\W" + "\U00010000-\U0010ffff" + "]"
_W = "(?:" + _WORD + r"|[.\-+/%()~\u0300-\u036f])"
_FIRST = r"(?:" + _WORD + r"|[(+~]|[-.](?=" + _WORD + "))"
_PLAIN_KEY = _FIRST + _W + "*+(?: +" + _W + "++)*+"
_WB = "(?:" + _WORD + r"|[.,\-+/%()~\u0300-\u036f])"
_PLAIN_BLOCK = _FIRST + _WB + "*+(?: +" + _WB + "++)*+"
_DQ = '"[^"\\\\' + _NOT_TEXT + ']*+"'
_SQ = "'[^'" + _NOT_TEXT + "]*+'"
_KEY = "(?:" + _DQ + "|" + _SQ + "|" + _PLAIN_KEY + ")"
_FSCALAR = "(?:" + _DQ + "|" + _SQ + "|" + _PLAIN_KEY + ")"
_FSEQ = r"\[ *+(?:" + _FSCALAR + "(?: *+, *+" + _FSCALAR + r")*+)? *+\]"
_FVAL = "(?:" + _FSCALAR + "|" + _FSEQ + ")"
_FMAP = r"\{ *+(?:" + _KEY + ": +" + _FVAL + "(?: *+, *+" + _KEY + ": +" + _FVAL + r")*+)? *+\}"
_VALUE = "(?>" + _DQ + "|" + _SQ + "|" + _FMAP + "|" + _FSEQ + "|" + _PLAIN_BLOCK + ")"
_TAIL = "(?: +#[^\n" + _NOT_TEXT + "]*+| *+)"
_COMMENT = "(?:#[^\n" + _NOT_TEXT + "]*+)?"
OLD_LINE = re.compile("^( *+)(?:- +(" + _VALUE + ")" + _TAIL + "|(" + _KEY + "):(?: +(" + _VALUE + "))?" + _TAIL
                      + "|" + _COMMENT + ")\n", re.M)
OLD_FLOW_ITEM = re.compile("(" + _KEY + "): +(?:(" + _FSCALAR + r")|\[ *+((?:" + _FSCALAR + "(?: *+, *+" + _FSCALAR
                           + r")*+)?) *+\])")

REFUSED = ["\t", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9f", "\u2028", "\u2029", "\ufeff", "\ufffe",
           "\uffff", "\U0001f600", "\U00020000", "\ud800"]
# characters the subset takes, and the YAML punctuation that shapes a line
ALPHABET = list("abcxyzAZ09_ .,-+/%()~:#'\"[]{}!&*|>?@`\\\n") + ["ư", "ờ", "Đ", "\u0301", "\u00a0", "中", "²"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=80).map("".join))
def test_new_line_patterns_match_as_the_old_on_text_they_take(text):
    text += "\n"
    assert not fastyaml._BAD_CHAR.search(text)
    assert fastyaml._LINE.findall(text) == OLD_LINE.findall(text)
    assert fastyaml._FLOW_ITEM.findall(text) == OLD_FLOW_ITEM.findall(text)


DOC = 'unit:\n  name: "Xã Sơn Bình"\n  district: Tam Đường # huyện\nvalues:\n  "2.1": 93.5\n  tags: [a, b]\n'


def test_the_document_is_taken_without_refused_characters():
    assert fastyaml.parse(DOC) == {"unit": {"name": "Xã Sơn Bình", "district": "Tam Đường"},
                                   "values": {"2.1": 93.5, "tags": ["a", "b"]}}


@given(st.sampled_from(REFUSED), st.integers(min_value=0, max_value=len(DOC)))
def test_a_refused_character_anywhere_declines(ch, at):
    text = DOC[:at] + ch + DOC[at:]
    assert fastyaml.parse(text) is None
