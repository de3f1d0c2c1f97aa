"""Shell completion (docs/completion.md): what the Tab key offers beyond click's own (options,
commands, `click.Choice` values, file names for `click.Path` arguments).

Callbacks run only while the shell asks (`_NTM_EVAL_COMPLETE=…`), never on a normal run, and
import the catalog only then.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import click
    from click.shell_completion import CompletionItem

# = load/adminunits.REGIONS (kept light here: completing a region reads no dataset)
REGIONS = ("tdmnpb", "dbsh", "btb", "dhntb", "tn", "dnb", "dbscl")
GROUPS = ("1", "2", "3")  # communes of the 2026–2030 sets (Quyết định 51/2025/QĐ-TTg)


def _criteria_dirs(ctx: click.Context) -> tuple[str, ...]:
    """The folders the command would read sets from: `--criteria-dir` typed so far, else the
    project configuration's."""
    typed = ctx.params.get("criteria_dirs")
    if typed:
        return tuple(typed)
    from ntm_eval.errors import InputError
    from ntm_eval.io.config import find_config

    try:
        return tuple(find_config().criteria)
    except InputError:
        return ()


def set_files(ctx: click.Context) -> dict[str, Path]:
    """Set id → file, from the folders the command would read."""
    from ntm_eval.load.catalog import Catalog

    try:
        return Catalog(_criteria_dirs(ctx)).index()
    except OSError:
        return {}


def _title(path: Path) -> str | None:
    """A set's one-line top-level `title:` (shown by zsh and fish beside the id), cheaply."""
    try:
        with open(path, encoding="utf-8-sig") as fh:
            for line in fh:
                if line.startswith("title:"):
                    value = line[6:].strip().strip("\"'")
                    return value if value and value[0] not in ">|" else None
    except (OSError, UnicodeDecodeError):
        return None
    return None


def complete_set(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Set ids starting with what is typed (`vn/20` → `vn/2021-2025/xa-ntm`, …), each with its
    title; when no id matches, the shell completes a file name instead (`--set` also takes a
    criteria file)."""
    from click.shell_completion import CompletionItem

    files = set_files(ctx)
    ids = sorted(i for i in files if i.startswith(incomplete))
    if not ids:
        return [CompletionItem(incomplete, type="file")]
    return [CompletionItem(i, help=_title(files[i])) for i in ids]


def complete_group(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The commune groups of the 2026–2030 sets (1, 2, 3)."""
    from click.shell_completion import CompletionItem

    return [CompletionItem(g) for g in GROUPS if g.startswith(incomplete)]


def complete_region(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The seven regions of the 2021–2025 sets (a set may define its own: they are accepted)."""
    from click.shell_completion import CompletionItem

    return [CompletionItem(r) for r in REGIONS if r.startswith(incomplete)]
