"""The fast YAML path is switched on where it pays: a batch (many files) uses it, a single
`check` keeps the strict loader and never compiles the fast path's patterns (start-up)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EX = REPO / "examples" / "tam-duong"

PROBE = """
import sys
from ntm_eval.cli import main
sys.argv = ["ntm-eval"] + sys.argv[1:]
try:
    main()
except SystemExit:
    pass
from ntm_eval.io import yamlload
print("FAST" if yamlload._fast_parse is not None else "STRICT", file=sys.stderr)
"""


def _probe(tmp_path: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "NTM_EVAL_YAML"}
    out = tmp_path / "out.json"
    r = subprocess.run([sys.executable, "-c", PROBE, *args, "--format", "json", "-o", str(out)], env=env,
                       capture_output=True, text=True, cwd=REPO, timeout=300)
    return r.stderr.strip().splitlines()[-1]


def test_check_keeps_the_strict_loader(tmp_path):
    assert _probe(tmp_path, "check", str(EX / "xa" / "son-binh-2024.yaml")) == "STRICT"


def test_batch_switches_the_fast_path_on(tmp_path):
    assert _probe(tmp_path, "batch", str(EX), "--no-cache") == "FAST"
