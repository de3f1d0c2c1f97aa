"""How each shipped example is decided: per unit, how many criteria the numbers decide
(computed), how many a given verdict decides (attested), how many stay open, and conflicts.

    python bench/verdict_table.py [PATH ...] [--basis all|computed] [--format md|json]

PATH defaults to every unit data file (a YAML with `unit:` at the top) under examples/. Each file is run through
`ntm-eval check FILE --format json` (the same interpreter, `-m ntm_eval`), and every criterion
of the unit — and of each prerequisite set it is evaluated with (xã NTM under NTM nâng cao) — is
put in exactly one column from its `status`, `basis` and `conflict`:

* conflicts — the criterion or one of its indicators (or parts) has `conflict: true`;
* computed  — otherwise decided (`pass`/`fail`) with `basis: computed`;
* attested  — otherwise decided with `basis: attested` (đạt/chưa đạt theo xác nhận);
* n/a       — `not_applicable`;
* open      — anything else (`missing`, `no_threshold`).

Numbered criteria only; a unit's preconditions (điều kiện: a district's P1–P4, a town's DK1–DK2) get a
row of their own, counted by indicator (each is decided on its own; `bucket` reads an indicator
the same way).
Exit status 0, or 2 when a file could not be evaluated (exit 2 of `check`, or no JSON).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ("computed_pass", "computed_fail", "attested_pass", "attested_fail", "open", "not_applicable",
           "conflicts")


def _indicators(items: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    for i in items:
        yield i
        yield from _indicators(i.get("parts", []))


def bucket(crit: dict[str, Any]) -> str:
    """The one column a criterion result falls in."""
    if crit.get("conflict") or any(i.get("conflict") for i in _indicators(crit.get("indicators", []))):
        return "conflicts"
    status, basis = crit.get("status"), crit.get("basis")
    if status in ("pass", "fail"):
        return f"{'computed' if basis == 'computed' else 'attested'}_{status}"
    if status == "not_applicable":
        return "not_applicable"
    return "open"


def count(criteria: list[dict[str, Any]]) -> dict[str, int]:
    out = dict.fromkeys(COLUMNS, 0)
    for c in criteria:
        out[bucket(c)] += 1
    out["total"] = len(criteria)
    return out


def rows_of(doc: dict[str, Any], path: str) -> list[dict[str, Any]]:
    """One row for the unit's criteria, one per prerequisite set, one for preconditions."""
    name = doc.get("unit", {}).get("name") or path
    rows = [{"file": path, "unit": name, "set": doc.get("criteria_set"), "status": doc.get("status"),
             **count(doc.get("criteria", []))}]
    for pre in doc.get("prerequisites", []) or []:
        rows.append({"file": path, "unit": f"{name} (tiên quyết)", "set": pre.get("criteria_set"),
                     "status": pre.get("status"), **count(pre.get("criteria", []))})
    if doc.get("preconditions"):  # counted by indicator: P1, P2 … each decide separately
        inds = [i for p in doc["preconditions"] for i in p.get("indicators", [])]
        rows.append({"file": path, "unit": f"{name} (điều kiện, theo chỉ tiêu)", "set": doc.get("criteria_set"),
                     "status": "/".join(p.get("status", "?") for p in doc["preconditions"]), **count(inds)})
    return rows


def _is_unit_file(p: Path) -> bool:
    """A unit's data file starts with `unit:` at the top level (an agencies list does not)."""
    return any(line.startswith("unit:") for line in p.read_text(encoding="utf-8").splitlines())


def evaluate(path: str, basis: str) -> tuple[list[dict[str, Any]], str | None]:
    cmd = [sys.executable, "-m", "ntm_eval", "check", path, "--format", "json", "--basis", basis]
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    if res.returncode not in (0, 1) or not res.stdout.strip():
        return [], f"exit {res.returncode}: {res.stderr.strip()[:300]}"
    doc = json.loads(res.stdout)
    docs = doc if isinstance(doc, list) else [doc]
    return [r for d in docs for r in rows_of(d, path)], None


def markdown(rows: list[dict[str, Any]]) -> str:
    head = ("| tệp | đơn vị | bộ tiêu chí | kết quả | tiêu chí | tính từ số liệu (đạt/chưa) "
            "| theo xác nhận (đạt/chưa) | còn mở | không áp dụng | mâu thuẫn |")
    lines = [head, "|" + "---|" * 10]
    for r in rows:
        lines.append(f"| {r['file']} | {r['unit']} | {r['set']} | {r['status'] or '—'} | {r['total']} "
                     f"| {r['computed_pass'] + r['computed_fail']} ({r['computed_pass']}/{r['computed_fail']}) "
                     f"| {r['attested_pass'] + r['attested_fail']} ({r['attested_pass']}/{r['attested_fail']}) "
                     f"| {r['open']} | {r['not_applicable']} | {r['conflicts']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--basis", choices=["all", "computed"], default="all")
    ap.add_argument("--format", choices=["md", "json"], default="md")
    args = ap.parse_args(argv)
    paths = args.paths or sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples").rglob("*.y*ml")
                                 if _is_unit_file(p))
    rows: list[dict[str, Any]] = []
    errors: list[str] = []
    for p in paths:
        got, err = evaluate(p, args.basis)
        rows += got
        if err:
            errors.append(f"{p}: {err}")
    print(json.dumps(rows, ensure_ascii=False, indent=1) if args.format == "json" else markdown(rows))
    for e in errors:
        print(e, file=sys.stderr)
    return 2 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
