"""Options and helpers shared by subcommands: language, criteria folders, error printing."""

from __future__ import annotations

import sys
from typing import Callable

import click

from ntm_eval.errors import Problem



def lang_option(f: Callable) -> Callable:
    return click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
                        help="Ngôn ngữ / output language")(f)


def criteria_dir_option(f: Callable) -> Callable:
    return click.option("--criteria-dir", "criteria_dirs", multiple=True, type=click.Path(file_okay=False),
                        help="Thư mục bộ tiêu chí bổ sung (cũng: NTM_EVAL_CRITERIA_PATH) / extra criteria folder")(f)


def print_problems(problems: list[Problem], lang: str) -> None:
    from ntm_eval.messages import format_problem

    for p in problems:
        click.echo(format_problem(p, lang), err=True)


def warn_libyaml(lang: str) -> None:
    from ntm_eval.messages import t
    from ntm_eval.io.yamlload import USING_LIBYAML

    if not USING_LIBYAML:
        click.echo(t("warn.no_libyaml", lang), err=True)


def stdout_console():
    from ntm_eval.render.table import console

    return console(sys.stdout)
