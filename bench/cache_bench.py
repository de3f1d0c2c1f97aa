"""Batch cold, warm (result cache) and after one changed file, side by side with the parse floor.

    python bench/cache_bench.py [--units 1000,10000] [--set ID] [--repeat 3] [--jobs 0] [--rerun-only]

For each size, generates FICTIONAL communes (bench/batch_bench.py) in a temporary folder and times,
in one run, each as a fresh process (wall clock and user+system CPU, best of --repeat):

* floor: a `python` that reads every file and parses it with PyYAML's CSafeLoader;
* cold --no-cache, --jobs 1 and --jobs N (N = --jobs, 0: the number of CPUs);
* cold with an empty cache (the first run of a day: also writes the cache);
* warm: the same command again, nothing changed (the kept report is written again);
* one file changed: one commune file edited, then the same command (a JSON report is rebuilt
  from the kept pieces of the last run: run/splice.py);
* warm after the change: the same command again (the edited file is older than 2 s by then).

The tool runs from a snapshot of `ntm_eval/` and `criteria/` copied into the temporary folder
(PYTHONPATH), compiled once: the cache is keyed on the tool's own code, and other work in the same
checkout would otherwise change the key between runs.

Every figure is also printed as a ratio to the floor. The cache lives in the temporary folder
(NTM_EVAL_CACHE_DIR); the report goes to a file there. Prints a table, then the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

from batch_bench import PARSE_ONLY, generate, pick_set  # noqa: E402


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    # run from the temporary folder: `python -m` puts the current folder first on sys.path, and
    # the checkout's ntm_eval would shadow the snapshot
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                   cwd=env["NTM_EVAL_BENCH_CWD"])
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def best(cmd: list[str], env: dict[str, str], repeat: int, before=None) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        if before is not None:
            before()
        runs.append(timed(cmd, env))
    return min(r[0] for r in runs), min(r[1] for r in runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--units", default="1000,10000")
    ap.add_argument("--set", dest="set_ref")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=0)
    ap.add_argument("--rerun-only", action="store_true",
                    help="skip the --no-cache runs (the cache is filled by one cold run, not timed)")
    args = ap.parse_args()
    cset = pick_set(args.set_ref)
    jobs = args.jobs or os.cpu_count() or 1
    results = []
    with tempfile.TemporaryDirectory(prefix="ntm-cache-bench-") as tmp:
        snap = os.path.join(tmp, "snap")
        root = os.path.dirname(HERE)
        shutil.copytree(os.path.join(root, "ntm_eval"), os.path.join(snap, "ntm_eval"),
                        ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(os.path.join(root, "criteria"), os.path.join(snap, "criteria"))
        base_env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        base_env["PYTHONPATH"] = os.pathsep.join(p for p in (snap, base_env.get("PYTHONPATH")) if p)
        base_env["NTM_EVAL_BENCH_CWD"] = tmp
        subprocess.run([sys.executable, "-m", "compileall", "-q", snap], env=base_env, check=True)
        where = subprocess.run([sys.executable, "-c", "import ntm_eval; print(ntm_eval.__file__)"], env=base_env,
                               cwd=tmp, capture_output=True, text=True, check=True).stdout
        assert where.startswith(snap), where  # the snapshot runs, not the checkout
        for n in (int(x) for x in args.units.split(",")):
            folder = os.path.join(tmp, f"u{n}")
            generate(cset, folder, n)
            cache = os.path.join(tmp, f"cache{n}")
            env = {**base_env, "NTM_EVAL_CACHE_DIR": cache}
            out = os.path.join(tmp, f"out{n}.json")
            batch = [sys.executable, "-m", "ntm_eval", "batch", folder, "--format", "json", "-o", out]
            row = {"units": n}
            row["floor"] = best([sys.executable, "-c", PARSE_ONLY, folder], env, args.repeat)
            if args.rerun_only:
                timed(batch, env)  # fills the cache
            else:
                row["cold --no-cache --jobs 1"] = best(batch + ["--no-cache", "--jobs", "1"], env, args.repeat)
                row[f"cold --no-cache --jobs {jobs}"] = best(batch + ["--no-cache", "--jobs", str(jobs)], env,
                                                             args.repeat)
                row["cold, empty cache"] = best(batch, env, args.repeat,
                                                before=lambda: shutil.rmtree(cache, ignore_errors=True))
            row["warm (nothing changed)"] = best(batch, env, args.repeat)
            first = sorted(os.path.join(r, f) for r, _, fs in os.walk(folder) for f in fs)[0]
            counter = [0]

            def touch_one() -> None:
                counter[0] += 1
                with open(first, "a", encoding="utf-8") as fh:
                    fh.write(f"# sửa {counter[0]}\n")

            row["one file changed"] = best(batch, env, args.repeat, before=touch_one)
            time.sleep(2.1)  # the edited file is no longer racy
            row["warm after the change"] = best(batch, env, args.repeat)
            results.append(row)
    print(f"{'units':>7} {'run':<28} {'wall s':>8} {'cpu s':>8} {'wall/floor':>10} {'cpu/floor':>9}")
    for row in results:
        fw, fc = row["floor"]
        for k, v in row.items():
            if k == "units":
                continue
            print(f"{row['units']:>7} {k:<28} {v[0]:>8.2f} {v[1]:>8.2f} {v[0] / fw:>10.2f} {v[1] / fc:>9.2f}")
    print(json.dumps([{k: (v if k == "units" else {"wall": round(v[0], 3), "cpu": round(v[1], 3)})
                       for k, v in row.items()} for row in results], ensure_ascii=False))


if __name__ == "__main__":
    main()
