"""`ntm-eval sets | show | template | schema`: look at criteria sets and their file formats."""

from __future__ import annotations

import os
import sys

import click

from ntm_eval.commands.common import check_output, criteria_dir_option, fail, lang_option, output_option
from ntm_eval.commands.common import print_problems, write_output
from ntm_eval.commands.completion import complete_group, complete_region, complete_set
from ntm_eval.errors import Problem
from ntm_eval.vocab import EXIT_INVALID, EXIT_OK


def _catalog(criteria_dirs: tuple[str, ...]):
    from ntm_eval.commands.common import open_catalog

    return open_catalog(criteria_dirs)


def _load(catalog, ref: str, lang: str):
    from ntm_eval.errors import InputError

    try:
        return catalog.get(ref)
    except InputError as exc:
        fail(exc.problems, lang)


def _klass(cset, region: str | None, group: str | None, lang: str) -> str | None:
    """The class asked for with --region / --group, checked against the set (exit 2 if wrong)."""
    from ntm_eval.load.unit import match_class
    from ntm_eval.errors import Problem, suggest

    if region is not None and group is not None:
        fail([Problem("catalog.region_and_group", None)], lang)
    given, value = ("region", region) if region is not None else ("group", group)
    if value is None:
        return None
    cl = cset.classification
    if cl is None:
        fail([Problem("catalog.no_classification", None, params={"set_id": cset.id, "given": given})], lang)
    if cl.key != given:
        fail([Problem("catalog.bad_class_option", None,
                      params={"set_id": cset.id, "key_name": cl.key, "given": given})], lang)
    code = match_class(value, cl.values)
    if code is None:
        fail([Problem("catalog.bad_class", None,
                      params={"set_id": cset.id, "key_name": cl.key, "value": value,
                              "choices": ", ".join(cl.values), "hint": suggest(value, cl.values)})], lang)
    return code


def _origin(path: str, catalog) -> str:
    from pathlib import Path

    from ntm_eval.load.catalog import builtin_dir

    real = Path(path).resolve()
    if builtin_dir().resolve() in real.parents:
        return "builtin"
    for d in catalog.dirs:
        if d.resolve() in real.parents:
            return str(d)
    return path


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table: bảng · json / table or json")
@lang_option
@criteria_dir_option
def sets(fmt: str, lang: str, criteria_dirs: tuple[str, ...]) -> None:
    """Liệt kê bộ tiêu chí có sẵn và của người dùng (--criteria-dir, NTM_EVAL_CRITERIA_PATH).

    Cột "có ngưỡng": số chỉ tiêu có ngưỡng cho năm cuối của `years` (ít nhất một vùng/nhóm).
    /
    List the installed and the user's criteria sets (--criteria-dir, NTM_EVAL_CRITERIA_PATH).

    Column "thresholds": indicators with a threshold for the last of `years` (at least one region/group).
    """
    from ntm_eval.run.describe import set_row
    from ntm_eval.errors import InputError

    catalog = _catalog(criteria_dirs)
    rows, problems = [], []
    for sid, path in sorted(catalog.index().items()):
        try:
            cset = catalog.get(sid)
            rows.append(set_row(cset, catalog.get, _origin(str(path), catalog)))
        except InputError as exc:
            problems.extend(exc.problems)
            rows.append({"id": sid, "path": str(path), "status": "error"})
    good = [r for r in rows if r.get("status") != "error"]
    if fmt == "json":
        from ntm_eval.render.jsonout import dumps

        click.echo(dumps(rows))
    else:
        from ntm_eval.render.catalog import render_sets

        render_sets(good, sys.stdout, lang)
    if problems:
        from ntm_eval.messages import t

        print_problems(problems, lang)
        click.echo(t("catalog.invalid_sets", lang, count=len(rows) - len(good)), err=True)
        sys.exit(EXIT_INVALID)
    sys.exit(EXIT_OK)


@click.command()
@click.argument("set_ref", metavar="SET", shell_complete=complete_set)
@click.option("--region", shell_complete=complete_region, help="Vùng (bộ 2021–2025), ví dụ tdmnpb / region code")
@click.option("--group", metavar="N", shell_complete=complete_group, help="Nhóm xã (bộ 2026–2030), ví dụ 2 / commune group")
@click.option("--year", type=click.IntRange(1990, 2100), metavar="YYYY",
              help="Năm (ngày 31/12); mặc định năm bộ có hiệu lực / year (31 December); default: the set's year in force")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table: bảng · json / table or json")
@lang_option
@criteria_dir_option
def show(set_ref: str, region: str | None, group: str | None, year: int | None, fmt: str, lang: str,
         criteria_dirs: tuple[str, ...]) -> None:
    """Xem một bộ tiêu chí với ngưỡng đã áp dụng cho năm và vùng/nhóm.
    /
    Show a criteria set with its thresholds resolved for a year and a region/group."""
    from ntm_eval.run.describe import describe_set

    catalog = _catalog(criteria_dirs)
    cset = _load(catalog, set_ref, lang)
    klass = _klass(cset, region, group, lang)
    d = describe_set(cset, year or cset.default_year(), klass, catalog.get)
    if fmt == "json":
        from ntm_eval.render.jsonout import dumps

        click.echo(dumps(d))
    else:
        from ntm_eval.render.catalog import render_show

        render_show(d, sys.stdout, lang)


@click.command()
@click.argument("set_ref", metavar="SET", shell_complete=complete_set)
@click.option("--region", shell_complete=complete_region, help="Vùng của đơn vị / the unit's region")
@click.option("--group", metavar="N", shell_complete=complete_group, help="Nhóm xã của đơn vị / the unit's commune group")
@click.option("--year", type=click.IntRange(1990, 2100), metavar="YYYY",
              help="Năm đánh giá; mặc định năm bộ có hiệu lực / year; default: the set's year in force")
@click.option("--format", "fmt", type=click.Choice(["yaml", "xlsx"]), default=None,
              help="yaml: tệp dữ liệu một đơn vị; xlsx: bảng Excel để nhập liệu (cần -o); mặc định theo đuôi tệp -o "
                   "(.xlsx), không thì yaml / yaml: a one-unit data file; xlsx: an Excel data-entry workbook (needs -o); "
                   "default: from the -o suffix (.xlsx), else yaml")
@click.option("--members", metavar="FILE_OR_FOLDER", type=click.Path(),
              help="Các đơn vị (mỗi đơn vị một dòng): tệp danh sách tên, thư mục tệp YAML, hoặc tệp huyện có "
                   "“members:” / units to prefill, one row each: a list file (one name per line), a folder of "
                   "unit YAML files, or a district file with “members:”")
@click.option("--units", metavar="NAMES", help="Tên các đơn vị, cách nhau bởi dấu phẩy: \"Xã A,Xã B\" / unit names, comma separated")
@output_option
@lang_option
@criteria_dir_option
def template(set_ref: str, region: str | None, group: str | None, year: int | None, fmt: str,
             members: str | None, units: str | None, output: str | None, lang: str,
             criteria_dirs: tuple[str, ...]) -> None:
    """In mẫu tệp dữ liệu (YAML) cho một bộ tiêu chí: mọi chỉ tiêu, giá trị null; hoặc (--format xlsx)
    ghi bảng Excel để nhập liệu, mỗi đơn vị một dòng, đọc lại bằng `ntm-eval batch TỆP.xlsx`.
    /
    Print a data-file scaffold (YAML) for a set: every indicator, null values; or (--format xlsx)
    write an Excel data-entry workbook, one row per unit, read back by `ntm-eval batch FILE.xlsx`."""
    from ntm_eval.run.describe import describe_set

    if fmt is None:  # `-o mau.xlsx` says it
        fmt = "xlsx" if output and output.lower().endswith(".xlsx") else "yaml"
    if fmt == "xlsx" and (not output or output == "-"):
        fail([Problem("template.bad_format_output", None)], lang)
    if fmt == "yaml" and (members or units):
        fail([Problem("template.members_yaml_only", None)], lang)
    if members and units:
        fail([Problem("template.members_and_units", None)], lang)
    catalog = _catalog(criteria_dirs)
    cset = _load(catalog, set_ref, lang)
    klass = _klass(cset, region, group, lang)
    check_output(output, [members] if members and not os.path.isdir(members) else [], lang)
    if fmt == "yaml":
        from ntm_eval.render.catalog import template_text

        from ntm_eval.render.template_xlsx import with_unit_lines
        from ntm_eval.run.template import unit_fields

        d = describe_set(cset, year or cset.default_year(), klass, catalog.get)
        text = with_unit_lines(template_text(d, klass, lang, cset.categories), unit_fields(d), lang)
        write_output(output, False, lambda fh: fh.write(text), lang)
        return
    rows, their_year = _template_units(members, units, cset, lang)
    if year is None and their_year is not None and (not cset.years or their_year in cset.years):
        year = their_year  # the member files' own year, when they agree
    d = describe_set(cset, year or cset.default_year(), klass, catalog.get)
    _write_template(d, rows, output, klass, cset.categories, lang)


def _template_units(members: str | None, units: str | None, cset, lang: str) -> tuple[list, int | None]:
    """The units the workbook is prefilled with and the year their files agree on; a note on
    stderr for units of another level."""
    from ntm_eval.errors import InputError
    from ntm_eval.run.template import read_members, units_option
    from ntm_eval.vocab import level_label

    if units:
        return units_option(units), None
    if not members:
        return [], None
    try:
        got = read_members(members, cset.level)
    except InputError as exc:
        fail(exc.problems, lang)
    if got.skipped:
        from ntm_eval.messages import t

        names = ", ".join(u.name for u in got.skipped[:5]) + (", …" if len(got.skipped) > 5 else "")
        click.echo(t("template.members_other_level", lang, count=len(got.skipped), set_id=cset.id, names=names,
                     level=level_label(cset.level, lang)), err=True)
    return list(got.units), got.year


def _write_template(d: dict, rows: list, output: str, klass: str | None, categories, lang: str) -> None:
    from ntm_eval.messages import t
    from ntm_eval.render.template_xlsx import columns, write_template
    from ntm_eval.run.template import unit_fields

    fields = unit_fields(d)  # "Mã đơn vị", and "Hợp nhất từ" for a 51/2025 commune set
    check_output(output, [], lang)  # every file read so far (members, criteria files) is safe
    write_output(output, True, lambda fh: write_template(d, rows, fh, lang, klass, categories,
                                                        os.path.basename(output), fields), lang)
    cols = columns(d, lang, categories, fields)
    click.echo(t("template.wrote", lang, path=output, rows=max(len(rows), 1),
                 indicators=sum(1 for c in cols if c.title and c.kind != "verdict"),
                 criteria=sum(1 for c in cols if c.kind == "verdict")), err=True)


@click.command()
@click.argument("which", type=click.Choice(["criteria", "data"]), default="criteria", required=False)
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", hidden=True)
def schema(which: str, lang: str) -> None:
    """In JSON Schema (draft 2020-12) cho tệp bộ tiêu chí (criteria) hoặc tệp dữ liệu (data).
    /
    Print the JSON Schema (draft 2020-12) of criteria files (criteria) or data files (data)."""
    from ntm_eval.render.jsonout import dumps
    from ntm_eval.load.schema import json_schema

    click.echo(dumps(json_schema(which)))
