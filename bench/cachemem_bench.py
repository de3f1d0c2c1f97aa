"""Peak memory of cached batch runs (issue 15, item 4), beside the `--no-cache` run, per size.

    python bench/cachemem_bench.py DIR [DIR ...] [--repeat 1] [--jobs N]

Each DIR is a folder of unit files (e.g. one that `bench/scale_bench.py --keep` generated:
`u1000-real`, `u10000-real`, …). For each, runs `batch DIR --format json -o FILE` as a fresh
process of the checkout and reports wall seconds and the child's own peak resident memory
(`os.wait4`):

* no cache: `--no-cache`;
* empty cache: the first run with an empty cache folder (it writes the cache);
* warm: the same again (the quick table answers);
* warm, long way: the quick table removed first (every entry checked file by file);
* one file changed: one unit file edited (a comment appended), then the same;
* two changed (index): another file edited, with the kept report's pieces removed (the cached
  rows are replayed, the changed one evaluated).

Prints a table and the peaks as ratios to the first DIR's. Edits the first file of each DIR (a
comment line is appended per run), so run it on generated data only.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd: list[str], env: dict[str, str], cwd: str) -> tuple[float, float]:
    t0 = time.perf_counter()
    with open(os.path.join(cwd, "stderr.txt"), "wb") as err:
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, ru = os.wait4(proc.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        with open(os.path.join(cwd, "stderr.txt"), encoding="utf-8", errors="replace") as fh:
            raise SystemExit(f"{' '.join(cmd)} exited {code}:\n{fh.read()[-2000:]}")
    return time.perf_counter() - t0, ru.ru_maxrss / 1024


def measure(folder: str, tmp: str, env: dict[str, str], repeat: int, jobs: list[str]) -> dict[str, tuple[float, float]]:
    cache = os.path.join(tmp, "cache-" + os.path.basename(folder.rstrip(os.sep)))
    out = os.path.join(tmp, "out.json")
    env = {**env, "NTM_EVAL_CACHE_DIR": cache}
    cmd = [sys.executable, "-m", "ntm_eval", "batch", folder, "--format", "json", "-o", out, *jobs]
    files = sorted(os.path.join(r, f) for r, _, fs in os.walk(folder) for f in fs if f.endswith((".yaml", ".yml")))
    edits = [0]

    def edit(k: int) -> None:
        edits[0] += 1
        with open(files[k], "a", encoding="utf-8") as fh:
            fh.write(f"# sửa {edits[0]}\n")
        time.sleep(0.01)

    def drop(pattern: str) -> None:
        for p in glob.glob(os.path.join(cache, pattern)):
            os.unlink(p)

    def best(before=None) -> tuple[float, float]:
        got = []
        for _ in range(repeat):
            if before is not None:
                before()
            got.append(run(cmd, env, tmp))
        return min(g[0] for g in got), max(g[1] for g in got)

    row = {"no cache": min((run(cmd + ["--no-cache"], env, tmp) for _ in range(repeat)), key=lambda r: r[0])}
    row["empty cache"] = best(lambda: shutil.rmtree(cache, ignore_errors=True))
    row["warm"] = best()
    row["warm, long way"] = best(lambda: drop("*.q"))
    row["one file changed"] = best(lambda: edit(0))
    row["changed, no pieces"] = best(lambda: (edit(len(files) // 2), drop("*.sp")))
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--jobs", default=None)
    args = ap.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (ROOT, env.get("PYTHONPATH")) if p)
    tmp = tempfile.mkdtemp(prefix="ntm-cachemem-")
    try:
        rows = {d: measure(os.path.abspath(d), tmp, env, args.repeat, ["--jobs", args.jobs] if args.jobs else [])
                for d in args.dirs}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    first = rows[args.dirs[0]]
    print(f"{'input':<28} {'run':<20} {'wall s':>8} {'peak MiB':>9} {'÷ first':>8}")
    for d, row in rows.items():
        for k, (wall, mem) in row.items():
            print(f"{os.path.basename(d.rstrip(os.sep)):<28} {k:<20} {wall:>8.2f} {mem:>9.1f} {mem / first[k][1]:>8.2f}")


if __name__ == "__main__":
    main()
