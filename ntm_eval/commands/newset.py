"""`ntm-eval new-set`: scaffold a provincial set that extends a national one (YAML or an XLSX
workbook to fill in Excel), and read a filled workbook back into the YAML set (`--from-xlsx`)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from ntm_eval.commands.common import (check_output, criteria_dir_option, fail, lang_option, output_option_with,
                                      write_output)
from ntm_eval.commands.completion import complete_group, complete_region, complete_set
from ntm_eval.vocab import EXIT_OK


def _years(given: str | None, extra: list[str], lang: str) -> list[int]:
    """`--years 2024 2025` (the second year arrives as an argument), `2024,2025` or `2024-2025`."""
    from ntm_eval.errors import Problem

    if given is None:
        return []
    text = " ".join([given, *extra])
    years: list[int] = []
    for tok in re.split(r"[,;\s]+", text.strip()):
        m = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", tok)
        if not m:
            fail([Problem("newset.bad_years", None, params={"value": tok})], lang)
        lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
        if hi < lo or hi - lo > 20:
            fail([Problem("newset.bad_years", None, params={"value": tok})], lang)
        years.extend(range(lo, hi + 1))
    return years


def _kind(output: str | None, lang: str) -> str:
    from ntm_eval.errors import Problem

    if not output or output == "-":
        return "yaml"
    suffix = Path(output).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix == ".xlsx":
        return "xlsx"
    fail([Problem("newset.bad_output", None, params={"path": output})], lang)


def _check_yaml(text: str, path: str, catalog, lang: str) -> None:
    """The YAML about to be written parses with the project's own parser (never write a file
    that `validate` would refuse)."""
    from ntm_eval.errors import InputError
    from ntm_eval.io.yamlload import load_text
    from ntm_eval.load.criteria import parse_criteria_doc

    try:
        parse_criteria_doc(load_text(text, path), catalog.get)
    except InputError as exc:  # a bug of the writer, reported as located problems of the text
        fail(exc.problems, lang)


def _where_hint(output: str | None, set_id: str, lang: str) -> None:
    from ntm_eval.messages import t

    if not output or output == "-":
        return
    real = Path(output).resolve()
    parts = set_id.split("/")
    if real.suffix == ".yaml" and real.parts[-len(parts):-1] == tuple(parts[:-1]) and real.stem == parts[-1]:
        return
    click.echo(t("newset.where_hint", lang, set_id=set_id), err=True)


@click.command("new-set")
@click.argument("args", nargs=-1, metavar="PARENT", shell_complete=complete_set)
@click.option("--id", "new_id", metavar="ID", help="Mã bộ của tỉnh, ví dụ lai-chau/2024/xa-ntm / the new set's id")
@click.option("--region", shell_complete=complete_region, help="Vùng (bộ 2021–2025), ví dụ tdmnpb / region code")
@click.option("--group", metavar="N", shell_complete=complete_group, help="Nhóm xã (bộ 2026–2030) / commune group")
@click.option("--years", metavar="YEARS", help="Các năm cần điền: 2024 2025, 2024,2025 hoặc 2024-2025 "
              "(mặc định: mọi năm của bộ cha) / years to fill")
@click.option("--add", "add", multiple=True, metavar="ID",
              help="Thêm chỉ tiêu đã có ngưỡng quốc gia mà tỉnh siết (lặp lại được) / an indicator the province tightens")
@click.option("--title", help="Tên bộ tiêu chí của tỉnh / the set's title")
@click.option("--from-xlsx", "from_xlsx", type=click.Path(dir_okay=False), metavar="FILLED.xlsx",
              help="Đọc bảng Excel đã điền, ghi bộ YAML / read a filled workbook back into YAML")
@output_option_with("Tệp ghi ra: .yaml (bộ tiêu chí) hoặc .xlsx (bảng để điền); mặc định YAML ra màn hình "
                    "/ .yaml (the set) or .xlsx (the sheet to fill); default: YAML on stdout")
@lang_option
@criteria_dir_option
def new_set(args: tuple[str, ...], new_id: str | None, region: str | None, group: str | None, years: str | None,
            add: tuple[str, ...], title: str | None, from_xlsx: str | None, output: str | None, lang: str,
            criteria_dirs: tuple[str, ...]) -> None:
    """Tạo bộ tiêu chí của tỉnh kế thừa (extends) một bộ quốc gia.

    \b
    1. Khung:  ntm-eval new-set vn/2021-2025/xa-ntm --id lai-chau/2024/xa-ntm \\
                 --region tdmnpb --years 2024 2025 -o bang-nguong.xlsx   (hoặc -o bo.yaml)
    2. Điền bảng trong Excel (trang “Ngưỡng”; trang “Hướng dẫn”).
    3. Đọc lại: ntm-eval new-set --from-xlsx bang-nguong.xlsx -o criteria/lai-chau/2024/xa-ntm.yaml
    4. Kiểm tra: ntm-eval validate criteria/

    Mỗi chỉ tiêu mà bộ cha chưa có ngưỡng cho vùng và các năm đó được liệt kê, giá trị `unknown`
    (khung hợp lệ ngay khi chưa điền). Mã thoát: 0 đã ghi · 2 lệnh hoặc bảng sai (không ghi gì).
    /
    Scaffold a provincial set that extends a national one: a YAML skeleton or an Excel sheet to
    fill (-o FILE.xlsx), read back with --from-xlsx. Every indicator the parent has no threshold
    for is listed as `unknown`. Exit: 0 written · 2 bad command or sheet (nothing written).
    """
    from ntm_eval.commands.catalog import _catalog
    from ntm_eval.errors import Problem

    catalog = _catalog(criteria_dirs)
    kind = _kind(output, lang)
    if from_xlsx is not None:
        if args or new_id or region or group or years or add or title:
            fail([Problem("newset.from_xlsx_alone", None)], lang)
        if kind != "yaml":
            fail([Problem("newset.from_xlsx_yaml", None, params={"path": output})], lang)
        _read_back(from_xlsx, output, catalog, lang)
    _scaffold(args, new_id, region, group, years, list(add), title, output, kind, catalog, lang)


def _read_back(from_xlsx: str, output: str | None, catalog, lang: str) -> None:
    """`--from-xlsx`: the filled workbook → the YAML set, or every problem of its cells."""
    from ntm_eval.errors import InputError
    from ntm_eval.messages import t
    from ntm_eval.render import newset as render
    from ntm_eval.run import newset as run

    check_output(output, [from_xlsx], lang)
    try:
        sheet, plan, parent = run.open_workbook(from_xlsx, catalog.get)
    except InputError as exc:
        fail(exc.problems, lang)
    problems = run.fill_plan(plan, parent, catalog.get, sheet)
    if problems:
        from ntm_eval.commands.common import print_problems

        print_problems(problems, lang)
        click.echo(t("newset.not_written", lang, count=len(problems)), err=True)
        sys.exit(2)
    text = render.yaml_text(plan, lang)
    _check_yaml(text, output or "<stdout>", catalog, lang)
    check_output(output, [from_xlsx], lang)
    write_output(output, False, lambda fh: fh.write(text), lang)
    filled, open_cells = run.filled_counts(plan)
    click.echo(t("newset.read_back", lang, filled=filled, open=open_cells, set_id=plan.id), err=True)
    _where_hint(output, plan.id, lang)
    sys.exit(EXIT_OK)


def _scaffold(args: tuple[str, ...], new_id: str | None, region: str | None, group: str | None,
              years: str | None, add: list[str], title: str | None, output: str | None, kind: str, catalog,
              lang: str) -> None:
    """The scaffold of a provincial set extending PARENT, as YAML or as a workbook to fill."""
    from ntm_eval.commands.catalog import _klass, _load
    from ntm_eval.errors import InputError, Problem
    from ntm_eval.messages import t
    from ntm_eval.render import newset as render
    from ntm_eval.run import newset as run

    if not args:
        fail([Problem("newset.need_parent", None)], lang)
    parent_ref, extra = args[0], list(args[1:])
    if extra and (years is None or not all(re.fullmatch(r"\d{4}(-\d{4})?", x) for x in extra)):
        fail([Problem("newset.extra_args", None, params={"args": " ".join(extra)})], lang)
    if not new_id:
        fail([Problem("newset.need_id", None)], lang)
    parent = _load(catalog, parent_ref, lang)
    klass = _klass(parent, region, group, lang)
    try:
        plan = run.plan_set(parent, catalog.get, new_id, klass, _years(years, extra, lang), add, title)
    except InputError as exc:
        fail(exc.problems, lang)
    check_output(output, [], lang)
    if kind == "xlsx":
        write_output(output, True, lambda fh: render.write_xlsx(plan, fh), lang)
    else:
        text = render.yaml_text(plan, lang)
        _check_yaml(text, output or "<stdout>", catalog, lang)
        write_output(output, False, lambda fh: fh.write(text), lang)
    click.echo(t("newset.written", lang, count=len(plan.entries), years=", ".join(map(str, plan.years)),
                 set_id=parent.id, path=output if output and output != "-" else t("newset.stdout", lang)), err=True)
    if kind == "yaml":
        _where_hint(output, plan.id, lang)
    sys.exit(EXIT_OK)
