"""`ntm-eval batch PATH`: evaluate a folder of unit files or a CSV/XLSX sheet (one row per unit)
and report the units × criteria matrix with the aggregates officials use."""

from __future__ import annotations

import os
import sys
import time
from itertools import chain

import click

from ntm_eval.commands.common import (resolve_jobs, basis_option, check_output, criteria_dir_option, fail, jobs_option,
                                      lang_option, output_option, problem_lines, set_option, warn_libyaml,
                                      write_output)
from ntm_eval.commands.completion import complete_group

FORMATS = ("table", "json", "csv", "md", "xlsx", "html", "pdf", "docx")
BINARY = ("xlsx", "pdf", "docx")  # written to a file only (-o)
REGIONS = ("tdmnpb", "dbsh", "btb", "dhntb", "tn", "dnb", "dbscl")  # = load/adminunits.REGIONS (kept light here)


@click.command()
@click.argument("path", type=click.Path())
@set_option("Mã bộ tiêu chí hoặc đường dẫn tệp, áp dụng cho các đơn vị cùng cấp với bộ / set id or file, for the units of its level")
@click.option("--year", type=click.IntRange(1990, 2100), metavar="YYYY", help="Năm đánh giá (ưu tiên hơn year trong tệp) / year (overrides year)")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Mặc định theo đuôi tệp --output, nếu không: table / default: from the --output extension, else table")
@output_option
@jobs_option
@click.option("--by", type=click.Choice(["unit", "agency"]), default="unit", show_default=True,
              help="agency: chỉ tiêu chưa đạt/chưa kết luận theo đơn vị phụ trách, số xã / per department")
@click.option("--agencies", "agencies_file", metavar="FILE", type=click.Path(dir_okay=False),
              help="Tệp phân công đơn vị phụ trách (kéo theo --by agency) / department assignment file")
@click.option("--region", type=click.Choice(REGIONS),
              help="Vùng mặc định (2021–2025) cho đơn vị không ghi unit.region; mặc định theo tỉnh / default region")
@click.option("--group", metavar="N", shell_complete=complete_group, help="Nhóm xã mặc định (2026–2030) cho đơn vị không ghi unit.group / default commune group")
@basis_option
@click.option("--no-cache", is_flag=True,
              help="Đánh giá lại mọi tệp, không dùng kết quả đã lưu của lần chạy trước "
                   "/ evaluate every file again, ignoring the result cache")
@lang_option
@criteria_dir_option
def batch(path: str, set_ref: str | None, year: int | None, fmt: str | None, output: str | None, jobs: int | None,
          by: str, agencies_file: str | None, region: str | None, group: str | None, basis: str, no_cache: bool,
          lang: str, criteria_dirs: tuple[str, ...]) -> None:
    """Đánh giá hàng loạt: thư mục tệp YAML hoặc bảng CSV/XLSX (mỗi dòng một đơn vị).
    Mã thoát: 0 tất cả đạt · 1 có đơn vị chưa đạt · 2 có dữ liệu lỗi, lệnh sai.
    /
    Evaluate a folder of YAML files or a CSV/XLSX sheet (one row per unit).
    Exit: 0 all met · 1 some unit not met · 2 bad data or usage."""
    from ntm_eval.errors import InputError, Problem
    from ntm_eval.io.output import format_for
    from ntm_eval.messages import t

    fmt, clash = format_for(output, fmt, "table", FORMATS)
    if clash is not None:
        fail([clash], lang)
    if fmt in BINARY and (not output or output == "-"):
        fail([Problem("batch.xlsx_needs_output" if fmt == "xlsx" else "cli.binary_needs_output", None,
                      params={"format": fmt})], lang)
    defaults = tuple((k, v) for k, v in (("region", region), ("group", group)) if v)
    to_file = bool(output) and output != "-"
    quick, walked = None, []  # the quick table's name, the unit files its check found
    variant = "\0".join((fmt, lang, time.strftime("%Y-%m-%d")))  # = date.today().isoformat()
    if not no_cache and to_file and by == "unit" and not agencies_file:
        # nothing changed since this report was written: written again before the catalog, the
        # YAML loader or the engine are even imported (run/cache.py, quick_report); exits
        quick = _written_quick(path, criteria_dirs, set_ref, year, basis != "computed", defaults, fmt == "html",
                               variant, output, lang, walked)
    warn_libyaml(lang)
    if not os.path.exists(path):
        fail([Problem("batch.not_found", path)], lang)  # a batch reads a folder as well as a file
    check_output(output, [path], lang)
    from ntm_eval.io.files import set_watch, watch_reads

    # the run remembers reading the report's file only, not each of 100,000 files it reads; until
    # the command ends (one process may run several: click's test runner)
    click.get_current_context().call_on_close(lambda: set_watch(None))
    watch_reads([output])
    from ntm_eval.commands.common import open_catalog

    catalog = open_catalog(criteria_dirs)
    if set_ref:
        try:
            catalog.get(set_ref)
        except InputError as exc:
            fail(exc.problems, lang)
    from ntm_eval.run.batch import rendering, run_batch

    if by == "agency" or agencies_file:  # the departments' view (docs/dossier.md); exits
        from ntm_eval.commands.dossier import batch_by_agency

        batch_by_agency(path, catalog, criteria_dirs, set_ref, year, resolve_jobs(jobs, path), basis != "computed", fmt, output,
                        agencies_file, lang)
    cache = None
    if not no_cache:  # the result cache (run/cache.py): unchanged files are not evaluated again
        from ntm_eval.run.cache import open_batch_cache

        cache = open_batch_cache(path, catalog, criteria_dirs, set_ref, year, basis != "computed", defaults,
                                 detail=fmt == "html")
        if cache is not None and to_file:  # nothing changed since this report was written: the same report
            if walked:
                cache.walked = walked  # this run's one walk of the unit files
            _written_before(cache, path, variant, output, lang, quick)
            if fmt == "json":  # a few files changed: only their rows evaluated, the report spliced (run/splice.py)
                _spliced(cache, path, variant, output, lang, quick, catalog,
                         (tuple(criteria_dirs), set_ref, year, basis != "computed", defaults))
    from ntm_eval.render.progress import progress_bar

    with progress_bar("progress.batch", lang) as bar:  # stderr, a terminal only, after ~2 s; erased
        report = run_batch(path, catalog, criteria_dirs, set_ref, year, resolve_jobs(jobs, path),
                           use_attested=basis != "computed",
                           unit_defaults=defaults, progress=bar.callback, cache=cache,
                           detail=fmt == "html",  # only the HTML shows each indicator's figures
                           facts=fmt not in ("json", "csv"),  # what the text reports' outline reads of the rows
                           meanwhile=_renderer_import(fmt))
    with report:
        agg = report.aggregates
        if agg.total == 0:
            fail([Problem("cli.no_inputs", None, params={"path": path})], lang)
        said: list[str] = []  # what the run says on stderr before the report (kept with a cached report)
        if fmt != "table" or to_file:
            said += problem_lines(report.notes, lang)
            for row in report.rows:
                said += problem_lines(row.problems, lang)
        if said:  # one write (10,000 warnings echoed one by one take 0.1 s)
            click.echo("\n".join(said), err=True)
        check_output(output, report.inputs, lang)
        if fmt == "csv":  # the CSV's header is its first line: its caveats go to stderr
            from ntm_eval.render.batch.csvout import caveats

            for line in caveats(report, lang):
                click.echo(line, err=True)
                said.append(line)
        # writing a big report takes a while too: a spinner, unless the report goes to this terminal
        with progress_bar("progress.writing", lang, counted=False,
                          enabled=None if to_file or not sys.stdout.isatty() else False):
            with rendering(fmt in _ACYCLIC):
                _write(report, fmt, output, lang)
        if to_file:
            click.echo(t("batch.written", lang, path=output), err=True)
        if agg.broken and (fmt != "table" or to_file):
            click.echo(t("batch.unit_errors", lang, n=agg.broken), err=True)
        code = report.exit_code
        if cache is not None and to_file:
            digest = cache.digest_now(variant)
            if digest is not None:
                from ntm_eval.io.yamlload import USING_LIBYAML

                cache.keep_report(digest, variant, output, {"lines": said, "broken": agg.broken, "code": code,
                                                            "libyaml": USING_LIBYAML}, quick)
                if fmt == "json":  # its pieces, for a re-run after a few files changed
                    from ntm_eval.run.splice import keep

                    keep(cache, report, variant, said, output, _json_pieces(lang))
    sys.exit(code)


def _written_quick(path: str, criteria_dirs: tuple[str, ...], set_ref: str | None, year: int | None,
                   use_attested: bool, defaults: tuple[tuple[str, str], ...], detail: bool, variant: str,
                   output: str, lang: str, walked: list[str]) -> str:
    """When nothing a kept report stands on changed (by the quick table: one walk, one stat per
    file), write that report again and say what that run said; exits. Else returns the name of
    the quick table, for the long way to renew."""
    from ntm_eval.io.output import output_problem
    from ntm_eval.run.cache import quick_name, quick_report

    name = quick_name(path, criteria_dirs, set_ref, year, use_attested, defaults, detail, variant)
    kept = quick_report(name, path, output, walked)
    if kept is None or output_problem(output, [path]) is not None:  # the long way says what is wrong
        return name
    if not kept.libyaml:
        warn_libyaml(lang)
    _replay(kept.report, kept.said, kept.broken, kept.code, output, lang)


def _spliced(cache, path: str, variant: str, output: str, lang: str, quick: str | None, catalog, options: tuple) -> None:
    """When the kept JSON report's pieces are there and only a few of its files changed: those
    rows evaluated again, the report rebuilt from the pieces, said and written as the long way
    would; exits. Else returns."""
    from ntm_eval.io.yamlload import USING_LIBYAML
    from ntm_eval.messages import t
    from ntm_eval.run.batch import BatchContext
    from ntm_eval.run.splice import rebuild

    spliced = rebuild(cache, path, variant, BatchContext(*options, detail=False), catalog, _json_pieces(lang))
    if spliced is None:
        return
    if spliced.said:
        click.echo("\n".join(spliced.said), err=True)
    check_output(output, chain([path], spliced.inputs), lang)
    write_output(output, False, lambda fh: fh.writelines(spliced.parts), lang)
    click.echo(t("batch.written", lang, path=output), err=True)
    if spliced.broken:
        click.echo(t("batch.unit_errors", lang, n=spliced.broken), err=True)
    digest = cache.digest_now(variant)
    if digest is not None:
        cache.keep_report(digest, variant, output, {"lines": spliced.said, "broken": spliced.broken,
                                                    "code": spliced.code, "libyaml": USING_LIBYAML}, quick)
    sys.exit(spliced.code)


def _json_pieces(lang: str):
    """The JSON report's pieces (render/batch/jsonsplice.py) with this command's stderr lines."""
    from ntm_eval.render.batch.jsonsplice import JsonPieces

    return JsonPieces(lang, lambda problems: problem_lines(problems, lang))


def _written_before(cache, path: str, variant: str, output: str, lang: str, quick: str | None) -> None:
    """When every unit file is unchanged since a report of this format was written from them,
    write that report again and say what that run said; exits. Else returns."""
    digest = cache.unchanged(path, variant)
    kept = cache.report(digest, variant) if digest is not None else None
    if kept is None:
        return
    copy, said = kept
    check_output(output, chain([path], cache.dependencies()), lang)  # no list of 100,000 paths
    if quick:  # every stamp checked or renewed: the next re-run takes the quick way
        cache.refresh_quick(quick, variant, said)
    _replay(copy, "\n".join(said["lines"]), said["broken"], said["code"], output, lang)


def _replay(copy: str, said: str, broken: int, code: int, output: str, lang: str) -> None:
    """Say what the kept run said (one write), write its report again, exit with its code."""
    import shutil

    from ntm_eval.messages import t

    if said:
        click.echo(said, err=True)

    def write(fh) -> None:
        with open(copy, "rb") as src:
            shutil.copyfileobj(src, fh, 1 << 20)

    write_output(output, True, write, lang)
    click.echo(t("batch.written", lang, path=output), err=True)
    if broken:
        click.echo(t("batch.unit_errors", lang, n=broken), err=True)
    sys.exit(code)


# a format's renderer, imported while the workers evaluate: some import a large library (fpdf2
# ~0.4 s, openpyxl, python-docx, rich for the table), the others take 20-30 ms of modules
_RENDERERS = {"pdf": "ntm_eval.render.batch.pdf", "xlsx": "ntm_eval.render.batch.xlsx",
              "docx": "ntm_eval.render.batch.docx", "html": "ntm_eval.render.batch.html",
              "md": "ntm_eval.render.batch.md", "table": "ntm_eval.render.batch.table"}


# the formats whose rendering leaves no cyclic garbage (measured: 0 objects found after writing
# 10,000 communes; fpdf2, openpyxl and python-docx leave their documents' cycles)
_ACYCLIC = frozenset({"json", "csv", "md", "html", "table"})


def _renderer_import(fmt: str):
    """The import of the format's renderer, for the batch to do while its workers evaluate
    (run/batch.collect `meanwhile`); None for json and csv (theirs are loaded already). A
    renderer that fails to import fails again, and is reported, where it is used."""
    name = _RENDERERS.get(fmt)
    if name is None:
        return None

    def load() -> None:
        import importlib

        try:
            importlib.import_module(name)
        except Exception:
            pass

    return load


def _write(report, fmt: str, output: str | None, lang: str) -> None:
    from ntm_eval.render.batch import render_text, render_xlsx

    if fmt == "xlsx":
        write_output(output, True, lambda fh: render_xlsx(report, fh, lang), lang)
    elif fmt == "pdf":  # A4 landscape, the font embedded, signature block
        from ntm_eval.render.batch.pdf import render as render_pdf

        write_output(output, True, lambda fh: render_pdf(report, fh, lang), lang)
    elif fmt == "docx":  # an editable Word report, the same sections
        from ntm_eval.render.batch.docx import render as render_docx

        write_output(output, True, lambda fh: render_docx(report, fh, lang), lang)
    elif fmt == "table" and (not output or output == "-"):
        from ntm_eval.commands.common import stdout_console
        from ntm_eval.render.batch.table import render_to

        write_output(None, False, lambda fh: render_to(report, stdout_console(), lang), lang)
    else:
        write_output(output, False, lambda fh: render_text(fmt, report, fh, lang), lang)
