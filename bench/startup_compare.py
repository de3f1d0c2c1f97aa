"""Start-up of two source trees side by side, in one run (min of N): `python -c pass`, `--version`,
`check FILE --format json`, as ratios to `python -c pass`.

    git worktree add --detach /tmp/before bcdd4ce
    python bench/startup_compare.py /tmp/before . --runs 9

Bytecode is allowed (as in a normal install), whatever PYTHONDONTWRITEBYTECODE says, so the first
run of each tree warms its cache and the minimum measures start-up, not compilation."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time


def best(cmd: list[str], cwd: str, env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t)
    return min(times) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("roots", nargs="+", help="source trees (each with ntm_eval/ and examples/)")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--file", default="examples/tam-duong/xa/son-binh-2024.yaml")
    a = ap.parse_args()
    for root in a.roots:
        root = os.path.abspath(root)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPATH"] = root
        base = best([sys.executable, "-c", "pass"], root, env, a.runs)
        ver = best([sys.executable, "-m", "ntm_eval", "--version"], root, env, a.runs)
        chk = best([sys.executable, "-m", "ntm_eval", "check", a.file, "--format", "json"], root, env, a.runs)
        print(f"{root}: python -c pass {base:.1f} ms · --version {ver:.1f} ms ({ver / base:.2f}×) · "
              f"check --format json {chk:.1f} ms ({chk / base:.2f}×)")


if __name__ == "__main__":
    main()
