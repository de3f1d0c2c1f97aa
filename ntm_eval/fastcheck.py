"""`ntm-eval check FILE... [--format json|table] [--lang vi|en]` without click (start-up: click and
the modules it imports were an eighth of a single check).

Only that plain command line is taken here, and only when nothing else could change what click
would do: no project configuration (ntm-eval.toml, [tool.ntm-eval]), no shell completion, every
option given once, every file readable or absent (click.Path's only check). Anything else — any
other option, `--`, `-`, an option's value glued with `=`, a file-less problem to report (it names
the command as click's context does) — goes to the click command in commands/check.py, which
this mirrors (both print through `show`). `NTM_EVAL_FAST_CHECK=0` turns it off (tests/test_startup_fastcheck.py
compares both ways). The click path imports only `show` from here; it lives outside commands/ (only the cli
imports those).
"""

from __future__ import annotations

import os
import sys

ENV_OFF = "NTM_EVAL_FAST_CHECK"
_FORMATS = ("json", "table")
_LANGS = ("vi", "en")


def parse(argv: list[str]) -> dict | None:
    """The check's arguments when this path may take the command line, else None."""
    if not argv or argv[0] != "check" or os.environ.get(ENV_OFF, "").strip().lower() in ("0", "off", "no", "false"):
        return None
    if any(k.startswith("_NTM_EVAL_COMPLETE") for k in os.environ):
        return None
    opts: dict[str, str] = {}
    files: list[str] = []
    args = iter(argv[1:])
    for tok in args:
        if tok in ("--format", "--lang"):
            value = next(args, None)
            if value is None or tok in opts or value not in (_FORMATS if tok == "--format" else _LANGS):
                return None
            opts[tok] = value
        elif tok and not tok.startswith("-"):
            files.append(tok)
        else:
            return None
    if not files or not all(_readable_or_absent(f) for f in files):
        return None
    lang = opts.get("--lang")
    if lang is None:  # the group's default for every command: NTM_EVAL_LANG, else the option's "vi"
        env = os.environ.get("NTM_EVAL_LANG")
        lang = env if env in _LANGS else "vi"
    return {"files": tuple(files), "fmt": opts.get("--format"), "lang": lang}


def _readable_or_absent(path: str) -> bool:
    try:
        os.stat(path)
    except (OSError, ValueError):
        return True  # click.Path() lets a missing file through: the check reports it, located
    return os.access(path, os.R_OK)


def _no_configuration() -> bool:
    from ntm_eval.errors import InputError
    from ntm_eval.io.config import find_config
    from ntm_eval.run.compiled import PyprojectMemo

    try:
        return find_config(memo=PyprojectMemo()).path is None
    except InputError:  # reported by the group, through click
        return False


def run(files: tuple[str, ...], fmt: str | None, lang: str) -> bool:
    """Run the check (exits), or return False before doing anything when click must do it."""
    if not _no_configuration():
        return False
    import _signal  # signal's own module: `signal` makes its enums (IntEnum) at import

    from ntm_eval.entry import imports_done, terminated
    from ntm_eval.io.yamlload import USING_LIBYAML
    from ntm_eval.load.catalog import Catalog
    from ntm_eval.results import exit_code_of
    from ntm_eval.run.check import check_files
    from ntm_eval.run.compiled import load_set

    if not USING_LIBYAML:
        return False  # its warning is click's to print
    _signal.signal(_signal.SIGTERM, terminated)
    imports_done()
    fmt = fmt or "table"
    try:
        catalog = Catalog((), loader=load_set)  # commands.common.open_catalog(())
        outcomes = check_files(files, catalog, None, None, True)
        if any(p.file is None for o in outcomes for p in o.problems):
            return False  # said as `ntm-eval check: …`, from click's context
        show(outcomes, fmt, lang, False, _print_problems)
    except (KeyboardInterrupt, EOFError) as exc:  # as click: a new line on stderr, then 130 / 1 (cli.main)
        sys.stderr.write("\n")
        sys.stderr.flush()
        sys.exit(130 if isinstance(exc, KeyboardInterrupt) else 1)
    except OSError as exc:
        import errno

        if exc.errno != errno.EPIPE:
            raise
        from click.utils import PacifyFlushWrapper  # what click does with a reader that left

        sys.stdout = PacifyFlushWrapper(sys.stdout)  # type: ignore[assignment]
        sys.stderr = PacifyFlushWrapper(sys.stderr)  # type: ignore[assignment]
        sys.exit(1)
    sys.exit(exit_code_of(outcomes))


def show(outcomes: list, fmt: str, lang: str, brief: bool, print_problems) -> None:
    """`check`'s results on stdout, as JSON or tables, each file's problems on stderr before them
    — the click command (commands/check.py) and this path both print through it."""
    if fmt == "json":
        from ntm_eval.render.jsonout import dumps, error_entry

        items = [o.result.to_dict() if o.result else error_entry(o.path, o.problems, lang) for o in outcomes]
        for o in outcomes:
            if o.problems:
                print_problems(o.problems, lang)
        sys.stdout.write(dumps(items[0] if len(items) == 1 else items) + "\n")
        return
    from ntm_eval.render.table import render_unit, writer

    con = writer(sys.stdout)  # without colour: render/plain.py, the same bytes as rich's
    for n, o in enumerate(outcomes):
        if n:
            con.print()
        if o.problems:
            print_problems(o.problems, lang)
        if o.result is not None:
            render_unit(o.result, con, lang, brief=brief)


def _print_problems(problems, lang: str) -> None:
    """What commands.common.print_problems prints for located problems (the only ones here), with
    click's echo (click is imported only now)."""
    import click

    from ntm_eval.messages import format_problem

    for p in problems:
        click.echo(format_problem(p, lang), err=True)
