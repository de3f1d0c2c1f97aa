"""Vietnamese alphabetical order for place names (the by-province and by-district tables): the
letters as the alphabet orders them — a ă â b c d đ e ê … o ô ơ … u ư … — the tone marks only
where the letters are the same (none, huyền, hỏi, ngã, sắc, nặng), case last (lower first), numbers by
their value ("Phường 2" before "Phường 10"). This is the order of CLDR's Vietnamese collation
for these names; a plain sort puts "Bình Định" before "Bạc Liêu" and every Đ after Y."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_LETTER_MARKS = {"\u0306": "1", "\u0302": "2", "\u031b": "3"}  # breve ă; circumflex â ê ô; horn ơ ư
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_DIGITS = re.compile(r"\d+")


@lru_cache(maxsize=4096)
def vi_key(text: str) -> tuple[str, tuple[int, ...], str, str]:
    """The sort key of `text` in Vietnamese order (see the module's docstring)."""
    primary: list[str] = []
    tones: list[int] = []
    for m in _split(unicodedata.normalize("NFD", text.casefold())):
        if m[0].isdigit():  # a number: by its length, then its digits
            primary.append(f"0{len(m):03d}{m}")
            continue
        base, marks = m[0], m[1:]
        if base == "đ":
            primary.append("d1")
        else:
            primary.append(base + next((_LETTER_MARKS[c] for c in marks if c in _LETTER_MARKS), "0"))
        tones.append(next((_TONES[c] for c in marks if c in _TONES), 0))
    return "".join(primary), tuple(tones), text.swapcase(), text


def _split(s: str) -> list[str]:
    """`s` (decomposed) as its numbers and its characters each with the marks that follow it."""
    out: list[str] = []
    at = 0
    for m in _DIGITS.finditer(s):
        out += _chars(s[at:m.start()])
        out.append(m.group())
        at = m.end()
    out += _chars(s[at:])
    return out


def _chars(s: str) -> list[str]:
    out: list[str] = []
    for ch in s:
        if out and unicodedata.combining(ch):
            out[-1] += ch
        else:
            out.append(ch)
    return out
