"""The fast YAML path never changes a verdict or an error (issue 15, "Bad input").

* the same 1,000 generated unit files — valid ones and broken ones (duplicate keys, tabs, bad
  indentation, tags, aliases, `1.10` ids, dates, bad values, unknown indicators, random cuts) —
  checked with the fast path and with the strict loader only give the same results and the same
  problems (key, line, column, parameters, indicator);
* the loader test suites pass with the strict loader only, and in `verify` mode (both paths run on
  every document the fast path takes, and any difference fails).
The default run of those suites already goes through the fast path.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from ntm_eval.load.catalog import Catalog
from ntm_eval.run.check import check_file

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from batch_bench import generate, pick_set  # noqa: E402  (the communes the benchmarks time)

# what people get wrong, each an edit of the first line that starts with the prefix (None: dropped)
BREAKS = [
    ("  \"1\": ", "  \"1\": true\n  \"1\": "),  # duplicate key
    ("  level: xa", "\tlevel: xa"),  # a tab
    ("  level: xa", "   level: xa"),  # bad indentation
    ("  \"2.3\": ", "  \"2.3\": !!python/object:os.system "),  # a tag
    ("  \"2.3\": ", "  \"2.3\": &a "),  # an anchor …
    ("  \"4.3\": ", "  \"4.3\": *a #"),  # … and an alias (undefined when alone)
    ("  \"5\": ", "  \"17.1\": "),  # an id that is not in the set
    ("  \"5\": ", "  1.10: "),  # an unquoted 1.10
    ("  \"5\": ", "  \"5\": 2024-10-25 #"),  # a date where a number is expected
    ("  \"5\": ", "  \"5\": abc #"),  # a bad value
    ("  \"5\": ", "  \"5\": 0x1F #"),  # a YAML 1.1 number
    ("  \"5\": ", "  \"5\": yes #"),  # a boolean where a share is expected
    ("  \"5\": ", "  \"5\": \"93,4\" #"),  # a decimal comma
    ("year: ", "year: '2024' #"),  # a quoted year
    ("year: ", "year: 1_000 #"),
    ("criteria_set: ", "criteria_set: demo/xa-ntm-minh-hoaa #"),  # a set that does not exist
    ("  region: ", "  region: r9 #"),
    ("  region: ", None),  # no region
    ("values:", "values: [1, 2]\nextra:"),
    ("  \"2.1\": {", "  \"2.1\": {numerator: 3, numerator: 4, x: {"),
    ("unit:", "<<: {a: 1}\nunit:"),  # a merge key
]


def _files(tmp: Path, n: int = 1000, seed: int = 15) -> list[tuple[str, str]]:
    src = tmp / "src"
    generate(pick_set(None), str(src), n, seed=seed)
    rnd = random.Random(seed)
    out = []
    for k, path in enumerate(sorted(src.rglob("*.yaml"))):
        text = path.read_text(encoding="utf-8")
        kind = k % 4
        if kind == 1:  # one known mistake
            old, new = rnd.choice(BREAKS)
            lines = text.split("\n")
            for i, line in enumerate(lines):
                if line.startswith(old):
                    lines[i] = None if new is None else new + line[len(old):]
                    break
            text = "\n".join(x for x in lines if x is not None)
        elif kind == 2:  # a random cut or insertion
            pos = rnd.randrange(len(text))
            text = text[:pos] + rnd.choice(["", ":", "- ", "\"", "{", "]", "  ", "\n", "#", "*", "!", "1.10"]) \
                + text[pos + rnd.randint(0, 3):]
        out.append((f"u{k:04d}.yaml", text))
    return out


def _outcome(path: str, catalog: Catalog) -> str:
    o = check_file(path, catalog)
    res = o.result.to_dict() if o.result is not None else None
    probs = [(p.key, p.line, p.col, sorted((k, repr(v)) for k, v in (p.params or {}).items()), p.indicator,
              p.severity) for p in o.problems]
    return json.dumps([res, probs], ensure_ascii=False, sort_keys=True, default=repr)


def test_thousand_files_same_results_and_messages(tmp_path, monkeypatch):
    files = _files(tmp_path)
    (tmp_path / "in").mkdir()
    for name, text in files:
        (tmp_path / "in" / name).write_text(text, encoding="utf-8")
    results = {}
    for mode in ("fast", "strict"):
        if mode == "strict":
            monkeypatch.setenv("NTM_EVAL_YAML", "strict")
        else:
            monkeypatch.delenv("NTM_EVAL_YAML", raising=False)
        catalog = Catalog(())
        results[mode] = [_outcome(str(tmp_path / "in" / name), catalog) for name, _ in files]
    diffs = [files[i][0] for i, (a, b) in enumerate(zip(results["fast"], results["strict"])) if a != b]
    assert diffs == []
    # the files are what they claim: many valid, many broken, so both kinds were compared
    with_errors = sum(1 for r in results["strict"] if '"error"' in r)
    assert with_errors >= 200 and len(files) - with_errors >= 400, with_errors


def test_the_generated_valid_files_take_the_fast_path(tmp_path):
    from ntm_eval.io import fastyaml

    valid = [t for k, (_, t) in enumerate(_files(tmp_path, 40)) if k % 4 in (0, 3)]
    assert valid and all(fastyaml.parse(t) is not None for t in valid)


@pytest.mark.parametrize("mode", ["strict", "verify"])
def test_loader_suites_pass_on_either_path(mode, tmp_path):
    env = {**os.environ, "NTM_EVAL_YAML": mode, "NTM_EVAL_CACHE_DIR": str(tmp_path / "cache")}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x",
                          "tests/test_loader.py", "tests/test_hardening.py", "--basetemp", str(tmp_path / "t")],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
