"""Cost of the official-units checks (load/adminunits.py): start-up and batch.

    python -m compileall -q ntm_eval   # without PYTHONDONTWRITEBYTECODE, else every run compiles
    env -u PYTHONDONTWRITEBYTECODE python bench/units_bench.py [--repeat 3] [--keep DIR] [--new-only]

1. Start-up: `ntm-eval --version` and the import of `ntm_eval.load.adminunits` (which reads no
   data), then in a fresh interpreter the first use of each map as one check makes it (a province,
   a name, a code), the whole old map, and the converter: wall time and peak memory (ru_maxrss), and `python -X importtime` of `ntm-eval --version` (the dataset
   must not appear in it); `python -X importtime -c "import ntm_eval.load.adminunits"` (self and
   cumulative of the module); `check FILE --format json` of one commune with province and code
   against the same file without them (what a single check pays for the dataset), alternated.
2. Batch: the 3,321 communes of the new map (their real names and codes, taken from the dataset;
   the values are made up and nearly empty — the point is the unit checks), evaluated with
   `vn/2026-2030/xa-ntm`, in three folders: (a) no province and no code — nothing is checked, the
   dataset is never read; (b) name and province — names checked; (c) name, province and code —
   names and codes checked. The three folders are run in turn within each repeat (never one
   variant's repeats back to back: the machine is shared, drift would go into the ratios); best of
   --repeat, one process (--jobs 1), --no-cache, `--format json`. Then the old map's 10,040
   communes (skipped with --new-only).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

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
new = au.get_map("new")  # what one check of a 2026 commune asks: its province, its name, its code
p = au.lookup(new.provinces, "Lai Châu"); au.lookup(new.communes.get(p.code, {}), "Bình Lư"); new.by_code.get("03390")
t2 = time.perf_counter()
old = au.get_map("old")  # the same for a 2024 commune
p = au.lookup(old.provinces, "Lai Châu"); au.lookup(old.communes.get(p.code, {}), "Khun Há"); old.by_code.get("03430")
t3 = time.perf_counter()
n = sum(len(v) for d in old.communes.values() for v in d.values())  # every province of the old map
t4 = time.perf_counter()
au.predecessors(new.by_code.get("03390")); t5 = time.perf_counter()  # the converter (merged_from)
print(f"{t1 - t0:.4f} {t2 - t1:.4f} {t3 - t2:.4f} {t4 - t3:.4f} {t5 - t4:.4f} "
      f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")
"""
# The units check alone (load/adminunits_check.check_unit), in one process over the files already
# read: the figure the whole-run ratios cannot give on a shared machine (their noise is ±10%).
CHECK_ONLY = r"""
import glob, sys, time
from ntm_eval.io.yamlload import load_path
from ntm_eval.load.unit import read_unit
from ntm_eval.load.adminunits_check import check_unit
root, repeat = sys.argv[1], int(sys.argv[2])
raws = {v: [read_unit(load_path(p)) for p in sorted(glob.glob(f"{root}/{v}/*/*.yaml"))] for v in ("names", "codes")}
for r in raws["codes"][:50]:  # the maps' first use out of the timing
    check_unit(r.doc, dict(r.unit), "2026-12-31", [], [])
best = {}
for _ in range(repeat):
    for v, rs in raws.items():
        units = [dict(r.unit) for r in rs]
        t0 = time.perf_counter()
        for r, u in zip(rs, units):
            check_unit(r.doc, u, "2026-12-31", [], [])
        best[v] = min(best.get(v, 9e9), time.perf_counter() - t0)
print(" ".join(f"{v}={t / len(raws[v]) * 1e6:.1f}" for v, t in best.items()))
"""
BASE_RSS = "import resource; import ntm_eval.load.unit; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"


def alternate(cmds: dict[str, list[str]], repeat: int) -> dict[str, tuple[float, int]]:
    """Each command once per round, in turn (the order rotated each round, so no command always
    runs first), `repeat` rounds: (best wall time, peak RSS KiB)."""
    times: dict[str, list[float]] = {k: [] for k in cmds}
    peaks: dict[str, int] = {k: 0 for k in cmds}
    keys = list(cmds)
    for r in range(repeat):
        for k in keys[r % len(keys):] + keys[:r % len(keys)]:
            dt, rss, _rc = run(cmds[k])
            times[k].append(dt)
            peaks[k] = max(peaks[k], rss)
    return {k: (min(v), peaks[k]) for k, v in times.items()}


def _importtime(stmt: str, module: str) -> tuple[int, int]:
    """(self µs, cumulative µs) of `module` in `python -X importtime -c stmt`, best of 5."""
    best_self = best_cum = None
    for _ in range(5):
        err = subprocess.run([sys.executable, "-X", "importtime", "-c", stmt], capture_output=True, text=True).stderr
        for line in err.splitlines():
            parts = [x.strip() for x in line.removeprefix("import time:").split("|")]
            if len(parts) == 3 and parts[2] == module:
                me, cum = int(parts[0]), int(parts[1])
                best_self = me if best_self is None else min(best_self, me)
                best_cum = cum if best_cum is None else min(best_cum, cum)
    return best_self or 0, best_cum or 0


ONE = """# Số liệu TỔNG HỢP để đo hiệu năng — không phải số liệu thật
unit:
  name: Bình Lư
  level: xa
  group: 2
{extra}year: 2026
criteria_set: vn/2026-2030/xa-ntm
values: {{}}
"""


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


def generate_all(root: str, new_only: bool = False) -> None:
    """Write every folder (run in a child: a parent that has read the maps would lend its memory to
    the peaks measured, since a forked child's ru_maxrss starts from its parent's)."""
    counts = {}
    for name, gen in FOLDERS:
        if new_only and name.startswith("old-"):
            continue
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
    ap.add_argument("--new-only", action="store_true", help="skip the old map's 10,040-commune batch")
    args = ap.parse_args()
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("warning: PYTHONDONTWRITEBYTECODE is set: modules changed since the last compileall are compiled "
              "in every run (~75 ms); run `python -m compileall -q ntm_eval` and `env -u PYTHONDONTWRITEBYTECODE …`")
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
        loads.append([float(x) for x in out[:5]] + [int(out[5])])
    imp_t, new_t, old_t, all_t, conv_t = (min(r[i] for r in loads) for i in range(5))
    peak = max(r[5] for r in loads)
    print(f"import ntm_eval.load.adminunits        {imp_t * 1000:7.1f} ms (reads no data)")
    print(f"one 2026 commune: province, name, code {new_t * 1000:7.1f} ms (first use of the new map)")
    print(f"one 2024 commune: province, name, code {old_t * 1000:7.1f} ms (first use of the old map)")
    print(f"every province of the old map (10,040) {all_t * 1000:7.1f} ms")
    print(f"first use of the converter             {conv_t * 1000:7.1f} ms (only with merged_from)")
    print(f"peak memory after all of these         {peak / 1024:7.1f} MiB (the loader alone: {base / 1024:.1f} MiB,"
          f" +{(peak - base) / 1024:.1f} MiB)")
    me, cum = _importtime("import ntm_eval.load.adminunits", "ntm_eval.load.adminunits")
    print(f"python -X importtime -c 'import ntm_eval.load.adminunits': self {me / 1000:.1f} ms, "
          f"cumulative {cum / 1000:.1f} ms (best of 5)")

    one = tempfile.mkdtemp(prefix="ntm-units-one-")
    try:
        files = {}
        for k, extra in (("bare", ""), ("coded", '  province: Lai Châu\n  code: "03390"\n'),
                         ("merged", '  province: Lai Châu\n  code: "03390"\n  merged_from: ["03412", "03413"]\n')):
            files[k] = os.path.join(one, f"{k}.yaml")
            with open(files[k], "w", encoding="utf-8") as fh:
                fh.write(ONE.format(extra=extra))
        cmds = {k: cli + ["check", f, "--format", "json"] for k, f in files.items()}
        for cmd in cmds.values():
            run(cmd)  # compiled sets and the units cache written once
        got = alternate(cmds, max(args.repeat, 10))
        t0 = got["bare"][0]
        print(f"\ncheck of one commune, --format json (alternated, best of {max(args.repeat, 10)})")
        for k, label in (("bare", "no province, no code (unchecked)"), ("coded", "province + code"),
                         ("merged", "province + code + merged_from")):
            t, m = got[k]
            print(f"  {label:<34} {t * 1000:6.0f} ms   peak {m / 1024:6.1f} MiB   ×{t / t0:.2f}   "
                  f"+{(t - t0) * 1000:.0f} ms")
    finally:
        shutil.rmtree(one, ignore_errors=True)

    root = args.keep or tempfile.mkdtemp(prefix="ntm-units-bench-")
    try:
        subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {HERE!r}); "
                        f"import units_bench as u; u.generate_all({root!r}, {args.new_only!r})"], check=True)
        with open(os.path.join(root, "counts.json"), encoding="utf-8") as fh:
            counts = json.load(fh)
        n, n_old = counts.get("codes", 0), counts.get("old-codes", 0)
        cmds = {v: cli + ["batch", os.path.join(root, v), "--no-cache", "--jobs", "1", "--format", "json",
                          "--output", f"{args.output}.{v}"] for v in ("plain", "names", "codes")}
        for v, cmd in cmds.items():
            run(cmd)  # warm the units cache and the compiled sets (the result cache is bypassed)
            summary = _summary(f"{args.output}.{v}")
            if summary["units"] != n or summary["with_errors"]:
                raise SystemExit(f"{v}: {summary}")
        results = alternate(cmds, args.repeat)
        print(f"\nbatch of {n} communes of the new map ({SET}, --format json, one process)")
        t0 = results["plain"][0]
        labels = {"plain": "no province, no code (unchecked)", "names": "names + province",
                  "codes": "names + province + code"}
        for v, (t, m) in results.items():
            print(f"  {labels[v]:<34} {t:6.2f} s   peak {m / 1024:6.1f} MiB   ×{t / t0:.2f}")
        alone = subprocess.run([sys.executable, "-c", CHECK_ONLY, root, str(max(args.repeat, 5))], capture_output=True,
                               text=True, check=True).stdout.split()
        per = dict(x.split("=") for x in alone)
        print(f"  the units check alone, in process: {per['names']} µs/commune (names + province), {per['codes']} µs "
              f"(+ code) — {float(per['codes']) * n / 1e6 / t0:.1%} of the unchecked batch")
        if args.new_only:
            return
        cmds = {v: cli + ["batch", os.path.join(root, f"old-{v}"), "--no-cache", "--jobs", "1", "--format", "json",
                          "--output", f"{args.output}.old-{v}"] for v in ("plain", "codes")}
        for v, cmd in cmds.items():
            run(cmd)
            summary = _summary(f"{args.output}.old-{v}")
            if summary["units"] != n_old or summary["with_errors"]:
                raise SystemExit(f"old {v}: {summary}")
        old = alternate(cmds, args.repeat)
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
