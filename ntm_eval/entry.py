"""The `ntm-eval` command's entry point: `ntm-eval --version` answers before anything else is
imported (click alone costs more than the interpreter's own start-up); every other command line
goes to the click group in cli.py."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from ntm_eval import __version__

        sys.stdout.write(f"ntm-eval {__version__}\n")  # what click's version option prints
        sys.exit(0)
    from ntm_eval.cli import main as cli_main

    cli_main()
