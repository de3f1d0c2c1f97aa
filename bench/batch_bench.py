"""Batch throughput and memory on a synthetic province, against parsing the same files only.

    python bench/batch_bench.py [--units 10000] [--small 1000] [--set ID] [--repeat 3] [--jobs N]

Generates FICTIONAL communes (Vietnamese-looking names, 1 province, ~100 communes per district)
for a commune-level criteria set (default: the demo set `demo/…` in criteria/demo/, else any
built-in commune set) under a temporary folder, then, for --small and --units communes, prints:

* parse only: a fresh `python` that reads every file and `yaml.load`s it with CSafeLoader;
* batch: `ntm-eval batch DIR --no-cache --format json --output /tmp/x.json` (one process; the result cache would make a re-run near free: bench/cache_bench.py measures that);
* their ratio (goal ≤ 1.25), and the peak memory (ru_maxrss) of each child process, with the
  ratio of the peak at --units to the peak at --small (goal ≤ 1.2).

Times are the best of --repeat runs (wall clock, includes interpreter start-up on both sides).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

SYLLABLES = ("An", "Bình", "Phú", "Tân", "Hòa", "Thanh", "Minh", "Long", "Đông", "Tây", "Nam", "Bắc", "Hưng",
             "Thịnh", "Lạc", "Sơn", "Hà", "Vĩnh", "Quang", "Trung", "Đức", "Xuân", "Thượng", "Hạ", "Yên", "Mỹ",
             "Phước", "Thuận", "Lợi", "Khánh", "Lộc", "Phong", "Hải", "Tiến", "Thắng", "Nghĩa", "Kim", "Ngọc",
             "Hồng", "Cẩm", "Thạch", "Lâm", "Mường", "Pa", "Nà", "Bản", "Khe", "Cao", "Đại", "Tường")
PARSE_ONLY = r"""
import os, sys, yaml
n = 0
for root, dirs, files in os.walk(sys.argv[1]):
    dirs.sort()
    for f in sorted(files):
        if f.endswith(('.yaml', '.yml')):
            with open(os.path.join(root, f), 'rb') as fh:
                yaml.load(fh.read().decode('utf-8'), Loader=yaml.CSafeLoader)
            n += 1
print(n)
"""


def pick_set(ref: str | None):
    from ntm_eval.load.catalog import Catalog, builtin_dir

    cat = Catalog()
    if ref:
        return cat.get(ref)
    demo = os.path.join(builtin_dir(), "demo")
    ids = sorted(cat.index())
    for sid in ids:
        if sid.startswith("demo/") and str(cat.index()[sid]).startswith(demo) and cat.get(sid).level == "xa":
            return cat.get(sid)
    for sid in ids:
        cs = cat.get(sid)
        if cs.level == "xa" and not cs.requires:
            return cs
    raise SystemExit("no commune-level criteria set found")


def _const(ind):
    """A representative threshold (first constant found), to draw values around it."""
    from ntm_eval.model import ByKey, Const

    for v in ind.thresholds:
        node = v.value
        while isinstance(node, ByKey):
            node = next(iter(node.branches.values()), None) or node.default
        if isinstance(node, Const) and not isinstance(node.value, bool):
            return float(node.value), v.op
    return None, ">="


def value_yaml(ind, rnd: random.Random) -> str | None:
    if ind.optional and rnd.random() < 0.1:
        return "n/a"
    if rnd.random() < 0.02:
        return None  # missing data
    if ind.type == "yes_no":
        return rnd.choice(("đạt", "true", "true", "chưa đạt", "true"))
    thr, op = _const(ind)
    if ind.type == "percent":
        if ind.counts_of:
            den = rnd.randint(5, 1500)
            share = (thr if thr is not None else 80) / 100
            share = min(1.0, max(0.0, share + rnd.uniform(-0.1, 0.06) * (1 if op != "<=" else -1)))
            return f"{{numerator: {int(den * share)}, denominator: {den}}}"
        base = thr if thr is not None else 80.0
        return f"{min(100.0, max(0.0, base + rnd.uniform(-8, 6))):.1f}"
    base = thr if thr is not None else 10.0
    return f"{max(0.0, base * rnd.uniform(0.85, 1.2)):.1f}"


def real_communes() -> list[tuple[str, str, str, str | None]]:
    """(commune, district, province, region) of every commune (xã) of the old (63-province) map, from
    the units dataset ntm-eval checks names against: synthetic values for real names, as a
    province office's files have (no warning per file about a name that does not exist)."""
    from ntm_eval.load import adminunits as au

    old = au.get_map("old")
    out = []
    for pcode, units in sorted(old.communes.items()):
        prov = old.by_code[pcode]
        region = au.region_of(prov.short)
        for lst in units.values():  # communes (xã) only: the sets are a commune's, not a ward's or a town's
            out += [(u.short, u.district, prov.short, region) for u in lst if u.name.startswith("Xã ")]
    return out


def generate(cset, folder: str, n: int, seed: int = 2024, real_names: bool = False) -> None:
    """`n` commune files for `cset`. `real_names`: the old map's communes (their district, province
    and region; in a stride through the map, so that every size has every province), evaluated for 2024 (the old map is in force then); else fictional names
    in one fictional province (every file then carries a warning about its province)."""
    rnd = random.Random(seed)
    os.makedirs(folder, exist_ok=True)
    klass_key = cset.classification.key if cset.classification else None
    klasses = list(cset.classification.values) if cset.classification else []
    year = max(cset.years) if cset.years else 2024
    real = real_communes() if real_names else None
    if real:
        year = min(year, 2024)
    leaves = []
    for ind in cset.indicators():
        leaves += list(ind.parts) if ind.parts else [ind]
    n_districts = max(1, n // 100)
    districts = [f"Huyện {rnd.choice(SYLLABLES)} {rnd.choice(SYLLABLES)}" for _ in range(n_districts)]
    for k in range(n):
        d = k % n_districts
        name = f"{rnd.choice(SYLLABLES)} {rnd.choice(SYLLABLES)}"
        if real:
            # a stride through the map (7919 is prime, the map's 7,692 communes are not a multiple):
            # a thousand communes already come from every province, as ten thousand do
            commune, district, province, region = real[(k * 7919) % len(real)]
            lines = ["# Số liệu TỔNG HỢP NGẪU NHIÊN để đo hiệu năng (tên đơn vị thật) — không phải số liệu thật",
                     "unit:", f"  name: {json.dumps(commune, ensure_ascii=False)}", "  level: xa",
                     f"  district: {json.dumps(district, ensure_ascii=False)}",
                     f"  province: {json.dumps(province, ensure_ascii=False)}"]  # quoted: a name may read as a number
        else:
            lines = ["# Số liệu TỔNG HỢP NGẪU NHIÊN để đo hiệu năng — không phải số liệu thật", "unit:",
                     f"  name: Xã {name} {k + 1}", "  level: xa", f"  district: {districts[d]}",
                     "  province: Tỉnh Thử Nghiệm"]
        if klass_key:
            choice = region if real and klass_key == "region" and region in klasses else rnd.choice(klasses)
            lines.append(f"  {klass_key}: {choice}")
        lines += [f"year: {year}", f"criteria_set: {cset.id}", "values:"]
        for ind in leaves:
            v = value_yaml(ind, rnd)
            if v is not None:
                lines.append(f'  "{ind.id}": {v}')
        sub = os.path.join(folder, f"huyen-{d + 1:03d}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"xa-{k + 1:05d}.yaml"), "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")


def run(cmd: list[str]) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in KiB of the child, exit code)."""
    import tempfile

    # stderr to a file, not a pipe read after the wait: a batch that warns about every unit writes
    # more than a pipe holds, and the child would block on it for ever
    with tempfile.TemporaryFile() as errf:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errf)
        _, status, usage = os.wait4(p.pid, 0)
        dt = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        errf.seek(0)
        err = errf.read().decode("utf-8", "replace")
    if p.returncode not in (0, 1):
        raise SystemExit(f"command failed ({p.returncode}): {' '.join(cmd)}\n{err[-2000:]}")
    return dt, usage.ru_maxrss, p.returncode


def best(cmd: list[str], repeat: int) -> tuple[float, int]:
    runs = [run(cmd) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[1] for r in runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--units", type=int, default=10_000)
    ap.add_argument("--small", type=int, default=1_000)
    ap.add_argument("--set", dest="set_ref")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=0, help="also time --jobs N (0: skip)")
    ap.add_argument("--keep", help="generate into this folder and keep it")
    ap.add_argument("--output", default="/tmp/x.json")
    args = ap.parse_args()

    exe = shutil.which("ntm-eval", path=os.path.dirname(sys.executable)) or shutil.which("ntm-eval")
    cli = [exe] if exe else [sys.executable, "-m", "ntm_eval"]
    cset = pick_set(args.set_ref)
    root = args.keep or tempfile.mkdtemp(prefix="ntm-batch-bench-")
    print(f"set: {cset.id} ({len(cset.criteria)} criteria, {len(cset.all_ids())} indicator keys); folder: {root}")
    print(f"python {sys.version.split()[0]}, libyaml: {_libyaml()}, cpus: {os.cpu_count()}")
    results = {}
    try:
        for n in (args.small, args.units):
            folder = os.path.join(root, f"n{n}")
            if not os.path.isdir(folder):
                t0 = time.perf_counter()
                generate(cset, folder, n)
                print(f"generated {n} files in {time.perf_counter() - t0:.1f} s")
            run(cli + ["batch", folder, "--no-cache", "--format", "json", "--output", args.output])  # warm the page cache
            tp, mp = best([sys.executable, "-c", PARSE_ONLY, folder], args.repeat)
            tb, mb = best(cli + ["batch", folder, "--no-cache", "--jobs", "1", "--format", "json", "--output",
                                 args.output], args.repeat)
            results[n] = (tp, tb, mp, mb)
            print(f"\n{n:>6} communes")
            print(f"  parse only (CSafeLoader)      {tp:8.2f} s   peak {mp / 1024:7.1f} MiB")
            print(f"  ntm-eval batch --format json  {tb:8.2f} s   peak {mb / 1024:7.1f} MiB")
            print(f"  ratio batch / parse           {tb / tp:8.2f}     (goal ≤ 1.25{'' if tb / tp <= 1.25 else ': NOT MET'})")
            print(f"  per commune: parse {1000 * tp / n:.3f} ms, batch {1000 * tb / n:.3f} ms")
            if args.jobs:
                tj, mj = best(cli + ["batch", folder, "--no-cache", "--format", "json", "--output", args.output,
                                     "--jobs", str(args.jobs)], args.repeat)
                print(f"  batch --jobs {args.jobs:<3}               {tj:8.2f} s   peak {mj / 1024:7.1f} MiB (parent)")
        s, u = results[args.small], results[args.units]
        ratio = u[3] / s[3]
        print(f"\nmemory ratio batch {args.units} / {args.small}: {ratio:.2f}   (goal ≤ 1.2{'' if ratio <= 1.2 else ': NOT MET'})")
        print(f"time ratio batch/parse: {s[1] / s[0]:.2f} at {args.small}, {u[1] / u[0]:.2f} at {args.units}"
              f"   (goal ≤ 1.25)")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


def _libyaml() -> bool:
    from ntm_eval.io.yamlload import USING_LIBYAML

    return USING_LIBYAML


if __name__ == "__main__":
    main()
