"""The check's table report without rich's console machinery, for output that rich would write
without colour (a file, a pipe): the same bytes, about a tenth of the time.

`render/table.py` builds the report with `Text` and `Table` from here when its console is a
`PlainConsole`, and with rich's own classes otherwise (a terminal: colours). What rich does for
those two kinds of objects, with the options render/table.py uses, is done here step by step —
measuring columns (rich.table._measure_column, _calculate_column_widths, _collapse_widths,
rich._ratio.ratio_reduce), wrapping (rich.text.Text.wrap: tabs, rich._wrap.divide_line,
rstrip_end, truncate), padding (rich.padding.Padding), shaping cells (rich.segment), the
heavy-headed box and the console's final crop; cell widths are rich.cells' own. Any change in
rich that alters its output shows in tests/test_s2_plain.py, which compares both writers over
every example file, in vi and en, full and --brief, at several widths.

`plain_console(file)` answers None whenever rich would write something else: a terminal (or
FORCE_COLOR / TTY_COMPATIBLE saying so), an encoding that is not UTF (rich draws an ASCII box),
Windows (its legacy console rules), Jupyter/IDLE.
"""

from __future__ import annotations

import os
import re
import sys

from rich._wrap import divide_line
from rich.cells import cell_len, set_cell_size

_STRIP = {7: None, 8: None, 11: None, 12: None, 13: None}  # rich.control.STRIP_CONTROL_CODES
_WHITESPACE_END = re.compile(r"\s+$")
_EMOJI = re.compile(r"(:(\S*?)(?:(?:\-)(emoji|text))?:)")  # rich._emoji_replace's pattern
_TAB_SIZE = 8
# rich measures these by segment (a zero-width joiner hides the next character, a variation
# selector widens the one before it), so where its styles cut a line matters: not done here.
_BY_SEGMENT = re.compile("[\u200d\ufe0f]")


class Unsupported(Exception):
    """Text this writer cannot lay out exactly as rich: the caller draws the unit with rich."""


def _clean(text: str) -> str:
    if _BY_SEGMENT.search(text) is not None:
        raise Unsupported(text)
    return text.translate(_STRIP)


class Text:
    """rich.text.Text's plain text (control codes stripped as rich does) and its styles, kept
    for what a later colour writer may need."""

    __slots__ = ("plain", "style", "spans")

    def __init__(self, text: str = "", style: str = "") -> None:
        self.plain = _clean(text)
        self.style = style
        self.spans: list[tuple[int, int, str]] = []

    def append(self, text: str, style: str | None = None) -> Text:
        if len(text):
            clean = _clean(text)
            start = len(self.plain)
            self.plain += clean
            if style:
                self.spans.append((start, start + len(clean), style))
        return self


class _Column:
    __slots__ = ("header", "max_width", "min_width", "cells")

    def __init__(self, header: str, max_width: int | None, min_width: int | None) -> None:
        self.header = header
        self.max_width = max_width
        self.min_width = min_width
        self.cells: list[str] = []


class Table:
    """rich.table.Table as render/table.py makes it: HEAVY_HEAD box, header shown, padding
    (0, 1) without the outer edge's, not expanded, no lines between rows; every column
    left-justified, top-aligned, folding."""

    def __init__(self, **_options: object) -> None:
        self.columns: list[_Column] = []

    def add_column(self, header: str, overflow: str = "fold", max_width: int | None = None,
                   min_width: int | None = None, ratio: int | None = None) -> None:
        if overflow != "fold":
            raise ValueError(overflow)
        self.columns.append(_Column(_markup_plain(header), max_width, min_width))

    def add_row(self, *cells: Text | str) -> None:
        for col, cell in zip(self.columns, cells):
            col.cells.append(cell.plain if isinstance(cell, Text) else _markup_plain(str(cell)))
        for col in self.columns[len(cells):]:
            col.cells.append("")

    # --- rich.table.Table._calculate_column_widths ---------------------------------------------
    def _padding(self, index: int) -> tuple[int, int]:
        return (0 if index == 0 else 1), (0 if index == len(self.columns) - 1 else 1)

    def _measure_column(self, index: int, max_width: int) -> tuple[int, int]:
        if max_width < 1:
            return 0, 0
        left, right = self._padding(index)
        extra = left + right
        col = self.columns[index]
        mins, maxs = [], []
        for plain in (col.header, *col.cells):
            lo, hi = _measure_padded(plain, max_width, extra)
            mins.append(lo)
            maxs.append(hi)
        lo, hi = (max(mins) if mins else 1), (max(maxs) if maxs else max_width)
        lo, hi = min(lo, max_width), min(hi, max_width)
        if col.min_width is not None:
            m = max(0, col.min_width + extra)
            lo, hi = max(lo, m), max(hi, m)
        if col.max_width is not None:
            m = col.max_width + extra
            lo, hi = min(lo, m), min(hi, m)
        return lo, hi

    def _widths(self, max_width: int) -> list[int]:
        n = len(self.columns)
        widths = [self._measure_column(i, max_width)[1] or 1 for i in range(n)]
        if sum(widths) > max_width:
            widths = _collapse_widths(widths, max_width)
            if sum(widths) > max_width:
                widths = _ratio_reduce(sum(widths) - max_width, [1] * n, widths, widths)
            widths = [self._measure_column(i, w)[1] or 0 for i, w in enumerate(widths)]
        return widths

    # --- rich.table.Table._render ----------------------------------------------------------------
    def lines(self, width: int) -> list[str]:
        n = len(self.columns)
        if not n:
            return [""]
        widths = self._widths(width - (n + 1))
        out = ["┏" + "┳".join("━" * w for w in widths) + "┓"]
        rows = len(self.columns[0].cells)
        for r in range(rows + 1):
            header = r == 0
            cells = []
            for i, (col, w) in enumerate(zip(self.columns, widths)):
                left, right = self._padding(i)
                cells.append(_cell_lines(col.header if header else col.cells[r - 1], w, left, right))
            row_height = max(len(c) for c in cells)
            height = max(1, row_height)
            for c, w in zip(cells, widths):
                blank = " " * w
                if len(c) < row_height:
                    pad = [blank] * (row_height - len(c))
                    c[:] = pad + c if header else c + pad
                if len(c) < height:
                    c.extend([blank] * (height - len(c)))
            bar = "┃" if header else "│"
            for k in range(height):
                out.append(bar + bar.join(c[k] for c in cells) + bar)
            if header:
                out.append("┡" + "╇".join("━" * w for w in widths) + "┩")
        out.append("└" + "┴".join("─" * w for w in widths) + "┘")
        return out


def _measure_padded(plain: str, max_width: int, extra: int) -> tuple[int, int]:
    """Measurement.get(Padding(Text(plain), (0, right, 0, left))) for max_width >= 1."""
    if max_width - extra < 1:
        lo = hi = max_width
    else:
        inner = max_width - extra
        lines = plain.splitlines()  # Text.__rich_measure__
        hi = max(cell_len(line) for line in lines) if lines else 0
        words = plain.split()
        lo = max(cell_len(word) for word in words) if words else hi
        lo, hi = _get(lo, hi, inner)
        lo, hi = min(lo + extra, max_width), min(hi + extra, max_width)
    return _get(lo, hi, max_width)


def _get(lo: int, hi: int, max_width: int) -> tuple[int, int]:
    """What Measurement.get makes of a renderable's own measurement."""
    lo = max(0, min(max(0, lo), hi))  # normalize
    hi = max(0, max(lo, hi))
    lo, hi = min(lo, max_width), min(hi, max_width)
    if hi < 1:
        return 0, 0
    lo = max(0, min(max(0, lo), hi))
    return lo, max(0, max(lo, hi))


def _collapse_widths(widths: list[int], max_width: int) -> list[int]:
    """rich.table.Table._collapse_widths, every column wrapable."""
    total = sum(widths)
    excess = total - max_width
    while total and excess > 0:
        widest = max(widths)
        second = max(w if w != widest else 0 for w in widths)
        difference = widest - second
        ratios = [1 if w == widest else 0 for w in widths]
        if not any(ratios) or not difference:
            break
        widths = _ratio_reduce(excess, ratios, [min(excess, difference)] * len(widths), widths)
        total = sum(widths)
        excess = total - max_width
    return widths


def _ratio_reduce(total: int, ratios: list[int], maximums: list[int], values: list[int]) -> list[int]:
    """rich._ratio.ratio_reduce (that module imports fractions)."""
    ratios = [ratio if _max else 0 for ratio, _max in zip(ratios, maximums)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result = []
    for ratio, maximum, value in zip(ratios, maximums, values):
        if ratio and total_ratio > 0:
            distributed = min(maximum, round(ratio * remaining / total_ratio))
            result.append(value - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def _fit(line: str, width: int) -> str:
    """Segment.adjust_line_length(pad=True) of one line."""
    n = cell_len(line)
    if n < width:
        return line + " " * (width - n)
    if n > width:
        return set_cell_size(line, width)
    return line


def _cell_lines(plain: str, width: int, left: int, right: int) -> list[str]:
    """A cell's lines, each `width` cells: Padding(Text) rendered by render_lines."""
    inner = width - left - right
    if width < 1 or inner < 1:  # Console.render draws nothing without room
        return []
    return [_fit(" " * left + line + " " * right, width) for line in wrap(plain, inner, pad=True)]


def _expand_tabs(line: str) -> str:
    """Text.expand_tabs of a line without a new line."""
    pieces = []
    position = 0
    ends = [m.end() for m in re.finditer("\t", line)]
    bounds = [0, *ends, len(line)]
    parts = [line[a:b] for a, b in zip(bounds, bounds[1:])]
    if line.endswith("\t"):
        parts.pop()  # split(include_separator=True) without allow_blank
    for part in parts:
        if part.endswith("\t"):
            part = part[:-1] + " "
            position += cell_len(part)
            rest = position % _TAB_SIZE
            if rest:
                part += " " * (_TAB_SIZE - rest)
                position += _TAB_SIZE - rest
        else:
            position += cell_len(part)
        pieces.append(part)
    return "".join(pieces)


def wrap(plain: str, width: int, pad: bool) -> list[str]:
    """Text.wrap(width, justify="left" if pad else "default", overflow="fold")."""
    lines = []
    for line in plain.split("\n"):
        if "\t" in line:
            line = _expand_tabs(line)
        offsets = divide_line(line, width, fold=True)
        bounds = [0, *offsets, len(line)]
        for a, b in zip(bounds, bounds[1:]):
            piece = line[a:b]
            if len(piece) > width:  # rstrip_end
                ws = _WHITESPACE_END.search(piece)
                if ws is not None:
                    piece = piece[:len(piece) - min(len(ws.group(0)), len(piece) - width)]
            if pad:  # truncate(pad=True)
                n = cell_len(piece)
                if n > width:
                    piece = set_cell_size(piece, width)
                elif n < width:
                    piece += " " * (width - n)
            if cell_len(piece) > width:
                piece = set_cell_size(piece, width)
            lines.append(piece)
    return lines


def _markup_plain(text: str) -> str:
    """A str cell or header as rich reads it (console markup and emoji codes): itself, unless
    it has a "[" or a ":"."""
    if "[" not in text and ":" not in text:
        return _clean(text)
    from rich.console import Console

    return _clean(Console().render_str(text, highlight=False).plain)


def _emoji_plain(text: str) -> str:
    """A str printed with markup=False: emoji codes (":smile:") replaced, as rich does."""
    if _EMOJI.search(text) is None:
        return _clean(text)
    from rich._emoji_replace import _emoji_replace

    return _clean(_emoji_replace(text))


class PlainConsole:
    """The few Console calls render/table.py makes: print(Text | str | Table | nothing). What
    is printed is kept until `flush()` (render/table.render_unit calls it after each unit, or
    `discard()` and draws the unit with rich when this writer raised Unsupported)."""

    is_terminal = False

    def __init__(self, file, width: int) -> None:
        self.file = file
        self.width = width
        self._kept: list[str] = []

    def discard(self) -> None:
        self._kept.clear()

    def flush(self) -> None:
        text = "".join(self._kept)
        self._kept.clear()
        try:
            self.file.write(text)
            self.file.flush()
        except BrokenPipeError:  # rich.console.Console.on_broken_pipe
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise SystemExit(1) from None

    def print(self, obj: object = None, markup: bool | None = None) -> None:
        width = self.width
        if obj is None:
            self._kept.append("\n")
            self.flush()  # between units: what follows on stderr comes after it, as with rich
            return
        else:
            if isinstance(obj, Table):
                lines = obj.lines(width)
            else:
                if isinstance(obj, Text):
                    plain = obj.plain
                elif markup is False:
                    plain = _emoji_plain(str(obj))
                else:
                    plain = _markup_plain(str(obj))
                lines = wrap(plain, width, pad=False) if width >= 1 else []
            text = "".join((set_cell_size(line, width) if cell_len(line) > width else line) + "\n"
                           for line in lines)
        self._kept.append(text)


def plain_console(file=None) -> PlainConsole | None:
    """A PlainConsole writing what render/table.console(file) would write, or None when rich
    would write anything else (colours, another box, another width rule)."""
    file = file or sys.stdout
    file = getattr(file, "rich_proxied_file", file)
    if file is None or sys.platform == "win32":
        return None
    import builtins

    if hasattr(builtins, "get_ipython") or getattr(sys.stdin, "__module__", "").startswith("idlelib"):
        return None
    env = os.environ
    tty = env.get("TTY_COMPATIBLE", "")
    if tty == "1" or tty != "0" and env.get("FORCE_COLOR") is not None:
        return None  # rich's is_terminal says yes (or, for FORCE_COLOR="", no: left to rich too)
    if tty != "0":
        isatty = getattr(file, "isatty", None)
        try:
            if isatty is not None and isatty():
                return None
        except ValueError:
            pass
    if not (getattr(file, "encoding", "utf-8") or "utf-8").lower().startswith("utf"):
        return None
    columns = env.get("COLUMNS")
    if columns is not None and columns.isdigit():
        try:
            width = int(columns)
        except ValueError:
            return None
    else:
        width = None
        for fd in (0, 1, 2):
            try:
                width = os.get_terminal_size(fd)[0]
            except (AttributeError, ValueError, OSError):
                pass
            else:
                break
        width = width or 80
    return PlainConsole(file, max(width, 160))
