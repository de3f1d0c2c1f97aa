"""Progress bars for long runs (issue 13, deliverable 6): `batch` and `validate` count their
units through an optional callback (the run layer never prints), `render/progress.py` draws a
rich bar on stderr only when it is a terminal and the run has lasted about two seconds, and
nothing at all reaches a pipe. No test sleeps: the bar is driven by a fake clock on a console
that claims to be a terminal."""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntm_eval.cli import main_group
from ntm_eval.load.catalog import Catalog
from ntm_eval.render import progress as progress_mod
from ntm_eval.render.progress import DELAY, progress_bar
from ntm_eval.run.batch import estimate_units, run_batch
from ntm_eval.validate import validate_paths

ROOT = Path(__file__).resolve().parent.parent
TAM_DUONG = ROOT / "examples" / "tam-duong"
COMMUNE = TAM_DUONG / "xa" / "son-binh-2024.yaml"
BAR_CHARS = ("━", "╸", "\r", "\x1b[")


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def terminal() -> tuple[object, io.StringIO]:
    from rich.console import Console

    buf = io.StringIO()
    return Console(file=buf, force_terminal=True, width=100, color_system=None), buf


def calls_of(run) -> list[tuple[int, int | None]]:
    seen: list[tuple[int, int | None]] = []
    run(lambda done, total: seen.append((done, total)))
    return seen


def rows(report) -> list:
    """The report's rows; `files_read` left out (it says which files this process read first,
    so it depends on the runs before, not on the bar)."""
    with report:
        return [dataclasses.replace(r, files_read=()) for r in report.rows]


# --- the callback: the run layer counts, never prints ------------------------------------------

@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(n=st.integers(min_value=0, max_value=6))
def test_batch_calls_back_once_per_unit_in_order(n: int):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "xa"
        folder.mkdir()
        for i in range(n):
            shutil.copyfile(COMMUNE, folder / f"xa-{i:02d}.yaml")
        catalog = Catalog()
        seen: list[tuple[int, int | None]] = []
        with_bar = run_batch(str(folder), catalog, progress=lambda d, t: seen.append((d, t)))
        assert seen == [(i, n) for i in range(1, n + 1)]  # exactly N calls, 1..N, the folder's count
        assert rows(with_bar) == rows(run_batch(str(folder), catalog))  # the same report without a bar


def test_batch_sheet_counts_rows_not_its_empty_columns(tmp_path: Path):
    """A sheet ends with its empty indicator-like columns: not a unit, not counted."""
    sheet = tmp_path / "xa.csv"
    lines = ["Tên đơn vị,Huyện,Tỉnh,Vùng,Năm,Bộ tiêu chí,2.1,17.01"]
    lines += [f"Xã {i},Tam Đường,Lai Châu,tdmnpb,2024,vn/2021-2025/xa-ntm,100," for i in range(5)]
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert estimate_units(str(sheet)) == 5
    seen = calls_of(lambda cb: rows(run_batch(str(sheet), progress=cb)))
    assert seen == [(i, 5) for i in range(1, 6)]


def test_batch_with_workers_counts_in_the_parent():
    one = calls_of(lambda cb: rows(run_batch(str(TAM_DUONG), progress=cb)))
    assert one == [(i, 14) for i in range(1, 15)]
    seen = calls_of(lambda cb: rows(run_batch(str(TAM_DUONG), jobs=2, progress=cb)))
    assert seen == one  # the workers' rows, counted as the parent receives them
    assert rows(run_batch(str(TAM_DUONG), jobs=2, progress=lambda d, t: None)) == rows(run_batch(str(TAM_DUONG)))


def test_estimate_is_never_below_the_count(tmp_path: Path):
    """A CSV whose row count cannot be told from its lines (a title line above the header:
    the estimate says 3 units for 2): the total is raised to the count, never below it."""
    sheet = tmp_path / "xa.csv"
    sheet.write_text("BẢNG TỔNG HỢP\nTên đơn vị,Năm,Bộ tiêu chí,2.1\nA,2024,vn/2021-2025/xa-ntm,100\n"
                     "B,2024,vn/2021-2025/xa-ntm,100\n", encoding="utf-8")
    assert estimate_units(str(sheet)) == 3
    assert calls_of(lambda cb: rows(run_batch(str(sheet), progress=cb))) == [(1, 3), (2, 3)]
    short = tmp_path / "short.csv"  # no newline at the end: 2 lines, 2 units, estimate 1
    short.write_text("Tên đơn vị,Năm,Bộ tiêu chí,2.1\nA,2024,vn/2021-2025/xa-ntm,100\n"
                     "B,2024,vn/2021-2025/xa-ntm,100", encoding="utf-8")
    assert calls_of(lambda cb: rows(run_batch(str(short), progress=cb))) == [(1, 1), (2, 2)]


def test_estimate_of_an_xlsx_counts_row_tags(tmp_path: Path):
    from openpyxl import Workbook

    wb = Workbook(write_only=True)  # a write-only workbook has no dimensions: rows are counted
    ws = wb.create_sheet("Ghi chú")
    ws.append(["x"])
    ws = wb.create_sheet("Dữ liệu")
    ws.append(["Tên đơn vị", "Năm"])
    for i in range(37):
        ws.append([f"Xã {i}", 2024])
    wb.save(tmp_path / "b.xlsx")
    assert estimate_units(str(tmp_path / "b.xlsx")) == 37
    (tmp_path / "bad.xlsx").write_bytes(b"not a zip")
    assert estimate_units(str(tmp_path / "bad.xlsx")) is None  # the batch itself reports it
    assert estimate_units(str(tmp_path / "missing.csv")) is None


def test_validate_calls_back_once_per_file():
    seen: list[tuple[int, int | None]] = []
    report = validate_paths(progress=lambda d, t: seen.append((d, t)))
    n = len(report.sets)
    assert n > 1 and seen == [(i, n) for i in range(1, n + 1)]
    plain = validate_paths()
    assert [(s.file, s.errors, s.warnings) for s in report.sets] == [(s.file, s.errors, s.warnings)
                                                                   for s in plain.sets]


def test_validate_counts_unreadable_files_too(tmp_path: Path):
    (tmp_path / "a.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    shutil.copyfile(ROOT / "criteria" / "vn" / "2021-2025" / "xa-ntm.yaml", tmp_path / "b.yaml")
    seen = calls_of(lambda cb: validate_paths([str(tmp_path)], progress=cb))
    assert seen == [(1, 2), (2, 2)]


# --- the bar ------------------------------------------------------------------------------------

def test_bar_appears_after_the_delay_and_finishes():
    console, buf = terminal()
    clock = Clock()
    with progress_bar("progress.batch", "vi", console=console, clock=clock, timer=False) as bar:
        assert bar.callback is not None
        bar.callback(1, 5)
        assert buf.getvalue() == "" and not bar.drawn  # a short run shows nothing
        clock.now += DELAY + 0.5
        bar.callback(2, 5)
        assert bar.drawn
        drawn = buf.getvalue()
        assert "Đang đánh giá các đơn vị" in drawn and "2/5" in drawn and "━" in drawn
        clock.now += 1
        for i in range(3, 6):
            bar.callback(i, 5)
    assert "5/5" in buf.getvalue()
    end = len(buf.getvalue())
    bar.callback(6, 6)  # a closed bar ignores late calls
    assert len(buf.getvalue()) == end


def test_bar_in_english_and_with_an_unknown_total():
    console, buf = terminal()
    clock = Clock()
    with progress_bar("progress.batch", "en", console=console, clock=clock, timer=False) as bar:
        clock.now += DELAY
        bar.callback(3, None)
        assert "Evaluating units" in buf.getvalue() and "3/?" in buf.getvalue()
        bar.callback(7, None)
    assert "7/7" in buf.getvalue()  # the count is known at the end: the bar ends full


def test_a_short_run_draws_nothing_and_imports_no_rich():
    code = ("import sys, io\n"
            "from ntm_eval.render.progress import progress_bar\n"
            "with progress_bar('progress.batch', 'vi', console=io.StringIO()) as bar:\n"
            "    for i in range(1, 50): bar.callback(i, 49)\n"
            "assert not bar.drawn\n"
            "print('rich' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


def test_spinner_for_the_writing_phase():
    console, buf = terminal()
    clock = Clock()
    with progress_bar("progress.writing", "vi", console=console, clock=clock, timer=False, counted=False) as sp:
        sp.poll()
        assert not sp.drawn
        clock.now += DELAY + 1
        sp.poll()
        assert sp.drawn and "Đang ghi báo cáo" in buf.getvalue()


def test_the_timer_draws_a_bar_when_no_call_comes():
    """A slow sheet being opened: no unit has completed yet, the timer draws the bar anyway
    (delay 0 here, so nothing waits)."""
    console, buf = terminal()
    bar = progress_bar("progress.batch", "vi", console=console, delay=0.0)
    with bar:
        bar._timer.join(5)
        assert bar.drawn
    assert "Đang đánh giá các đơn vị" in buf.getvalue()


def test_no_bar_unless_stderr_is_a_terminal(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    assert progress_bar("progress.batch", "vi").callback is None  # the run skips counting
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert progress_bar("progress.batch", "vi").callback is not None
    monkeypatch.setenv("TERM", "dumb")
    assert progress_bar("progress.batch", "vi").callback is None


# --- the commands -------------------------------------------------------------------------------

def test_piped_batch_and_validate_print_no_bar(tmp_path: Path):
    run = CliRunner().invoke
    res = run(main_group, ["batch", str(TAM_DUONG), "--format", "json", "-o", str(tmp_path / "b.json")])
    assert res.exit_code in (0, 1), res.output
    assert not any(c in res.stderr for c in BAR_CHARS), res.stderr
    res = run(main_group, ["validate"])
    assert res.exit_code in (0, 1)
    assert not any(c in res.stderr for c in BAR_CHARS), res.stderr


def test_batch_and_validate_on_a_terminal_draw_the_bar_and_keep_their_output(monkeypatch: pytest.MonkeyPatch):
    """The command wires the bar to the run: on a (fake) terminal the bar counts every unit to
    the end, and the report is byte for byte the one a piped run writes."""
    run = CliRunner().invoke
    plain = run(main_group, ["batch", str(TAM_DUONG), "--format", "json"])
    plain_validate = run(main_group, ["validate", "--format", "json"])
    screens: list[io.StringIO] = []
    real = progress_mod.progress_bar

    def on_terminal(key, lang, **kw):
        console, buf = terminal()
        screens.append(buf)  # delay -1: drawn at the first call, as if the run had lasted long enough
        return real(key, lang, console=console, clock=Clock(), delay=-1.0, timer=False,
                    counted=kw.get("counted", True))

    monkeypatch.setattr(progress_mod, "progress_bar", on_terminal)
    res = run(main_group, ["batch", str(TAM_DUONG), "--format", "json"])
    assert res.stdout == plain.stdout and res.exit_code == plain.exit_code
    assert "14/14" in screens[0].getvalue() and "━" in screens[0].getvalue()
    assert not any(c in res.stderr for c in BAR_CHARS)  # drawn on its console, never in the output
    res = run(main_group, ["validate", "--format", "json"])
    assert res.stdout == plain_validate.stdout and res.exit_code == plain_validate.exit_code
    n = len(json.loads(res.stdout)["sets"])
    assert "Đang kiểm tra tệp bộ tiêu chí" in screens[-1].getvalue() and f"{n}/{n}" in screens[-1].getvalue()


def test_start_up_imports_no_rich():
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "ntm_eval", "--version"],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    modules = {line.split("|")[-1].strip().split(".")[0] for line in out.stderr.splitlines() if "|" in line}
    assert "ntm_eval" in modules and "rich" not in modules
