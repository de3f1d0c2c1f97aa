"""`diff` of two synthetic provinces, against `batch` on one of them.

    python bench/diff_bench.py [--units 10000] [--set ID] [--repeat 1] [--jobs N] [--keep DIR]

Generates two FICTIONAL provinces with `bench/batch_bench.py` (same communes, same names and
districts: the generator is seeded; the later year from another seed, so values — and statuses —
move both ways), the earlier one rewritten to year Y-1, then prints:

* batch: `ntm-eval batch NEW --format json --output OUT` (one process);
* diff:  `ntm-eval diff OLD NEW --format json --output OUT` (one process: both years evaluated);
* the ratio diff / batch (≈ 2 is the floor: two provinces are evaluated), and the peak memory
  (ru_maxrss) of each child.

Times are the best of --repeat runs (wall clock, interpreter start-up included).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

import batch_bench as bb  # noqa: E402


def generate_pair(cset, root: str, n: int) -> tuple[str, str]:
    old, new = os.path.join(root, f"old{n}"), os.path.join(root, f"new{n}")
    if not os.path.isdir(new):
        bb.generate(cset, new, n, seed=2024)
    if not os.path.isdir(old):
        _generate_earlier(cset, old, n)
    return old, new


def _generate_earlier(cset, folder: str, n: int) -> None:
    """The same communes (names and districts come from the same seed), values drawn again, a
    year earlier."""
    bb.generate(cset, folder, n, seed=2024)  # names and districts
    tmp = folder + ".values"
    bb.generate(cset, tmp, n, seed=2023)  # other values
    year = max(cset.years) if cset.years else 2024
    for root, _dirs, files in os.walk(folder):
        for f in files:
            p = os.path.join(root, f)
            q = os.path.join(tmp, os.path.relpath(p, folder))
            head = open(p, encoding="utf-8").read().split("values:\n")[0]
            vals = open(q, encoding="utf-8").read().split("values:\n")[1]
            head = head.replace(f"year: {year}\n", f"year: {year - 1}\n")
            with open(p, "w", encoding="utf-8") as fh:
                fh.write(head + "values:\n" + vals)
    shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--units", type=int, default=10_000)
    ap.add_argument("--set", dest="set_ref")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=0, help="also time diff --jobs N (0: skip)")
    ap.add_argument("--keep", help="generate into this folder and keep it")
    args = ap.parse_args()

    exe = shutil.which("ntm-eval", path=os.path.dirname(sys.executable)) or shutil.which("ntm-eval")
    cli = [exe] if exe else [sys.executable, "-m", "ntm_eval"]
    cset = bb.pick_set(args.set_ref)
    root = args.keep or tempfile.mkdtemp(prefix="ntm-diff-bench-")
    out = os.path.join(root, "out.json")
    print(f"set: {cset.id} ({len(cset.criteria)} criteria, {len(cset.all_ids())} indicator keys); folder: {root}")
    print(f"python {sys.version.split()[0]}, libyaml: {bb._libyaml()}, cpus: {os.cpu_count()}")
    try:
        t0 = time.perf_counter()
        old, new = generate_pair(cset, root, args.units)
        print(f"generated 2 × {args.units} files in {time.perf_counter() - t0:.1f} s")
        bb.run(cli + ["batch", new, "--no-cache", "--format", "json", "--output", out])  # warm the page cache
        bb.run(cli + ["batch", old, "--no-cache", "--format", "json", "--output", out])
        tb, mb = bb.best(cli + ["batch", new, "--no-cache", "--format", "json", "--output", out], args.repeat)
        td, md = bb.best(cli + ["diff", old, new, "--format", "json", "--output", out], args.repeat)
        size = os.path.getsize(out)
        print(f"\n{args.units:>6} communes per province")
        print(f"  ntm-eval batch NEW --format json     {tb:8.2f} s   peak {mb / 1024:7.1f} MiB")
        print(f"  ntm-eval diff OLD NEW --format json  {td:8.2f} s   peak {md / 1024:7.1f} MiB   "
              f"(report {size / 2 ** 20:.1f} MiB)")
        print(f"  ratio diff / batch                   {td / tb:8.2f}     (two provinces evaluated: ≈ 2 at best)")
        print(f"  memory ratio diff / batch            {md / mb:8.2f}")
        if args.jobs:
            tj, mj = bb.best(cli + ["diff", old, new, "--format", "json", "--output", out, "--jobs", str(args.jobs)],
                             args.repeat)
            print(f"  diff --jobs {args.jobs:<3}                      {tj:8.2f} s   peak {mj / 1024:7.1f} MiB (parent)")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    random.seed(0)
    main()
