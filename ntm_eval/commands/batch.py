"""`ntm-eval batch PATH`: evaluate a folder of unit files or a CSV/XLSX sheet (one row per unit)
and report the units × criteria matrix with the aggregates officials use."""

from __future__ import annotations

import os
import sys

import click

from ntm_eval.commands.common import criteria_dir_option, lang_option, print_problems, warn_libyaml
from ntm_eval.vocab import EXIT_INVALID

FORMATS = ("table", "json", "csv", "md", "xlsx", "html")


@click.command()
@click.argument("path")
@click.option("--set", "set_ref",
              help="Mã bộ tiêu chí hoặc đường dẫn tệp, áp dụng cho các đơn vị cùng cấp với bộ / set id or file")
@click.option("--year", type=click.IntRange(1990, 2100), help="Năm đánh giá (ưu tiên hơn year trong tệp) / year")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--output", "-o", "output",
              help="Ghi báo cáo vào tệp (ghi an toàn, không ghi đè tệp đầu vào) / output file")
@click.option("--jobs", "-j", type=click.IntRange(0, 512), default=1, show_default=True,
              help="Số tiến trình song song (0 = số CPU) / worker processes (0 = CPUs)")
@lang_option
@criteria_dir_option
def batch(path: str, set_ref: str | None, year: int | None, fmt: str, output: str | None, jobs: int, lang: str,
          criteria_dirs: tuple[str, ...]) -> None:
    """Đánh giá hàng loạt: thư mục tệp YAML hoặc bảng CSV/XLSX (mỗi dòng một đơn vị).
    Exit: 0 tất cả đạt · 1 có đơn vị chưa đạt · 2 có dữ liệu lỗi / lệnh sai."""
    from ntm_eval.errors import InputError, Problem
    from ntm_eval.messages import t

    warn_libyaml(lang)

    def fail(problems: list[Problem]) -> None:
        for p in problems:
            if p.file is None:  # a usage error, not a place in a file
                click.echo(t("batch.usage_error", lang, message=t(p.key, lang, **p.params)), err=True)
            else:
                print_problems([p], lang)
        sys.exit(EXIT_INVALID)

    if fmt == "xlsx" and not output:
        fail([Problem("batch.xlsx_needs_output", None)])
    if not os.path.exists(path):
        fail([Problem("batch.not_found", path)])  # a batch reads a folder as well as a file
    if output:
        clash = _output_clash(path, output)
        if clash:
            fail([Problem("cli.output_is_input", None, params={"path": clash})])
    from ntm_eval.load.catalog import Catalog

    catalog = Catalog(criteria_dirs)
    if set_ref:
        try:
            catalog.get(set_ref)
        except InputError as exc:
            fail(exc.problems)
    from ntm_eval.run.batch import run_batch

    jobs = jobs or os.cpu_count() or 1
    report = run_batch(path, catalog, criteria_dirs, set_ref, year, jobs)
    with report:
        agg = report.aggregates
        if agg.total == 0:
            fail([Problem("cli.no_inputs", None, params={"path": path})])
        if fmt != "table" or output:
            print_problems(list(report.notes), lang)
            for row in report.rows:
                if row.problems:
                    print_problems(list(row.problems), lang)
        try:
            _write(report, fmt, output, lang)
        except BrokenPipeError:  # `ntm-eval batch … | head`: the reader left; not an error of ours
            _quiet_stdout()
        except OSError as exc:
            fail([Problem("batch.write_error", None, params={"path": output or "-", "detail": exc.strerror or exc})])
        if output:
            click.echo(t("batch.written", lang, path=output), err=True)
        if agg.broken and (fmt != "table" or output):
            click.echo(t("batch.unit_errors", lang, n=agg.broken), err=True)
        code = report.exit_code
    sys.exit(code)


def _quiet_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _output_clash(path: str, output: str) -> str | None:
    """The input file that `output` would overwrite, if any."""
    from ntm_eval.io.output import would_overwrite

    if os.path.isdir(path):
        out = os.path.realpath(output)
        root = os.path.realpath(path)
        if out.startswith(root + os.sep) and out.endswith((".yaml", ".yml")) and os.path.exists(out):
            return output
        return None
    return would_overwrite(output, [path])


def _write(report, fmt: str, output: str | None, lang: str) -> None:
    from ntm_eval.render.batch import render_text, render_xlsx

    if fmt == "xlsx":
        from ntm_eval.io.output import atomic_open

        with atomic_open(output, "wb") as fh:
            render_xlsx(report, fh, lang)
        return
    if output:
        from ntm_eval.io.output import atomic_open

        with atomic_open(output, "w") as fh:
            render_text(fmt, report, fh, lang)
        return
    if fmt == "table":
        from ntm_eval.commands.common import stdout_console
        from ntm_eval.render.batch.table import render_to

        render_to(report, stdout_console(), lang)
        return
    out = sys.stdout
    render_text(fmt, report, out, lang)
    out.flush()
