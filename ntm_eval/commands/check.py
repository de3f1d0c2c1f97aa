"""`ntm-eval check FILE...`: evaluate unit data files against their criteria set."""

from __future__ import annotations

import sys

import click

from ntm_eval.commands.common import basis_option, criteria_dir_option, lang_option, print_problems, warn_libyaml


@click.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--set", "set_ref", help="Mã bộ tiêu chí hoặc đường dẫn tệp (ưu tiên hơn criteria_set trong tệp)")
@click.option("--year", type=click.IntRange(1990, 2100), help="Năm đánh giá (ưu tiên hơn year trong tệp)")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--brief", is_flag=True, help="Chỉ hiện chỉ tiêu chưa đạt / only non-passing indicators")
@click.option("--by", type=click.Choice(["unit", "agency"]), default="unit", show_default=True,
              help="agency: chỉ tiêu chưa đạt/chưa kết luận theo đơn vị phụ trách / per department")
@click.option("--agencies", "agencies_file", metavar="FILE",
              help="Tệp phân công đơn vị phụ trách (kéo theo --by agency) / department assignment file")
@basis_option
@lang_option
@criteria_dir_option
def check(files: tuple[str, ...], set_ref: str | None, year: int | None, fmt: str, brief: bool, by: str,
          agencies_file: str | None, basis: str, lang: str, criteria_dirs: tuple[str, ...]) -> None:
    """Đánh giá tệp dữ liệu đơn vị. Exit: 0 tất cả đạt · 1 chưa đạt hết · 2 dữ liệu/lệnh sai."""
    from ntm_eval.load.catalog import Catalog
    from ntm_eval.results import exit_code_of
    from ntm_eval.run.check import check_file

    warn_libyaml(lang)
    catalog = Catalog(criteria_dirs)
    if by == "agency" or agencies_file:  # the departments' view (docs/dossier.md)
        from ntm_eval.commands.dossier import load_agencies_or_fail, print_agency_view

        assignment = load_agencies_or_fail(agencies_file, catalog, lang)
        outcomes = [check_file(path, catalog, set_ref, year, basis != "computed") for path in files]
        sys.exit(print_agency_view(outcomes, assignment, fmt, lang))
    outcomes = [check_file(path, catalog, set_ref, year, basis != "computed") for path in files]
    if fmt == "json":
        from ntm_eval.render.jsonout import dumps, error_entry

        items = [o.result.to_dict() if o.result else error_entry(o.path, o.problems, lang) for o in outcomes]
        for o in outcomes:
            if o.problems:
                print_problems(o.problems, lang)
        sys.stdout.write(dumps(items[0] if len(items) == 1 else items) + "\n")
    else:
        from ntm_eval.commands.common import stdout_console
        from ntm_eval.render.table import render_unit

        con = stdout_console()
        for n, o in enumerate(outcomes):
            if n:
                con.print()
            if o.problems:
                print_problems(o.problems, lang)
            if o.result is not None:
                render_unit(o.result, con, lang, brief=brief)
    sys.exit(exit_code_of(outcomes))
