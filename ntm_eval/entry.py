"""The `ntm-eval` command's entry point: `ntm-eval --version` answers before anything else is
imported (click alone costs more than the interpreter's own start-up); every other command line
goes to the click group in cli.py.

Three start-up savings for every other command (bench/startup.py measures them):

* a plain `check FILE... [--format json|table] [--lang vi|en]` runs without click
  (ntm_eval/fastcheck.py: only when click would do exactly the same);

* the garbage collector is off while the command's modules are imported — they make objects that
  live as long as the process, and the collections that their creation triggered were a tenth of
  a single `check` — then `imports_done()` moves what exists to the permanent generation
  (`gc.freeze()`) and turns the collector back on;
* for `check`, PyYAML's pure-Python reader compiles, when `yaml` is imported, a pattern of every non-printable
  character (`Reader.NON_PRINTABLE`, a tenth of a single `check` as well) that the libyaml loader
  we use never consults: it is compiled on its first use instead (`_LazyPattern`), the same
  pattern with the same results, for the pure-Python loader (no libyaml) too.
"""

from __future__ import annotations

import sys

_GC_PAUSED: list[bool] = []


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from ntm_eval import __version__

        sys.stdout.write(f"ntm-eval {__version__}\n")  # what click's version option prints
        sys.exit(0)
    import gc

    if gc.isenabled():
        gc.disable()
        _GC_PAUSED.append(True)
    if sys.argv[1:2] == ["check"]:  # not for batch: its quick re-run reads no YAML at all
        _import_yaml()
    from ntm_eval.fastcheck import parse

    fast = parse(sys.argv[1:])
    if fast is not None:
        from ntm_eval.fastcheck import run

        run(**fast)  # exits, unless click must take this command line after all
    from ntm_eval.cli import main as cli_main

    cli_main()


def terminated(signum: int, frame: object) -> None:
    """SIGTERM as an exception, so that half-written reports and spool files are removed on the
    way out (the same `finally` blocks that Ctrl-C runs)."""
    raise SystemExit(128 + signum)


def imports_done() -> None:
    """The command's modules are loaded: the collector runs again (only if `main` stopped it)."""
    if _GC_PAUSED:
        import gc

        _GC_PAUSED.clear()
        gc.freeze()
        gc.enable()


# yaml/reader.py: Reader.NON_PRINTABLE, exactly as PyYAML writes it
_NON_PRINTABLE = "[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010ffff]"


class _LazyPattern:
    """`re.compile(pattern, flags)`, compiled when first used."""

    def __init__(self, pattern: str, flags: int, compile: object) -> None:
        self._args = (pattern, flags)
        self._compile = compile
        self._real: object = None  # typing is not imported here: --version stays lean

    def __getattr__(self, name: str) -> object:
        real = self.__dict__.get("_real")
        if real is None:
            real = self._real = self._compile(*self._args)
        return getattr(real, name)

    def __repr__(self) -> str:
        return repr(self._compile(*self._args))


def _import_yaml() -> None:
    """Import PyYAML with the patterns its modules compile at import (the reader's NON_PRINTABLE,
    the resolver's and the constructor's) compiled on first use: a `check` matches only a few."""
    if "yaml" in sys.modules:
        return
    import re

    compile_ = re.compile

    def compile(pattern: object, flags: int = 0) -> object:
        if isinstance(pattern, str) and str(sys._getframe(1).f_globals.get("__name__")).startswith("yaml."):
            # PyYAML's own patterns (reader, resolver, constructor): it only calls their .match
            return _LazyPattern(pattern, flags, compile_)
        return compile_(pattern, flags)

    re.compile = compile  # type: ignore[assignment]
    try:
        import yaml  # noqa: F401
    except ImportError:
        pass  # reported where it is used
    finally:
        re.compile = compile_
