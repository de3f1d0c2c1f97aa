"""Terminal report of a batch (rich): per criteria set a units × criteria matrix of short marks,
criteria met per unit ("16/19"), the aggregate sentences officials report, a per-criterion
table, district/province tables, the district section with the members that hold it back, and
the broken units with their located errors. It walks the report's outline (outline.py).

Readable in an 80-column terminal: criteria columns have a fixed width and never wrap, and a
matrix (or a by-district table) wider than the console is split into column chunks, each
repeating the unit's number and name, instead of letting rich squeeze columns to nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import IO, TYPE_CHECKING

from rich.cells import cell_len, get_character_cell_size
from rich.console import Console
from rich.control import strip_control_codes
from rich.table import Table
from rich.text import Text

from ntm_eval.messages import t
from ntm_eval.render.batch.outline import Cell, Outline, SetSection, outline
from ntm_eval.render.batch.outline import Table as Block
from ntm_eval.render.table import STYLES, console

if TYPE_CHECKING:
    from ntm_eval.results import BatchReport

ERROR_STYLE = "bold red reverse"
CONFLICT_STYLE = "bold red reverse"
WARN_STYLE = "bold magenta"
MATRIX_CHUNK = 500  # rows per rich Table: a province of 10,000 communes is printed in slices, memory stays flat
NAME_MIN = 12  # a unit name narrower than this folds on too many lines


def render(report: BatchReport, out: IO[str], lang: str = "vi") -> None:
    render_to(report, console(out), lang)


def render_to(report: BatchReport, con: Console, lang: str = "vi") -> None:
    o = outline(report, lang)
    con.print(Text(o.title, style="bold"))
    con.print(o.input_line, markup=False)
    con.print(o.totals, markup=False)
    for line in o.coverage:  # before anything reads like a verdict
        con.print(Text(line, style=WARN_STYLE))
    for s in o.sets:
        con.print()
        _section(s, o, con, lang)
    con.print()
    _errors(o, con)
    con.print(Text(o.legend.text, style="dim"))


def _section(s: SetSection, o: Outline, con: Console, lang: str) -> None:
    con.print(Text(s.heading, style="bold underline"))
    if s.demo:
        con.print(Text(s.demo, style="bold reverse"))
    # the partial-coverage warning is printed once, at the top of the report
    _matrix(s, o, con, lang)
    for line in s.headline:
        con.print(Text(line.text, style="bold"))
    if s.meeting.line:
        con.print(Text(s.meeting.line))
    _per_criterion(s, o, con)
    width = con.width
    for line in s.criterion_lines:
        _say(con, line.text, "magenta" if line.open else "", width)
    for sub in (s.by_district, s.by_province):
        if sub is not None:
            _sub(con, s, sub, lang)
    if s.held_back:
        con.print(Text(s.held_heading, style="bold"))
    for u in s.held_back:
        _say(con, f"{u.name}: {u.status_text} ({u.met})", STYLES.get(u.status or "", ""), width)
        for h in u.items:
            _say(con, "  " + h.text, STYLES.get(h.status, ""), width)


# --- fitting tables into the console ---------------------------------------------------------

def _cost(widths: Sequence[int]) -> int:
    """Columns' share of a table line: content, two spaces of padding, one border each."""
    return sum(w + 3 for w in widths)


def _table_width(widths: Sequence[int]) -> int:
    return _cost(widths) - 1  # one more border, minus the padding a pad_edge=False table drops


def _greedy(cols: Sequence[int], cap: int) -> list[list[int]]:
    out: list[list[int]] = [[]]
    used = 0
    for j, wd in enumerate(cols):
        if out[-1] and used + wd + 3 > cap:
            out.append([])
            used = 0
        out[-1].append(j)
        used += wd + 3
    return out


def _chunks(avail: int, head: Sequence[int], cols: Sequence[int], tail: Sequence[int] = ()) -> list[list[int]]:
    """Indices of `cols` split into as few chunks as possible, of even widths, so that head +
    chunk — and the tail beside the last chunk — fits in `avail` columns."""
    budget = avail + 1 - _cost(head)
    if not cols:
        return [[]]

    def last_fits(chunks: list[list[int]]) -> bool:
        return sum(cols[j] + 3 for j in chunks[-1]) + _cost(tail) <= budget

    best = _greedy(cols, budget)
    if tail and not last_fits(best):
        best.append([])  # the tail needs a chunk of its own (only on a very narrow console)
    for cap in range(max(c + 3 for c in cols), budget + 1):  # the narrowest chunks that need no more of them
        cand = _greedy(cols, cap)
        if len(cand) <= len(best) and last_fits(cand):
            return cand
    return best


def _matrix_widths(s: SetSection, o: Outline, lang: str) -> dict[str, int]:
    """Natural widths of the matrix's columns (a first pass over the rows, so that every slice
    of a long matrix lines up)."""
    m = s.matrix
    cols = {col.key: col.text for col in m.columns}
    name, dist, status = m.index("unit"), m.index("district"), m.index("status")
    crit = [j for j, col in enumerate(m.columns) if col.key == "crit"]
    w_name, w_dist = len(cols["unit"]), len(t("batch.col.district", lang))
    labels = [label for _, label in o.legend.statuses] + [t("batch.status.error", lang)]
    w_status = max(len(x) for x in labels)
    w_mark = 1  # "Đ*", "✗*": two wide
    pred = m.index("merged")  # its line under the name: the name column as wide as it (capped)
    for row in m.rows:
        w_name = max(w_name, len(row[name].text), len(row[pred].label or "") if pred >= 0 else 0)
        if dist >= 0:
            w_dist = max(w_dist, len(row[dist].text))
        w_status = max(w_status, len(row[status].text))  # "Đạt theo xác nhận"
        w_mark = max([w_mark] + [len(row[j].text) for j in crit])
    return {"index": max(len(cols["index"]), len(str(s.units))), "unit": min(w_name, 40),
            "district": min(w_dist, 30), "met": max(len(cols["met"]), len(str(s.total_criteria)) * 2 + 1),
            "status": w_status + 2, "mark": w_mark}


def _matrix(s: SetSection, o: Outline, con: Console, lang: str) -> None:
    m = s.matrix
    w = _matrix_widths(s, o, lang)
    crit = [j for j, col in enumerate(m.columns) if col.key == "crit"]
    w_crit = [max(w["mark"], len(m.columns[j].code or "")) for j in crit]
    tail = [w["met"], w["status"]]
    dist = m.index("district") >= 0

    def head() -> list[int]:
        return [w["index"], w["unit"]] + ([w["district"]] if dist else [])

    avail = con.width
    if _table_width(head() + w_crit + tail) > avail:  # narrow: shrink the text columns, then split
        w["unit"], w["district"] = min(w["unit"], max(NAME_MIN, 20)), min(w["district"], 14)
        if _table_width(head() + w_crit[:4] + tail) > avail:
            dist = False
        if _table_width(head() + w_crit[:4] + tail) > avail:
            w["unit"] = NAME_MIN
    chunks = _chunks(avail, head(), w_crit, tail)
    for n_chunk, idx in enumerate(chunks):
        part = m.title
        if len(chunks) > 1 and idx:
            first, last = m.columns[crit[idx[0]]].code, m.columns[crit[idx[-1]]].code
            part = t("batch.matrix_part", lang, title=m.title, first=first, last=last)
        con.print(Text(part, style="italic"))  # not a table title: those wrap to the table's width
        keys = ["index", "unit"] + (["district"] if dist else [])
        _matrix_chunk(m, con, [m.index(k) for k in keys], [crit[j] for j in idx], w, w_crit, idx,
                      n_chunk == len(chunks) - 1)


def _matrix_chunk(m: Block, con: Console, head: list[int], crits: list[int], w: dict[str, int],
                  w_crit: list[int], idx: list[int], last: bool) -> None:
    """One column chunk of the matrix, printed MATRIX_CHUNK rows at a time."""
    tail = [m.index("met"), m.index("status")] if last else []

    def new_table(first: bool) -> Table:
        tb = Table(header_style="bold", pad_edge=False, show_header=first, show_lines=False)
        for j in head:
            col = m.columns[j]
            if col.key == "index":
                tb.add_column(col.text, justify="right", no_wrap=True, width=w["index"])
            else:
                tb.add_column(col.text, overflow="fold", width=w[col.key])
        for j, k in zip(crits, idx):
            tb.add_column(Text(m.columns[j].code or ""), justify="center", no_wrap=True, width=w_crit[k],
                          min_width=w_crit[k])
        if last:
            tb.add_column(m.columns[tail[0]].text, justify="right", no_wrap=True, width=w["met"])
            tb.add_column(m.columns[tail[1]].text, no_wrap=True, width=w["status"])
        return tb

    pred = m.index("merged")  # a commune formed on 1/7/2025: its predecessors on a line under its name

    def cells_of(row: tuple[Cell, ...]) -> list[str | Text]:
        cells: list[str | Text] = [Text(row[head[0]].text)] + [_name(row[j], row[pred] if pred >= 0 else None)
                                                               if m.columns[j].key == "unit" else Text(row[j].text)
                                                               for j in head[1:]]
        cells += [Text(row[j].text, style=_mark_style(row[j])) if row[j].status else "" for j in crits]
        if last:
            res = row[tail[1]]
            cells += [Text(row[tail[0]].text), Text(res.text + (" *" if res.flag else ""),
                                                    style=STYLES.get(res.status or "", ERROR_STYLE))]
        return cells

    def plain_of(row: tuple[Cell, ...]) -> list[str] | None:
        """The texts of `cells_of(row)`'s cells, before rich strips their control codes (Text(x)
        does: `_plain_chunk` strips them, once per text); None for a row with the predecessors'
        line under its name (rich lays that out)."""
        if pred >= 0 and row[pred].label:
            return None
        cells = [row[j].text for j in head]
        cells += [row[j].text if row[j].status else "" for j in crits]
        if last:
            res = row[tail[1]]
            cells += [row[tail[0]].text, res.text + " *" if res.flag else res.text]
        return cells

    if _plain(con):
        _plain_chunk(m.rows, con, new_table, cells_of, plain_of, 2, MATRIX_CHUNK)
    else:
        _rich_chunk(m.rows, con, new_table, cells_of, MATRIX_CHUNK)


# --- plain text (a file, a pipe: no colours) -------------------------------------------------
# rich lays out every cell of every row (10,000 communes × 25 columns: most of the table format's
# time). Without colours a row whose cells all fit on one line is its cells padded to the
# columns' widths between the borders — what rich prints for it; only the rows that wrap (a long
# name, the predecessors' line) go through rich, as a one-row table of the same columns.

def _plain(con: Console) -> bool:
    """The console writes no styles: plain text to a file or a pipe."""
    return con.color_system is None and not con.record and not con.is_jupyter


def _say(con: Console, text: str, style: str = "", width: int | None = None) -> None:
    """`con.print(Text(text, style=style))`; in plain text a line that fits is written as it is,
    a longer one wrapped where rich wraps it (`_wrap`). `width`: the console's, when the caller
    has it (reading `con.width` asks the terminal's size every time)."""
    if _plain(con):
        plain = _strip(text)
        if "\n" not in plain and "\t" not in plain:
            width = con.width if width is None else width
            # wrapped as print wraps it, without its rendering; rich also crops the spaces at the
            # end of a line longer in characters than the width (combining marks: fewer cells)
            if len(plain) > width or _cells(plain) > width:
                wrapped = _wrap(plain, width)
                plain = wrapped if wrapped is not None else \
                    "\n".join(line.plain for line in Text(plain).wrap(con, width))
            con.file.write(plain + "\n")
            return
    con.print(Text(text, style=style))


# rich's own measures, made cheap for the text a report holds (Vietnamese: no character of it is
# in rich's quick single-cell set, so rich sums every character's width through a cache call).

_CTRL = re.compile("[\x07\x08\x0b\x0c\x0d]")  # what rich.control.strip_control_codes removes
_ONE: set[str] = set(map(chr, range(0x20, 0x7F)))  # characters one cell wide, learnt as they come
_is_one = _ONE.issuperset
_SPECIAL = ("\u200d", "\ufe0f")  # rich measures sequences with these apart (emoji)


def _strip(text: str) -> str:
    """`Text(text).plain`: `strip_control_codes(text)`, without its translate when there is none."""
    return strip_control_codes(text) if _CTRL.search(text) else text


def _cells(text: str) -> int:
    """`rich.cells.cell_len(text)`: a text of one-cell characters is its length; any other is
    measured by rich, and its characters that rich counts one cell wide are learnt."""
    if _is_one(text):
        return len(text)
    n = cell_len(text)
    if _SPECIAL[0] not in text and _SPECIAL[1] not in text:
        _ONE.update(ch for ch in set(text) if get_character_cell_size(ch) == 1)
    return n


_WORD = re.compile(r"\s*\S+\s*")  # rich._wrap.re_word
_TRAIL = re.compile(r"\s+$")  # rich.text's _re_whitespace


def _wrap(text: str, width: int) -> str | None:
    """`"\\n".join(l.plain for l in Text(text).wrap(console, width))` for one line of plain text
    (no newline, no tab, no control code) whose every word fits in `width`: rich's divide_line,
    divide, rstrip_end and truncate, step by step, on strings. None where rich would fold a word
    or crop a line (it does that itself then)."""
    if _is_one(text):
        return _wrap_one(text, width)
    breaks: list[int] = []
    offset = 0
    for m in _WORD.finditer(text):  # rich matches word after word from the last end: the same words
        word = m.group()
        length = _cells(word.rstrip())
        if width - offset >= length:
            offset += _cells(word)
        elif length > width:
            return None  # folded across lines: rich's chop_cells
        elif offset and m.start():
            breaks.append(m.start())
            offset = _cells(word)
    edges = [0, *breaks, len(text)]
    lines = []
    for a, b in zip(edges, edges[1:]):
        line = text[a:b]
        if len(line) > width:  # rstrip_end: whitespace beyond the width (counted in characters)
            trail = _TRAIL.search(line)
            if trail is not None:
                line = line[:len(line) - min(len(trail.group()), len(line) - width)]
        if _cells(line) > width:
            return None  # truncate would crop it
        lines.append(line)
    return "\n".join(lines)


_RUN = re.compile(r"\S")  # a word's first character (re's \s is str.isspace, checked for every character)
_LAST_SPACE = re.compile(r".*\s", re.S)


def _wrap_one(text: str, width: int) -> str | None:
    """`_wrap` of a text of one-cell characters: cells are characters, so a line that starts at
    a (a word's start) ends before the first word whose end, spaces after it left out, is past
    a + width — found by searching, not word by word."""
    lines = []
    a = 0
    content = len(text.rstrip())
    while content > a + width:  # a word ends past this line
        cut = a + width
        if text[cut].isspace():  # the next word starts after the spaces
            b = _RUN.search(text, cut).start()  # type: ignore[union-attr]  # there is one: content > cut
        else:  # the word under the edge starts after the last space before it
            m = _LAST_SPACE.match(text, a, cut)
            b = a if m is None else m.end()
        if b <= a or text[a:b].isspace():
            return None  # the line's first word is wider than the line: rich folds it
        lines.append(text[a:b])
        a = b
    lines.append(text[a:])
    for k, line in enumerate(lines):
        if len(line) > width:  # rstrip_end
            lines[k] = line[:len(line) - min(len(line) - len(line.rstrip()), len(line) - width)]
    return "\n".join(lines)


def _frame(con: Console, table: Table) -> list[str]:
    """A table's lines as rich prints them (borders, header)."""
    with con.capture() as cap:
        con.print(table)
    return cap.get().split("\n")[:-1]


_JUNCTIONS = "┳┬╇┼"


def _plain_chunk(rows: Iterable[tuple[Cell, ...]], con: Console, new_table: Callable[[bool], Table],
                 cells_of: Callable[[tuple[Cell, ...]], list[str | Text]],
                 plain_of: Callable[[tuple[Cell, ...]], list[str] | None], unique: int,
                 chunk: int | None) -> None:
    """The rows of `_rich_chunk` (`chunk` rows per frame as there; None: one frame), each row
    written as the lines rich would print: its cells padded to the columns' widths between the
    borders; a cell longer than its column wrapped where rich wraps it (`_wrap`), the row as
    tall as its tallest cell, the others' lines left blank; a row that would be folded, cut or
    laid out otherwise: rich's own lines. `plain_of`: a row's cells as strings (control codes
    still in); the columns after the first `unique` (number, name) repeat a few texts
    (district, marks, result), their padded cells are made once per text."""
    empty = new_table(False)
    spec = [(c.justify, c.no_wrap) for c in empty.columns]
    bottom = _frame(con, empty)  # top and bottom border of a frame without header
    top_plain, foot = bottom[0], bottom[-1]
    totals = [len(x) for x in re.split(f"[{_JUNCTIONS}]", top_plain[1:-1])]
    n_col = len(totals)
    if len(totals) != len(spec) or len(top_plain) > con.width:  # rich would squeeze: let it
        _rich_chunk(rows, con, new_table, cells_of, chunk)
        return
    widths = [t - (0 if n_col == 1 else 1 if i in (0, n_col - 1) else 2) for i, t in enumerate(totals)]
    left = ["" if i == 0 else " " for i in range(n_col)]
    right = ["" if i == n_col - 1 else " " for i in range(n_col)]
    blank = [left[i] + " " * widths[i] + right[i] for i in range(n_col)]  # a cell's line below its text
    memos: list[dict[str, str | tuple[str, ...]] | None] = [None if i < unique else {} for i in range(n_col)]
    write = con.file.write

    def pad(i: int, s: str, n: int) -> str:
        w = widths[i]
        justify = spec[i][0]
        if justify in ("right", "center") and s[-1:].isspace():  # rich strips the end first
            s = s.rstrip()
            n = _cells(s)
        if justify == "right":
            s = " " * (w - n) + s
        elif justify == "center":
            gap = w - n
            s = " " * (gap // 2) + s + " " * (gap - gap // 2)
        else:
            s = s + " " * (w - n)
        return left[i] + s + right[i]

    def cell(i: int, s: str) -> str | tuple[str, ...] | None:
        """Column i's cell holding s, padded, with the spaces beside the borders; its lines when
        it wraps (a left-aligned column that wraps: the name, the district)."""
        if "\n" in s or "\t" in s:
            return None  # line breaks, tabs to expand: rich decides
        n = _cells(s)
        if n <= widths[i]:
            return pad(i, s, n)
        if spec[i][1] or spec[i][0] not in (None, "left", "default"):
            return None  # cut, or aligned otherwise: rich decides
        wrapped = _wrap(s, widths[i])
        if wrapped is None:
            return None  # a word folded: rich decides
        return tuple(pad(i, line, _cells(line)) for line in wrapped.split("\n"))

    def lines(cells: list[str]) -> str | None:
        out: list[str | tuple[str, ...]] = []
        tall = 1
        for i, s in enumerate(cells):
            memo = memos[i]
            piece = memo.get(s) if memo is not None else None
            if piece is None:
                piece = cell(i, _strip(s))
                if piece is None:
                    return None
                if memo is not None:
                    if len(memo) > 4096:  # a column of many texts: bounded
                        memo.clear()
                    memo[s] = piece
            if type(piece) is tuple:
                if len(piece) == 1:  # wrapped to one line (spaces past the width dropped)
                    piece = piece[0]
                else:
                    tall = max(tall, len(piece))
            out.append(piece)
        if tall == 1:
            return "│" + "│".join(out) + "│\n"  # type: ignore[arg-type]
        return "".join("│" + "│".join((p if k == 0 else blank[i]) if type(p) is str else
                                      (p[k] if k < len(p) else blank[i]) for i, p in enumerate(out)) + "│\n"
                       for k in range(tall))

    def hard(cells: list[str | Text]) -> str:
        one = new_table(False)
        one.add_row(*cells)
        return "".join(x + "\n" for x in _frame(con, one)[1:-1])

    n = 0
    buf: list[str] = []
    for row in rows:
        if n == 0 or chunk and n % chunk == 0:  # a new frame: the header on the first, a plain top edge after
            if buf:
                write("".join(buf) + foot + "\n")
                buf = []
            head = _frame(con, new_table(True))[:-1] if n == 0 else [top_plain]
            buf.append("".join(x + "\n" for x in head))
        plain = plain_of(row)
        text = lines(plain) if plain is not None else None
        buf.append(text or hard(cells_of(row)))
        n += 1
        if len(buf) >= 256:
            write("".join(buf))
            buf = []
    if n == 0:
        con.print(new_table(True))
        return
    write("".join(buf) + foot + "\n")


def _rich_chunk(rows: Iterable[tuple[Cell, ...]], con: Console, new_table: Callable[[bool], Table],
                cells_of: Callable[[tuple[Cell, ...]], list[str | Text]], chunk: int | None) -> None:
    """The rows printed by rich, `chunk` rows per table (None: one table)."""
    table, n = new_table(True), 0
    for row in rows:
        table.add_row(*cells_of(row))
        n += 1
        if chunk and n % chunk == 0:
            con.print(table)
            table = new_table(False)
    if table.row_count or n == 0:
        con.print(table)


def _name(cell: Cell, pred: Cell | None) -> Text:
    """The unit's name, and under it "Hợp nhất từ: Xã A (03412); Xã B (03413)" when it has
    predecessors (dim: the matrix's rows stay easy to follow)."""
    if pred is None or not pred.label:
        return Text(cell.text)
    text = Text(cell.text)
    text.append("\n" + pred.label, style="dim")
    return text


def _mark_style(cell: Cell) -> str:
    """A matrix mark's style: its status's colour; a conflict stands out, an attested verdict is
    set apart (italic) from one computed from the numbers."""
    if cell.conflict:
        return CONFLICT_STYLE
    style = STYLES.get(cell.status or "", "")
    return f"{style} italic" if cell.basis == "attested" else style


def _per_criterion(s: SetSection, o: Outline, con: Console) -> None:
    tb = s.per_criterion
    cols = tb.columns
    w_id = max([len(cols[0].text)] + [len(f.code) for f in s.criteria])
    counts = [col for col in cols if col.key == "count"]
    w_pct = max(len(cols[-1].text), 6)
    wide = _table_width([w_id, 24] + [len(col.text) for col in counts] + [w_pct]) <= con.width
    heads = [col.text if wide else (col.short or "") for col in counts]  # marks: see the legend
    per = Table(title=Text(tb.title), title_justify="left", header_style="bold", pad_edge=False)
    per.add_column(cols[0].text, justify="right", no_wrap=True)
    per.add_column(cols[1].text, overflow="fold", min_width=12, ratio=1)
    for h in heads:
        per.add_column(h, justify="right", no_wrap=True, min_width=max(len(h), 2 if not wide else 1))
    per.add_column(cols[-1].text, justify="right", no_wrap=True)
    for row in tb.rows:
        share = row[-1]
        per.add_row(Text(row[0].text), Text(row[1].text), *(Text(c.text) for c in row[2:-1]),
                    Text(share.text, style="magenta" if share.open else ""))
    con.print(per)


def _sub(con: Console, s: SetSection, tb: Block, lang: str) -> None:
    """By district or by province, split into column chunks when wider than the console."""
    cols = tb.columns
    title = f"{tb.title} — {s.per_criterion.title}"
    nums = [j for j, col in enumerate(cols) if col.key in ("units", "average", "set_passed", "set_undecided")
            and not col.extra]
    crit = [j for j, col in enumerate(cols) if col.key == "crit"]
    parent = tb.index("parent")
    rows = list(tb.rows)  # one per district or province
    w_nums = [max(4, *(len(x) for x in cols[j].text.split())) for j in nums]  # headers wrap between words only
    w_name = min(max([len(cols[0].text)] + [len(r[0].text) for r in rows]), 30)
    w_parent = max([len(cols[parent].text)] + [len(r[parent].text) for r in rows]) if parent >= 0 else 0
    w_crit = [max(len(cols[j].text), 4) for j in crit]
    avail = con.width
    show_parent = parent >= 0
    if _table_width([w_name, w_parent] + w_nums + w_crit) > avail:
        w_name, w_parent = min(w_name, 16), min(w_parent, 12)
        one_province = len({r[parent].text for r in rows}) <= 1 if parent >= 0 else True
        show_parent = parent >= 0 and not one_province and \
            _table_width([w_name, w_parent] + w_nums + w_crit[:3]) <= avail
    chunks = _chunks(avail, [w_name] + ([w_parent] if show_parent else []) + w_nums, w_crit)
    for idx in chunks:
        part = title if len(chunks) == 1 else t("batch.sub_part", lang, title=title, first=cols[crit[idx[0]]].code,
                                                 last=cols[crit[idx[-1]]].code)
        con.print(Text(part, style="italic"))

        def new_table(first: bool, idx: list[int] = idx) -> Table:
            out = Table(header_style="bold", pad_edge=False, show_header=first)
            out.add_column(cols[0].text, overflow="fold", width=w_name)
            if show_parent:
                out.add_column(cols[parent].text, overflow="fold", width=w_parent)
            for j, wd in zip(nums, w_nums):
                out.add_column(cols[j].text, justify="right", width=wd)
            for k in idx:
                out.add_column(Text(cols[crit[k]].text), justify="right", no_wrap=True, width=w_crit[k])
            return out

        def cells_of(r: tuple[Cell, ...], idx: list[int] = idx) -> list[str | Text]:
            cells: list[str | Text] = [Text(r[0].text)] + ([Text(r[parent].text)] if show_parent else [])
            return [*cells, *(Text(r[j].text) for j in nums), *(Text(r[crit[k]].text) for k in idx)]

        def plain_of(r: tuple[Cell, ...], idx: list[int] = idx) -> list[str]:
            return [r[0].text, *([r[parent].text] if show_parent else []), *(r[j].text for j in nums),
                    *(r[crit[k]].text for k in idx)]

        if _plain(con):  # a file, a pipe: the lines rich would print, without its layout per cell
            _plain_chunk(rows, con, new_table, cells_of, plain_of, 2 if show_parent else 1, chunk=None)
        else:
            _rich_chunk(rows, con, new_table, cells_of, chunk=None)


def _errors(o: Outline, con: Console) -> None:
    width = con.width  # once: a province's 10,000 warnings are as many lines
    if o.notes:
        con.print(Text(o.notes_heading, style="bold yellow"))
        for p in o.notes:
            _say(con, "  " + p.text, "yellow", width)
    if o.no_errors:
        con.print(Text(o.no_errors, style="green"))
        return
    con.print(Text(o.errors_heading, style="bold red"))
    for b in o.broken():
        _say(con, f"{b.name} ({b.source})", "bold", width)
        for p in b.problems:
            _say(con, "  " + p.text, "red", width)
