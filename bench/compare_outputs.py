"""Prove a refactor kept behaviour: run the CLI of a base revision and of the working tree on the
same inputs and compare exit code, stdout, stderr and written files (xlsx by cell values).

    python bench/compare_outputs.py [--base REV] [--keep DIR] [--allow FILE] [--jobs N]

The base side is a temporary `git worktree` of REV (default: bench/compare_base.txt, else HEAD)
with the working tree's `criteria/` and `examples/` copied in, so only the code differs.
Prints `same` / `DIFF` per command and a total line; exit 0 iff every command is identical,
1 if some differ, 2 if the comparison could not be set up.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BASE_FILE = REPO / "bench" / "compare_base.txt"
INPUTS = ("criteria", "examples")  # copied from the working tree to every worktree side
BATCH_DIRS = ("examples/tam-duong", "examples/demo", "examples")
BATCH_FORMATS = ("table", "json", "csv", "md", "html")
OUT = "{OUT}"  # placeholder in a command's arguments for the side's output folder
DIFF_LINES = 40
TIMEOUT = 120


class SetupError(Exception):
    """The comparison cannot run (bad revision, git failure, base side broken)."""


@dataclass
class Side:
    """One side of the comparison: where its code runs and where its outputs go."""

    name: str
    root: Path
    out: Path
    subs: list[tuple[re.Pattern, str]] = field(default_factory=list)  # --allow, new side only

    def env(self, pycache: Path) -> dict[str, str]:
        # Bytecode goes to our temporary folder only (never into the trees compared).
        drop = ("NTM_EVAL_CRITERIA_PATH", "FORCE_COLOR", "CLICOLOR_FORCE", "LINES", "PYTHONDONTWRITEBYTECODE")
        env = {k: v for k, v in os.environ.items() if k not in drop}
        env.update(PYTHONPATH=str(self.root), COLUMNS="100", NO_COLOR="1", TERM="dumb", TZ="UTC",
                   PYTHONHASHSEED="0", PYTHONIOENCODING="utf-8", PYTHONPYCACHEPREFIX=str(pycache))
        return env

    def normalise(self, text: str) -> str:
        """Absolute paths of the side's folders → placeholders, then the allowed substitutions."""
        paths = {str(self.out): "<OUT>", os.path.realpath(self.out): "<OUT>",
                 str(self.root): "<ROOT>", os.path.realpath(self.root): "<ROOT>"}
        for path in sorted(paths, key=len, reverse=True):
            text = text.replace(path, paths[path])
        for pattern, repl in self.subs:
            text = pattern.sub(repl, text)
        return text


@dataclass
class Command:
    """CLI arguments, plus files it writes (names inside the side's output folder)."""

    args: list[str]
    files: tuple[str, ...] = ()
    junit: bool = False

    @property
    def label(self) -> str:
        return " ".join(a.replace(OUT + "/", "") for a in self.args)


def git(*args: str, cwd: Path = REPO) -> str:
    """Output of a git command in the repository; SetupError if it fails."""
    proc = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True)
    if proc.returncode:
        raise SetupError(f"git {' '.join(args)}: {proc.stderr.strip()}")
    return proc.stdout.strip()


def default_base() -> str:
    """First non-comment word of bench/compare_base.txt, else HEAD."""
    if BASE_FILE.is_file():
        for line in BASE_FILE.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                return line.split()[0]
    return "HEAD"


def load_allow(path: str) -> list[tuple[re.Pattern, str]]:
    """`pattern => replacement` per line; blank lines and lines starting with # are skipped."""
    subs = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if " => " not in line:
            raise SetupError(f"{path}:{n}: expected 'pattern => replacement'")
        pattern, repl = line.split(" => ", 1)
        try:
            subs.append((re.compile(pattern.strip()), repl.strip()))
        except re.error as exc:
            raise SetupError(f"{path}:{n}: {exc}") from exc
    return subs


def add_worktree(rev: str, path: Path) -> None:
    """Detached worktree of rev at path, with the working tree's inputs copied over its own."""
    git("worktree", "add", "--detach", str(path), rev)
    for name in INPUTS:
        shutil.rmtree(path / name, ignore_errors=True)
        shutil.copytree(REPO / name, path / name, ignore=shutil.ignore_patterns("__pycache__"))


def remove_worktree(path: Path) -> None:
    if path.exists():
        try:
            git("worktree", "remove", "--force", str(path))
        except SetupError as exc:
            print(f"warning: {exc}; remove {path} by hand", file=sys.stderr)


class Runner:
    """Runs commands on a side and returns the normalised streams to compare."""

    def __init__(self, pycache: Path):
        self.pycache = pycache

    def run(self, side: Side, cmd: Command) -> dict[str, str]:
        args = [a.replace(OUT, str(side.out)) for a in cmd.args]
        try:
            proc = subprocess.run([sys.executable, "-m", "ntm_eval", *args], cwd=side.root,
                                  env=side.env(self.pycache), capture_output=True, timeout=TIMEOUT)
            rc, stdout, stderr = str(proc.returncode), proc.stdout, proc.stderr
        except subprocess.TimeoutExpired as exc:
            rc, stdout, stderr = f"timeout after {TIMEOUT}s", exc.stdout or b"", exc.stderr or b""
        streams = {"exit": rc, "stdout": decode(stdout), "stderr": decode(stderr)}
        if cmd.junit:
            streams["stdout"] = re.sub(r'\s(time|timestamp)="[^"]*"', "", streams["stdout"])
        for name in cmd.files:
            streams[name] = read_output(side.out / name)
        return {k: side.normalise(v) for k, v in streams.items()}

    def probe(self, side: Side) -> str | None:
        """Where the side imports ntm_eval from, or None if the import fails."""
        proc = subprocess.run([sys.executable, "-c", "import ntm_eval; print(ntm_eval.__file__)"],
                              cwd=side.root, env=side.env(self.pycache), capture_output=True, text=True)
        return proc.stdout.strip() if proc.returncode == 0 else None


def decode(data: bytes) -> str:
    return data.decode("utf-8", errors="backslashreplace")


def read_output(path: Path) -> str:
    """A written file as text; xlsx as every sheet's cell values, row by row."""
    if not path.exists():
        return "<no file>"
    if path.suffix != ".xlsx":
        return decode(path.read_bytes())
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path)
    except Exception as exc:  # a broken file is a result to compare, not a crash
        return f"<unreadable xlsx: {type(exc).__name__}: {exc}>"
    lines = []
    for ws in wb.worksheets:
        lines.append(f"[sheet {ws.title}]")
        lines.extend(repr(row) for row in ws.iter_rows(values_only=True))
    return "\n".join(lines) + "\n"


def commands(set_ids: list[str]) -> list[Command]:
    """Every command to run on both sides, in the order they are reported."""
    examples = sorted(p.relative_to(REPO).as_posix() for ext in ("*.yaml", "*.yml")
                      for p in (REPO / "examples").rglob(ext))
    cmds = []
    for f in examples:
        cmds += [Command(["check", f]), Command(["check", f, "--format", "json"]),
                 Command(["check", f, "--lang", "en"]), Command(["check", f, "--brief"])]
    for d in BATCH_DIRS:
        cmds += [Command(["batch", d, "--format", fmt]) for fmt in BATCH_FORMATS]
        xlsx = "batch-" + d.replace("/", "-") + ".xlsx"
        cmds.append(Command(["batch", d, "--format", "xlsx", "--output", f"{OUT}/{xlsx}"], files=(xlsx,)))
    cmds += [Command(["batch", "examples/tam-duong", "--format", fmt, "--lang", "en"]) for fmt in ("json", "table")]
    cmds += [Command(["validate"]), Command(["validate", "criteria"]), Command(["validate", "--format", "github"]),
             Command(["validate", "--format", "junit"], junit=True), Command(["validate", "--lang", "en"])]
    cmds += [Command(["sets"]), Command(["sets", "--format", "json"])]
    for s in set_ids:
        cmds += [Command(["show", s, "--format", "json"]), Command(["show", s]), Command(["template", s])]
    return cmds


def set_ids(runner: Runner, base: Side) -> list[str]:
    """Ids listed by the base side's `sets --format json`."""
    res = runner.run(base, Command(["sets", "--format", "json"]))
    try:
        return [s["id"] for s in json.loads(res["stdout"])]
    except (ValueError, KeyError, TypeError) as exc:
        raise SetupError(f"base side: `sets --format json` gave no set list (exit {res['exit']}): "
                         f"{res['stderr'][-500:]}") from exc


def clip(line: str, width: int = 300) -> str:
    return line if len(line) <= width else line[:width] + f" ... (+{len(line) - width} chars)"


def report(a: dict[str, str], b: dict[str, str]) -> list[str]:
    """Diff lines for the streams that differ; empty if identical."""
    out = []
    for stream in a:
        if a[stream] == b[stream]:
            continue
        if stream == "exit":
            out.append(f"  exit: base {a[stream]} != new {b[stream]}")
            continue
        diff = list(difflib.unified_diff(a[stream].splitlines(), b[stream].splitlines(),
                                         f"base/{stream}", f"new/{stream}", lineterm=""))
        out += ["  " + clip(line) for line in diff[:DIFF_LINES]]
        if len(diff) > DIFF_LINES:
            out.append(f"  ... {len(diff) - DIFF_LINES} more diff lines")
    return out


def keep(folder: Path, side: str, n: int, cmd: Command, res: dict[str, str], out: Path) -> None:
    """Write one side's compared streams (and raw written files) for inspection."""
    d = folder / side
    d.mkdir(parents=True, exist_ok=True)
    stem = f"{n:03d}_" + re.sub(r"[^\w.-]+", "_", cmd.label)[:120]
    for stream, text in res.items():
        name = f"{stem}.{stream}" if stream in ("exit", "stdout", "stderr") else f"{n:03d}_{stream}.txt"
        (d / name).write_text(text, encoding="utf-8")
    for name in cmd.files:
        if (out / name).exists():
            shutil.copy2(out / name, d / f"{n:03d}_{name}")


def compare(args: argparse.Namespace, tmp: Path) -> int:
    subs = load_allow(args.allow) if args.allow else []
    base_sha = git("rev-parse", "--verify", f"{args.base}^{{commit}}")
    print(f"base: {args.base} = {base_sha}")
    add_worktree(base_sha, tmp / "base")
    base = Side("base", tmp / "base", tmp / "out" / "base")
    if args.new_rev:
        new_sha = git("rev-parse", "--verify", f"{args.new_rev}^{{commit}}")
        print(f"new:  {args.new_rev} = {new_sha} (worktree)")
        add_worktree(new_sha, tmp / "new")
        new = Side("new", tmp / "new", tmp / "out" / "new")
    else:
        print(f"new:  working tree {REPO}")
        new = Side("new", REPO, tmp / "out" / "new")
    new.subs = subs
    if args.allow:
        print(f"allow: {len(subs)} substitution(s) from {args.allow} on the new side")
    for side in (base, new):
        side.out.mkdir(parents=True)

    runner = Runner(tmp / "pycache")
    for side in (base, new):
        where = runner.probe(side)
        if where is None:
            if side is base:
                raise SetupError("base side: cannot import ntm_eval")
            print("warning: new side cannot import ntm_eval; every command will differ", file=sys.stderr)
        elif not os.path.realpath(where).startswith(os.path.realpath(side.root) + os.sep):
            raise SetupError(f"{side.name} side imports ntm_eval from {where}, not from {side.root}")

    cmds = commands(set_ids(runner, base))
    keep_dir = Path(args.keep) if args.keep else None
    differ = 0
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [(pool.submit(runner.run, base, c), pool.submit(runner.run, new, c)) for c in cmds]
        for n, (cmd, (fa, fb)) in enumerate(zip(cmds, futures, strict=True), 1):
            a, b = fa.result(), fb.result()
            lines = report(a, b)
            differ += bool(lines)
            print(f"{'DIFF' if lines else 'same'}  {cmd.label}")
            if lines:
                print("\n".join(lines))
            if keep_dir:
                keep(keep_dir, "base", n, cmd, a, base.out)
                keep(keep_dir, "new", n, cmd, b, new.out)
            sys.stdout.flush()
    print(f"{len(cmds)} commands, {len(cmds) - differ} identical, {differ} differ")
    return 1 if differ else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", default=default_base(),
                    help="base revision (default: bench/compare_base.txt, else HEAD)")
    ap.add_argument("--keep", metavar="DIR", help="write both sides' outputs to DIR/base and DIR/new")
    ap.add_argument("--allow", metavar="FILE",
                    help="regex substitutions 'pattern => replacement' applied to the new side's output")
    ap.add_argument("--jobs", "-j", type=int, default=2, help="commands run at once (default: 2)")
    ap.add_argument("--new-rev", help=argparse.SUPPRESS)  # self-check: new side from a worktree too
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the worktrees are removed
    tmp = Path(tempfile.mkdtemp(prefix="ntm-compare-"))
    try:
        return compare(args, tmp)
    except SetupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        for name in ("base", "new"):
            remove_worktree(tmp / name)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
