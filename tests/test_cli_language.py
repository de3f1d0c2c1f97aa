"""A command line in one language (issue 13, deliverable 7): click's usage errors and help
scaffolding in Vietnamese by default and in English with `--lang en` (or NTM_EVAL_LANG, or the
project configuration), "did you mean" for commands and options, one help style, `-o/--output
FILE` everywhere, a short `check --brief`, and shell completion (file names, set ids, regions,
formats)."""

from __future__ import annotations

import gettext
import importlib
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from ntm_eval.cli import COMMANDS, LANGUAGE, language_of, main_group, pick

ROOT = Path(__file__).resolve().parent.parent
SON_BINH = ROOT / "examples" / "tam-duong" / "xa" / "son-binh-2024.yaml"
TUTORIAL_2021 = ROOT / "examples" / "demo" / "tutorial-2021.yaml"
ENGLISH_SCAFFOLDING = ("Usage:", "Options:", "Error:", "Show this message", "Try '", "Missing argument",
                       "No such option", "No such command", "Invalid value")


@pytest.fixture(autouse=True)
def _clean(monkeypatch, tmp_path):
    """No language from the environment, and no project configuration above the working folder."""
    monkeypatch.delenv("NTM_EVAL_LANG", raising=False)
    monkeypatch.chdir(tmp_path)


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main_group, [str(a) for a in args], prog_name="ntm-eval", env=env)


def commands() -> dict[str, click.Command]:
    out = {}
    for name, target in COMMANDS.items():
        module, attr = target.split(":")
        out[name] = getattr(importlib.import_module(module), attr)
    return out


# --- usage errors, Vietnamese by default ------------------------------------------------------

def test_unknown_command_names_the_closest_in_vietnamese():
    r = run("chek", "x.yaml")
    assert r.exit_code == 2
    assert "Lỗi: Không có lệnh “chek”. Có phải ý bạn là check?" in r.stderr
    assert "Cách dùng: ntm-eval [TÙY CHỌN] LỆNH [THAM SỐ]..." in r.stderr
    assert "Xem “ntm-eval --help” để được hướng dẫn." in r.stderr
    assert not [w for w in ENGLISH_SCAFFOLDING if w in r.stderr], r.stderr
    assert r.stdout == ""


def test_unknown_command_far_from_every_command_suggests_nothing():
    r = run("xyzzy")
    assert r.exit_code == 2
    assert "Không có lệnh “xyzzy”." in r.stderr and "Có phải ý bạn là" not in r.stderr


def test_unknown_option_suggests_the_option_meant():
    r = run("check", SON_BINH, "--formt", "json")
    assert r.exit_code == 2
    assert "Lỗi: Không có tùy chọn “--formt”. Có phải ý bạn là --format?" in r.stderr
    assert "Cách dùng: ntm-eval check [TÙY CHỌN] FILES..." in r.stderr
    assert "Xem “ntm-eval check --help” để được hướng dẫn." in r.stderr
    assert not [w for w in ENGLISH_SCAFFOLDING if w in r.stderr], r.stderr


def test_missing_argument_in_vietnamese():
    r = run("check")
    assert r.exit_code == 2
    assert "Lỗi: Thiếu tham số 'FILES...'." in r.stderr
    assert not [w for w in ENGLISH_SCAFFOLDING if w in r.stderr], r.stderr


@pytest.mark.parametrize("args, said", [
    (("check", "x.yaml", "--year", "abc"), "Lỗi: Giá trị không hợp lệ cho '--year': “abc” không phải một số hợp lệ."),
    (("check", "x.yaml", "--year", "1800"), "1800 nằm ngoài khoảng 1990<=x<=2100."),
    (("check", "x.yaml", "--format", "xml"), "“xml” không phải một trong các giá trị 'table', 'json'"),
    (("check", "x.yaml", "--year"), "Lỗi: Tùy chọn “--year” cần một giá trị."),
    (("schema", "criteria", "data"), "Lỗi: Thừa tham số (data)."),
    (("batch", "x", "-o", "."), "“.” là thư mục, cần một tệp."),
])
def test_bad_values_are_usage_errors_in_vietnamese(args, said):
    r = run(*args)
    assert r.exit_code == 2
    assert said in r.stderr, r.stderr
    assert not [w for w in ENGLISH_SCAFFOLDING if w in r.stderr], r.stderr


# --- help scaffolding --------------------------------------------------------------------------

def test_help_scaffolding_in_vietnamese_and_one_language():
    r = run("check", "--help")
    assert r.exit_code == 0
    out = r.stdout
    for word in ("Cách dùng: ntm-eval check [TÙY CHỌN] FILES...", "Tùy chọn:", "Hiện hướng dẫn này rồi thoát.",
                 "[mặc định: vi]", "Mã thoát: 0 tất cả đạt"):
        assert word in out, word
    for word in ("Usage:", "Options:", "Show this message", "default:", "set id or file", "Evaluate unit data"):
        assert word not in out, word
    top = run("--help").stdout
    assert "Lệnh:" in top and "Hiện phiên bản rồi thoát." in top and "Commands:" not in top
    assert "evaluate unit data files" not in top  # the English half of the command list is not shown


def test_help_in_english_with_lang_en():
    out = run("check", "--help", "--lang", "en").stdout
    for word in ("Usage: ntm-eval check [OPTIONS] FILES...", "Options:", "Show this message and exit.",
                 "[default: vi]", "Set id or file", "Evaluate unit data files."):
        assert word in out, word
    for word in ("Cách dùng", "Tùy chọn:", "Hiện hướng dẫn", "Mã bộ tiêu chí", "Đánh giá tệp"):
        assert word not in out, word


def test_the_language_does_not_stick_from_one_run_to_the_next():
    """click keeps a command's help option between runs: its line is written in each run's language."""
    assert "Hiện hướng dẫn này rồi thoát." in run("show", "--help").stdout
    assert "Show this message and exit." in run("show", "--help", "--lang=en").stdout
    assert "Hiện hướng dẫn này rồi thoát." in run("show", "--help").stdout


def test_click_is_left_as_it_was_after_a_run():
    run("chek")
    for name in ("core", "exceptions", "parser", "types", "formatting"):
        mod = sys.modules[f"click.{name}"]
        assert getattr(mod, "_", gettext.gettext) is gettext.gettext
        assert getattr(mod, "ngettext", gettext.ngettext) is gettext.ngettext


# --- English: --lang en, NTM_EVAL_LANG, configuration ------------------------------------------

def test_usage_errors_in_english_with_lang_en():
    r = run("chek", "--lang", "en")
    assert r.exit_code == 2
    assert "Error: No such command 'chek'. Did you mean check?" in r.stderr
    assert "Usage: ntm-eval [OPTIONS] COMMAND [ARGS]..." in r.stderr and "Lỗi" not in r.stderr
    r = run("check", "--lang=en", "--formt")
    assert "Error: No such option '--formt'. Did you mean --format?" in r.stderr
    assert "Try 'ntm-eval check --help' for help." in r.stderr
    assert "Error: Missing argument 'FILES...'." in run("check", "--lang", "en").stderr


def test_lang_before_the_command_holds_for_the_command():
    r = run("--lang", "en", "check", TUTORIAL_2021, "--brief")
    assert r.stdout.splitlines()[-1].startswith("Minh Họa 2021: 2/8 criteria met")
    assert "Usage: ntm-eval [OPTIONS] COMMAND [ARGS]..." in run("--lang", "en", "--help").stdout
    # the command's own --lang comes later on the line and wins
    assert "tiêu chí đạt" in run("--lang", "en", "check", TUTORIAL_2021, "--brief", "--lang", "vi").stdout


def test_english_from_the_environment():
    r = run("check", "--formt", env={"NTM_EVAL_LANG": "en"})
    assert "Error: No such option '--formt'. Did you mean --format?" in r.stderr
    # and the command's own output follows the same variable
    ok = run("check", SON_BINH, env={"NTM_EVAL_LANG": "en"})
    assert ok.exit_code in (0, 1) and "Result:" in ok.stdout and "Kết quả" not in ok.stdout


def test_english_from_the_project_configuration(tmp_path):
    (tmp_path / "ntm-eval.toml").write_text('lang = "en"\n', encoding="utf-8")
    r = run("chek")
    assert "Error: No such command 'chek'. Did you mean check?" in r.stderr
    # the configured language holds for every command, plan and dossier included
    assert "Usage: ntm-eval plan [OPTIONS] PLAN" in run("plan", "--help").stdout
    # the command line still wins over the configuration
    assert "Lỗi: Không có lệnh “chek”" in run("chek", "--lang", "vi").stderr


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["--lang", "--lang=en", "--lang=vi", "--lang=fr", "en", "vi", "check", "x.yaml",
                                 "--", "-o", "--format"]), max_size=8))
def test_language_of_is_the_last_valid_lang_before_a_double_dash(argv):
    expected = None
    for n, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[n + 1] if arg == "--lang" and n + 1 < len(argv) else arg[7:] if arg.startswith("--lang=") else None
        if value is not None:
            expected = value
    assert language_of(argv) == (expected if expected in ("vi", "en") else None)


@given(st.text(alphabet=st.characters(blacklist_characters="/["), min_size=1, max_size=30),
       st.text(alphabet=st.characters(blacklist_characters="/["), min_size=1, max_size=30))
def test_pick_takes_the_half_of_the_language(vi, en):
    LANGUAGE.start(["--lang", "en"])
    assert pick(f"{vi} / {en}  [default: 1]") == en[:1].upper() + en[1:] + "  [default: 1]"
    LANGUAGE.start(["--lang", "vi"])
    assert pick(f"{vi} / {en}") == vi
    assert pick(vi) == vi  # a help without an English half is shown as it is


# --- one help style -----------------------------------------------------------------------------

def test_every_option_help_is_bilingual_and_every_command_has_english():
    import inspect

    missing = []
    for name, cmd in commands().items():
        assert "\n/\n" in inspect.cleandoc(cmd.help or ""), f"{name}: no English paragraph"
        for p in cmd.params:
            if isinstance(p, click.Option) and not p.hidden and " / " not in (p.help or ""):
                missing.append(f"{name} {p.opts[0]}")
    assert not missing, missing


def test_every_report_writing_command_takes_o_output_file():
    writers = {name: cmd for name, cmd in commands().items() if any(p.name == "output" for p in cmd.params)}
    assert {"check", "batch", "plan", "diff", "dossier", "validate", "new-set", "template"} <= set(writers)
    for name, cmd in writers.items():
        opt = next(p for p in cmd.params if p.name == "output")
        assert sorted(opt.opts) == ["--output", "-o"], name
        assert opt.metavar == "FILE", name
        assert isinstance(opt.type, click.Path) and not opt.type.dir_okay and opt.type.allow_dash, name


def test_file_arguments_are_paths():
    cmds = commands()
    for name, arg in [("check", "files"), ("batch", "path"), ("plan", "plan_file"), ("plan", "results"),
                      ("diff", "old"), ("diff", "new"), ("dossier", "files"), ("validate", "paths")]:
        param = next(p for p in cmds[name].params if p.name == arg)
        assert isinstance(param.type, click.Path), (name, arg)


# --- check --brief ------------------------------------------------------------------------------

def test_brief_is_short_for_son_binh():
    """The issue saw 89 lines for one commune; --brief now gives a heading, the rows not met and
    one summary line."""
    for basis in ("all", "computed"):
        r = run("check", SON_BINH, "--brief", "--basis", basis)
        assert r.exit_code in (0, 1)
        lines = r.stdout.splitlines()
        assert len(lines) <= 12, r.stdout
        assert lines[0].startswith("xã Sơn Bình, Tam Đường, Lai Châu · vn/2021-2025/xa-ntm · năm 2024")
        assert re.fullmatch(r"Sơn Bình 2024: \d+/19 tiêu chí đạt.*", lines[-1]), lines[-1]
        full = run("check", SON_BINH, "--basis", basis).stdout.splitlines()
        assert len(lines) * 5 < len(full)


def test_brief_summary_names_what_is_not_met():
    r = run("check", TUTORIAL_2021, "--brief")
    last = r.stdout.splitlines()[-1]
    assert last == ("Minh Họa 2021: 2/8 tiêu chí đạt; chưa đạt: TC2, TC4, TC6, TC7, TC8; chưa kết luận: 1; "
                    "có ngưỡng cho 16/17 chỉ tiêu")
    rows = [line.split("│")[1].strip() for line in r.stdout.splitlines() if line.startswith("│")]
    assert "5" not in rows and "1" not in rows  # open (5) and met (1): not listed
    assert "Nguồn" not in r.stdout  # no source column
    en = run("check", TUTORIAL_2021, "--brief", "--lang", "en").stdout.splitlines()[-1]
    assert en.startswith("Minh Họa 2021: 2/8 criteria met; not met: C2, C4, C6, C7, C8; undecided: 1")


# --- shell completion --------------------------------------------------------------------------

def complete(words: str, shell: str = "bash") -> list[tuple[str, str]]:
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    r = CliRunner().invoke(main_group, [], prog_name="ntm-eval",
                           env={"_NTM_EVAL_COMPLETE": f"{shell}_complete", "COMP_WORDS": words,
                                "COMP_CWORD": str(cword)})
    assert r.exit_code == 0, r.output
    return [tuple(line.split(",", 1)) for line in r.stdout.splitlines()]


def test_completion_lists_set_ids():
    got = complete("ntm-eval check --set vn/20")
    assert ("plain", "vn/2021-2025/xa-ntm") in got and ("plain", "vn/2026-2030/xa-ntm") in got
    assert all(kind == "plain" and value.startswith("vn/20") for kind, value in got)
    assert ("plain", "vn/2021-2025/xa-ntm") in complete("ntm-eval show vn/2021-2025/xa")
    # zsh shows each set's title beside its id: lines of type, value, help
    zsh = CliRunner().invoke(main_group, [], prog_name="ntm-eval",
                             env={"_NTM_EVAL_COMPLETE": "zsh_complete", "COMP_CWORD": "3",
                                  "COMP_WORDS": "ntm-eval check --set vn/2021-2025/xa-ntm-n"}).stdout.splitlines()
    assert zsh[:2] == ["plain", "vn/2021-2025/xa-ntm-nang-cao"] and "nâng cao" in zsh[2]


def test_completion_of_a_set_that_is_a_file_falls_back_to_file_names():
    assert complete("ntm-eval check --set ./bo") == [("file", "./bo")]


def test_completion_reads_the_criteria_folder_typed(tmp_path):
    crit = tmp_path / "crit" / "tinh-a"
    crit.mkdir(parents=True)
    (crit / "xa.yaml").write_text("schema_version: 1\nid: tinh-a/xa\n", encoding="utf-8")
    assert ("plain", "tinh-a/xa") in complete(f"ntm-eval check --criteria-dir {tmp_path / 'crit'} --set tinh")


def test_completion_lists_regions_and_formats():
    assert complete("ntm-eval batch x --region t") == [("plain", "tdmnpb"), ("plain", "tn")]
    assert complete("ntm-eval show vn/2021-2025/xa-ntm --region t") == [("plain", "tdmnpb"), ("plain", "tn")]
    assert {v for _k, v in complete("ntm-eval batch x --format ")} >= {"table", "json", "csv", "xlsx", "html"}
    assert complete("ntm-eval show vn/2026-2030/xa-ntm --group ") == [("plain", "1"), ("plain", "2"), ("plain", "3")]
    assert ("plain", "check") in complete("ntm-eval ch")


@pytest.mark.parametrize("words", ["ntm-eval check exa", "ntm-eval batch exa", "ntm-eval diff a exa",
                                   "ntm-eval check x.yaml -o ra", "ntm-eval validate cri"])
def test_completion_of_file_arguments_is_file_names(words):
    assert complete(words) == [("file", words.split()[-1])]


@pytest.mark.parametrize("shell, mark", [("bash", "_ntm_eval_completion"), ("zsh", "#compdef ntm-eval"),
                                         ("fish", "complete --no-files --command ntm-eval")])
def test_the_activation_scripts_of_docs_completion(shell, mark):
    r = CliRunner().invoke(main_group, [], prog_name="ntm-eval", env={"_NTM_EVAL_COMPLETE": f"{shell}_source"})
    assert r.exit_code == 0 and mark in r.stdout
    assert f"_NTM_EVAL_COMPLETE={shell}_source ntm-eval" in (ROOT / "docs" / "completion.md").read_text(encoding="utf-8")


# --- real process -------------------------------------------------------------------------------

def test_real_entry_point_vietnamese_usage_error_exit_2(tmp_path):
    r = subprocess.run([sys.executable, "-m", "ntm_eval", "chek"], capture_output=True, text=True, timeout=60,
                       cwd=tmp_path, env={"PATH": "", "PYTHONPATH": str(ROOT)})
    assert r.returncode == 2
    assert "Lỗi: Không có lệnh “chek”. Có phải ý bạn là check?" in r.stderr and "Traceback" not in r.stderr


def test_version_reads_no_message_catalogue_nor_rich(tmp_path):
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "ntm_eval", "--version"], capture_output=True,
                       text=True, timeout=60, cwd=tmp_path, env={"PATH": "", "PYTHONPATH": str(ROOT)})
    assert r.returncode == 0 and r.stdout.startswith("ntm-eval ")
    imported = {line.rsplit("|", 1)[-1].strip() for line in r.stderr.splitlines() if "|" in line}
    assert "ntm_eval.entry" in imported
    # answered before click (and so the CLI module) is imported at all
    assert not {m for m in imported if m.startswith(("rich", "pydantic", "click", "ntm_eval.cli", "ntm_eval.messages",
                                                     "ntm_eval.io"))}
