"""A fast reader for the plain YAML that unit data files are written in — or nothing.

`parse(text)` returns the same plain data as the strict loader (`yamlload._load_strict(...).data`)
for a document written in a deliberately small subset of YAML, and `None` ("decline") for any
other document, which then goes through the strict, located loader. Declining is always safe;
accepting a document and reading it differently from the strict loader would be a bug.

The subset (what `bench/batch_bench.py` generates, and what people and the templates write):

* one block mapping at column 0; nested block mappings under a key with nothing after its colon;
  block sequences (`- item`, indented or at the key's column) of one-line items;
* keys: double-quoted without escapes, single-quoted without `''`, or plain made of letters,
  digits and `_ . - + / % ( ) ~` (no `:`, `#`, `,`, no leading indicator);
* values on the key's line: a plain one-line scalar, a quoted one-line scalar (no escapes), a flow
  mapping `{k: v, …}` or a flow sequence `[a, b]` of such scalars (one level of `[…]` inside `{…}`);
* comments (`# …` after at least one space, or on their own line), blank lines, LF or CRLF ends.

Anything else declines: tabs, tags (`!`), anchors and aliases (`&`, `*`), merge keys, `?` keys,
block scalars (`|`, `>`), multi-line scalars, escapes, directives and `---`, duplicate keys, a
line at an indentation the document has not opened, empty flow entries, non-BMP or control
characters, more than MAX_CHARS characters. Plain scalars are resolved with PyYAML's own YAML 1.1
resolver and built by the strict loader's own scalar builder (same numbers, booleans, nulls and
text-kept values); a scalar it would refuse declines the whole document.
"""

from __future__ import annotations

import re
from typing import Any

MAX_CHARS = 64 * 1024  # a unit file is ~1 KB; bigger documents go to the strict loader
MAX_DEPTH = 40  # nesting levels; the strict loader has its own (located) depth limits
MAX_KEY = 200  # characters; libyaml's simple keys end at 1024

# Every character is checked once, before the lines are matched: a document with a character
# outside newline, printable ASCII but tab, and printable characters of the Basic Multilingual
# Plane declines. Tabs, CR (CRLF is handled apart), C0/C1 controls, DEL, line separators, BOM,
# surrogates, non-characters and the astral planes are refused by one search, so the line patterns
# below need not repeat these ranges in every class: a class with a range above U+00FF compiles to
# a 64K-entry table, and there were ~30 of them (the line pattern took ~30 ms to compile, ~1 ms now).
_NOT_TEXT = "\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff\U00010000-\U0010ffff"
_BAD_CHAR = re.compile("[" + _NOT_TEXT + "]")
_WORD = r"\w"  # a letter, digit or _ (of the BMP: the others are refused by _BAD_CHAR)
_W = "(?:" + _WORD + r"|[.\-+/%()~\u0300-\u036f])"  # inside a plain token (combining marks: decomposed text)
_FIRST = r"(?:" + _WORD + r"|[(+~]|[-.](?=" + _WORD + "))"  # no indicator first; '-' '.' only before a word char
_PLAIN_KEY = _FIRST + _W + "*+(?: +" + _W + "++)*+"
_WB = "(?:" + _WORD + r"|[.,\-+/%()~\u0300-\u036f])"  # block context: a comma is text ("58,6")
_PLAIN_BLOCK = _FIRST + _WB + "*+(?: +" + _WB + "++)*+"
_PLAIN_FLOW = _PLAIN_KEY  # flow context: no comma
_DQ = '"[^"\\\\\n]*+"'
_SQ = "'[^'\n]*+'"
_KEY = "(?:" + _DQ + "|" + _SQ + "|" + _PLAIN_KEY + ")"
_FSCALAR = "(?:" + _DQ + "|" + _SQ + "|" + _PLAIN_FLOW + ")"
_FSEQ = r"\[ *+(?:" + _FSCALAR + "(?: *+, *+" + _FSCALAR + r")*+)? *+\]"
_FVAL = "(?:" + _FSCALAR + "|" + _FSEQ + ")"
_FMAP = r"\{ *+(?:" + _KEY + ": +" + _FVAL + "(?: *+, *+" + _KEY + ": +" + _FVAL + r")*+)? *+\}"
_VALUE = "(?>" + _DQ + "|" + _SQ + "|" + _FMAP + "|" + _FSEQ + "|" + _PLAIN_BLOCK + ")"
_TAIL = "(?: +#[^\n]*+| *+)"  # after a value: a comment (after a space) or spaces
_COMMENT = "(?:#[^\n]*+)?"  # a line of its own
# one line, whole: (indent, item value, key, key's value); a comment or blank line gives empty
# groups. A line that is none of these has no match, so the count of matches shows it.
_LINE = re.compile("^( *+)(?:- +(" + _VALUE + ")" + _TAIL + "|(" + _KEY + "):(?: +(" + _VALUE + "))?" + _TAIL + "|"
                   + _COMMENT + ")\n", re.M)
# inside a flow mapping: key, scalar value or the inside of a [...] value
_FLOW_ITEM = re.compile("(" + _KEY + "): +(?:(" + _FSCALAR + r")|\[ *+((?:" + _FSCALAR + "(?: *+, *+" + _FSCALAR
                        + r")*+)?) *+\])")
_FLOW_SCALAR = re.compile(_FSCALAR)
# sure signs of a document outside the subset, searched first in a big document (both patterns
# start with a literal, which the regex engine scans for quickly)
PRESCREEN_CHARS = 16 * 1024
_BLOCK_SCALAR = re.compile(r": [|>]")
_ITEM_MAPPING = re.compile(r"\n *- [^\n]*?: ")

_RAW_KEYS: frozenset[str] = frozenset()
_SCALARS: dict[str, Any] = {}
_SCALARS_RAW: dict[str, Any] = {}
_MISSING = object()
_DECLINE = object()


class _Declined(Exception):
    pass


def _setup() -> None:
    global _RAW_KEYS
    from ntm_eval.io.yamlload import RAW_KEYS

    _RAW_KEYS = RAW_KEYS


def _plain(text: str, raw: bool) -> Any:
    """The value the strict loader builds for the plain scalar `text` (memoised, one table for
    identifier keys' values and one for the rest: no key tuple per value)."""
    memo = _SCALARS_RAW if raw else _SCALARS
    v = memo.get(text, _MISSING)
    if v is _MISSING:
        if len(memo) >= 50_000:
            memo.clear()
        v = memo[text] = _build_plain(text, raw)
    if v is _DECLINE:
        raise _Declined
    return v


def _build_plain(text: str, raw: bool) -> Any:
    import yaml

    from ntm_eval.errors import InputError
    from ntm_eval.io.yamlload import _RESOLVER, Doc, _Builder

    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))
    mark = yaml.Mark("<fast>", 0, 0, 0, None, None)
    node = yaml.ScalarNode(tag, text, mark, mark, None)
    try:
        return _Builder(Doc("<fast>", None)).build(node, raw)
    except (InputError, RecursionError):
        return _DECLINE


def _scalar(tok: str, raw: bool) -> Any:
    c = tok[0]
    if c == '"' or c == "'":
        return tok[1:-1]
    return _plain(tok, raw)


def _key(tok: str) -> str:
    if len(tok) > MAX_KEY:
        raise _Declined
    c = tok[0]
    return tok[1:-1] if c == '"' or c == "'" else tok


def _value(tok: str | None, raw: bool) -> Any:
    if tok is None:
        return _plain("", raw)
    c = tok[0]
    if c == "{" or c == "[":
        return _flow(tok, raw)
    return _scalar(tok, raw)


def _flow(tok: str, raw: bool) -> Any:
    """A one-line flow collection the line pattern already accepted: `{k: v, …}` with scalar or
    `[…]` values, or `[a, b, …]`."""
    if tok[0] == "[":
        return [_scalar(p, raw) for p in _FLOW_SCALAR.findall(tok)]
    out: dict[str, Any] = {}
    for k, v, seq in _FLOW_ITEM.findall(tok):
        k = _key(k)
        if k in out:
            raise _Declined
        sub = k in _RAW_KEYS
        out[k] = _scalar(v, sub) if v else [_scalar(p, sub) for p in _FLOW_SCALAR.findall(seq)]
    return out


def parse(text: str) -> dict[str, Any] | None:
    """The document's data, exactly as the strict loader builds it, or None (decline)."""
    if len(text) > MAX_CHARS:
        return None
    original = text
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            return None
    if len(text) > PRESCREEN_CHARS and (_BLOCK_SCALAR.search(text) or _ITEM_MAPPING.search(text)):
        return None  # a criteria file: declined in microseconds, not after reading all its lines
    if _BAD_CHAR.search(text):
        return None  # a character outside the subset (the line patterns do not look for them)
    if not text.endswith("\n"):
        text += "\n"
    rows = _LINE.findall(text)
    if len(rows) != text.count("\n"):
        return None  # a line outside the subset
    _LAST_ROWS[0], _LAST_ROWS[1] = original, rows  # for locate(): the lines need not be matched again
    if not _RAW_KEYS:
        _setup()
    try:
        return _build(rows)
    except _Declined:
        return None


def _build(rows: list[tuple[str, str, str, str]]) -> dict[str, Any] | None:
    root: dict[str, Any] = {}
    # open block collections, innermost last: [indent, container, raw]
    stack: list[list[Any]] = []
    top: list[Any] = [-1, None, False]  # stack[-1]
    pending: tuple[Any, str, int, bool] | None = None  # (mapping, key, key indent, raw): `key:` and nothing
    raw_keys = _RAW_KEYS
    for indent, item, key, val in rows:
        if key:
            ind = len(indent)
            if pending is not None:
                pmap, pkey, pind, praw = pending
                pending = None
                if ind > pind:  # the key's value is a nested mapping
                    if len(stack) >= MAX_DEPTH:
                        return None
                    top = [ind, {}, praw]
                    pmap[pkey] = top[1]
                    stack.append(top)
                else:
                    pmap[pkey] = _plain("", praw)
            if top[0] != ind:
                if not stack:
                    if ind:
                        return None  # the top mapping is at column 0
                    top = [0, root, False]
                    stack.append(top)
                else:
                    while top[0] > ind:
                        stack.pop()
                        if not stack:
                            return None
                        top = stack[-1]
                    if top[0] != ind:
                        return None  # an indentation no open collection has
            cont = top[1]
            if cont.__class__ is list:
                # `key:` then `- a` at the key's column: the next key at that column ends the list
                if len(stack) < 2 or stack[-2][0] != ind:
                    return None
                stack.pop()
                top = stack[-1]
                cont = top[1]
            if len(key) > MAX_KEY:
                return None
            c = key[0]
            if c == '"' or c == "'":
                key = key[1:-1]
            if key in cont:
                return None  # a duplicate: the strict loader says where
            if val:
                c = val[0]
                if c == '"' or c == "'":
                    cont[key] = val[1:-1]
                elif c == "{" or c == "[":
                    cont[key] = _flow(val, key in raw_keys)
                else:
                    cont[key] = _plain(val, key in raw_keys)
            else:
                cont[key] = None  # keeps the order; set by the next line
                pending = (cont, key, ind, key in raw_keys)
        elif item:
            ind = len(indent)
            if pending is not None:
                pmap, pkey, pind, praw = pending
                pending = None
                if ind < pind or len(stack) >= MAX_DEPTH:
                    return None
                top = [ind, [], praw]  # at the key's column too (`key:` then `- a`)
                pmap[pkey] = top[1]
                stack.append(top)
            if not stack:
                return None
            while top[0] > ind:
                stack.pop()
                if not stack:
                    return None
                top = stack[-1]
            if top[0] != ind or top[1].__class__ is not list:
                return None
            top[1].append(_value(item, top[2]))
    if pending is not None:
        pmap, pkey, _, praw = pending
        pmap[pkey] = _plain("", praw)
    if not stack:
        return None  # empty, or comments only: the strict loader says so
    return root


# --- locations without composing -------------------------------------------------------------
# A document the fast path took has no node tree. Its lines are regular enough that where a key or
# a block value starts can be read off them — what the strict loader's composed tree would say,
# for a fraction of the compose. Inside a flow collection, and for an empty value, `locate` says
# "don't know" (None) and the caller composes.

_MARKS_OF: list[Any] = [None, None, None]  # (text, first top-level key it covers, index) of the last document asked about
_LAST_ROWS: list[Any] = [None, None]  # (text, its matched lines) of the last document parse() took


def _index(text: str, upto: str | None = None) -> tuple[tuple[int, int], dict[tuple, tuple[tuple[int, int], Any]], set]:
    """(root mark, {path: (key mark, value mark or None)}, paths whose value is a flow collection)
    of a document `parse` accepted. Marks are (line, column), both from 1; paths use the keys as
    written (unquoted), like the composed tree's key nodes. With `upto`, stops at the top-level key
    after `upto` (a warning about `unit.name` need not read all the values)."""
    rows = _LAST_ROWS[1] if _LAST_ROWS[0] is text else None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if not text.endswith("\n"):
        text += "\n"
    if rows is None:
        rows = _LINE.findall(text)
    lines = text.split("\n")
    seen = False  # `upto` was passed
    entries: dict[tuple, tuple[tuple[int, int], Any]] = {}
    flows: set = set()
    root_mark: tuple[int, int] | None = None
    stack: list[list[Any]] = []  # [indent, path, is_list, items so far]
    pending: tuple[tuple, int, tuple[int, int]] | None = None  # (path, key indent, key mark)
    for i, (indent, item, key, val) in enumerate(rows):
        if not key and not item:
            continue
        line, ind = i + 1, len(indent)
        if seen and not ind and key:
            if pending is not None:
                entries[pending[0]] = (pending[2], None)
            return (root_mark or (1, 1)), entries, flows
        if pending is not None:
            ppath, pind, pkm = pending
            pending = None
            if key and ind > pind:
                entries[ppath] = (pkm, (line, ind + 1))
                stack.append([ind, ppath, False, 0])
            elif item:
                entries[ppath] = (pkm, (line, ind + 1))  # a block sequence starts at its first '-'
                stack.append([ind, ppath, True, 0])
            else:
                entries[ppath] = (pkm, None)  # an empty value: ask the composer
        if not stack:
            root_mark = (line, 1)
            stack.append([0, (), False, 0])
        while stack[-1][0] > ind:
            stack.pop()
        top = stack[-1]
        if key:
            if top[2]:  # `key:` then `- a` at the key's column: this key ends the list
                stack.pop()
                top = stack[-1]
            name = key[1:-1] if key[0] in "\"'" else key
            path = top[1] + (name,)
            if not ind and name == upto:
                seen = True
            km = (line, ind + 1)
            if val:
                entries[path] = (km, (line, lines[i].index(val, ind + len(key) + 1) + 1))
                if val[0] in "{[":
                    flows.add(path)
            else:
                pending = (path, ind, km)
        else:
            path = top[1] + (top[3],)
            top[3] += 1
            vm = (line, lines[i].index(item, ind + 1) + 1)
            entries[path] = (vm, vm)
            if item[0] in "{[":
                flows.add(path)
    if pending is not None:
        entries[pending[0]] = (pending[2], None)
    return (root_mark or (1, 1)), entries, flows


def locate(text: str, path: tuple, key: bool = False, base: int = 0) -> tuple[int | None, int | None] | None:
    """Line and column of the value at `path` (of its key with `key`), else of the nearest parent —
    as `yamlload.Doc.where` finds them in the composed tree — or None where only the tree can tell.
    `base`: the first `base` steps are a sub-document's own root, which must exist ((None, None) if not)."""
    last = _MARKS_OF
    if last[0] is not text or (last[1] is not None and (not path or path[0] != last[1])):
        upto = path[0] if path and path[0].__class__ is str else None
        last[0], last[1], last[2] = text, upto, _index(text, upto)
    root_mark, entries, flows = last[2]
    mark: Any = root_mark
    lastn = len(path) - 1
    for n in range(len(path)):
        prefix = path[: n + 1]
        if prefix[:-1] in flows:
            return None
        got = entries.get(prefix)
        if got is None:
            if n < base:
                return (None, None)
            break
        km, vm = got
        if key and n == lastn and n >= base:
            mark = km
        elif vm is None:
            return None
        else:
            mark = vm
    return mark
