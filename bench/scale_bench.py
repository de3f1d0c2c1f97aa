"""Issue 15's table: batch time and peak memory from 1,000 to 100,000 communes, beside the parse floor.

    python bench/scale_bench.py [--units 1000,10000,100000] [--set ID] [--repeat 1] [--keep DIR]
                                [--names real|fictional]

For each size, generates synthetic communes (bench/batch_bench.py's generator, every indicator
filled with random values; `--names real`, the default: the old map's communes in turn, with their
district, province and region, evaluated for 2024, as a province office's files name them;
`fictional`: made-up names in a made-up province, so every file also carries a warning) and runs, side by side in one run, each as a fresh process of a snapshot of the code:

* floor: a `python` that reads every file and parses it with PyYAML's CSafeLoader;
* cold, default jobs: `batch DIR --format json --no-cache` (as a user runs it: all CPUs);
* cold --jobs 1: the same in one process;
* cold, empty cache: the default run with an empty result cache (it also writes the cache);
* warm: the same again, nothing changed;
* one file changed: one commune file edited, then the same.

Each figure: wall seconds (best of --repeat), CPU seconds (user + system) and the child's own peak
resident memory (`os.wait4`, per child). Prints the table with ratios to the floor, NOT MET beside
a missed goal (cold ≤ 1.0× the floor, warm ≤ 0.1×; peak memory at the largest size ≤ 1.2× that at
the smallest; time per unit at the largest size ≤ 1.2× that at the smallest: linear), then the
figures as JSON. 100,000 files take ~400 MB in the temporary folder and several minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

from batch_bench import PARSE_ONLY, pick_set  # noqa: E402

GOALS = {"cold, default jobs": 1.0, "warm": 0.1}  # ratio to the floor (issue 15)
MEMORY_GOAL = 1.2  # peak at the largest size / peak at the smallest
LINEAR_GOAL = 1.2  # time per unit at the largest size / at the smallest


def run(cmd: list[str], env: dict[str, str], cwd: str) -> tuple[float, float, float]:
    """(wall s, CPU s, peak MiB) of one child: its own rusage, from os.wait4."""
    t0 = time.perf_counter()
    with open(os.path.join(cwd, "stderr.txt"), "wb") as err:  # a file: a full pipe would block the child
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):  # 1: some commune does not meet the set
        with open(os.path.join(cwd, "stderr.txt"), encoding="utf-8", errors="replace") as fh:
            tail = fh.read()[-2000:]
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{tail}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024


def best(cmd: list[str], env: dict[str, str], cwd: str, repeat: int, before=None) -> tuple[float, float, float]:
    runs = []
    for _ in range(repeat):
        if before is not None:
            before()
        runs.append(run(cmd, env, cwd))
    return min(r[0] for r in runs), min(r[1] for r in runs), max(r[2] for r in runs)


def snapshot(tmp: str) -> dict[str, str]:
    """A copy of the code and sets, compiled, run from `tmp` (the checkout may change meanwhile)."""
    snap, root = os.path.join(tmp, "snap"), os.path.dirname(HERE)
    shutil.copytree(os.path.join(root, "ntm_eval"), os.path.join(snap, "ntm_eval"),
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(os.path.join(root, "criteria"), os.path.join(snap, "criteria"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (snap, env.get("PYTHONPATH")) if p)
    subprocess.run([sys.executable, "-m", "compileall", "-q", snap], env=env, check=True)
    where = subprocess.run([sys.executable, "-c", "import ntm_eval; print(ntm_eval.__file__)"], env=env, cwd=tmp,
                           capture_output=True, text=True, check=True).stdout
    assert where.startswith(snap), where
    return env


def measure(n: int, cset, tmp: str, env: dict[str, str], repeat: int, real: bool) -> dict[str, tuple[float, float, float]]:
    tag = f"{n}-{'real' if real else 'fictional'}"
    folder, cache, out = os.path.join(tmp, f"u{tag}"), os.path.join(tmp, f"cache{tag}"), os.path.join(tmp, f"out{tag}.json")
    if not os.path.isdir(folder):
        # in a child: the units dataset loaded here would swell this process, and a forked child's
        # peak memory counts what it inherited before its exec
        subprocess.run([sys.executable, "-c", "import sys; sys.path[:0] = sys.argv[1:3]; from batch_bench import "
                        "generate, pick_set; generate(pick_set(sys.argv[3]), sys.argv[4], int(sys.argv[5]), "
                        "real_names=sys.argv[6] == '1')", HERE, os.path.dirname(HERE), cset.id, folder, str(n),
                        "1" if real else "0"], check=True)
    env = {**env, "NTM_EVAL_CACHE_DIR": cache}
    batch = [sys.executable, "-m", "ntm_eval", "batch", folder, "--format", "json", "-o", out]
    row = {"floor": best([sys.executable, "-c", PARSE_ONLY, folder], env, tmp, repeat)}
    row["cold, default jobs"] = best(batch + ["--no-cache"], env, tmp, repeat)
    row["cold --jobs 1"] = best(batch + ["--no-cache", "--jobs", "1"], env, tmp, repeat)
    row["cold, empty cache"] = best(batch, env, tmp, repeat, before=lambda: shutil.rmtree(cache, ignore_errors=True))
    row["warm"] = best(batch, env, tmp, repeat)
    first = sorted(os.path.join(r, f) for r, _, fs in os.walk(folder) for f in fs)[0]
    edits = [0]

    def edit_one() -> None:
        edits[0] += 1
        with open(first, "a", encoding="utf-8") as fh:
            fh.write(f"# sửa {edits[0]}\n")

    row["one file changed"] = best(batch, env, tmp, repeat, before=edit_one)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--units", default="1000,10000,100000")
    ap.add_argument("--set", dest="set_ref", default="vn/2021-2025/xa-ntm")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--keep", help="generate into (and keep) this folder instead of a temporary one")
    ap.add_argument("--names", choices=("real", "fictional"), default="real")
    args = ap.parse_args()
    cset = pick_set(args.set_ref)
    sizes = [int(x) for x in args.units.split(",")]
    tmp = args.keep or tempfile.mkdtemp(prefix="ntm-scale-bench-")
    os.makedirs(tmp, exist_ok=True)
    try:
        env = snapshot(tempfile.mkdtemp(dir=tmp, prefix="code-"))
        rows = {n: measure(n, cset, tmp, env, args.repeat, args.names == "real") for n in sizes}
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"set {cset.id}, {args.names} unit names, {os.cpu_count()} CPUs, best of {args.repeat}")
    print(f"{'units':>7} {'run':<20} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9} {'wall/floor':>10}")
    for n, row in rows.items():
        floor = row["floor"][0]
        for k, (wall, cpu, mem) in row.items():
            goal = GOALS.get(k)
            mark = "" if goal is None else ("  met" if wall / floor <= goal else f"  NOT MET (goal ≤ {goal}×)")
            print(f"{n:>7} {k:<20} {wall:>8.2f} {cpu:>8.2f} {mem:>9.1f} {wall / floor:>10.2f}{mark}")
    small, large = sizes[0], sizes[-1]
    if large > small:
        for k in ("cold, default jobs", "cold --jobs 1"):
            per = [rows[n][k][0] / n for n in (small, large)]
            r = per[1] / per[0]
            print(f"time per unit {k}: {per[0] * 1e3:.3f} ms at {small}, {per[1] * 1e3:.3f} ms at {large} "
                  f"({r:.2f}×){'' if r <= LINEAR_GOAL else f'  NOT MET (goal ≤ {LINEAR_GOAL}×: linear)'}")
        for k in ("cold, default jobs", "cold --jobs 1"):
            m = rows[large][k][2] / rows[small][k][2]
            print(f"peak memory {k}: {rows[small][k][2]:.1f} MiB at {small}, {rows[large][k][2]:.1f} MiB at {large} "
                  f"({m:.2f}×){'' if m <= MEMORY_GOAL else f'  NOT MET (goal ≤ {MEMORY_GOAL}×)'}")
    print(json.dumps({"set": cset.id, "names": args.names, "rows": {n: {k: {"wall": round(v[0], 3), "cpu": round(v[1], 3),
                                                      "peak_mib": round(v[2], 1)} for k, v in row.items()}
                                               for n, row in rows.items()}}, ensure_ascii=False))


if __name__ == "__main__":
    main()
