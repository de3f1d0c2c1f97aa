"""Identity of criteria files: set ids are unique across the files, and a file's path mirrors
its id under its criteria folder (`<root>/<id>.yaml`, which is also how references find it)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ntm_eval.errors import Problem
from ntm_eval.validate.checks.registry import rule
from ntm_eval.validate.context import FileContext
from ntm_eval.vocab import ID_RE


def root_of(file: str, set_id: str) -> str | None:
    """The criteria folder of a file at `<root>/<set_id>.yaml`; None when the path does not mirror
    the id (or the id is malformed: the parser reports that)."""
    if not ID_RE.match(set_id):
        return None
    real = Path(file).resolve()
    parts = set_id.split("/")
    tail = real.parts[-len(parts):]
    if real.suffix == ".yaml" and tail[:-1] == tuple(parts[:-1]) and real.stem == parts[-1]:
        root = real
        for _ in parts:
            root = root.parent
        return str(root)
    return None


@rule("unique_id", stage="file")
def check_unique_id(ctx: FileContext) -> Iterator[Problem]:
    """A set id is used by one file only: later files with it are reported, naming the first."""
    e = ctx.entry
    first = next(o for o in ctx.entries if o.set_id == e.set_id)
    if first is not e:
        line, _ = first.doc.where(("id",))  # type: ignore[union-attr]
        yield ctx.problem("validate.duplicate_set_id", ("id",), value=e.set_id, first=f"{first.file}:{line}")


@rule("path", stage="file")
def check_path(ctx: FileContext) -> Iterator[Problem]:
    sid = ctx.entry.set_id
    assert sid is not None
    if ID_RE.match(sid) and root_of(ctx.entry.file, sid) is None:
        yield ctx.problem("validate.path_mismatch", ("id",), set_id=sid, expected=sid + ".yaml")
