"""Printed pages of a batch report: how many sheets of paper an official hands in.

    python bench/print_pages.py [FOLDER] [--tree SRC] [--formats xlsx,html,pdf,docx] [--keep DIR]

Renders the batch report of FOLDER (default: examples/tam-duong, the Tam Đường district) with
`python -m ntm_eval batch FOLDER --format F -o report.F`, then prints it to PDF the way an
official would and counts the pages with `pdfinfo`:

* xlsx, docx — LibreOffice (`soffice --headless --convert-to pdf`, a private profile), every
  sheet with its own page setup;
* html — headless Chromium's print (`--print-to-pdf`, no browser header/footer: the page
  numbers and dates are the report's own print stylesheet's), paper as the page's CSS says
  (Chromium's default, US Letter, when it says nothing);
* pdf — the report's own PDF (`--format pdf`), counted as it is.

A tool that is not installed, or a format the tree does not know (an older commit), is skipped
and said so. `--tree SRC` renders with another checkout (`git worktree add /tmp/before COMMIT`),
put first on PYTHONPATH. Prints one JSON object: per format the pages, the first page's size
and orientation, the seconds the conversion took, and the file size. Nothing is written outside
a temporary folder (or --keep DIR).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FORMATS = ("xlsx", "html", "pdf", "docx")
CHROMIUM = ("chromium", "chromium-browser", "google-chrome")


def which(*names: str) -> str | None:
    for n in names:
        p = shutil.which(n)
        if p:
            return p
    return None


def commit_of(tree: Path) -> tuple[str | None, bool]:
    """The tree's commit, and whether files under ntm_eval/ differ from it (work in progress)."""
    r = subprocess.run(["git", "-C", str(tree), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    d = subprocess.run(["git", "-C", str(tree), "status", "--porcelain", "--", "ntm_eval"], capture_output=True,
                       text=True)
    return (r.stdout.strip() or None if r.returncode == 0 else None), bool(d.stdout.strip())


def render(tree: Path, folder: Path, fmt: str, out: Path, lang: str) -> tuple[bool, str]:
    env = dict(os.environ, PYTHONPATH=str(tree) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    cmd = [sys.executable, "-m", "ntm_eval", "batch", str(folder), "--format", fmt, "-o", str(out), "--lang", lang]
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tree, timeout=600)
    if r.returncode not in (0, 1) or not out.exists():
        return False, (r.stderr.strip().splitlines() or ["exit %d" % r.returncode])[-1][:300]
    return True, ""


def pdf_facts(pdf: Path) -> dict:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60).stdout
    pages = re.search(r"^Pages:\s+(\d+)", info, re.M)
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts(?: \((\w+)\))?", info, re.M)
    facts: dict = {"pages": int(pages.group(1)) if pages else None}
    if size:
        w, h = float(size.group(1)), float(size.group(2))
        facts["page_size"] = f"{size.group(3) or ''} {w:.0f}x{h:.0f} pt".strip()
        facts["orientation"] = "landscape" if w > h else "portrait"
    return facts


def via_soffice(src: Path, work: Path) -> tuple[Path, str]:
    soffice = which("soffice", "libreoffice")
    profile = (work / "lo-profile").as_uri()
    r = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(work / "lo"), str(src)], capture_output=True, text=True, timeout=600)
    return work / "lo" / (src.stem + ".pdf"), (r.stderr.strip().splitlines() or [""])[-1][:300]


def via_chromium(src: Path, work: Path) -> tuple[Path, str]:
    pdf = work / (src.stem + "-html.pdf")
    subprocess.run([which(*CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", f"--user-data-dir={work / 'chromium-profile'}",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", src.as_uri()],
                   capture_output=True, text=True, timeout=600, cwd=work)
    return pdf, ""


def measure(tree: Path, folder: Path, fmt: str, work: Path, lang: str) -> dict:
    if not which("pdfinfo"):
        return {"skipped": "pdfinfo not installed (poppler-utils)"}
    converter = {"xlsx": via_soffice, "docx": via_soffice, "html": via_chromium, "pdf": None}[fmt]
    if fmt in ("xlsx", "docx") and not which("soffice", "libreoffice"):
        return {"skipped": "soffice not installed (libreoffice-calc / libreoffice-writer)"}
    if fmt == "html" and not which(*CHROMIUM):
        return {"skipped": "chromium not installed"}
    src = work / f"report.{fmt}"
    ok, why = render(tree, folder, fmt, src, lang)
    if not ok:
        return {"skipped": f"not rendered: {why}"}
    t0 = time.perf_counter()
    pdf, why = converter(src, work) if converter else (src, "")
    if not pdf.exists():  # e.g. soffice without its Writer part for a .docx
        return {"skipped": f"{fmt}: the conversion wrote no PDF ({why or 'no message'})"}
    return {**pdf_facts(pdf), "convert_seconds": round(time.perf_counter() - t0, 2), "bytes": src.stat().st_size}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=str(ROOT / "examples" / "tam-duong"))
    ap.add_argument("--tree", default=str(ROOT), help="checkout to render with (default: this one)")
    ap.add_argument("--formats", default=",".join(FORMATS))
    ap.add_argument("--lang", default="vi")
    ap.add_argument("--keep", help="keep the reports and PDFs in this folder")
    a = ap.parse_args(argv)
    tree, folder = Path(a.tree).resolve(), Path(a.folder).resolve()
    formats = [f for f in a.formats.split(",") if f]
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        ap.error(f"unknown formats: {', '.join(unknown)}")
    commit, dirty = commit_of(tree)
    result: dict = {"folder": str(folder), "tree": str(tree), "commit": commit, "uncommitted_changes": dirty,
                    "lang": a.lang}
    with tempfile.TemporaryDirectory(prefix="print-pages-") as tmp:
        base = Path(a.keep).resolve() if a.keep else Path(tmp)
        for fmt in formats:
            work = base / fmt
            work.mkdir(parents=True, exist_ok=True)
            result[fmt] = measure(tree, folder, fmt, work, a.lang)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
