"""Strict, located YAML loading for criteria and data files.

Why not `yaml.safe_load`: it silently overwrites duplicate keys, turns `1.10` into 1.1 and
`2024-03-01` into a date, expands alias bombs, and forgets where each value came from. Here we
compose nodes with libyaml's C loader (pure-Python fallback), then build plain Python values
ourselves, recording `line:col` for every value, keeping mapping keys and id-like values as
written, and refusing duplicates and runaway expansion. Only safe constructors are used.
"""

from __future__ import annotations

import os
import re
import stat
from typing import Any

import yaml

from ntm_eval.errors import InputError, Problem
from ntm_eval.io.files import note_read
from ntm_eval.records import dataclass, field

try:  # libyaml is optional in PyYAML wheels
    from yaml import CSafeLoader as _Loader

    USING_LIBYAML = True
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

    USING_LIBYAML = False

# The fast path for plain unit files (io/fastyaml.py). Its patterns take ~30 ms to compile, more
# than a strict load of one file: it is switched on where many files are read (`batch`, and
# `NTM_EVAL_YAML=fast|verify`), and a single `check` keeps the strict loader.
_fast_parse = None
_fast_locate = None  # its locations read off the lines, for the documents it took


def use_fast_path() -> bool:
    """Switch the fast path on for this process (idempotent); False when it cannot be had."""
    global _fast_parse, _fast_locate
    if _fast_parse is None:
        try:
            from ntm_eval.io.fastyaml import locate, parse
        except ImportError:  # pragma: no cover
            return False
        _fast_parse, _fast_locate = parse, locate
    return True


if os.environ.get("NTM_EVAL_YAML") in ("fast", "verify"):
    use_fast_path()

MAX_BYTES = 20 * 1024 * 1024  # a data file is ~1 KB, a criteria file ~100 KB
MAX_NODES = 200_000  # refuses alias bombs long before memory grows

# Values under these keys are identifiers: keep them exactly as written.
RAW_KEYS = frozenset(
    {"id", "criteria_set", "extends", "set", "indicator", "requires", "remove", "if_any", "use", "group"}
)

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
# Only plain data: no !!binary, !!set, !!omap, and certainly no !!python/… tags.
_SCALAR_TAGS = frozenset("tag:yaml.org,2002:" + t for t in ("null", "bool", "int", "float", "str", "timestamp"))
_Path = tuple[Any, ...]
_RESOLVER = yaml.resolver.Resolver()
_INT = "tag:yaml.org,2002:int"
_NUMBER_TAGS = frozenset(("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"))
# Numbers as people write them: 12, -3, 93.4, .5, 1e3. Not 0x1F, 0o17, 1_000, 1:05 (base 60), .inf.
_DECIMAL = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$", re.ASCII)
_DECIMAL_INT = re.compile(r"^[-+]?\d+$", re.ASCII)
# C1 controls and Unicode line separators: YAML 1.1 reads NEL (U+0085) as a line break, which
# would shift every line number after it; refused where they stand.
_C1 = re.compile("[\x80-\x9f\u2028\u2029]")


@dataclass
class Doc:
    """A loaded YAML document: plain data, and where each value and key was written.

    Locations are found on demand by walking the composed node tree (`root`): a batch of ten
    thousand files pays for them only where there is something to report. Documents built by
    hand (sheet rows) give `marks`/`key_marks` directly."""

    path: str
    data: Any
    marks: dict[_Path, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[_Path, tuple[int, int]] = field(default_factory=dict)
    root: Any = None  # yaml.Node
    # a document the fast path read has no node tree until a location is asked for: then the
    # strict loader composes it from this text (or, for a part, from its whole document)
    lazy: Any = field(default=None, repr=False, compare=False)

    def tree(self) -> Any:
        """The composed node tree (`root`), composed now if the fast path skipped it."""
        if self.root is None and self.lazy is not None:
            lazy, self.lazy = self.lazy, None
            if isinstance(lazy, str):
                self.root = _compose(lazy)
            else:  # (whole document, base path)
                whole, base = lazy
                self.root = _node_at(whole.tree(), base)
        return self.root

    def where(self, path: _Path, key: bool = False) -> tuple[int | None, int | None]:
        """Line and column of the value at `path` (or of its key), else of the nearest parent."""
        p = tuple(path)
        if key and p in self.key_marks:
            return self.key_marks[p]
        q = p
        while True:
            if q in self.marks:
                return self.marks[q]
            if not q:
                break
            q = q[:-1]
        if self.root is None and self.lazy is not None and _fast_locate is not None:
            got = self._fast_where(p, key)
            if got is not None:
                if os.environ.get("NTM_EVAL_YAML") == "verify":
                    twin = Doc(self.path, self.data, lazy=self.lazy)
                    twin.tree()  # composed: where() below walks the tree
                    composed = twin.where(p, key)
                    if composed != got:
                        raise AssertionError(f"fast location of {p!r} (key={key}) in {self.path}: {got} != {composed}")
                return got
        root = self.root if self.root is not None else self.tree()
        if root is None:
            return (None, None)
        node, mark = root, root.start_mark
        last = len(p) - 1
        for n, step in enumerate(p):
            nxt = None
            if isinstance(node, yaml.MappingNode):
                for knode, vnode in node.value:
                    if knode.value == step:
                        nxt, kmark = vnode, knode.start_mark
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                nxt, kmark = node.value[step], node.value[step].start_mark
            if nxt is None:
                break
            node, mark = nxt, (kmark if key and n == last else nxt.start_mark)
        return (mark.line + 1, mark.column + 1)

    def _fast_where(self, p: tuple, key: bool) -> tuple[int | None, int | None] | None:
        """The location read off the lines of a fast-path text (fastyaml.locate), or None."""
        lazy, base = self.lazy, ()
        while not isinstance(lazy, str):  # a part of a document: look in the whole one
            whole, part = lazy
            if whole.root is not None or whole.lazy is None:
                return None
            lazy, base = whole.lazy, tuple(part) + base
        return _fast_locate(lazy, base + p, key, len(base))

    def sub(self, base: _Path, data: Any) -> "Doc":
        """The part of this document under `base`, as a document of its own (same file)."""
        n = len(base)
        marks = {p[n:]: m for p, m in self.marks.items() if p[:n] == tuple(base)}
        key_marks = {p[n:]: m for p, m in self.key_marks.items() if p[:n] == tuple(base)}
        if self.root is None and self.lazy is not None:  # composed only if a location is asked for
            return Doc(self.path, data, marks, key_marks, None, (self, tuple(base)))
        return Doc(self.path, data, marks, key_marks, _node_at(self.root, base))

    def problem(self, msg: str, path: _Path = (), key: bool = False, indicator: str | None = None,
                severity: str = "error", **params: Any) -> Problem:
        line, col = self.where(path, key=key)
        return Problem(msg, self.path, line, col, params, indicator, severity)


def _node_at(node: Any, base: _Path) -> Any:
    """The node under `base` in a composed tree, else None."""
    for step in base:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            node = None
        if node is None:
            break
    return node


def is_iso_date(s: str) -> bool:
    """"2024-03-01" yes; "2024-02-30", "1/3/2024" no. Dates stay text; this only checks them."""
    import datetime

    if len(s) != 10 or s[4] != "-" or s[7] != "-":
        return False
    try:
        datetime.date.fromisoformat(s)
    except ValueError:
        return False
    return True


def read_text(path: str, limit: int = MAX_BYTES) -> str:
    """Read a file as UTF-8 (a BOM is accepted), with located errors."""
    return decode_bytes(read_bytes(path, limit), path)


def read_bytes(path: str, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. A folder, a FIFO or a device is
    refused without reading it (a FIFO is opened without waiting for a writer), and the read
    stops at the limit whatever `stat` says (`/dev/zero` reports 0 bytes)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        try:
            st = os.fstat(fd)
            if stat.S_ISDIR(st.st_mode):
                raise InputError([Problem("file.is_dir", path)])
            if not stat.S_ISREG(st.st_mode):
                raise InputError([Problem("file.not_regular", path)])
            if st.st_size > limit:
                raise InputError([Problem("file.too_large", path, params={"size": st.st_size, "limit": limit})])
            with os.fdopen(os.dup(fd), "rb") as fh:
                # what stat says, plus one byte to see a file that grew; never a limit-sized
                # buffer for a small file (reading 10,000 files, that allocation was the cost)
                want = min(limit, st.st_size) + 1
                raw = fh.read(want)
                if len(raw) == want and want <= limit:
                    raw += fh.read(limit + 1 - want)
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise InputError([Problem("file.not_found", path)]) from None
    except PermissionError:
        raise InputError([Problem("file.unreadable", path)]) from None
    except IsADirectoryError:
        raise InputError([Problem("file.is_dir", path)]) from None
    except (OSError, ValueError) as exc:  # a link loop, a name too long, a NUL in the name …
        raise InputError([Problem("file.os_error", _short_path(path),
                                  params={"detail": getattr(exc, "strerror", None) or str(exc)})]) from None
    if len(raw) > limit:
        raise InputError([Problem("file.too_large", path, params={"size": f">{limit}", "limit": limit})])
    note_read(path, st)
    return raw


def _short_path(path: str) -> str:
    """A path fit to print: a 300-character name is cut in the middle."""
    path = str(path).replace("\x00", "\\0")
    return path if len(path) <= 120 else path[:60] + "…" + path[-59:]


def decode_bytes(raw: bytes, path: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise InputError([Problem("file.not_utf8", path, line, col, {"byte": f"0x{raw[exc.start]:02x}"})]) from None


def load_path(path: str) -> Doc:
    return load_text(read_text(path), path)


def load_text(text: str, path: str = "<input>") -> Doc:
    """The document in `text`: through the fast path (ntm_eval/io/fastyaml.py) when it takes the
    text as it is, else — and for every problem, located — through the strict loader.
    The fast path is on once `use_fast_path()` was called (or `NTM_EVAL_YAML=fast|verify`).
    `NTM_EVAL_YAML=strict` uses the strict loader only; `NTM_EVAL_YAML=verify` runs both and
    raises AssertionError where the fast path's data differs from the strict loader's."""
    mode = os.environ.get("NTM_EVAL_YAML")
    if mode != "strict" and _fast_parse is not None:
        data = _fast_parse(text)
        if data is not None:
            if mode == "verify":
                _verify(text, path, data)
            return Doc(path, data, lazy=text)
    return _load_strict(text, path)


def _verify(text: str, path: str, data: Any) -> None:
    try:
        strict = _load_strict(text, path).data
    except InputError as exc:
        raise AssertionError(f"fast path took a document the strict loader refuses: {path}: {exc}") from None
    if not _same(data, strict):
        raise AssertionError(f"fast path read {path} differently: {data!r} != {strict!r}")


def _same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (True == 1 == 1.0 is not good enough), keys in
    the same order."""
    if a.__class__ is not b.__class__:
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b or (a != a and b != b)


def _compose(text: str) -> Any:
    """The node tree of a text the fast path took (and so the strict loader takes too): composed
    only — its values were built already — for the locations of what is reported about it."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    except yaml.YAMLError:  # pragma: no cover - the fast path takes only what strict takes
        return None
    finally:
        loader.dispose()


def _load_strict(text: str, path: str = "<input>") -> Doc:
    bad = _C1.search(text)
    if bad is not None:
        before = text[: bad.start()]
        raise InputError([Problem("yaml.control_char", path, before.count("\n") + 1,
                                  bad.start() - (before.rfind("\n") + 1) + 1, {"char": f"U+{ord(bad.group()):04X}"})])
    if len(text) > PRECOUNT_CHARS:
        _count_events(text, path)  # refuse a huge document before building its node tree
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        began = exc.context_mark
        where = (f" (line {began.line + 1}, column {began.column + 1})"  # where it began: a quote opened
                 if exc.context and began is not None and mark is not None and began.line != mark.line else "")
        detail = " ".join(x for x in (exc.context and exc.context + where, exc.problem) if x)
        key = "yaml.syntax"
        if mark is not None:
            lines = text.splitlines()
            line = lines[mark.line] if mark.line < len(lines) else ""
            if "\t" in line[: mark.column + 1]:
                key = "yaml.syntax_tab"
            elif line.count('"') % 2:
                key = "yaml.syntax_quote"
        raise InputError([Problem(key, path, mark.line + 1 if mark else None,
                                  mark.column + 1 if mark else None, {"detail": detail})]) from None
    except yaml.reader.ReaderError as exc:  # a control character: located by its position
        raise _reader_error(exc, text, path) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem("yaml.syntax", path, params={"detail": str(exc)})]) from None
    finally:
        loader.dispose()
    if node is None:
        raise InputError([Problem("file.empty", path)])
    doc = Doc(path, None, root=node)
    builder = _Builder(doc)
    try:
        doc.data = builder.build(node, False)
    except RecursionError:
        raise InputError([Problem("yaml.too_deep", path)]) from None
    return doc


PRECOUNT_CHARS = 256 * 1024  # above this, count parse events before composing (bounded memory)


def _count_events(text: str, path: str) -> None:
    """Stream the document's parse events and stop at MAX_NODES: a 20 MB list of 9 million items
    is refused in a fraction of a second, without building 9 million nodes first."""
    parser = _Loader(text)
    n = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            n += 1
            if n > MAX_NODES:
                m = event.start_mark
                raise InputError([Problem("yaml.too_large", path, m.line + 1, m.column + 1,
                                          {"limit": MAX_NODES, "chars": len(text)})])
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, path) from None
    except yaml.YAMLError:
        return  # a syntax error: reported, located, by the full load that follows
    finally:
        parser.dispose()


def _reader_error(exc: yaml.reader.ReaderError, text: str, path: str) -> InputError:
    """PyYAML names a forbidden character by its position in the text; say line and column."""
    pos = exc.position if isinstance(exc.position, int) else 0
    before = text[:pos]
    line = before.count("\n") + 1
    col = pos - (before.rfind("\n") + 1) + 1
    char = exc.character if isinstance(exc.character, int) else ord(exc.character) if exc.character else 0
    return InputError([Problem("yaml.control_char", path, line, col, {"char": f"U+{char:04X}"})])


class _Builder:
    def __init__(self, doc: Doc):
        self.doc = doc
        self.count = 0
        self.scalars = yaml.constructor.SafeConstructor()

    def _problem(self, msg: str, node: yaml.Node, **params: Any) -> InputError:
        m = node.start_mark
        return InputError([Problem(msg, self.doc.path, m.line + 1, m.column + 1, params)])

    def build(self, node: yaml.Node, raw: bool) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._problem("yaml.too_many_nodes", node, limit=MAX_NODES)
        cls = node.__class__
        if cls is yaml.MappingNode:
            if node.tag != _MAP:
                raise self._problem("yaml.bad_tag", node, tag=node.tag)
            out: dict[str, Any] = {}
            for knode, vnode in node.value:
                if knode.__class__ is not yaml.ScalarNode:
                    raise self._problem("yaml.complex_key", knode)
                if knode.tag == "tag:yaml.org,2002:merge":
                    raise self._problem("yaml.merge_key", knode)
                key = knode.value
                if key in out:
                    first = next(k for k, _ in node.value if k.value == key)
                    raise self._problem("yaml.duplicate_key", knode, key=key, first_line=first.start_mark.line + 1)
                out[key] = self.build(vnode, key in RAW_KEYS)
            return out
        if cls is yaml.SequenceNode:
            if node.tag != _SEQ:
                raise self._problem("yaml.bad_tag", node, tag=node.tag)
            return [self.build(v, raw) for v in node.value]
        # scalar
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag not in _SCALAR_TAGS:
            raise self._problem("yaml.bad_tag", node, tag=tag)
        if raw or tag == _TIMESTAMP:
            if tag == "tag:yaml.org,2002:null" and not node.style:
                return None
            return node.value
        if tag in _NUMBER_TAGS:
            if not _DECIMAL.match(node.value):
                if _RESOLVER.resolve(yaml.ScalarNode, node.value, (True, False)) == tag:
                    return node.value  # 0x1F, 1:05, 1_000, .inf: YAML 1.1 numbers no official writes; checked as text
                raise self._problem("yaml.bad_scalar", node, tag=tag, value=node.value[:40])  # an explicit !!int x
            if tag == _INT:  # decimal, even with a leading zero: 017 is seventeen, not YAML 1.1 octal
                # before int(): 5,000 digits would raise, and so would an explicit `!!int 71.8`
                if len(node.value.lstrip("+-0")) > 15 or not _DECIMAL_INT.match(node.value):
                    raise self._problem("yaml.bad_scalar", node, tag=tag, value=node.value[:40])
                return int(node.value)
        try:
            value = self.scalars.construct_object(node)
        except (yaml.YAMLError, ValueError, KeyError, TypeError, OverflowError):  # e.g. "!!int x"
            raise self._problem("yaml.bad_scalar", node, tag=tag, value=node.value[:40]) from None
        if value.__class__ is int and abs(value) > 10**15:
            raise self._problem("yaml.bad_scalar", node, tag=tag, value=node.value[:40])
        return value
