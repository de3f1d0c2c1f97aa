"""A YAML syntax error reads in Vietnamese (the parser's words that are known, translated; the
new-user pass saw "lỗi cú pháp YAML: while parsing a flow mapping did not find expected ',' or
'}'"), and says where the construct began when that is another line (an unclosed quote)."""

from __future__ import annotations

import pytest

from ntm_eval.errors import InputError
from ntm_eval.io import yamlload
from ntm_eval.messages import _YAML_WORDS, format_problem

CASES = {
    'a: "abc\nb: 2\nc: 3\n': ("khi đọc một chuỗi trong dấu nháy (từ dòng 1, cột 4) tệp hết mà chưa đóng",
                              "while scanning a quoted scalar (line 1, column 4) found unexpected end of stream"),
    "a: {x: 1\nb: 2\n": ("khi đọc một bảng khóa trong ngoặc { } (từ dòng 1, cột 4) không thấy dấu ',' hoặc '}'",
                         "(line 1, column 4) did not find expected ',' or '}'"),
    "a: b: c\n": ("không được có dấu ':' ở đây", "mapping values are not allowed"),
    "a: 1\nb\n": ("khi đọc một khóa (từ dòng 2, cột 1) không thấy dấu ':' sau khóa", "could not find expected ':'"),
    "a: [1, 2\nb: 3\n": ("khi đọc một danh sách trong ngoặc [ ]", "while parsing a flow sequence"),
}


def _problem(text: str):
    with pytest.raises(InputError) as exc:
        yamlload.load_text(text, "x.yaml")
    return exc.value.problems[0]


@pytest.mark.parametrize("text", CASES)
def test_a_syntax_error_in_vietnamese_and_english(text: str):
    p = _problem(text)
    vi, en = CASES[text]
    assert vi in format_problem(p, "vi")
    assert en in format_problem(p, "en")
    english = [w for w, _ in _YAML_WORDS]
    assert not any(w in format_problem(p, "vi") for w in english)


def test_the_detail_kept_as_the_parser_said_it():
    """JSON readers get the parser's own words (params), the located line and column as before."""
    p = _problem('a: "abc\nb: 2\nc: 3\n')
    assert (p.line, p.col) == (4, 1)
    assert p.params["detail"].startswith("while scanning a quoted scalar (line 1, column 4)")
