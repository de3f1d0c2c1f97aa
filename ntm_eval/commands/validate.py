"""`ntm-eval validate [PATH...]`: check criteria files for CI and pre-commit."""

from __future__ import annotations

import sys

import click

from ntm_eval.commands.common import check_output, criteria_dir_option, fail, lang_option, write_output


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
    from ntm_eval.errors import PathsError
    from ntm_eval.render import validation as render
    from ntm_eval.validate import validate_paths

    try:
        report = validate_paths(paths, criteria_dirs, strict=strict)
    except PathsError as exc:
        fail(exc.problems, lang)
    check_output(output, [s.file for s in report.sets], lang)  # never over a file the run read
    text = render.RENDERERS[fmt](report, lang)
    write_output(output, False, lambda fh: fh.write(text), lang)
    if output and output != "-":
        click.echo(render.total_line(report, lang), err=True)
    sys.exit(report.exit_code)
