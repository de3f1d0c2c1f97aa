"""Cost of the official-units checks (load/adminunits.py): start-up and batch.

    python bench/units_bench.py [--repeat 3] [--keep DIR]

1. Start-up: `ntm-eval --version` and the import of `ntm_eval.load.adminunits` (which reads no
   data), then the first read of each map and of the converter, in a fresh interpreter: wall time
   and peak memory (ru_maxrss), and `python -X importtime` of `ntm-eval --version` (the dataset
   must not appear in it).
2. Batch: the 3,321 communes of the new map (their real names and codes, taken from the dataset;
   the values are made up and nearly empty — the point is the unit checks), evaluated with
   `vn/2026-2030/xa-ntm`, in three folders: (a) no province and no code — nothing is checked, the
   dataset is never read; (b) name and province — names checked; (c) name, province and code —
   names and codes checked. Best of --repeat runs, one process, `--format json`.
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
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

from batch_bench import best, run  # noqa: E402  (same timing helpers)

SET = "vn/2026-2030/xa-ntm"
LOAD = r"""
import resource, sys, time
t0 = time.perf_counter()
from ntm_eval.load import adminunits as au
t1 = time.perf_counter()
au.get_map("old"); t2 = time.perf_counter()
au.get_map("new"); t3 = time.perf_counter()
new = au.get_map("new")
au.predecessors(next(iter(new.by_code.values()))); t4 = time.perf_counter()
print(f"{t1 - t0:.4f} {t2 - t1:.4f} {t3 - t2:.4f} {t4 - t3:.4f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")
"""
BASE_RSS = "import resource; import ntm_eval.load.unit; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"


def generate(folder: str, variant: str) -> int:
    from ntm_eval.load import adminunits as au

    new = au.get_map("new")
    n = 0
    for pcode, units in sorted(new.communes.items()):
        prov = new.by_code[pcode]
        sub = os.path.join(folder, f"t{pcode}")
        os.makedirs(sub, exist_ok=True)
        for lst in units.values():
            for u in lst:
                n += 1
                lines = ["# Số liệu TỔNG HỢP để đo hiệu năng — không phải số liệu thật", "unit:",
                         f"  name: {u.short}", "  level: xa",  # phường too: the set is for communes
                         f"  group: {1 + n % 3}"]
                if variant in ("names", "codes"):
                    lines.append(f"  province: {prov.short}")
                if variant == "codes":
                    lines.append(f'  code: "{u.code}"')
                lines += ["year: 2026", f"criteria_set: {SET}", "values: {}"]
                with open(os.path.join(sub, f"{u.code}.yaml"), "w", encoding="utf-8") as fh:
                    fh.write("\n".join(lines) + "\n")
    return n


def generate_old(folder: str, variant: str) -> int:
    """The 10,040 communes of the old map, for the 2021–2025 set: (a) region given, no province;
    (b) province, district, name and code (region from the province)."""
    from ntm_eval.load import adminunits as au

    old = au.get_map("old")
    n = 0
    for pcode, units in sorted(old.communes.items()):
        prov = old.by_code[pcode]
        sub = os.path.join(folder, f"t{pcode}")
        os.makedirs(sub, exist_ok=True)
        for lst in units.values():
            for u in lst:
                n += 1
                lines = ["# Số liệu TỔNG HỢP để đo hiệu năng — không phải số liệu thật", "unit:",
                         f"  name: {u.short}", "  level: xa"]
                if variant == "codes":
                    lines += [f"  district: {u.district}", f"  province: {prov.short}", f'  code: "{u.code}"']
                else:
                    lines.append(f"  region: {au.region_of(prov.short)}")
                lines += ["year: 2024", f"criteria_set: {OLD_SET}", "values: {}"]
                with open(os.path.join(sub, f"{u.code}.yaml"), "w", encoding="utf-8") as fh:
                    fh.write("\n".join(lines) + "\n")
    return n


OLD_SET = "vn/2021-2025/xa-ntm"
FOLDERS = (("plain", generate), ("names", generate), ("codes", generate), ("old-plain", generate_old),
           ("old-codes", generate_old))


def generate_all(root: str) -> None:
    """Write every folder (run in a child: a parent that has read the maps would lend its memory to
    the peaks measured, since a forked child's ru_maxrss starts from its parent's)."""
    counts = {}
    for name, gen in FOLDERS:
        folder = os.path.join(root, name)
        if not os.path.isdir(folder):
            counts[name] = gen(folder, name.removeprefix("old-"))
    with open(os.path.join(root, "counts.json"), "w", encoding="utf-8") as fh:
        json.dump(counts, fh)


def _summary(path: str) -> dict:
    """The report's summary, read from its head only: loading a 10,000-unit report here would grow
    this process, and the next child's peak with it."""
    with open(path, encoding="utf-8") as fh:
        head = fh.read(4096)
    start = head.index('"summary":') + len('"summary":')
    return json.JSONDecoder().raw_decode(head, start)[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", help="generate into this folder and keep it")
    ap.add_argument("--output", default=os.path.join(tempfile.gettempdir(), "units-bench.json"))
    args = ap.parse_args()
    from ntm_eval.load import adminunits as au

    if not au.available():
        raise SystemExit(f"the units dataset is not installed: pip install '.[units]' ({au.PACKAGE})")
    exe = shutil.which("ntm-eval", path=os.path.dirname(sys.executable)) or shutil.which("ntm-eval")
    cli = [exe] if exe else [sys.executable, "-m", "ntm_eval"]
    print(f"python {sys.version.split()[0]}, {au.PACKAGE} {au.PACKAGE_VERSION}, data: {au.data_dir()}")

    tv, mv = best(cli + ["--version"], args.repeat)
    print(f"\nntm-eval --version                 {tv * 1000:7.0f} ms   peak {mv / 1024:6.1f} MiB")
    imp = subprocess.run([sys.executable, "-X", "importtime", "-c", "from ntm_eval.cli import main_group"],
                         capture_output=True, text=True).stderr
    leaked = [ln for ln in imp.splitlines() if "adminunits" in ln or "sqlite3" in ln or "vietnamadminunits" in ln]
    print(f"  importtime of the CLI: dataset modules imported: {len(leaked)} (goal 0)")
    base = int(subprocess.run([sys.executable, "-c", BASE_RSS], capture_output=True, text=True).stdout)
    loads = []
    for _ in range(args.repeat):
        out = subprocess.run([sys.executable, "-c", LOAD], capture_output=True, text=True, check=True).stdout.split()
        loads.append([float(x) for x in out[:4]] + [int(out[4])])
    imp_t, old_t, new_t, conv_t = (min(r[i] for r in loads) for i in range(4))
    peak = max(r[4] for r in loads)
    print(f"import ntm_eval.load.adminunits    {imp_t * 1000:7.1f} ms (reads no data)")
    print(f"first read of the old map (10,040) {old_t * 1000:7.1f} ms")
    print(f"first read of the new map (3,321)  {new_t * 1000:7.1f} ms")
    print(f"first read of the converter        {conv_t * 1000:7.1f} ms (only with merged_from)")
    print(f"peak memory with all three         {peak / 1024:7.1f} MiB (the loader alone: {base / 1024:.1f} MiB,"
          f" +{(peak - base) / 1024:.1f} MiB)")

    root = args.keep or tempfile.mkdtemp(prefix="ntm-units-bench-")
    try:
        subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {HERE!r}); "
                        f"import units_bench as u; u.generate_all({root!r})"], check=True)
        with open(os.path.join(root, "counts.json"), encoding="utf-8") as fh:
            counts = json.load(fh)
        n, n_old = counts.get("codes", 0), counts.get("old-codes", 0)
        results = {}
        for variant in ("plain", "names", "codes"):
            folder = os.path.join(root, variant)
            run(cli + ["batch", folder, "--no-cache", "--jobs", "1", "--format", "json", "--output", args.output])  # warm the units cache (the result cache is bypassed)
            results[variant] = best(cli + ["batch", folder, "--no-cache", "--jobs", "1", "--format", "json", "--output", args.output],
                                    args.repeat)
            summary = _summary(args.output)
            if summary["units"] != n or summary["with_errors"]:
                raise SystemExit(f"{variant}: {summary}")
        print(f"\nbatch of {n} communes of the new map ({SET}, --format json, one process)")
        t0 = results["plain"][0]
        labels = {"plain": "no province, no code (unchecked)", "names": "names + province",
                  "codes": "names + province + code"}
        for v, (t, m) in results.items():
            print(f"  {labels[v]:<34} {t:6.2f} s   peak {m / 1024:6.1f} MiB   ×{t / t0:.2f}")
        old = {}
        for variant in ("plain", "codes"):
            folder = os.path.join(root, f"old-{variant}")
            run(cli + ["batch", folder, "--no-cache", "--jobs", "1", "--format", "json", "--output", args.output])
            old[variant] = best(cli + ["batch", folder, "--no-cache", "--jobs", "1", "--format", "json", "--output", args.output], args.repeat)
            summary = _summary(args.output)
            if summary["units"] != n_old or summary["with_errors"]:
                raise SystemExit(f"old {variant}: {summary}")
        print(f"\nbatch of {n_old} communes of the old map ({OLD_SET}, year 2024)")
        t0 = old["plain"][0]
        for v, label in (("plain", "region given, no province/code"),
                         ("codes", "province + district + code (region from province)")):
            t, m = old[v]
            print(f"  {label:<50} {t:6.2f} s   peak {m / 1024:6.1f} MiB   ×{t / t0:.2f}")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
