"""Time and peak memory of `batch --format json|xlsx|html|pdf|docx` on synthetic communes.

    python bench/formats_bench.py [--units 1000,10000] [--formats json,table,csv,md,html,xlsx,pdf,docx]
                                  [--repeat 1] [--keep DIR] [--set ID] [--names fictional|real]

Generates synthetic communes with bench/batch_bench.py's generator (a commune-level set, ~100
communes per district): FICTIONAL names by default (every file then carries a warning: its
province is not on the map — the reports' warnings sections at their largest), or with
`--names real` the old map's communes in turn, with their district and province (no warning:
what a province office's batch looks like), then runs `ntm-eval batch DIR --format F --output FILE --no-cache` in a
child process per format and size: every format once per round, --repeat rounds (round robin:
the machine is shared, each format's best run is taken under the conditions json's was), wall
time (best run, interpreter start-up included), the child's peak memory (ru_maxrss, the largest),
the output's size and, for pdf, its page count (pypdf when installed). Prints a table, then one
JSON object: the figures, and for every format its ratios to json (time, memory) and of the
larger size to the smaller (time, memory). A format slower than 1.5x the json run of the same
batch (issue 15) is marked NOT MET.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

from batch_bench import generate, pick_set  # noqa: E402  (the same synthetic communes)

GOAL = 1.5  # issue 15: no format takes more than 1.5x the json run of the same batch


def run(cmd: list[str]) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in KiB of the child, exit code). The child's stderr goes to a temporary
    file, never a pipe: a batch's warnings (one per unit) fill a pipe's buffer and would block it."""
    import subprocess

    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        dt = time.perf_counter() - t0
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            err.seek(0)
            tail = err.read().decode("utf-8", "replace")[-2000:]
            raise SystemExit(f"command failed ({code}): {' '.join(cmd)}\n{tail}")
    return dt, usage.ru_maxrss, code


def pages(path: str) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return len(PdfReader(path).pages)


def measure(cli: list[str], folder: str, formats: list[str], out_dir: str, repeat: int,
            flags: list[str]) -> dict[str, dict[str, float | int | None]]:
    """Every format `repeat` times, round robin (json, table, …, json, table, …): the machine is
    shared, so each format's best run is taken under the same conditions as json's."""
    runs: dict[str, list[tuple[float, int, int]]] = {fmt: [] for fmt in formats}
    for _ in range(repeat):
        for fmt in formats:
            out = os.path.join(out_dir, f"report.{fmt}")
            runs[fmt].append(run(cli + ["batch", folder, "--format", fmt, "--output", out, *flags]))
    return {fmt: {"seconds": round(min(r[0] for r in rs), 2), "peak_mib": round(max(r[1] for r in rs) / 1024, 1),
                  "bytes": os.path.getsize(os.path.join(out_dir, f"report.{fmt}")),
                  "pages": pages(os.path.join(out_dir, f"report.{fmt}")) if fmt == "pdf" else None}
            for fmt, rs in runs.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--units", default="1000,10000")
    ap.add_argument("--formats", default="json,table,csv,md,html,xlsx,pdf,docx")
    ap.add_argument("--set", dest="set_ref")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=0, help="pass --jobs N to batch (0: its default)")
    ap.add_argument("--keep", help="generate into this folder and keep it")
    ap.add_argument("--names", choices=("fictional", "real"), default="fictional")
    args = ap.parse_args()
    sizes = [int(x) for x in args.units.split(",")]
    formats = args.formats.split(",")
    exe = shutil.which("ntm-eval", path=os.path.dirname(sys.executable)) or shutil.which("ntm-eval")
    cli = [exe] if exe else [sys.executable, "-m", "ntm_eval"]
    flags = ["--no-cache"] + (["--jobs", str(args.jobs)] if args.jobs else [])
    cset = pick_set(args.set_ref)
    root = args.keep or tempfile.mkdtemp(prefix="ntm-formats-bench-")
    out_dir = tempfile.mkdtemp(prefix="ntm-formats-out-")
    figures: dict[str, dict[str, dict]] = {}
    print(f"set: {cset.id} ({len(cset.criteria)} criteria); python {sys.version.split()[0]}; cpus {os.cpu_count()}; "
          f"flags: {' '.join(flags) or '-'}; names: {args.names}")
    try:
        for n in sizes:
            folder = os.path.join(root, f"n{n}" + ("-real" if args.names == "real" else ""))
            if not os.path.isdir(folder):
                t0 = time.perf_counter()
                generate(cset, folder, n, real_names=args.names == "real")
                print(f"generated {n} communes in {time.perf_counter() - t0:.1f} s")
            run(cli + ["batch", folder, "--format", "json", "--output", os.path.join(out_dir, "warm.json"), *flags])
            order = ["json"] + [f for f in formats if f != "json"]  # json first: every ratio is to it
            got = measure(cli, folder, order, out_dir, args.repeat, flags)
            for fmt in order:
                f = figures.setdefault(fmt, {})[str(n)] = got[fmt]
                base = figures["json"][str(n)]
                ratio = f["seconds"] / base["seconds"]
                verdict = "" if fmt == "json" else (f"  {ratio:5.2f}x json" + ("" if ratio <= GOAL else
                                                                            f"  NOT MET (goal <= {GOAL}x)"))
                print(f"{n:>6} {fmt:<5} {f['seconds']:8.2f} s  peak {f['peak_mib']:7.1f} MiB "
                      f"({f['peak_mib'] / base['peak_mib']:4.2f}x json)  {f['bytes'] / 1e6:8.2f} MB"
                      + (f"  {f['pages']} pages" if f["pages"] else "") + verdict, flush=True)
        print(json.dumps({"set": cset.id, "names": args.names, "units": sizes, "figures": figures,
                          "ratios": ratios(figures, sizes)},
                         ensure_ascii=False, indent=1))
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


def ratios(figures: dict[str, dict[str, dict]], sizes: list[int]) -> dict[str, dict[str, float]]:
    """Per format: time and memory against json at each size, and the largest size against the smallest."""
    out: dict[str, dict[str, float]] = {}
    base = figures.get("json", {})
    lo, hi = str(min(sizes)), str(max(sizes))
    for fmt, by in figures.items():
        r: dict[str, float] = {}
        for n, f in by.items():
            if n in base and fmt != "json":
                r[f"time_vs_json_{n}"] = round(f["seconds"] / base[n]["seconds"], 2)
                r[f"memory_vs_json_{n}"] = round(f["peak_mib"] / base[n]["peak_mib"], 2)
        if lo != hi and lo in by and hi in by:
            r[f"time_{hi}_vs_{lo}"] = round(by[hi]["seconds"] / by[lo]["seconds"], 2)
            r[f"memory_{hi}_vs_{lo}"] = round(by[hi]["peak_mib"] / by[lo]["peak_mib"], 2)
        out[fmt] = r
    return out


if __name__ == "__main__":
    main()
