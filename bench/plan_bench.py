"""`ntm-eval plan` on a synthetic province, against `ntm-eval batch` on the same input.

    python bench/plan_bench.py [--units 10000] [--set ID] [--repeat 3] [--keep DIR]

Generates FICTIONAL communes exactly as bench/batch_bench.py does (same generator, same seed:
1 province, ~100 communes per district), writes a plan for them with one target of every
aggregate shape per criterion (share of communes meeting criterion N, its count, the average,
communes meeting the set) plus a few unit targets, then times, best of --repeat runs:

* batch: `ntm-eval batch DIR --format json --output TMP/batch.json`;
* plan:  `ntm-eval plan PLAN DIR --format json --next --output TMP/plan.json`;

and prints both times, their ratio (plan / batch), and the peak memory (ru_maxrss) of each.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

from batch_bench import best, generate, pick_set, run  # noqa: E402


def write_plan(cset, path: str, n: int) -> int:
    year = max(cset.years) if cset.years else 2024
    lines = ["# Kế hoạch TỔNG HỢP để đo hiệu năng — không phải kế hoạch thật", "plan: Kế hoạch thử nghiệm",
             "source: bench/plan_bench.py", f"year: {year}", "in: {province: Tỉnh Thử Nghiệm}",
             f"sets: {{NTM: {cset.id}}}", "targets:",
             f"  - {{meets: NTM, units: {n // 2}, of: {n}}}", "  - {meets: NTM, percent: 60}",
             '  - {average: "15,5", set: NTM}']
    for c in cset.criteria:
        if c.precondition:
            continue
        lines.append(f'  - {{criterion: "{c.id}", set: NTM, percent: 90}}')
        lines.append(f'  - {{criterion: "{c.id}", set: NTM, units: {n}, of: {n}}}')
    for k in (1, 2, 3, n // 2, n):
        lines.append(f"  - {{unit: Xã {_name(cset, k)}, meets: NTM}}")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    return sum(1 for x in lines if x.startswith("  - "))


def _name(cset, k: int) -> str:
    """The k-th generated commune's name, read back from its file."""
    return _NAMES[k]


_NAMES: dict[int, str] = {}


def read_names(folder: str, wanted: set[int]) -> None:
    for root, _, files in os.walk(folder):
        for f in files:
            k = int(f[3:8])
            if k in wanted:
                with open(os.path.join(root, f), encoding="utf-8") as fh:
                    for line in fh:
                        if line.startswith("  name: Xã "):
                            _NAMES[k] = line[len("  name: Xã "):].strip()
                            break


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--units", type=int, default=10_000)
    ap.add_argument("--set", dest="set_ref")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", help="generate into this folder and keep it")
    args = ap.parse_args()

    exe = shutil.which("ntm-eval", path=os.path.dirname(sys.executable)) or shutil.which("ntm-eval")
    cli = [exe] if exe else [sys.executable, "-m", "ntm_eval"]
    cset = pick_set(args.set_ref)
    root = args.keep or tempfile.mkdtemp(prefix="ntm-plan-bench-")
    n = args.units
    folder = os.path.join(root, f"n{n}")
    try:
        if not os.path.isdir(folder):
            t0 = time.perf_counter()
            generate(cset, folder, n)
            print(f"generated {n} files in {time.perf_counter() - t0:.1f} s")
        read_names(folder, {1, 2, 3, n // 2, n})
        plan = os.path.join(root, "plan.yaml")
        targets = write_plan(cset, plan, n)
        print(f"set: {cset.id}; {n} communes; plan: {targets} targets; folder: {root}")
        out_b, out_p = os.path.join(root, "batch.json"), os.path.join(root, "plan.json")
        batch = cli + ["batch", folder, "--no-cache", "--format", "json", "--output", out_b]
        planc = cli + ["plan", plan, folder, "--format", "json", "--next", "--output", out_p]
        run(batch)  # warm the page cache
        tb, mb = best(batch, args.repeat)
        tp, mp = best(planc, args.repeat)
        print(f"  ntm-eval batch --format json         {tb:8.2f} s   peak {mb / 1024:7.1f} MiB")
        print(f"  ntm-eval plan --format json --next   {tp:8.2f} s   peak {mp / 1024:7.1f} MiB")
        print(f"  ratio plan / batch: time {tp / tb:.2f}, peak memory {mp / mb:.2f}")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
