"""Command line: parse arguments, call the core, render. Nothing here evaluates.

Subcommands live in `ntm_eval/commands/` and are imported only when run, so that
`ntm-eval --version` and `--help` stay fast (no rich, no pydantic at start-up).

One language per run (docs/completion.md): click's own words — usage errors, "Usage:",
"Options:", the `--help` line — are Vietnamese by default and English with `--lang en`
(or NTM_EVAL_LANG, or `lang` in the project configuration). `--lang` is a subcommand option that
click parses after some errors have already happened, so the language is read from the command
line before click parses it (`language_of`).
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from ntm_eval import __version__

# name → "module:attribute"; each module holds the click command and its options.
COMMANDS = {
    "check": "ntm_eval.commands.check:check",
    "batch": "ntm_eval.commands.batch:batch",
    "plan": "ntm_eval.commands.plan:plan",
    "diff": "ntm_eval.commands.diff:diff",
    "validate": "ntm_eval.commands.validate:validate",
    "sets": "ntm_eval.commands.catalog:sets",
    "show": "ntm_eval.commands.catalog:show",
    "template": "ntm_eval.commands.catalog:template",
    "schema": "ntm_eval.commands.catalog:schema",
    "dossier": "ntm_eval.commands.dossier:dossier",
    "new-set": "ntm_eval.commands.newset:new_set",
}

# Every help text is "tiếng Việt / English": the help screen shows the part of the run's language.
HELP = {
    "check": "Đánh giá một hoặc nhiều đơn vị theo bộ tiêu chí / evaluate unit data files",
    "batch": "Đánh giá hàng loạt xã của huyện, tỉnh / evaluate a folder or sheet of units",
    "plan": "Đối chiếu kế hoạch NTM với kết quả, việc cần làm tiếp / plan targets vs results, what next",
    "diff": "So sánh hai năm: tiêu chí đạt thêm, không còn đạt / compare two years of the same units",
    "validate": "Kiểm tra tệp bộ tiêu chí (cho CI) / validate criteria files",
    "sets": "Liệt kê các bộ tiêu chí / list criteria sets",
    "show": "Xem một bộ tiêu chí với ngưỡng đã áp dụng / show a set with thresholds resolved",
    "template": "Tạo mẫu tệp dữ liệu cho một bộ tiêu chí / print a data-file scaffold",
    "schema": "In JSON Schema cho tệp bộ tiêu chí và tệp dữ liệu / print JSON Schema",
    "dossier": "Hồ sơ minh chứng: còn thiếu gì, điều kiện công nhận / evidence dossier",
    "new-set": "Tạo bộ tiêu chí của tỉnh (YAML/Excel), đọc lại bảng đã điền / scaffold a provincial set",
}

LANG_ENV = "NTM_EVAL_LANG"
LANGS = ("vi", "en")


# --- the language of the run ------------------------------------------------------------------

def language_of(argv: list[str]) -> str | None:
    """The language the command line asks for (`--lang en`, `--lang=en`; the last one wins),
    else NTM_EVAL_LANG; None when neither says (then the project configuration decides)."""
    lang = None
    for n, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and n + 1 < len(argv):
            lang = argv[n + 1]
        elif arg.startswith("--lang="):
            lang = arg.partition("=")[2]
    if lang in LANGS:
        return lang
    env = os.environ.get(LANG_ENV)
    return env if env in LANGS else None


class _Language:
    """The run's language, settled lazily: `ntm-eval --version` reads no configuration and
    loads no message catalogue."""

    def __init__(self) -> None:
        self.argv: list[str] = []
        self._lang: str | None = None
        self._config: list[Any] = []  # [the project configuration, or the InputError reading it]

    def start(self, argv: list[str]) -> None:
        self.argv, self._lang, self._config = argv, None, []

    def config(self) -> Any:
        """The project configuration (io/config.find_config), read once per run; raises its
        InputError each time it is asked for."""
        if not self._config:
            from ntm_eval.errors import InputError
            from ntm_eval.io.config import find_config
            from ntm_eval.run.compiled import PyprojectMemo  # a table-less pyproject.toml: not parsed again

            try:
                self._config.append(find_config(memo=PyprojectMemo()))
            except InputError as exc:
                self._config.append(exc)
        got = self._config[0]
        if isinstance(got, Exception):
            raise got
        return got

    @property
    def lang(self) -> str:
        if self._lang is None:
            lang = language_of(self.argv)
            if lang is None:
                from ntm_eval.errors import InputError

                try:
                    lang = self.config().lang
                except InputError:  # a broken configuration is reported by the group itself
                    lang = None
            self._lang = lang if lang in LANGS else "vi"
        return self._lang


LANGUAGE = _Language()


def text(key: str, **params: Any) -> str:
    from ntm_eval.messages import t

    return t(key, LANGUAGE.lang, **params)


def pick(help_text: str | None) -> str | None:
    """"Ngôn ngữ / output language" → the part in the run's language."""
    if not help_text or " / " not in help_text:
        return help_text
    body, sep, extra = help_text.partition("  [")  # click's "  [default: …]" follows the help
    vi, _sep, en = body.rpartition(" / ")
    return (en[:1].upper() + en[1:] if LANGUAGE.lang == "en" else vi) + sep + extra


# click's own words go through gettext (`_`, `ngettext` in each of its modules). While a command
# runs, those two names are replaced by a lookup in messages.py, whose "cli.click.*" entries give
# click's English text (the gettext message id) and its Vietnamese. English runs leave click as
# it is. The `--help` line is translated when the help is written (click keeps the help option of
# a command from one run to the next), never at parse time, so `--version` stays lean.
_CLICK_MODULES = ("core", "exceptions", "parser", "types", "decorators", "formatting", "termui", "utils")
_AT_FORMAT_TIME = {"Show this message and exit.", "Show the version and exit."}


_IDS: dict[str, str] = {}


def _click_ids() -> dict[str, str]:
    """click's English text → its key in messages.py."""
    if not _IDS:
        from ntm_eval.messages import CATALOG

        _IDS.update({en: key for key, (_vi, en) in CATALOG.items() if key.startswith("cli.click.")})
    return _IDS


# click's words asked while a command's options are declared (click.Path's type names): the
# catalogue has no Vietnamese for them (tests/test_startup_cli.py checks), so they are answered
# without reading the configuration or the catalogue.
_AS_IS = frozenset({"file", "directory", "path"})


def _vi(msgid: str) -> str:
    if msgid in _AT_FORMAT_TIME or msgid in _AS_IS or LANGUAGE.lang == "en":
        return msgid
    key = _click_ids().get(msgid)
    if key is None:
        return msgid
    from ntm_eval.messages import CATALOG

    return CATALOG[key][0]


def _vi_plural(singular: str, plural: str, n: int) -> str:
    return _vi(singular if n == 1 else plural)


class _ClickSpeaks:
    """Within the block click speaks the run's language; on the way out it is restored."""

    def __enter__(self) -> None:
        import gettext

        self.saved = []
        for name in _CLICK_MODULES:
            mod = sys.modules.get(f"click.{name}")
            if mod is None:
                continue
            for attr, repl in (("_", _vi), ("ngettext", _vi_plural)):
                if getattr(mod, attr, None) in (gettext.gettext, gettext.ngettext):
                    self.saved.append((mod, attr, getattr(mod, attr)))
                    setattr(mod, attr, repl)

    def __exit__(self, *exc: object) -> None:
        for mod, attr, orig in self.saved:
            setattr(mod, attr, orig)


class Formatter(click.HelpFormatter):
    """click's help formatter in the run's language: section titles, "Usage:", the `[OPTIONS]`
    placeholder, the `--help` line, and the right half of every "tiếng Việt / English" help."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = args.replace("[OPTIONS]", text("cli.click.options_metavar"))
        args = args.replace("COMMAND [ARGS]...", text("cli.click.command_metavar"))
        super().write_usage(prog, args, text("cli.click.usage") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_vi(heading))

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, _help_line(help_text)) for term, help_text in rows], col_max, col_spacing)

    def write_text(self, body: str) -> None:
        """A command's own help: a Vietnamese paragraph, then (after a line "/") the English one."""
        vi, sep, en = body.partition("\n/\n")
        super().write_text(en.strip() if sep and LANGUAGE.lang == "en" else vi.rstrip())


def _help_line(help_text: str) -> str:
    if help_text in _AT_FORMAT_TIME:
        return text("cli.click.help_option" if help_text.startswith("Show this") else "cli.click.version_option")
    return pick(help_text) or ""


class Context(click.Context):
    formatter_class = Formatter


def localize(cmd: click.Command) -> click.Command:
    """A subcommand formats its help and usage in the run's language."""
    cmd.context_class = Context
    return cmd


# --- the group --------------------------------------------------------------------------------

class LazyGroup(click.Group):
    context_class = Context

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        # An ImportError here is a broken installation or a bug: it surfaces as itself.
        cmd = localize(getattr(importlib.import_module(module), attr))
        if name != "check":  # check imports its engine when it runs, then says so itself
            from ntm_eval.entry import imports_done

            imports_done()
        return cmd

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        """An unknown command is an error naming the closest commands ("chek" → check)."""
        name = args[0] if args else ""
        if name not in COMMANDS and not ctx.resilient_parsing and not name.startswith("-"):
            message = text("cli.no_such_command", name=name)
            close = _closest(name, list(COMMANDS))
            if close:
                message += " " + text("cli.did_you_mean", names=", ".join(close))
            raise click.UsageError(message, ctx)
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Listing help must not import every subcommand.
        with formatter.section(text("cli.click.commands")):
            formatter.write_dl([(n, HELP[n]) for n in COMMANDS])

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        """click's `main` in the run's language, the usage errors written here (exit 2) whether or
        not in standalone mode; in standalone mode (click's test runner) the exit code is the one
        the real entry point gives."""
        argv = list(sys.argv[1:] if args is None else args)
        LANGUAGE.start(argv)
        with _ClickSpeaks():
            try:
                # `args` as given: None lets click read sys.argv (and expand globs on Windows)
                rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            except click.exceptions.Abort:
                if not standalone_mode:
                    raise
                click.echo(_vi("Aborted!"), err=True)
                sys.exit(1)
            except click.ClickException as exc:
                show_error(exc)
                sys.exit(exc.exit_code)
        if standalone_mode:
            sys.exit(rv if isinstance(rv, int) else 0)
        return rv


def _closest(name: str, names: list[str]) -> list[str]:
    """The names nearest to `name` ("chek" → check), the runners-up only when nearly as close."""
    import difflib

    scored = sorted(((difflib.SequenceMatcher(None, name, n).ratio(), n) for n in names), reverse=True)
    best = scored[0][0] if scored else 0
    return [n for r, n in scored if r >= 0.6 and r >= best - 0.1][:3]


def show_error(exc: click.ClickException) -> None:
    """`Cách dùng: …`, where to find help, then `Lỗi: …` (with "Có phải ý bạn là --format?"
    for an option that does not exist), on stderr."""
    if type(exc).__name__ == "NoArgsIsHelpError":  # `ntm-eval` alone: the help is the message
        click.echo(exc.format_message(), err=True)
        return
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click.UsageError) and ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = text("cli.click.try_help", command=ctx.command_path, option="--help") + "\n"
        click.echo(f"{ctx.get_usage()}\n{hint}", err=True)
    message = exc.format_message()
    if isinstance(exc, click.NoSuchOption):
        message = exc.message
        if exc.possibilities:
            message += " " + text("cli.did_you_mean", names=", ".join(sorted(exc.possibilities)))
    click.echo(text("cli.click.error", message=message), err=True)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ntm-eval", message="%(prog)s %(version)s")
@click.option("--lang", "group_lang", type=click.Choice(LANGS), default=None,
              help="Ngôn ngữ của mọi lệnh (cũng: --lang của từng lệnh, NTM_EVAL_LANG, “lang” trong ntm-eval.toml) "
                   "/ language of every command (also: each command's --lang, NTM_EVAL_LANG, “lang” in ntm-eval.toml)")
@click.pass_context
def main_group(ctx: click.Context, group_lang: str | None) -> None:
    """ntm-eval — đánh giá bộ tiêu chí nông thôn mới (NTM).

    Ví dụ:  ntm-eval check examples/tam-duong/xa/son-binh-2024.yaml

    Cấu hình dự án: ntm-eval.toml hoặc [tool.ntm-eval] trong pyproject.toml (tìm từ thư mục hiện
    tại trở lên): criteria, lang, year, format, baseline. Ngôn ngữ: --lang en, NTM_EVAL_LANG hoặc
    “lang” trong cấu hình. Gợi ý bằng phím Tab: docs/completion.md.
    /
    ntm-eval — evaluate New Rural Development (NTM) criteria.

    Example:  ntm-eval check examples/tam-duong/xa/son-binh-2024.yaml

    Project configuration: ntm-eval.toml or [tool.ntm-eval] in pyproject.toml (searched from the
    current folder upwards): criteria, lang, year, format, baseline. Language: --lang en,
    NTM_EVAL_LANG or “lang” in the configuration. Tab completion: docs/completion.md.
    """
    from ntm_eval.errors import InputError

    try:
        cfg = LANGUAGE.config()
    except InputError as exc:
        from ntm_eval.commands.common import fail

        fail(exc.problems, language_of(LANGUAGE.argv) or "vi")
    ctx.meta["config"] = cfg
    defaults = cfg.default_map() if cfg.path is not None else {}
    # The language of every command unless its own --lang says otherwise: `ntm-eval --lang`, else
    # NTM_EVAL_LANG, else the configuration (which thus holds for the commands it does not list).
    env = os.environ.get(LANG_ENV)
    lang = group_lang or (env if env in LANGS else None) or cfg.lang
    if lang:
        defaults = {name: {**defaults.get(name, {}), "lang": lang} for name in COMMANDS}
    ctx.default_map = {**defaults, **(ctx.default_map or {})}
    if cfg.path is not None and cfg.criteria:  # say which folders the run reads sets from (stderr)
        from ntm_eval.messages import t

        dirs = ", ".join(os.path.relpath(d) for d in cfg.criteria)
        click.echo(t("config.reading", LANGUAGE.lang, path=os.path.relpath(cfg.path), dirs=dirs), err=True)


from ntm_eval.entry import terminated as _terminated  # noqa: E402  (also the click-free check's)


def main() -> None:
    import signal

    signal.signal(signal.SIGTERM, _terminated)
    try:
        rv = main_group.main(prog_name="ntm-eval", standalone_mode=False)
    except click.exceptions.Abort as exc:  # Ctrl-C: 130 as shells expect, not click's 1 ("not all met")
        sys.exit(130 if isinstance(exc.__cause__, KeyboardInterrupt) else 1)
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(rv if isinstance(rv, int) else 0)
