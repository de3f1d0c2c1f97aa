"""`ntm-eval validate [PATH...]`: check criteria files for CI and pre-commit."""

from __future__ import annotations

import os
import sys

import click

from ntm_eval.commands.common import check_output, criteria_dir_option, fail, lang_option, output_option, write_output

FORMATS = ("human", "github", "junit", "json", "sarif")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="human: văn bản · github: chú thích GitHub Actions (mặc định khi GITHUB_ACTIONS=true) · "
                   "junit: JUnit XML · json · sarif: GitHub code scanning "
                   "/ human: text · github: GitHub Actions annotations (default when GITHUB_ACTIONS=true) · "
                   "junit: JUnit XML · json · sarif: GitHub code scanning")
@click.option("--strict", is_flag=True, help="Cảnh báo (ngưỡng chưa xác định) tính là lỗi / warnings are errors")
@click.option("--baseline", type=click.Path(dir_okay=False), metavar="FILE",
              help="Cảnh báo đã chấp nhận (chỉ cảnh báo mới bị tính) / accepted warnings: only new ones count")
@click.option("--write-baseline", type=click.Path(dir_okay=False), metavar="FILE",
              help="Ghi mọi cảnh báo hiện có làm baseline / accept every current warning")
@click.option("--quiet", "-q", is_flag=True, help="Chỉ in lỗi, cảnh báo và dòng tổng / problems and the total only")
@output_option
@lang_option
@criteria_dir_option
def validate(paths: tuple[str, ...], fmt: str | None, strict: bool, baseline: str | None, write_baseline: str | None,
             quiet: bool, output: str | None, lang: str, criteria_dirs: tuple[str, ...]) -> None:
    """Kiểm tra tệp bộ tiêu chí. PATH: tệp hoặc thư mục (*.yaml); mặc định: thư mục bộ tiêu chí của
    dự án (“criteria” trong ntm-eval.toml / [tool.ntm-eval]), nếu không có thì mọi bộ có sẵn.

    Mã thoát: 0 không lỗi · 1 có lỗi (hoặc cảnh báo khi --strict) · 2 lệnh sai (đường dẫn không có).
    /
    Check criteria files. PATH: a file or folder (*.yaml); default: the project's criteria folders
    (“criteria” in ntm-eval.toml / [tool.ntm-eval]), else every installed set.

    Exit: 0 no error · 1 errors (or warnings with --strict) · 2 bad usage (a path that does not exist).
    """
    from ntm_eval.errors import PathsError
    from ntm_eval.render import validation as render
    from ntm_eval.validate import validate_paths

    cfg = click.get_current_context().find_root().meta.get("config")
    if not paths and cfg is not None and cfg.criteria:
        paths = cfg.criteria
    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "human"
    accepted = _read_baseline(baseline, lang) if baseline and not write_baseline else frozenset()
    from ntm_eval.render.progress import progress_bar

    try:
        with progress_bar("progress.validate", lang) as bar:  # stderr, a terminal only, after ~2 s; erased
            report = validate_paths(paths, criteria_dirs, strict=strict and not write_baseline, baseline=accepted,
                                    progress=bar.callback)
    except PathsError as exc:
        fail(exc.problems, lang)
    if write_baseline:
        _write_baseline(write_baseline, report, lang)
        return
    check_output(output, [s.file for s in report.sets], lang)  # never over a file the run read
    text = (render.quiet if quiet and fmt == "human" else render.RENDERERS[fmt])(report, lang)
    write_output(output, False, lambda fh: fh.write(text), lang)
    if output and output != "-":
        click.echo(render.total_line(report, lang), err=True)
    sys.exit(report.exit_code)


def _read_baseline(path: str, lang: str) -> frozenset[tuple[str, ...]]:
    import json

    from ntm_eval.errors import Problem
    from ntm_eval.io.yamlload import read_text

    base = os.path.dirname(os.path.abspath(path))
    try:
        doc = json.loads(read_text(path))
        return frozenset((os.path.realpath(os.path.join(base, f)), i, k) for f, i, k in doc["accepted"])
    except (ValueError, KeyError, TypeError) as exc:
        fail([Problem("validate.bad_baseline", path, params={"detail": str(exc)[:120]})], lang)
    except Exception as exc:  # a located InputError from read_text
        fail(getattr(exc, "problems", [Problem("validate.bad_baseline", path, params={"detail": str(exc)})]), lang)


def _write_baseline(path: str, report, lang: str) -> None:
    """Every warning of the run, by fingerprint (file, indicator, message key — not the line)."""
    import json

    from ntm_eval.messages import t
    from ntm_eval.validate.runner import fingerprint

    check_output(path, [s.file for s in report.sets], lang)
    base = os.path.dirname(os.path.abspath(path))
    prints = sorted({fingerprint(p, base) for s in report.sets for p in s.problems if p.severity == "warning"})
    text = json.dumps({"format_version": 1, "tool": "ntm-eval validate", "accepted": [list(x) for x in prints]},
                      ensure_ascii=False, indent=1) + "\n"
    write_output(path, False, lambda fh: fh.write(text), lang)
    click.echo(t("validate.baseline_written", lang, path=path, n=len(prints)), err=True)
    sys.exit(1 if report.errors else 0)
