"""Start-up cost of the CLI, as a ratio to a bare `python -c pass` on the same machine and run.

    python bench/startup.py [--runs 15] [--example examples/tam-duong/xa/son-binh-2024.yaml]

Prints min and median wall time of each command and its ratio (min/min) to the baseline.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time


def timeit(cmd: list[str], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--example", default="examples/tam-duong/xa/son-binh-2024.yaml")
    args = ap.parse_args()
    exe = shutil.which("ntm-eval", path=os.path.dirname(sys.executable)) or shutil.which("ntm-eval")
    cli = [exe] if exe else [sys.executable, "-m", "ntm_eval"]
    cases = [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("ntm-eval --version", cli + ["--version"]),
        (f"ntm-eval check {args.example} --format json", cli + ["check", args.example, "--format", "json"]),
        (f"ntm-eval check {args.example} (table)", cli + ["check", args.example]),
    ]
    timeit(cases[1][1], 2)  # warm the OS file cache and bytecode
    base = None
    print(f"{'command':58} {'min ms':>8} {'median ms':>10} {'ratio':>7}")
    for name, cmd in cases:
        ts = timeit(cmd, args.runs)
        mn, med = min(ts) * 1000, statistics.median(ts) * 1000
        base = base or mn
        print(f"{name:58} {mn:8.1f} {med:10.1f} {mn / base:7.2f}")


if __name__ == "__main__":
    main()
