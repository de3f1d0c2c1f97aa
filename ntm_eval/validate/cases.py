"""The embedded `tests:` cases of criteria files, one by one, for a test runner (pytest: see
`tests/test_embedded_cases.py`). Each case runs exactly as `ntm-eval validate` runs it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Callable, Iterable

from ntm_eval.errors import Problem
from ntm_eval.io.files import collect_files
from ntm_eval.load.catalog import Catalog, builtin_dir
from ntm_eval.validate.checks import rules
from ntm_eval.validate.context import SetContext
from ntm_eval.validate.resolver import Resolver
from ntm_eval.validate.runner import first_by_id, read_entry, roots

PARSE = "(parse)"  # the name of the one item of a file that does not parse


@dataclass(frozen=True)
class EmbeddedCase:
    set_id: str  # or the file, for a file without an id
    name: str
    file: str
    run: Callable[[], list[Problem]]  # the case's problems; any error fails it

    @property
    def test_id(self) -> str:
        return f"{self.set_id}::{self.name}"


def embedded_cases(paths: Iterable[str] = (), extra_dirs: Iterable[str] = ()) -> list[EmbeddedCase]:
    """Every case of every criteria file under `paths` (default: the built-in sets), in file
    order. A file that does not parse gives one case named "(parse)" holding its problems."""
    files, _ = collect_files(list(paths) or [str(builtin_dir())])
    entries = [read_entry(f) for f in files]
    read = [e for e in entries if e.doc is not None]
    with_id = [e for e in read if e.set_id is not None]
    res = Resolver(first_by_id(with_id), Catalog(list(extra_dirs)), roots(with_id))
    out = []
    for e in entries:
        res.parse(e)
        if e.cset is None or e.doc is None:
            problems = list(e.report.problems) + list(e.failed or [])
            out.append(EmbeddedCase(e.set_id or e.file, PARSE, e.file, partial(list, problems)))
            continue
        ctx = SetContext(e.file, e.doc, e.cset, res)
        for rule in rules("set"):
            for name, item in rule.each(ctx) if rule.each else ():
                out.append(EmbeddedCase(e.cset.id, name, e.file, partial(_run, rule.func, ctx, item)))
    return out


def _run(func: Callable, ctx: SetContext, item: object) -> list[Problem]:
    return list(func(ctx, item))
