"""Start-up cost of the CLI, as a ratio to a bare `python -c pass` on the same machine and run.

    env -u PYTHONDONTWRITEBYTECODE python -m compileall -q ntm_eval
    env -u PYTHONDONTWRITEBYTECODE python bench/startup.py [--runs 15] [--example FILE] [--imports]

Every command runs `--runs` times, the commands taking turns (one round = each command once), so
that a machine busy with other work slows them alike. Prints, per command, the min and median wall
time, its ratio (min/min) to the baseline, and the same for the CPU time the process used (user +
system, from wait4): on a loaded machine the CPU ratio is the steadier figure. `--imports` adds,
for `check --format json`, the modules that cost most to import (`-X importtime`, best of 5).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time


def run_once(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of `cmd`, its output discarded."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, _status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = 0  # reaped by wait4
    return wall, usage.ru_utime + usage.ru_stime


def imports(cmd: list[str], repeats: int = 5, top: int = 25) -> list[tuple[str, float, float]]:
    """(module, self ms, cumulative ms), best of `repeats`, the costliest first."""
    best: dict[str, list[float]] = {}
    for _ in range(repeats):
        proc = subprocess.run([sys.executable, "-X", "importtime", *cmd], capture_output=True, text=True, check=False)
        for line in proc.stderr.splitlines():
            m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|\s*(\S+)", line)
            if m:
                s, c = int(m.group(1)) / 1000, int(m.group(2)) / 1000
                got = best.setdefault(m.group(3), [s, c])
                got[0], got[1] = min(got[0], s), min(got[1], c)
    return sorted(((k, s, c) for k, (s, c) in best.items()), key=lambda x: -x[1])[:top]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--example", default="examples/tam-duong/xa/son-binh-2024.yaml")
    ap.add_argument("--imports", action="store_true", help="list the costliest imports of check --format json")
    args = ap.parse_args()
    exe = shutil.which("ntm-eval", path=os.path.dirname(sys.executable)) or shutil.which("ntm-eval")
    cli = [exe] if exe else [sys.executable, "-m", "ntm_eval"]
    cases = [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("ntm-eval --version", cli + ["--version"]),
        (f"ntm-eval check {os.path.basename(args.example)} --format json", cli + ["check", args.example, "--format", "json"]),
        (f"ntm-eval check {os.path.basename(args.example)} (table)", cli + ["check", args.example]),
    ]
    for _name, cmd in cases:  # warm the OS file cache, the bytecode and the compiled-set cache
        run_once(cmd)
    walls: list[list[float]] = [[] for _ in cases]
    cpus: list[list[float]] = [[] for _ in cases]
    for _ in range(args.runs):
        for n, (_name, cmd) in enumerate(cases):
            w, c = run_once(cmd)
            walls[n].append(w)
            cpus[n].append(c)
    base_w, base_c = min(walls[0]), min(cpus[0])
    print(f"{'command':50} {'min ms':>8} {'median':>8} {'ratio':>6}   {'cpu ms':>7} {'median':>7} {'ratio':>6}")
    for n, (name, _cmd) in enumerate(cases):
        mw, mc = min(walls[n]), min(cpus[n])
        print(f"{name:50} {mw * 1000:8.1f} {statistics.median(walls[n]) * 1000:8.1f} {mw / base_w:6.2f}"
              f"   {mc * 1000:7.1f} {statistics.median(cpus[n]) * 1000:7.1f} {mc / base_c:6.2f}")
    print(f"(runs: {args.runs} each, taking turns; load average {os.getloadavg()[0]:.2f})")
    if args.imports:
        print("\ncostliest imports of check --format json (best of 5, ms):")
        for mod, s, c in imports(["-m", "ntm_eval", "check", args.example, "--format", "json"]):
            print(f"  {s:7.1f} self {c:7.1f} cumulative  {mod}")


if __name__ == "__main__":
    main()
