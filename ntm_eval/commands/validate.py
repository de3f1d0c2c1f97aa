"""`ntm-eval validate [PATH...]`: check criteria files for CI and pre-commit."""

from __future__ import annotations

import os
import sys

import click

from ntm_eval.commands.common import criteria_dir_option, lang_option, print_problems
from ntm_eval.vocab import EXIT_INVALID


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["human", "github", "junit"]), default="human", show_default=True,
              help="human: văn bản · github: chú thích GitHub Actions · junit: JUnit XML")
@click.option("--strict", is_flag=True, help="Cảnh báo (ngưỡng chưa xác định) tính là lỗi / warnings are errors")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False),
              help="Ghi báo cáo vào tệp (ghi nguyên tử) / write the report to a file")
@lang_option
@criteria_dir_option
def validate(paths: tuple[str, ...], fmt: str, strict: bool, output: str | None, lang: str,
             criteria_dirs: tuple[str, ...]) -> None:
    """Kiểm tra tệp bộ tiêu chí (mặc định: mọi bộ có sẵn). PATH: tệp hoặc thư mục (*.yaml).

    Exit: 0 không lỗi · 1 có lỗi (hoặc cảnh báo khi --strict) · 2 lệnh sai (đường dẫn không có).
    """
    from ntm_eval.errors import Problem
    from ntm_eval.errors import PathsError
    from ntm_eval.validate import validate_paths

    try:
        report = validate_paths(paths, criteria_dirs, strict=strict)
    except PathsError as exc:
        print_problems(exc.problems, lang)
        sys.exit(EXIT_INVALID)
    if output:
        real = os.path.realpath(output)
        if any(os.path.realpath(s.file) == real for s in report.sets):
            print_problems([Problem("cli.output_is_input", output, params={"path": output})], lang)
            sys.exit(EXIT_INVALID)
        if not os.path.isdir(os.path.dirname(os.path.abspath(output))):
            print_problems([Problem("validate.path_not_found", os.path.dirname(output) or ".")], lang)
            sys.exit(EXIT_INVALID)
    from ntm_eval.render import validation as render

    text = {"human": render.human, "github": render.github, "junit": render.junit}[fmt](report, lang)
    if output:
        from ntm_eval.io.output import atomic_write

        atomic_write(output, text)
        click.echo(render.total_line(report, lang), err=True)
    else:
        click.echo(text, nl=False)
    sys.exit(report.exit_code)
