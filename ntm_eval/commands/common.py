"""What every subcommand shares: the language and criteria-folder options, the one printer of
located problems, usage failures (exit 2), and writing a report to `--output` or stdout."""

from __future__ import annotations

import os
import sys
from typing import IO, Callable, Iterable, NoReturn

import click

from ntm_eval.errors import Problem
from ntm_eval.vocab import EXIT_INVALID


def open_catalog(criteria_dirs: list[str] | tuple[str, ...] = ()):
    """The catalog of a command: sets read through their compiled entries (run/compiled.py)."""
    from ntm_eval.load.catalog import Catalog
    from ntm_eval.run.compiled import load_set

    return Catalog(criteria_dirs, loader=load_set)


def lang_option(f: Callable) -> Callable:
    return click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
                        help="Ngôn ngữ (cũng: NTM_EVAL_LANG, “lang” trong ntm-eval.toml) "
                             "/ language (also: NTM_EVAL_LANG, “lang” in ntm-eval.toml)")(f)


def criteria_dir_option(f: Callable) -> Callable:
    return click.option("--criteria", "--criteria-dir", "criteria_dirs", multiple=True, metavar="DIR",
                        type=click.Path(file_okay=False),
                        help="Thư mục bộ tiêu chí (cũng: “criteria” trong ntm-eval.toml, NTM_EVAL_CRITERIA_PATH) "
                             "/ criteria folder (also: “criteria” in ntm-eval.toml, NTM_EVAL_CRITERIA_PATH)")(f)


# Every command that writes a report takes `-o/--output FILE`, typed so that the shell completes
# file names; `-` is stdout.
OUTPUT_TYPE = click.Path(dir_okay=False, allow_dash=True)
OUTPUT_HELP = ("Ghi báo cáo vào tệp (ghi an toàn, không ghi đè tệp đầu vào; - là màn hình) "
               "/ write the report to a file (atomically, never over an input; - is stdout)")


def output_option(f: Callable, help: str = OUTPUT_HELP) -> Callable:
    return click.option("--output", "-o", "output", metavar="FILE", type=OUTPUT_TYPE, help=help)(f)


def output_option_with(help: str) -> Callable[[Callable], Callable]:
    """`-o/--output FILE` with a command's own help text."""
    return lambda f: output_option(f, help)


def set_option(help: str) -> Callable[[Callable], Callable]:
    """`--set ID`: a set id (completed from the catalog) or a criteria file."""
    from ntm_eval.commands.completion import complete_set

    return click.option("--set", "set_ref", metavar="ID", shell_complete=complete_set, help=help)


PARALLEL_FROM = 500  # units: below this, starting worker processes costs more than it saves


def jobs_option(f: Callable) -> Callable:
    return click.option("--jobs", "-j", type=click.IntRange(0, 512), metavar="N", default=None,
                        help=f"Số tiến trình song song (0 = số CPU; mặc định: số CPU khi có từ {PARALLEL_FROM} đơn vị, "
                             f"nếu không 1) / worker processes (0 = CPUs; default: the CPUs from {PARALLEL_FROM} "
                             "units on, else 1)")(f)


def resolve_jobs(jobs: int | None, *paths: str) -> int:
    """`--jobs` as given (0: every CPU), or by default every CPU for a batch of at least
    PARALLEL_FROM units (counted cheaply: a folder's files, a sheet's rows) and one process below."""
    import os

    cpus = os.cpu_count() or 1
    if jobs is not None:
        return jobs or cpus
    if cpus == 1:
        return 1
    from ntm_eval.run.batch import estimate_units

    total = 0
    for p in paths:
        total += estimate_units(p) or 0
        if total >= PARALLEL_FROM:
            return cpus
    return 1


def basis_option(f: Callable) -> Callable:
    return click.option("--basis", type=click.Choice(["all", "computed"]), default="all", show_default=True,
                        help="computed: chỉ tính kết luận từ số liệu, bỏ qua kết luận theo xác nhận (cho thẩm định) "
                             "/ count only what the numbers prove")(f)


def print_problems(problems: Iterable[Problem], lang: str) -> None:
    """Each problem on stderr: `file:line:col: lỗi: …` where it has a place in a file, else (a
    usage problem: an option, an argument) `ntm-eval COMMAND: lỗi: …`."""
    for line in problem_lines(problems, lang):
        click.echo(line, err=True)


def problem_lines(problems: Iterable[Problem], lang: str) -> list[str]:
    """The lines `print_problems` prints (a batch keeps them with its cached report)."""
    from ntm_eval.messages import format_problem, problem_message, t

    lines = []
    for p in problems:
        if p.file is None:
            ctx = click.get_current_context(silent=True)
            command = ctx.command_path if ctx is not None else "ntm-eval"
            lines.append(t("cli.usage_error", lang, command=command, message=problem_message(p, lang)))
        else:
            lines.append(format_problem(p, lang))
    return lines


def fail(problems: Iterable[Problem], lang: str) -> NoReturn:
    """Print the problems and stop with exit code 2 (bad input or usage)."""
    print_problems(problems, lang)
    sys.exit(EXIT_INVALID)


def warn_libyaml(lang: str) -> None:
    from ntm_eval.io.yamlload import USING_LIBYAML

    if not USING_LIBYAML:
        from ntm_eval.messages import t

        click.echo(t("warn.no_libyaml", lang), err=True)


def stdout_console():
    from ntm_eval.render.table import console

    return console(sys.stdout)


def check_output(output: str | None, read: Iterable[str], lang: str) -> None:
    """Refuse (exit 2) an `--output` that would replace a file the run read or anything but a
    regular file. Called before the run (inputs named on the command line) and again just before
    writing (every file the run read: members, sheets, criteria files, `extends` parents)."""
    if not output:
        return
    from itertools import chain

    from ntm_eval.io.files import files_read
    from ntm_eval.io.output import output_problem

    p = output_problem(output, chain(read, files_read()))  # iterated once: no copy of a batch's inputs
    if p is not None:
        fail([p], lang)


def write_output(output: str | None, binary: bool, write: Callable[[IO], None], lang: str) -> None:
    """Write a report atomically to `output` (never half a file), or to stdout when there is
    none or it is `-`. A reader that leaves early (`| head`) is not an error; a full disk is."""
    from ntm_eval.io.output import atomic_open

    try:
        if output and output != "-":
            with atomic_open(output, "wb" if binary else "w") as fh:
                write(fh)
            return
        out = sys.stdout.buffer if binary else sys.stdout
        write(out)
        out.flush()
    except BrokenPipeError:
        _quiet_stdout()
    except OSError as exc:
        fail([Problem("batch.write_error", None, params={"path": output or "-", "detail": exc.strerror or exc})], lang)


def _quiet_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
