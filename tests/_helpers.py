"""Helpers shared by several test modules (not collected: no test here).

Stored expected outputs (tests/data/expected/<name>/): a renderer's output on a fixed input,
written once and compared byte for byte ever after, so that a change of output shows as a failing
test and, when it is meant, as a reviewed diff of the stored file. `stored()` reads one; with
NTM_EVAL_REGENERATE_EXPECTED=1 in the environment it (re)writes it instead — see
tests/data/expected/regenerate.py, and only do that when an output change is intended.

The reports name their input folder and every file of it as given: the fixed inputs are made or
copied inside the test's tmp_path, which is then the working directory, and named by relative
paths (`in_tmp`), so that no temporary (or checkout) path gets into an output.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
EXPECTED = TESTS / "data" / "expected"
REGENERATE = os.environ.get("NTM_EVAL_REGENERATE_EXPECTED") == "1"


# --- stored expected outputs --------------------------------------------------------------------

def _write(path: Path, text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    if path.suffix == ".gz":
        data = gzip.compress(data, compresslevel=9, mtime=0)  # no time stamp: the same text, the same file
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    print(f"\nwrote {path.relative_to(ROOT)}", file=sys.stderr)


def _read(path: Path) -> str:
    if not path.exists():
        raise AssertionError(f"{path.relative_to(ROOT)} is missing: see tests/data/expected/regenerate.py")
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8", "surrogatepass")


def stored(name: str, file: str, actual: str) -> str:
    """The stored text tests/data/expected/<name>/<file> (".gz": gzip-compressed); under
    NTM_EVAL_REGENERATE_EXPECTED=1, `actual` is written there first. The caller compares."""
    path = EXPECTED / name / file
    if REGENERATE:
        _write(path, actual)
    return _read(path)


def json_text(obj: Any) -> str:
    """JSON that diffs well: one item a line, Vietnamese as it is (lone surrogates escaped)."""
    text = json.dumps(obj, ensure_ascii=False, indent=1)
    return "".join(c if not 0xD800 <= ord(c) <= 0xDFFF else f"\\u{ord(c):04x}" for c in text) + "\n"


def stored_json(name: str, file: str, actual: Any) -> Any:
    """`stored` for a JSON-able value (tuples come back as lists: compare with `as_json(actual)`)."""
    return json.loads(stored(name, file, json_text(actual)))


def parts_as_stored(name: str, file: str, got: dict) -> None:
    """A zipped package ({"names": [every part], "parts": {part: its text}}, a workbook's or a
    Word file's) held to the stored one, part by part."""
    want = stored_json(name, file, got)
    assert got["names"] == want["names"], file
    for part, text in got["parts"].items():
        assert text == want["parts"][part], (file, part)


def as_json(obj: Any) -> Any:
    return json.loads(json_text(obj))


def join_variants(variants: dict[str, str]) -> str:
    """Several texts in one stored file, each after a header line naming it and its length."""
    return "".join(f"=== {key} ({len(text)} characters) ===\n{text}\n" for key, text in variants.items())


def split_variants(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    at = 0
    while at < len(text):
        end = text.index("\n", at)
        head = text[at:end]
        key, _, size = head[4:-4].rpartition(" (")
        n = int(size.split()[0])
        out[key] = text[end + 1:end + 1 + n]
        at = end + 1 + n + 1
    return out


def in_tmp(tmp_path: Path, monkeypatch, example: str | None = None) -> Path:
    """tmp_path made the working directory; with `example`, examples/<example> copied there.
    Returns the relative path to give the batch."""
    monkeypatch.chdir(tmp_path)
    if example is None:
        return Path(".")
    shutil.copytree(ROOT / "examples" / example, tmp_path / example)
    return Path(example)


def generated(tmp_path: Path, monkeypatch, n: int) -> Path:
    """The bench's `n` fictional communes (bench/batch_bench.py, its fixed seed) in tmp_path/gen<n>,
    tmp_path the working directory; the relative path."""
    in_tmp(tmp_path, monkeypatch)
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from batch_bench import generate, pick_set
    finally:
        sys.path.remove(str(ROOT / "bench"))
    folder = Path(f"gen{n}")
    generate(pick_set(None), str(folder), n)
    return folder


# --- batches of the tiny set (tests/test_batch.py) ----------------------------------------------

def write_named_units(d: Path, names: list[str]) -> None:
    """Folder `d` (emptied first: hypothesis reuses tmp_path) holding one unit of tests/test_batch.py's
    UNITS["a"] per name, the name also its district's (cut to 30 characters)."""
    from test_batch import UNITS, write_unit

    if d.exists():
        for p in d.iterdir():
            p.unlink()
    for i, name in enumerate(names):
        write_unit(d, f"u{i}", {"unit": {**UNITS["a"]["unit"], "name": name, "district": name[:30]},
                                "values": UNITS["a"]["values"]})


def tiny_batch(tmp_path: Path, tiny: Path, names: list[str], districts: list[str] | None = None,
               relative: bool = False):
    """run_batch over tmp_path/xa holding a unit per name (UNITS a-d in turn), districts in turn,
    judged with the tiny set. `relative`: the folders named relative to tmp_path, which must be the
    working directory (nothing temporary in the report)."""
    from ntm_eval.load.catalog import Catalog
    from ntm_eval.run.batch import run_batch
    from test_batch import UNITS, write_unit

    d = tmp_path / "xa"
    for k, name in enumerate(names):
        spec = UNITS["abcd"[k % 4]]
        unit = {**spec["unit"], "name": name}
        if districts is not None:
            unit["district"] = districts[k % len(districts)]
        write_unit(d, f"u{k:04d}", {**spec, "unit": unit})
    root = os.path.relpath(tiny.parent.parent, tmp_path) if relative else str(tiny.parent.parent)
    return run_batch("xa" if relative else str(d), Catalog((root,)), (root,), "t/tiny-xa", None, 1)


# --- the JSON report with the cache and without ---------------------------------------------------

def run_cli(*args: str) -> tuple[int, str]:
    """`ntm-eval *args`: its exit code and what it said on stderr."""
    from ntm_eval.cli import main_group

    r = CliRunner().invoke(main_group, list(args), catch_exceptions=False)
    return r.exit_code, r.stderr


def same_as_no_cache(args: list[str], out: Path, cached: str = "a.json", fresh: str = "b.json") -> tuple[int, str]:
    """`args -o out/cached` (the cache used) then `args --no-cache -o out/fresh`: the same exit code,
    the same words on stderr (the file's name aside) and the same bytes written. Returns the cached
    run's exit code and stderr."""
    code, said = run_cli(*args, "-o", str(out / cached))
    fcode, fsaid = run_cli(*args, "--no-cache", "-o", str(out / fresh))
    assert code == fcode
    assert said.replace(cached, "X") == fsaid.replace(fresh, "X")
    assert (out / cached).read_bytes() == (out / fresh).read_bytes()
    return code, said


def pdf_bookmarks(reader: Any) -> list[tuple[str, int, int]]:
    """A PDF's outline (pypdf's PdfReader) as (title, level, page number), in order."""
    marks: list[tuple[str, int, int]] = []

    def walk(items: Any, level: int) -> None:
        for it in items:
            if isinstance(it, list):
                walk(it, level + 1)
            else:
                marks.append((it.title, level, reader.get_destination_page_number(it)))

    walk(reader.outline, 0)
    return marks
