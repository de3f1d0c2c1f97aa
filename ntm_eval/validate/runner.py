"""Running the checks: read every file, run the file checks, parse through the resolver, run
the set checks on every set that parsed, and collect one `SetReport` per file."""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Callable, Iterable, Optional

from ntm_eval.errors import InputError, Problem
from ntm_eval.io.files import collect_files
from ntm_eval.io.yamlload import load_path
from ntm_eval.load.catalog import Catalog, builtin_dir
from ntm_eval.results import Check, Report, SetReport
from ntm_eval.validate.checks import CHECKS, coverage, report_order, rules
from ntm_eval.validate.checks.identity import root_of
from ntm_eval.validate.context import FileContext, SetContext, value_at
from ntm_eval.validate.resolver import Entry, Resolver


Progress = Callable[[int, Optional[int]], None]  # (files done, files in all)


def validate_paths(paths: Iterable[str] = (), extra_dirs: Iterable[str] = (), strict: bool = False,
                   baseline: frozenset[tuple[str, ...]] = frozenset(), progress: Progress | None = None) -> Report:
    """Validate criteria files (default: every built-in set). Raises PathsError for bad PATHs.
    Warnings whose fingerprint is in `baseline` are accepted: dropped before --strict applies.
    `progress(done, total)`: see `validate_files`."""
    paths = list(paths) or [str(builtin_dir())]
    files, outside = collect_files(paths)
    return validate_files(files, extra_dirs, strict, outside, baseline, progress)


def fingerprint(p: Problem, base: str | None = None) -> tuple[str, ...]:
    """What identifies a warning across edits: file, indicator and message key — not its line.
    The file is absolute, or relative to `base` (the folder of the baseline file)."""
    real = os.path.realpath(p.file or "")
    return (os.path.relpath(real, base) if base else real, p.indicator or "", p.key)


def validate_files(files: list[str], extra_dirs: Iterable[str] = (), strict: bool = False,
                   outside: list[Problem] | None = None,
                   baseline: frozenset[tuple[str, ...]] = frozenset(), progress: Progress | None = None) -> Report:
    """Validate the given criteria files; `outside`: files that lead out of their folder.
    `progress(done, total)`, when given, is called once per file (and per `outside` entry) as
    its report is complete: done = 1, 2, … total, in order."""
    reports: list[SetReport] = []
    total = len(outside or []) + len(files)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    for p in outside or []:
        r = SetReport(p.file or "?")
        r.check("path").problems.append(p)
        reports.append(r)
        tick()
    entries: list[Entry] = []
    for f in files:
        e = read_entry(f)
        reports.append(e.report)
        if e.doc is not None:
            entries.append(e)
        else:  # unreadable: its report is complete already
            tick()
    with_id = [e for e in entries if e.set_id is not None]
    for e in with_id:
        run_file_checks(FileContext(e, entries))
    res = Resolver(first_by_id(with_id), Catalog(list(extra_dirs)), roots(with_id))
    for e in entries:
        res.parse(e)  # duplicates too: each file gets all its own problems
        if e.failed:
            e.report.check("parse").problems.extend(e.failed)
        if e.cset is not None:
            run_set_checks(e, res)
        tick()
    accepted = accept(reports, baseline) if baseline else 0
    finish(reports, strict)
    return Report(reports, strict, accepted)


def accept(reports: list[SetReport], baseline: frozenset[tuple[str, ...]]) -> int:
    """Drop the warnings a baseline accepts; how many were dropped."""
    n = 0
    for r in reports:
        for c in r.checks:
            keep = [p for p in c.problems if p.severity != "warning" or fingerprint(p) not in baseline]
            n += len(c.problems) - len(keep)
            c.problems = keep
    return n


def read_entry(f: str) -> Entry:
    """A file read (not parsed): its report has the id and title it claims, or its read problems."""
    r = SetReport(f)
    try:
        doc = load_path(f)
    except InputError as exc:
        r.check("parse").problems.extend(exc.problems)
        return Entry(f, None, r)
    e = Entry(f, doc, r)
    sid = value_at(doc.data, ("id",)) if isinstance(doc.data, dict) else None
    if isinstance(sid, str) and sid:
        e.set_id = r.set_id = sid
    title = value_at(doc.data, ("title",))
    r.title = title if isinstance(title, str) else None
    return e


def first_by_id(entries: list[Entry]) -> dict[str, Entry]:
    """Id → the first file with it (later ones are reported as duplicates)."""
    out: dict[str, Entry] = {}
    for e in entries:
        out.setdefault(e.set_id, e)  # type: ignore[arg-type]
    return out


def roots(entries: list[Entry]) -> list[str]:
    """The criteria folders of the files whose path mirrors their id, in order, once each."""
    out: list[str] = []
    for e in entries:
        root = root_of(e.file, e.set_id)  # type: ignore[arg-type]
        if root and root not in out:
            out.append(root)
    return out


def run_file_checks(ctx: FileContext) -> None:
    for rule in rules("file"):
        problems = list(rule.func(ctx))
        if problems:
            ctx.entry.report.check(rule.code).problems.extend(problems)


def run_set_checks(e: Entry, res: Resolver) -> None:
    assert e.cset is not None and e.doc is not None
    ctx = SetContext(e.file, e.doc, e.cset, res)
    r = e.report
    r.set_id, r.title = e.cset.id, e.cset.title
    r.indicators = len(e.cset.indicators())
    for code in CHECKS:
        r.check(code)  # a set that parsed lists every check, passed or not
    for rule in rules("set"):
        if rule.each is None:
            r.check(rule.code).problems.extend(rule.func(ctx))
            continue
        for name, item in rule.each(ctx):
            chk = Check(rule.code, name=name)
            r.checks.append(chk)
            r.tests_total += 1
            chk.problems.extend(rule.func(ctx, item))
            if not chk.failed:
                r.tests_passed += 1
    r.unknown = coverage.unknown_indicators(ctx)


def finish(reports: list[SetReport], strict: bool) -> None:
    """Under --strict every warning is an error; sections in report order."""
    for r in reports:
        if strict:
            for c in r.checks:
                c.problems = [replace(p, severity="error") for p in c.problems]
        r.checks.sort(key=lambda c: report_order(c.code))
