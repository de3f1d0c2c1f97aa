"""`ntm-eval check FILE...`: evaluate unit data files against their criteria set."""

from __future__ import annotations

import sys

import click

from ntm_eval.commands.common import (basis_option, check_output, criteria_dir_option, fail, lang_option,
                                      output_option, print_problems, set_option, warn_libyaml, write_output)

FORMATS = ("table", "json", "pdf", "docx")
BINARY = ("pdf", "docx")  # written to a file only (-o)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@set_option("Mã bộ tiêu chí hoặc đường dẫn tệp (ưu tiên hơn criteria_set trong tệp) / set id or file (overrides criteria_set)")
@click.option("--year", type=click.IntRange(1990, 2100), metavar="YYYY", help="Năm đánh giá (ưu tiên hơn year trong tệp) / year (overrides year)")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Mặc định theo đuôi tệp --output, nếu không: table / default: from the --output extension, else table")
@output_option
@click.option("--brief", is_flag=True,
              help="Chỉ hiện tiêu chí, chỉ tiêu chưa đạt hoặc mâu thuẫn và một dòng tóm tắt "
                   "/ only what is not met or in conflict, and a one-line summary")
@click.option("--by", type=click.Choice(["unit", "agency"]), default="unit", show_default=True,
              help="agency: chỉ tiêu chưa đạt/chưa kết luận theo đơn vị phụ trách / per department")
@click.option("--agencies", "agencies_file", metavar="FILE", type=click.Path(dir_okay=False),
              help="Tệp phân công đơn vị phụ trách (kéo theo --by agency) / department assignment file")
@basis_option
@lang_option
@criteria_dir_option
def check(files: tuple[str, ...], set_ref: str | None, year: int | None, fmt: str | None, output: str | None,
          brief: bool, by: str, agencies_file: str | None, basis: str, lang: str,
          criteria_dirs: tuple[str, ...]) -> None:
    """Đánh giá tệp dữ liệu đơn vị. Mã thoát: 0 tất cả đạt · 1 chưa đạt hết · 2 dữ liệu/lệnh sai.
    /
    Evaluate unit data files. Exit: 0 all met · 1 not all met · 2 bad data or usage."""
    from ntm_eval.commands.common import open_catalog
    from ntm_eval.entry import imports_done
    from ntm_eval.results import exit_code_of
    from ntm_eval.run.check import check_files

    imports_done()

    warn_libyaml(lang)
    fmt = _format(fmt, output, files, by == "agency" or bool(agencies_file), lang)
    catalog = open_catalog(criteria_dirs)
    if by == "agency" or agencies_file:  # the departments' view (docs/dossier.md)
        from ntm_eval.commands.dossier import load_agencies_or_fail, print_agency_view

        assignment = load_agencies_or_fail(agencies_file, catalog, lang)
        outcomes = check_files(files, catalog, set_ref, year, basis != "computed")
        sys.exit(print_agency_view(outcomes, assignment, fmt, lang))
    outcomes = check_files(files, catalog, set_ref, year, basis != "computed")
    if output and output != "-" or fmt in BINARY:
        _to_file(outcomes, fmt, output, brief, lang)
    else:
        from ntm_eval.fastcheck import show

        show(outcomes, fmt, lang, brief, print_problems)
    sys.exit(exit_code_of(outcomes))


def _format(fmt: str | None, output: str | None, files: tuple[str, ...], agency: bool, lang: str) -> str:
    """The report format (`--format`, else the `-o` file's extension, else table), refused when a
    binary format would go to the screen or the output would replace an input."""
    from ntm_eval.errors import Problem

    if output is None:  # what format_for gives without a file (and io/output.py not imported: tempfile)
        fmt = fmt or "table"
    else:
        from ntm_eval.io.output import format_for

        fmt, clash = format_for(output, fmt, "table", FORMATS)
        if clash is not None:
            fail([clash], lang)
    if fmt in BINARY and (not output or output == "-"):
        fail([Problem("cli.binary_needs_output", None, params={"format": fmt})], lang)
    if agency and (fmt in BINARY or output):
        fail([Problem("check.agency_output", None)], lang)
    check_output(output, files, lang)
    return fmt


def _to_file(outcomes, fmt: str, output: str | None, brief: bool, lang: str) -> None:
    """`-o FILE`: the report written atomically (never over a file the run read); pdf and docx
    lay out every unit from a new page, with the signature block."""
    from ntm_eval.messages import t

    for o in outcomes:
        print_problems(o.problems, lang)
    check_output(output, [o.path for o in outcomes], lang)  # and every file the run read
    if fmt == "pdf":
        from ntm_eval.render.pdf import render_units

        write_output(output, True, lambda fh: render_units(outcomes, fh, lang, brief=brief), lang)
    elif fmt == "docx":
        from ntm_eval.render.docx import render_units as render_docx

        write_output(output, True, lambda fh: render_docx(outcomes, fh, lang, brief=brief), lang)
    elif fmt == "json":
        from ntm_eval.render.jsonout import dumps, error_entry

        items = [o.result.to_dict() if o.result else error_entry(o.path, o.problems, lang) for o in outcomes]
        write_output(output, False, lambda fh: fh.write(dumps(items[0] if len(items) == 1 else items) + "\n"), lang)
    else:
        from ntm_eval.render.table import render_unit, writer

        def table(fh) -> None:
            con = writer(fh)  # a file: render/plain.py, the same bytes as rich's
            for n, o in enumerate(r for r in outcomes if r.result is not None):
                if n:
                    con.print()
                render_unit(o.result, con, lang, brief=brief)

        write_output(output, False, table, lang)
    if output and output != "-":
        click.echo(t("batch.written", lang, path=output), err=True)
