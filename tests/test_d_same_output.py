"""Batch `--format pdf` / `--format docx` made faster (issue 15 item 4) and still the same report:
held to a frozen copy of the renderers as they were before (tests/d_legacy/) on the examples/
batches, a generated batch, hostile names and lowered spool limits, in Vietnamese and English.

pdf: the same page count, every page's extracted text, the same bookmarks (title, level, page).
docx: every part of the package byte for byte; and, read back with python-docx, the paragraphs'
texts and styles, every table cell's text, its bold runs and its shading."""

from __future__ import annotations

import datetime as _dt
import io
import os
import sys
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from ntm_eval.load.catalog import Catalog
from ntm_eval.render.batch import docx as new_docx
from ntm_eval.render.batch import pdf as new_pdf
from ntm_eval.run.batch import run_batch
from test_batch import UNITS, tiny, write_unit  # noqa: F401 (fixture)

from d_legacy import batch_docx as old_docx
from d_legacy import batch_pdf as old_pdf

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [ROOT / "examples" / d for d in ("tam-duong", "tam-duong-2023", "sau-sap-xep", "demo")]
TODAY = _dt.date(2026, 12, 3)
HOSTILE = "Xã Ẳng Nưa Đạt ưỡn ỹ (x) \\ ) ( \u0301a\u0300 ☃ 𝔘 \x01 \t tab"


def _render(mod, path: Path, lang: str, set_ref: str | None = None, spool_limit: int = 2000, **kw) -> bytes:
    buf = io.BytesIO()
    with run_batch(str(path), Catalog(), set_ref=set_ref, detail=False, spool_limit=spool_limit, **kw) as rep:
        mod.render(rep, buf, lang, today=TODAY)
    return buf.getvalue()


def _pdf_view(data: bytes) -> tuple[list[str], list[tuple[str, int, int]]]:
    reader = PdfReader(io.BytesIO(data))
    texts = [unicodedata.normalize("NFC", p.extract_text()) for p in reader.pages]
    marks: list[tuple[str, int, int]] = []

    def walk(items, level: int) -> None:
        for it in items:
            if isinstance(it, list):
                walk(it, level + 1)
            else:
                marks.append((it.title, level, reader.get_destination_page_number(it)))

    walk(reader.outline, 0)
    return texts, marks


def same_pdf(old: bytes, new: bytes) -> None:
    (old_texts, old_marks), (new_texts, new_marks) = _pdf_view(old), _pdf_view(new)
    assert len(new_texts) == len(old_texts)
    for n, (a, b) in enumerate(zip(old_texts, new_texts)):
        assert b == a, f"page {n + 1}"
    assert new_marks == old_marks


def _docx_view(data: bytes) -> list[tuple]:
    d = docx.Document(io.BytesIO(data))
    out: list[tuple] = [("p", p.text, p.style.name, tuple((r.bold, r.font.size) for r in p.runs))
                        for p in d.paragraphs]
    for tb in d.tables:
        for tr in tb._tbl.tr_lst:
            for tc in tr.tc_lst:
                shd = tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
                bold = tuple(r.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None for r in tc.iter(qn("w:r")))
                text = "\n".join("".join(t.text or "" if t.tag == qn("w:t") else "\n" for t in p.iter(qn("w:t"), qn("w:br")))
                                 for p in tc.iter(qn("w:p")))
                out.append(("c", text, None if shd is None else shd.get(qn("w:fill")), bold))
    return out


def same_docx(old: bytes, new: bytes) -> None:
    assert _docx_view(new) == _docx_view(old)
    with zipfile.ZipFile(io.BytesIO(old)) as zo, zipfile.ZipFile(io.BytesIO(new)) as zn:
        assert zn.namelist() == zo.namelist()
        for name in zo.namelist():
            if name != "docProps/core.xml":  # its times are the moment of saving
                assert zn.read(name) == zo.read(name), name


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("folder", EXAMPLES, ids=lambda p: p.name)
def test_examples_pdf_and_docx_as_before(folder: Path, lang: str):
    same_pdf(_render(old_pdf, folder, lang), _render(new_pdf, folder, lang))
    same_docx(_render(old_docx, folder, lang), _render(new_docx, folder, lang))


def _generated(tmp_path: Path, n: int) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from batch_bench import generate, pick_set
    finally:
        sys.path.remove(str(ROOT / "bench"))
    folder = tmp_path / f"gen{n}"
    generate(pick_set(None), str(folder), n)
    return folder


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_generated_batch_as_before(tmp_path: Path, lang: str):
    folder = _generated(tmp_path, 260)
    same_pdf(_render(old_pdf, folder, lang), _render(new_pdf, folder, lang))
    same_docx(_render(old_docx, folder, lang), _render(new_docx, folder, lang))
    # spooled rows (a lowered limit) and two workers: the same report again
    same_pdf(_render(old_pdf, folder, lang), _render(new_pdf, folder, lang, spool_limit=7, jobs=2))
    same_docx(_render(old_docx, folder, lang), _render(new_docx, folder, lang, spool_limit=7, jobs=2))


def test_hostile_names_as_before(tmp_path: Path, tiny: Path):  # noqa: F811 (fixture)
    """Names with parentheses, backslashes, combining marks, a glyph the font lacks, control
    characters and tabs; long names that wrap; some units broken (their problems listed)."""
    d = tmp_path / "xa"
    for k in range(70):
        spec = UNITS["abcd"[k % 4]]
        name = HOSTILE * (1 + k % 5) if k % 3 else f"Xã {k} {HOSTILE}"
        write_unit(d, f"u{k:03d}", {**spec, "unit": {**spec["unit"], "name": name,
                                                     "district": f"Huyện ({k % 6}) " + "dài " * (k % 9)}})
    for k in range(5):
        (d / f"bad{k}.yaml").write_text(f"unit: [\nbroken {k}: (x) {HOSTILE}\n", encoding="utf-8")
    for lang in ("vi", "en"):
        same_pdf(_render(old_pdf, d, lang, set_ref=str(tiny)), _render(new_pdf, d, lang, set_ref=str(tiny)))
        same_docx(_render(old_docx, d, lang, set_ref=str(tiny)), _render(new_docx, d, lang, set_ref=str(tiny)))


def test_legacy_copy_is_not_the_package():
    assert os.path.dirname(old_pdf.__file__) != os.path.dirname(new_pdf.__file__)
