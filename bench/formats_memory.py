"""Peak memory of rendering a batch report of N units, per format (issue 15: every format streams;
the XLSX and HTML of 100,000 units do not hold all rows in memory twice).

    python bench/formats_memory.py [--units 1000,10000,100000] [--formats json,csv,md,html,xlsx,table,pdf,docx]

Evaluating 100,000 files takes minutes; rendering is what this measures. The rows are made
once from a few of bench/batch_bench.py's FICTIONAL communes, evaluated for real, then repeated
(new index, name, district and source each time) through run/batch.py's `collect`, so they go
to the row store's spool file as a real batch's do. Each format is rendered in a child process
of its own to a temporary file; the figure is the child's peak RSS (ru_maxrss) and its growth
from the smallest N, beside json's. Prints a table, then one JSON object.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))


def child(folder: str, n: int, fmt: str, out: str) -> None:
    """Render `fmt` of a batch of `n` rows made from the units of `folder`; print peak RSS (KiB)."""
    from ntm_eval.run.batch import collect, stream_units

    seed = list(stream_units(folder, detail=True))

    def rows():
        for k in range(n):
            row, info = seed[k % len(seed)]
            if not hasattr(row, "index"):
                continue
            yield dataclasses.replace(row, index=k, name=f"{row.name} {k}", source=f"{row.source}#{k}",
                                      district=f"Huyện {k // 100}"), info

    t0 = time.perf_counter()
    with collect(rows(), folder) as rep:
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t1 = time.perf_counter()
        if fmt in ("json", "csv", "md", "html", "table"):
            from ntm_eval.render.batch import render_text

            with open(out, "w", encoding="utf-8") as fh:
                render_text(fmt, rep, fh)
        elif fmt == "xlsx":
            from ntm_eval.render.batch import render_xlsx

            with open(out, "wb") as fh:
                render_xlsx(rep, fh)
        else:
            import importlib

            with open(out, "wb") as fh:
                importlib.import_module(f"ntm_eval.render.batch.{fmt}").render(rep, fh)
        t2 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"peak_kib": peak, "before_render_kib": base, "collect_s": round(t1 - t0, 2),
                      "render_s": round(t2 - t1, 2), "bytes": os.path.getsize(out)}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--units", default="1000,10000,100000")
    ap.add_argument("--formats", default="json,csv,md,html,xlsx,table")
    ap.add_argument("--seed-units", type=int, default=200, help="real communes evaluated once, then repeated")
    ap.add_argument("--child", nargs=4, metavar=("FOLDER", "N", "FORMAT", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        folder, n, fmt, out = args.child
        child(folder, int(n), fmt, out)
        return
    from batch_bench import generate, pick_set

    cset = pick_set(None)
    sizes = [int(x) for x in args.units.split(",")]
    formats = args.formats.split(",")
    figures: dict[str, dict[str, dict]] = {}
    with tempfile.TemporaryDirectory(prefix="ntm-formats-memory-") as tmp:
        folder = os.path.join(tmp, "seed")
        generate(cset, folder, args.seed_units)
        print(f"set {cset.id}; {args.seed_units} communes evaluated, repeated to each N")
        for n in sizes:
            for fmt in formats:
                out = os.path.join(tmp, f"report.{fmt}")
                r = subprocess.run([sys.executable, __file__, "--child", folder, str(n), fmt, out],
                                   capture_output=True, text=True)
                if r.returncode:
                    raise SystemExit(r.stderr[-3000:])
                f = json.loads(r.stdout.strip().splitlines()[-1])
                figures.setdefault(fmt, {})[str(n)] = f
                lo = figures[fmt].get(str(min(sizes)))
                growth = f["peak_kib"] / lo["peak_kib"] if lo else 1.0
                print(f"{n:>7} {fmt:<5} peak {f['peak_kib'] / 1024:7.1f} MiB (before rendering "
                      f"{f['before_render_kib'] / 1024:6.1f}; {growth:4.2f}x the {min(sizes)} figure)  "
                      f"render {f['render_s']:7.2f} s  {f['bytes'] / 1e6:8.2f} MB", flush=True)
    print(json.dumps({"set": cset.id, "units": sizes, "figures": figures}, indent=1))


if __name__ == "__main__":
    main()
