"""`ntm-eval dossier FILE…`: the evidence dossier of each unit (docs/dossier.md); and the
per-department view that `check --agencies` and `batch --by agency` print."""

from __future__ import annotations

import sys

import click

from ntm_eval.commands.common import (basis_option, check_output, criteria_dir_option, fail, lang_option,
                                      output_option, print_problems, set_option, warn_libyaml, write_output)
from ntm_eval.vocab import EXIT_FAIL, EXIT_INVALID, EXIT_OK

FORMATS = ("table", "md", "json", "html", "xlsx")


def _date(value: str | None, option: str, lang: str) -> str | None:
    from ntm_eval.errors import Problem
    from ntm_eval.io.yamlload import is_iso_date

    if value is not None and not is_iso_date(value):
        fail([Problem("dossier.bad_deadline", None, params={"option": option, "value": value[:40]})], lang)
    return value


def load_agencies_or_fail(path: str | None, catalog, lang: str):
    """The assignment file, checked against the sets; a bad one stops with exit 2."""
    from ntm_eval.errors import InputError
    from ntm_eval.run.dossier import load_assignment

    try:
        return load_assignment(path, catalog)
    except InputError as exc:
        fail(exc.problems, lang)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@set_option("Mã bộ tiêu chí hoặc đường dẫn tệp / set id or file")
@click.option("--year", type=click.IntRange(1990, 2100), metavar="YYYY", help="Năm đánh giá / year")
@click.option("--deadline", metavar="YYYY-MM-DD",
              help="Hạn hồ sơ minh chứng (và thẩm tra, nếu không có --appraisal-deadline); thay cho "
                   "“deadlines:” trong tệp / evidence deadline (overrides the file's deadlines:)")
@click.option("--appraisal-deadline", metavar="YYYY-MM-DD",
              help="Hạn hồ sơ thẩm tra: xác nhận của cả tiêu chí / deadline for criterion-level verdicts")
@click.option("--agencies", "agencies_file", metavar="FILE", type=click.Path(dir_okay=False),
              help="Tệp phân công đơn vị phụ trách / department assignment file")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Mặc định theo đuôi tệp --output, nếu không: table / default: from --output, else table")
@output_option
@basis_option
@lang_option
@criteria_dir_option
def dossier(files: tuple[str, ...], set_ref: str | None, year: int | None, deadline: str | None,
            appraisal_deadline: str | None, agencies_file: str | None, fmt: str | None, output: str | None,
            basis: str, lang: str, criteria_dirs: tuple[str, ...]) -> None:
    """Hồ sơ minh chứng: minh chứng, xác nhận đã có và còn thiếu; điều kiện công nhận cần xác nhận.
    Mã thoát: 0 không thiếu gì · 1 còn thiếu · 2 dữ liệu/lệnh sai.
    /
    The evidence dossier: evidence and attestations given and missing; recognition conditions to attest.
    Exit: 0 nothing missing · 1 something missing · 2 bad data or usage."""
    from ntm_eval.io.output import format_for
    from ntm_eval.commands.common import open_catalog
    from ntm_eval.run.dossier import dossier_file

    warn_libyaml(lang)
    fmt, clash = format_for(output, fmt, "table", FORMATS)
    if clash is not None:
        fail([clash], lang)
    if fmt == "xlsx" and (not output or output == "-"):
        from ntm_eval.errors import Problem

        fail([Problem("batch.xlsx_needs_output", None)], lang)
    evidence = _date(deadline, "--deadline", lang)
    appraisal = _date(appraisal_deadline, "--appraisal-deadline", lang)
    check_output(output, files, lang)
    catalog = open_catalog(criteria_dirs)
    assignment = load_agencies_or_fail(agencies_file, catalog, lang)
    done = [dossier_file(p, catalog, set_ref, year, evidence, appraisal, basis != "computed", assignment)
            for p in files]
    for o, _ in done:
        print_problems(o.problems, lang)
    dossiers = [d for _, d in done if d is not None]
    check_output(output, [*files, *([agencies_file] if agencies_file else [])], lang)
    _write(dossiers, fmt, output, lang)
    if any(o.result is None or o.problems for o, _ in done):
        sys.exit(EXIT_INVALID)
    sys.exit(EXIT_OK if all(d.complete for d in dossiers) else EXIT_FAIL)


def _write(dossiers, fmt: str, output: str | None, lang: str) -> None:
    from ntm_eval.render import dossier as r

    if fmt == "xlsx":
        write_output(output, True, lambda fh: r.render_xlsx(dossiers, fh, lang), lang)
    elif fmt == "table" and (not output or output == "-"):
        from ntm_eval.commands.common import stdout_console

        write_output(None, False, lambda fh: r.render_tables(dossiers, stdout_console(), lang), lang)
    else:
        write_output(output, False, lambda fh: r.render_text(fmt, dossiers, fh, lang), lang)


# --- check --agencies / batch --by agency ----------------------------------------------------

def print_agency_view(outcomes, assignment, fmt: str, lang: str) -> int:
    """`check … --agencies FILE`: the departments' view of the units checked; their exit code."""
    from ntm_eval.results import exit_code_of
    from ntm_eval.run.dossier import agency_view

    for o in outcomes:
        print_problems(o.problems, lang)
    view = agency_view(outcomes, assignment)
    _write_view(view, assignment, fmt, None, lang)
    return exit_code_of(outcomes)


def batch_by_agency(path: str, catalog, criteria_dirs, set_ref, year, jobs: int, use_attested: bool, fmt: str,
                    output: str | None, agencies_file: str | None, lang: str) -> None:
    """`batch PATH --by agency [--agencies FILE]`: one pass, the departments' view; exits."""
    from ntm_eval.errors import Problem
    from ntm_eval.messages import t
    from ntm_eval.render.agencies import FORMATS as VIEW_FORMATS
    from ntm_eval.run.dossier import run_batch_agencies

    if fmt not in VIEW_FORMATS:
        fail([Problem("agencies.format_unsupported", None,
                      params={"formats": ", ".join(VIEW_FORMATS), "format": fmt})], lang)
    assignment = load_agencies_or_fail(agencies_file, catalog, lang)
    report, view = run_batch_agencies(path, assignment, catalog, criteria_dirs, set_ref, year, jobs, use_attested)
    with report:
        if report.aggregates.total == 0:
            fail([Problem("cli.no_inputs", None, params={"path": path})], lang)
        print_problems(report.notes, lang)
        for row in report.rows:
            print_problems(row.problems, lang)
        check_output(output, [*report.inputs, *([agencies_file] if agencies_file else [])], lang)
        _write_view(view, assignment, fmt, output, lang)
        if output and output != "-":
            click.echo(t("batch.written", lang, path=output), err=True)
        code = report.exit_code
    sys.exit(code)


def _write_view(view, assignment, fmt: str, output: str | None, lang: str) -> None:
    from ntm_eval.render import agencies as r

    if fmt == "table" and (not output or output == "-"):
        from ntm_eval.commands.common import stdout_console

        write_output(None, False, lambda fh: r.render_table(view, assignment, stdout_console(), lang), lang)
    else:
        write_output(output, False, lambda fh: r.render_text(fmt, view, assignment, fh, lang), lang)
