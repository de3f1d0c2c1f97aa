"""`check`'s table written to a file or a pipe goes through render/plain.py (no rich console):
it must print exactly what rich prints — every example file, vi and en, full and --brief, at
widths from a narrow terminal's to a wide pipe's; hostile names (long words, wide characters,
tabs, control codes, markup, emoji codes); and the command line itself (fast path and click)."""

from __future__ import annotations

import copy
import io
import os
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from ntm_eval.render.plain import PlainConsole, plain_console
from ntm_eval.render.table import render_unit

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples").rglob("*.yaml"))
WIDTHS = (160, 200, 120, 119, 80, 40)


@lru_cache(maxsize=1)
def _results() -> list:
    from ntm_eval.load.catalog import Catalog
    from ntm_eval.run.check import check_files
    from ntm_eval.run.compiled import load_set

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        outs = check_files(tuple(EXAMPLES), Catalog((), loader=load_set), None, None, True)
    finally:
        os.chdir(cwd)
    return [o.result for o in outs if o.result is not None]


def _both(res, lang: str, brief: bool, width: int) -> tuple[str, str]:
    a, b = io.StringIO(), io.StringIO()
    render_unit(res, Console(file=a, highlight=False, soft_wrap=False, width=width), lang, brief)
    render_unit(res, PlainConsole(b, width), lang, brief)
    return a.getvalue(), b.getvalue()


def test_every_example_same_bytes_as_rich():
    results = _results()
    assert len(results) >= 30
    for res in results:
        for lang in ("vi", "en"):
            for brief in (False, True):
                for width in WIDTHS:
                    rich_out, plain_out = _both(res, lang, brief, width)
                    assert plain_out == rich_out, (res.file, lang, brief, width)


PIECES = [*"ab xyz\t\r\x07:[]/", "ạ", "Ệ", "漢", "字", "e\u0301", "\u200d", "\ufe0f", "😀", ":smile:", "[bold]",
          "\n", "  ", "w" * 40]
HOSTILE = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(HOSTILE, min_size=4, max_size=4), width=st.sampled_from(WIDTHS), lang=st.sampled_from(["vi", "en"]),
       brief=st.booleans())
def test_hostile_names_same_bytes_as_rich(names, width, lang, brief):
    res = copy.deepcopy(_results()[0])
    res.unit["name"] = names[0]
    res.set_title = names[1]
    crit = res.criteria[0]
    crit.title = names[2]
    for ind in crit.indicators:
        ind.title = names[3]
        ind.source_short = names[0] + names[3]
    rich_out, plain_out = _both(res, lang, brief, width)
    assert plain_out == rich_out


def test_plain_only_where_rich_writes_no_colour(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    for var in ("FORCE_COLOR", "TTY_COMPATIBLE", "COLUMNS"):
        monkeypatch.delenv(var, raising=False)
    with open(tmp_path / "out.txt", "w", encoding="utf-8") as fh:
        con = plain_console(fh)
        assert con is not None and con.width >= 160
        monkeypatch.setenv("COLUMNS", "230")
        assert plain_console(fh).width == 230
        monkeypatch.setenv("FORCE_COLOR", "1")
        assert plain_console(fh) is None  # rich colours it: rich writes it
        monkeypatch.delenv("FORCE_COLOR")
        monkeypatch.setenv("TTY_COMPATIBLE", "1")
        assert plain_console(fh) is None
    with open(tmp_path / "out.txt", "w", encoding="latin-1") as fh:
        monkeypatch.delenv("TTY_COMPATIBLE")
        assert plain_console(fh) is None  # rich draws an ASCII box there


def _cli(args: list[str], tmp_path: Path, env: dict[str, str]) -> bytes:
    out = tmp_path / "stdout.txt"
    with open(out, "wb") as fh:
        subprocess.run([sys.executable, "-m", "ntm_eval", *args], cwd=ROOT, stdout=fh, stderr=subprocess.PIPE,
                       env=env, check=False)
    return out.read_bytes()


@pytest.mark.parametrize("args", [["examples/tam-duong/xa/son-binh-2024.yaml"],
                                  ["examples/tam-duong/xa/son-binh-2024.yaml", "--lang", "en"],
                                  ["examples/tam-duong/xa/son-binh-2024.yaml", "examples/tan-linh-2024.yaml", "--brief"]])
def test_command_line_prints_what_rich_prints(tmp_path: Path, args: list[str]):
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE", "NTM_EVAL_LANG")}
    env["COLUMNS"] = "170"
    fast = _cli(["check", *args], tmp_path, env)
    env_click = dict(env, NTM_EVAL_FAST_CHECK="0")
    assert _cli(["check", *args], tmp_path, env_click) == fast
    # rich itself, as before: the same report drawn with rich's console at the width it would use
    lang = "en" if "en" in args else "vi"
    brief = "--brief" in args
    files = [a for a in args if a.endswith(".yaml")]
    by_file = {r.file: r for r in _results()}
    buf = io.StringIO()
    con = Console(file=buf, highlight=False, soft_wrap=False, width=170)
    for n, f in enumerate(files):
        if n:
            con.print()
        res = next(r for k, r in by_file.items() if str(k).endswith(f))
        render_unit(res, con, lang, brief)
    assert fast.decode("utf-8") == buf.getvalue()


def test_check_does_not_import_rich_console(tmp_path: Path):
    """The table to a file or a pipe imports none of rich's console machinery."""
    code = ("import sys, runpy; sys.argv = ['ntm-eval', 'check', 'examples/tam-duong/xa/son-binh-2024.yaml'];\n"
            "import atexit\n"
            "atexit.register(lambda: sys.stderr.write('MODS ' + ' '.join(sorted(sys.modules)) + '\\n'))\n"
            "from ntm_eval.entry import main; main()\n")
    out = tmp_path / "out.txt"
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    with open(out, "wb") as fh:
        proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, stdout=fh, stderr=subprocess.PIPE, env=env,
                              check=False, text=True)
    mods = proc.stderr.split("MODS ")[-1].split()
    assert "ntm_eval.render.plain" in mods
    for name in ("rich.console", "rich.table", "rich.text", "rich.segment", "fractions"):
        assert name not in mods, name
