"""Batch `--format pdf` / `--format docx` made faster (issue 15 item 4) and still the same report:
held to the reports stored in tests/data/expected/printed/ — written when a frozen copy of the
renderers as they were before (since removed) was proven to give the same — on the examples/
batches, a generated batch, hostile names and lowered spool limits, in Vietnamese and English.

pdf: the same page count, every page's extracted text (NFC), the same bookmarks (title, level,
page) — the file's bytes hold its creation time and font subset, the text is what a reader sees.
docx: every part of the package byte for byte (but docProps/core.xml: its times are the moment
of saving); the parts python-docx's template brings (styles, the thumbnail: large, never written
by us) are held by their sha256, the others by their text.

Regenerate the stored files only for an intended change: tests/data/expected/regenerate.py."""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from _helpers import as_json, generated, in_tmp, parts_as_stored, pdf_bookmarks, stored_json
from ntm_eval.load.catalog import Catalog
from ntm_eval.render.batch import docx as new_docx
from ntm_eval.render.batch import pdf as new_pdf
from ntm_eval.run.batch import run_batch
from test_batch import UNITS, tiny, write_unit  # noqa: F401 (fixture)

EXAMPLES = ("tam-duong", "tam-duong-2023", "sau-sap-xep", "demo")
TODAY = _dt.date(2026, 12, 3)
HOSTILE = "Xã Ẳng Nưa Đạt ưỡn ỹ (x) \\ ) ( \u0301a\u0300 ☃ 𝔘 \x01 \t tab"
BY_HASH = 64_000  # bytes: a larger part (but the document itself) is stored as its sha256


def _render(mod, path: Path, lang: str, set_ref: str | None = None, spool_limit: int = 2000, **kw) -> bytes:
    buf = io.BytesIO()
    with run_batch(str(path), Catalog(), set_ref=set_ref, detail=False, spool_limit=spool_limit, **kw) as rep:
        mod.render(rep, buf, lang, today=TODAY)
    return buf.getvalue()


def _pdf_view(data: bytes) -> dict:
    reader = PdfReader(io.BytesIO(data))
    texts = [unicodedata.normalize("NFC", p.extract_text()) for p in reader.pages]
    return {"pages": texts, "bookmarks": pdf_bookmarks(reader)}


def pdf_as_stored(file: str, data: bytes) -> None:
    got = as_json(_pdf_view(data))
    want = stored_json("printed", file, got)
    assert len(got["pages"]) == len(want["pages"])
    for n, (a, b) in enumerate(zip(got["pages"], want["pages"])):
        assert a == b, f"page {n + 1}"
    assert got["bookmarks"] == want["bookmarks"]


def _docx_parts(data: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        parts = {}
        for name in names:
            if name == "docProps/core.xml":  # its times are the moment of saving
                continue
            raw = z.read(name)
            if name != "word/document.xml" and (len(raw) > BY_HASH or not name.endswith((".xml", ".rels"))):
                parts[name] = f"sha256 {hashlib.sha256(raw).hexdigest()}, {len(raw)} bytes"
            else:
                parts[name] = raw.decode("utf-8")
    return {"names": names, "parts": parts}


def docx_as_stored(file: str, data: bytes) -> None:
    parts_as_stored("printed", file, _docx_parts(data))
    docx.Document(io.BytesIO(data))  # and python-docx reads it


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("example", EXAMPLES)
def test_examples_pdf_and_docx_as_before(example: str, lang: str, tmp_path: Path, monkeypatch):
    folder = in_tmp(tmp_path, monkeypatch, example)
    pdf_as_stored(f"{example}-{lang}.pdf.json.gz", _render(new_pdf, folder, lang))
    docx_as_stored(f"{example}-{lang}.docx.json.gz", _render(new_docx, folder, lang))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_generated_batch_as_before(tmp_path: Path, monkeypatch, lang: str):
    folder = generated(tmp_path, monkeypatch, 260)
    pdf_as_stored(f"generated-260-{lang}.pdf.json.gz", _render(new_pdf, folder, lang))
    docx_as_stored(f"generated-260-{lang}.docx.json.gz", _render(new_docx, folder, lang))
    # spooled rows (a lowered limit) and two workers: the same report again
    pdf_as_stored(f"generated-260-{lang}.pdf.json.gz", _render(new_pdf, folder, lang, spool_limit=7, jobs=2))
    docx_as_stored(f"generated-260-{lang}.docx.json.gz", _render(new_docx, folder, lang, spool_limit=7, jobs=2))


def test_hostile_names_as_before(tmp_path: Path, tiny: Path, monkeypatch):  # noqa: F811 (fixture)
    """Names with parentheses, backslashes, combining marks, a glyph the font lacks, control
    characters and tabs; long names that wrap; some units broken (their problems listed)."""
    in_tmp(tmp_path, monkeypatch)
    d = tmp_path / "xa"
    for k in range(70):
        spec = UNITS["abcd"[k % 4]]
        name = HOSTILE * (1 + k % 5) if k % 3 else f"Xã {k} {HOSTILE}"
        write_unit(d, f"u{k:03d}", {**spec, "unit": {**spec["unit"], "name": name,
                                                     "district": f"Huyện ({k % 6}) " + "dài " * (k % 9)}})
    for k in range(5):
        (d / f"bad{k}.yaml").write_text(f"unit: [\nbroken {k}: (x) {HOSTILE}\n", encoding="utf-8")
    for lang in ("vi", "en"):
        pdf_as_stored(f"hostile-names-{lang}.pdf.json.gz", _render(new_pdf, Path("xa"), lang, set_ref="criteria/t/tiny-xa.yaml"))
        docx_as_stored(f"hostile-names-{lang}.docx.json.gz",
                       _render(new_docx, Path("xa"), lang, set_ref="criteria/t/tiny-xa.yaml"))
