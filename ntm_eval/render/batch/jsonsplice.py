"""The pieces of a JSON batch report (run/splice.py keeps them, and rebuilds the report from them
when a few files changed): what `jsonout.render` writes for each row, cut out of a written report
or made for a row evaluated again, and the report assembled from them — the same bytes as
`jsonout.render` (checked every time pieces are kept, and by tests/test_rerun_splice.py).

A row's pieces: (source, name, status, set id, merged_from, its unit object, its error object or
None, its notes as JSON objects, its notes' stderr lines, its problems' stderr lines, whether it
has problems, whether a note depends on the rows before it). `lines(problems)`: the stderr lines
the command says for problems (commands/common.problem_lines, given by the command).

Assembling reads the pieces in several passes, each asking only for what it writes (`Pieces`):
"light", the pieces without the unit and error objects (there: whether the row has them);
"units", (set id, unit object or None) per row; "errors", the error object or None per row —
so that pieces kept in chunk files are read one chunk and one part at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

if TYPE_CHECKING:
    from ntm_eval.core.aggregate import Aggregator

ORDERED_NOTES = ("data.set_province_merged",)  # said once per set: depends on the rows before

Lines = Callable[[Iterable[Any]], list[str]]
Pieces = Callable[[str], Iterable[Any]]  # part ("light", "units", "errors") → that part of every row, in order


def light(p: tuple) -> tuple:
    """A row's pieces without its unit and error objects (whether it has them, in their place)."""
    return (*p[:5], p[5] is not None, p[6] is not None, *p[7:])


def from_list(pieces: list[tuple]) -> Pieces:
    """The parts of pieces held in a list (whole: for a few rows, and tests)."""
    def parts(part: str) -> Iterable[Any]:
        if part == "units":
            return ((p[3], p[5]) for p in pieces)
        if part == "errors":
            return (p[6] for p in pieces)
        return (light(p) for p in pieces)

    return parts


class JsonPieces:
    """The pieces of JSON reports in one language."""

    def __init__(self, lang: str, lines: Lines):
        self.lang, self.lines = lang, lines

    def piece(self, row: Any, ids_of: dict[str, list[str]]) -> tuple:
        return _piece(row, ids_of, self.lang, self.lines)

    def cutter(self, lines: Any, agg: Aggregator, said: list[str]) -> Cutter:
        """`lines[k]`: the report's line k (without its newline), read as needed."""
        return Cutter(lines, agg, said)

    def assemble(self, agg: Aggregator, pieces: Pieces, input_path: str) -> tuple[Iterator[str], list[str]] | None:
        """`pieces(part)`: that part of the rows' pieces in order, afresh each time it is called
        (read again from where they are kept: several passes, none holding them all)."""
        return _assemble(agg, pieces, input_path, self.lang, self.lines)


def _piece(row: Any, ids_of: dict[str, list[str]], lang: str, problem_lines: Any) -> tuple:
    """The pieces of a row evaluated again."""
    from ntm_eval.render.batch.jsonout import _dump, _problem, unit_dict

    unit = _dump(unit_dict(row, ids_of[row.set_id])) if row.set_id in ids_of else None
    err = None
    if row.problems:
        err = _dump({"file": row.source, "name": row.name, "evaluated": row.status is not None,
                     "errors": [_problem(p, lang) for p in row.problems]})
    notes = list(row.notes)
    return (row.source, row.name, row.status, row.set_id, tuple(tuple(m) for m in row.merged_from), unit, err,
            [_dump(_problem(p, lang)) for p in notes], problem_lines(notes), problem_lines(row.problems),
            bool(row.problems), any(p.key in ORDERED_NOTES for p in notes))


class Cutter:
    """Cuts each row's pieces out of a JSON report as `jsonout.render` writes it: every unit
    object and every error object on a line of its own (sets in order, a set's units in row order,
    then the errors), the warnings in one array; and out of the lines said (one per note, then one
    per problem of each row)."""

    WARNINGS = '],"warnings":['  # never inside a string: its quote would be escaped there

    def __init__(self, lines: Any, agg: Aggregator, said: list[str]):
        import json

        self.decode = json.JSONDecoder().raw_decode
        self.lines = lines
        self.said = said
        self.offset: dict[str, int] = {}  # a set's first unit line
        n = 1
        for g in agg.groups.values():
            self.offset[g.set_id] = n
            n += g.units
        self.rank = dict.fromkeys(self.offset, 0)
        self.error_line = n
        last = self.lines[n - 1]
        at = last.index(self.WARNINGS, self.decode(last)[1] if n > 1 else 0) + len(self.WARNINGS)
        self.warnings: list[str] = []
        while last[at] != "]":
            _, end = self.decode(last, at)
            self.warnings.append(last[at:end])
            at = end + (last[end] == ",")
        self.w = 0  # the next warning (and note line)
        self.line = len(self.warnings)  # the next problem line
        self.first_of: dict[str, int] = {}  # an old unit's code → the first row naming it
        self.n = 0

    def _object(self, k: int) -> str:
        line = self.lines[k]
        return line[:self.decode(line)[1]]

    def row(self, row: Any) -> tuple:
        unit = None
        if row.set_id in self.offset:
            unit = self._object(self.offset[row.set_id] + self.rank[row.set_id])
            self.rank[row.set_id] += 1
        err = None
        if row.problems:
            err = self._object(self.error_line)
            self.error_line += 1
        k = len(row.notes)
        note_json, note_lines = self.warnings[self.w:self.w + k], self.said[self.w:self.w + k]
        self.w += k
        for code, _ in row.merged_from:  # batch.merged_twice: made again when the report is rebuilt
            if self.first_of.setdefault(code, self.n) != self.n:
                self.w += 1
        m = len(row.problems)
        prob_lines = self.said[self.line:self.line + m]
        self.line += m
        self.n += 1
        return (row.source, row.name, row.status, row.set_id, tuple(tuple(x) for x in row.merged_from), unit, err,
                note_json, note_lines, prob_lines, bool(row.problems), any(p.key in ORDERED_NOTES for p in row.notes))

    def done(self) -> bool:
        return self.w == len(self.warnings) and self.line == len(self.said)


class _Light:
    """What `aggregates_dict` reads of a row (the names of the units meeting the set)."""

    __slots__ = ("name", "status", "set_id")

    def __init__(self, name: str, status: str | None, set_id: str | None):
        self.name, self.status, self.set_id = name, status, set_id


class _LightReport:
    """What `aggregates_dict` reads of a report: its rows, made again from the pieces each time."""

    def __init__(self, pieces: Pieces):
        self._pieces = pieces

    @property
    def rows(self) -> Iterator[_Light]:
        return (_Light(p[1], p[2], p[3]) for p in self._pieces("light"))


def _assemble(agg: Aggregator, pieces: Pieces, input_path: str, lang: str,
              problem_lines: Any) -> tuple[Iterator[str], list[str]] | None:
    """The report `jsonout.render` writes, from the pieces (its parts, made as they are taken),
    and the stderr lines `batch` says."""
    from ntm_eval.errors import Problem
    from ntm_eval.render.batch.common import coverage_dict
    from ntm_eval.render.batch.jsonout import _dump, _problem, aggregates_dict, basis_dict
    from ntm_eval.render.jsonout import FORMAT_VERSION

    # the notes in the order collect() makes them: each row's notes, then an old unit merged twice
    note_json: list[str] = []
    note_lines: list[str] = []
    problem_said: list[str] = []
    predecessor_of: dict[str, tuple[int, str, str]] = {}
    set_ids = {g.set_id for g in agg.groups.values()}
    for n, p in enumerate(pieces("light")):
        source, name, _, set_id, merged_from = p[:5]
        if set_id in set_ids and not p[5]:
            return None
        note_json += p[7]
        note_lines += p[8]
        problem_said += p[9]
        for code, old in merged_from:
            first = predecessor_of.setdefault(code, (n, name, source))
            if first[0] != n:
                prob = Problem("batch.merged_twice", source, severity="warning",
                               params={"code": code, "name": old, "unit": name, "first": first[1],
                                       "first_file": first[2]})
                note_json.append(_dump(_problem(prob, lang)))
                note_lines += problem_lines([prob])
    report = _LightReport(pieces)
    summary = {"units": agg.total, "evaluated": agg.evaluated, "with_errors": agg.broken,
               "not_evaluated": agg.unevaluated, "meeting_set": agg.set_passed, "not_meeting_set": agg.set_failed,
               "undecided": agg.set_undecided, "exit_code": agg.exit_code()}

    def parts() -> Iterator[str]:
        yield f'{{"format_version":{FORMAT_VERSION:d},"input":{_dump(input_path)},'
        yield f'"summary":{_dump(summary)},'
        yield '"sets":['
        for n, g in enumerate(agg.groups.values()):
            info = g.info
            head = {"criteria_set": g.set_id, "title": info.title if info else None,
                    "title_en": info.title_en if info else None, "level": info.level if info else None,
                    "tier": info.tier if info else None, "status": info.status if info else None,
                    "coverage": coverage_dict(g, lang),
                    "criteria": [{"id": c[0], "title": c[1], "title_en": c[2]} for c in g.criteria()],
                    "aggregates": aggregates_dict(report, g), "basis": basis_dict(g)}  # type: ignore[arg-type]
            yield ("," if n else "") + _dump(head)[:-1] + ',"units":['
            sep = "\n"
            for set_id, unit in pieces("units"):
                if set_id == g.set_id:
                    yield sep + unit
                    sep = ",\n"
            yield "]}"
        yield '],"warnings":[' + ",".join(note_json) + "]"
        yield ',"errors":['
        sep = "\n"
        for err in pieces("errors"):
            if err is not None:
                yield sep + err
                sep = ",\n"
        yield "]}\n"

    return parts(), note_lines + problem_said
