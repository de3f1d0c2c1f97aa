"""`ntm-eval diff OLD NEW`: the same units in two years (files, folders or sheets) — criteria
newly met and lost, indicator values that moved, and the batch figures officials compare."""

from __future__ import annotations

import os
import sys

import click

from ntm_eval.commands.common import (resolve_jobs, basis_option, check_output, criteria_dir_option, fail, jobs_option,
                                      lang_option, output_option, print_problems, set_option, warn_libyaml,
                                      write_output)

FORMATS = ("table", "json", "csv", "md", "html", "xlsx")


@click.command()
@click.argument("old", type=click.Path())
@click.argument("new", type=click.Path())
@set_option("Mã bộ tiêu chí hoặc tệp, cho các đơn vị cùng cấp ở cả hai năm (bảng không có cột bộ tiêu chí) "
            "/ set id or file, for the units of its level in both years")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Mặc định theo đuôi tệp --output, nếu không: table / default: from the --output extension, else table")
@output_option
@jobs_option
@basis_option
@lang_option
@criteria_dir_option
def diff(old: str, new: str, set_ref: str | None, fmt: str | None, output: str | None, jobs: int | None, basis: str, lang: str,
         criteria_dirs: tuple[str, ...]) -> None:
    """So sánh hai năm: OLD (năm trước) và NEW (năm sau) — tệp, thư mục hoặc bảng CSV/XLSX.
    Mã thoát: 0 không mất tiêu chí nào · 1 có tiêu chí đã đạt nay không còn đạt · 2 dữ liệu lỗi, lệnh sai.
    /
    Compare two years: OLD (the earlier) and NEW (the later) — files, folders or CSV/XLSX sheets.
    Exit: 0 no criterion lost · 1 a criterion met before is no longer met · 2 bad data or usage."""
    from ntm_eval.errors import Problem
    from ntm_eval.io.output import format_for
    from ntm_eval.messages import t

    warn_libyaml(lang)
    fmt, clash = format_for(output, fmt, "table", FORMATS)
    if clash is not None:
        fail([clash], lang)
    if fmt == "xlsx" and (not output or output == "-"):
        fail([Problem("diff.xlsx_needs_output", None)], lang)
    missing = [Problem("diff.not_found", p) for p in (old, new) if not os.path.exists(p)]
    if missing:
        fail(missing, lang)
    check_output(output, [old, new], lang)
    from ntm_eval.errors import InputError
    from ntm_eval.commands.common import open_catalog
    from ntm_eval.run.diff import run_diff

    catalog = open_catalog(criteria_dirs)
    if set_ref:
        try:
            catalog.get(set_ref)
        except InputError as exc:
            fail(exc.problems, lang)
    report, inputs = run_diff(old, new, catalog, criteria_dirs, resolve_jobs(jobs, old, new),
                              use_attested=basis != "computed", set_ref=set_ref)
    print_problems(report.notes, lang)
    if report.problems:
        fail(report.problems, lang)
    check_output(output, inputs, lang)
    from ntm_eval.render.diff import render

    write_output(output, fmt == "xlsx", lambda fh: render(fmt, report, fh, lang), lang)
    if output and output != "-":
        click.echo(t("diff.written", lang, path=output), err=True)
    sys.exit(report.exit_code)
