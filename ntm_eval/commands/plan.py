"""`ntm-eval plan PLAN RESULTS…`: a plan's targets against evaluated units (docs/plans.md)."""

from __future__ import annotations

import os
import sys

import click

from ntm_eval.commands.common import (resolve_jobs, basis_option, check_output, criteria_dir_option, fail, jobs_option,
                                      lang_option, output_option, print_problems, set_option, warn_libyaml,
                                      write_output)

FORMATS = ("table", "json", "md", "csv")


@click.command()
@click.argument("plan_file", metavar="PLAN", type=click.Path())
@click.argument("results", nargs=-1, metavar="RESULTS…", type=click.Path())
@click.option("--next", "show_next", is_flag=True,
              help="Thêm mục “Việc cần làm tiếp”: chỉ tiêu, tiêu chí, đơn vị gần đạt nhất / add what to do next")
@click.option("--next-limit", type=click.IntRange(1, 1000), metavar="N", default=20, show_default=True,
              help="Số dòng tối đa mỗi danh sách “việc cần làm tiếp” / items per next list")
@set_option("Mã bộ tiêu chí cho các đơn vị (như batch) / set id or file (as in batch)")
@click.option("--year", type=click.IntRange(1990, 2100), metavar="YYYY", help="Năm đánh giá các đơn vị (như batch) / year")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Mặc định theo đuôi tệp --output, nếu không: table / default: from --output, else table")
@output_option
@jobs_option
@basis_option
@lang_option
@criteria_dir_option
def plan(plan_file: str, results: tuple[str, ...], show_next: bool, next_limit: int, set_ref: str | None,
         year: int | None, fmt: str | None, output: str | None, jobs: int | None, basis: str, lang: str,
         criteria_dirs: tuple[str, ...]) -> None:
    """Đối chiếu kế hoạch (YAML, CSV/XLSX) với kết quả đánh giá (tệp, thư mục, bảng như batch).
    Mã thoát: 0 mọi mục tiêu đạt · 1 chưa đạt hết · 2 dữ liệu, kế hoạch hoặc lệnh không hợp lệ.
    /
    Compare a plan (YAML, CSV/XLSX) with evaluation results (files, folders, sheets as in batch).
    Exit: 0 every target met · 1 not all met · 2 bad data, plan or usage."""
    from ntm_eval.errors import InputError, Problem
    from ntm_eval.io.output import format_for
    from ntm_eval.messages import t

    warn_libyaml(lang)
    fmt, clash = format_for(output, fmt, "table", FORMATS)
    if clash is not None:
        fail([clash], lang)
    if not results:
        fail([Problem("plan.no_results_arg", None)], lang)
    for p in (plan_file, *results):
        if not os.path.exists(p):
            fail([Problem("batch.not_found", p)], lang)
    check_output(output, [plan_file, *results], lang)
    from ntm_eval.commands.common import open_catalog

    catalog = open_catalog(criteria_dirs)
    if set_ref:
        try:
            catalog.get(set_ref)
        except InputError as exc:
            fail(exc.problems, lang)
    from ntm_eval.run.plan import run_plan

    report, batch, problems = run_plan(plan_file, list(results), catalog, criteria_dirs, set_ref, year,
                                       resolve_jobs(jobs, *results), basis != "computed", next_limit, show_next)
    try:
        if batch is not None:
            print_problems(batch.notes, lang)
            for row in batch.rows:
                print_problems(row.problems, lang)
            if batch.aggregates.total == 0:
                fail([Problem("cli.no_inputs", None, params={"path": ", ".join(results)})], lang)
        if problems or report is None:
            fail(problems, lang)
        check_output(output, [plan_file, *(batch.inputs if batch is not None else ())], lang)
        _write(report, fmt, output, lang)
        if output and output != "-":
            click.echo(t("batch.written", lang, path=output), err=True)
        if report.broken:
            click.echo(t("batch.unit_errors", lang, n=report.broken), err=True)
        code = report.exit_code
    finally:
        if batch is not None:
            batch.close()
    sys.exit(code)


def _write(report, fmt: str, output: str | None, lang: str) -> None:
    from ntm_eval.render import plan as render

    if fmt == "table" and (not output or output == "-"):
        from ntm_eval.commands.common import stdout_console

        write_output(None, False, lambda fh: render.render_table(report, stdout_console(), lang), lang)
    elif fmt == "table":
        from rich.console import Console

        write_output(output, False, lambda fh: render.render_table(report, Console(file=fh, width=160), lang), lang)
    else:
        write_output(output, False, lambda fh: render.RENDERERS[fmt](report, fh, lang), lang)
