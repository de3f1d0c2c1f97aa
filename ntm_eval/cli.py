"""Command line: parse arguments, call the core, render. Nothing here evaluates.

Subcommands live in `ntm_eval/commands/` and are imported only when run, so that
`ntm-eval --version` and `--help` stay fast (no rich, no pydantic at start-up).
"""

from __future__ import annotations

import importlib
import sys

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


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        # An ImportError here is a broken installation or a bug: it surfaces as itself.
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Listing help must not import every subcommand.
        with formatter.section("Commands"):
            formatter.write_dl([(n, HELP[n]) for n in COMMANDS])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ntm-eval")
@click.pass_context
def main_group(ctx: click.Context) -> None:
    """ntm-eval — đánh giá bộ tiêu chí nông thôn mới (NTM).

    Ví dụ / example:  ntm-eval check examples/tam-duong/xa/son-binh-2024.yaml

    Cấu hình dự án / project configuration: ntm-eval.toml hoặc [tool.ntm-eval] trong pyproject.toml
    (tìm từ thư mục hiện tại trở lên): criteria, lang, year, format, baseline.
    """
    from ntm_eval.errors import InputError
    from ntm_eval.io.config import find_config

    try:
        cfg = find_config()
    except InputError as exc:
        from ntm_eval.commands.common import fail

        fail(exc.problems, "vi")
    ctx.meta["config"] = cfg
    if cfg.path is not None:
        ctx.default_map = {**cfg.default_map(), **(ctx.default_map or {})}
        if cfg.criteria:  # say which folders the run reads sets from (stderr: outputs stay clean)
            import os

            from ntm_eval.messages import t

            dirs = ", ".join(os.path.relpath(d) for d in cfg.criteria)
            click.echo(t("config.reading", cfg.lang or "vi", path=os.path.relpath(cfg.path), dirs=dirs), err=True)


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM as an exception, so that half-written reports and spool files are removed on the
    way out (the same `finally` blocks that Ctrl-C runs)."""
    raise SystemExit(128 + signum)


def main() -> None:
    import signal

    signal.signal(signal.SIGTERM, _terminated)
    try:
        rv = main_group.main(prog_name="ntm-eval", standalone_mode=False)
    except click.exceptions.Abort as exc:  # Ctrl-C: 130 as shells expect, not click's 1 ("not all met")
        sys.exit(130 if isinstance(exc.__cause__, KeyboardInterrupt) else 1)
    except KeyboardInterrupt:
        sys.exit(130)
    except click.ClickException as exc:  # a usage error: exit 2
        exc.show()
        sys.exit(exc.exit_code)
    sys.exit(rv if isinstance(rv, int) else 0)
