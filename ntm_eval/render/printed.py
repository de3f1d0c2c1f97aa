"""What the printable reports (PDF, Word) share: status colours, text made safe to print, the
print date, the signature block, and one unit's report (`check`) as plain rows and lines — every
text final, so pdf.py and docx.py only lay it out. No heavy import here (no fpdf, no docx)."""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from ntm_eval.core.verdicts import ATTESTED, COMPUTED
from ntm_eval.messages import CONFIDENCE_LABELS, REGION_EN, lang_index, status_label, t
from ntm_eval.render.common import (
    INCOMPLETE_MARK,
    attestation_line,
    conf_mark,
    coverage_line,
    fmt_gap,
    fmt_threshold,
    fmt_value,
    has_conflict,
    id_legend,
    id_mark,
    incomplete,
    prerequisite_lines,
    title,
    unit_line,
    verdict_label,
    word,
)
from ntm_eval.vocab import CONFIDENCE_MARKS, FAIL, OPEN, PASS

if TYPE_CHECKING:
    from ntm_eval.render.batch.outline import Cell as BatchItem
    from ntm_eval.results import CriterionResult, IndicatorResult, UnitResult

# Cell fills by status (the workbook's colours), and by basis: attested, conflict.
FILLS = {"pass": "C6EFCE", "fail": "FFC7CE", "missing": "FFEB9C", "not_applicable": "EDEDED",
         "no_threshold": "E4DFEC", "error": "FF7C80", "warn": "FFF2CC", "head": "D9E1F2", "criterion": "F2F2F2",
         "pass_attested": "E2F0D9", "fail_attested": "FCE4E4", "conflict": "F4B183"}

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")  # not text: XML cannot hold most


def clean(s: object) -> str:
    """Text from the data, ready to print: NFC (Vietnamese as precomposed letters), control
    characters as visible escapes ("\\x01"), tabs as spaces. Lone surrogates become U+FFFD."""
    s = "" if s is None else str(s)
    if s.isprintable():  # no control character, tab, line break or surrogate: only NFC to make
        return s if s.isascii() else unicodedata.normalize("NFC", s)
    s = "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in s) if _has_surrogate(s) else s
    s = unicodedata.normalize("NFC", s).replace("\t", " ")
    return _CONTROL.sub(lambda m: _escaped(s, m), s) if _CONTROL.search(s) else s


def _escaped(s: str, m: re.Match) -> str:
    """A control character's visible escape; a combining mark after it is put on a dotted circle
    (U+25CC, how a lone mark is shown), not on the escape's last letter ("\\x0e" + ◌́, not "\\x0é"):
    the text stays NFC and the escape readable."""
    after = s[m.end():m.end() + 1]
    return f"\\x{ord(m.group()):02x}" + ("\u25cc" if after and unicodedata.combining(after) else "")


def _has_surrogate(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def fill_of(status: str | None, basis: str | None = None, conflict: bool = False) -> str | None:
    """The fill key of a result cell: the status, or its attested / conflict shade."""
    if status is None:
        return None
    if conflict and status == FAIL:
        return "conflict"
    if basis == ATTESTED and status in (PASS, FAIL):
        return f"{status}_attested"
    return status


Cell = tuple[str, "str | None", bool]  # a printed table cell: text, fill key (FILLS), bold
INDENT = ("", "  ", "    ")  # criterion, indicator, part


def batch_cell(c: BatchItem, key: str) -> Cell:
    """A cell of a batch outline table as the PDF and Word reports print it: results filled by
    status and basis, an undecided figure shaded apart, the status column bold."""
    fill = fill_of(c.status, c.basis, c.conflict) if key in ("crit", "status") else None
    if c.open and key not in ("crit", "status") and c.value != 0:
        fill = "no_threshold"
    return (c.text, fill, key == "status")


def unit_cells(doc: UnitDoc) -> Iterator[tuple[Cell, ...]]:
    """The rows of a unit's criteria table (`doc.columns`), criteria bold on a shaded row."""
    for r in doc.rows:
        bold = r.level == 0
        back = "criterion" if bold else None
        yield ((INDENT[r.level] + r.id, back, bold), (r.name, back, bold), (r.value, back, False),
               (r.threshold, back, False), (r.gap, back, False), (r.result, r.fill, bold), (r.basis, back, False))


def rgb(key: str | None) -> tuple[int, int, int] | None:
    h = FILLS.get(key or "")
    return None if h is None else (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))


def print_date(lang: str, today: _dt.date | None = None) -> str:
    d = today or _dt.date.today()
    return t("report.printed", lang, date=d.strftime("%d/%m/%Y") if lang_index(lang) == 0 else d.isoformat())


@dataclass(frozen=True, slots=True)
class Signature:
    place_date: str  # "…, ngày … tháng … năm …"
    left: str  # Người lập biểu
    right: str  # Thủ trưởng đơn vị
    note: str  # (Ký, ghi rõ họ tên)


def signature(lang: str) -> Signature:
    return Signature(t("report.sign.place_date", lang), t("report.sign.preparer", lang), t("report.sign.head", lang),
                     t("report.sign.note", lang))


# --- one unit (check) -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class UnitLine:
    """A row of the unit's table: a criterion (level 0), an indicator (1) or a part (2)."""

    level: int
    id: str
    name: str  # the title, with the notes under it (attestation, members holding it back)
    value: str
    threshold: str  # with its confidence mark and source
    gap: str
    result: str
    status: str
    fill: str | None
    basis: str


@dataclass(frozen=True, slots=True)
class UnitDoc:
    demo: str | None
    heading: str  # the unit: "Xã Sơn Bình, Tam Đường, Lai Châu"
    set_line: str
    year_line: str
    columns: tuple[str, ...]
    rows: tuple[UnitLine, ...]
    summary: tuple[tuple[str, str | None], ...]  # (sentence, fill key of its status or None)


COLUMNS = ("check.col.id", "check.col.name", "check.col.value", "check.col.threshold", "check.col.gap",
           "check.col.result", "report.col.basis")


def unit_doc(res: UnitResult, lang: str = "vi", brief: bool = False) -> UnitDoc:
    """The unit's report; `brief` keeps only the rows not met, in conflict or still open."""
    set_line = f"{res.set_title_en if lang == 'en' and res.set_title_en else res.set_title} [{res.criteria_set}]"
    used: set[str] = set()
    rows = tuple(_rows(res, lang, used, brief))
    return UnitDoc(demo=t("check.demo", lang) if res.set_status == "demo" else None, heading=unit_line(res, lang),
                   set_line=set_line, year_line=t("check.year", lang, year=res.year, date=res.date)
                   + _class_text(res, lang), columns=tuple(t(k, lang) for k in COLUMNS), rows=rows,
                   summary=tuple(_summary(res, lang, used, any(incomplete(c) for c in res.criteria))))


def _class_text(res: UnitResult, lang: str) -> str:
    """" · vùng: btb (Bắc Trung Bộ)" and any threshold override, as the terminal table says it."""
    if not res.klass_key:
        return ""
    key_name = word("catalog.class_key", res.klass_key, lang)
    label = REGION_EN.get(res.klass or "") if lang == "en" and res.klass_key == "region" else res.klass_label
    text = f" · {key_name}: {res.klass}" + (f" ({label})" if label else "")
    if res.override:
        text += t("check.override", lang, use=res.override["use"], instead=res.override["from"],
                  because=", ".join(res.override["because"]))
    return text


def _basis(r: CriterionResult | IndicatorResult, lang: str) -> str:
    return t("report.basis." + r.basis, lang) if r.basis in (COMPUTED, ATTESTED) else ""


def _notable(r: CriterionResult | IndicatorResult) -> bool:
    return r.status == FAIL or r.status in OPEN or has_conflict(r)


def _rows(res: UnitResult, lang: str, used: set[str], brief: bool = False) -> Iterator[UnitLine]:
    for c in res.criteria:
        if brief and not _notable(c):
            continue
        name = "\n".join(x for x in (title(c, lang), attestation_line(c, lang)) if x)
        yield UnitLine(0, c.id, name, "", "", "", verdict_label(c, lang), c.status,
                       fill_of(c.status, c.basis, has_conflict(c)), _basis(c, lang))
        for ind in c.indicators:
            if brief and not _notable(ind):
                continue
            yield _indicator(ind, 1, lang, used)
            for p in ind.parts:
                if not (brief and not _notable(p)):
                    yield _indicator(p, 2, lang, used)


def _indicator(ind: IndicatorResult, level: int, lang: str, used: set[str]) -> UnitLine:
    notes = [title(ind, lang)]
    if ind.held_back:
        notes.append(t("check.held_back", lang, names=", ".join(ind.held_back)))
    if ind.undecided:
        notes.append(t("check.undecided_members", lang, names=", ".join(ind.undecided)))
    att = attestation_line(ind, lang)
    if att:
        notes.append(att)
    mark = id_mark(ind.id_confidence)
    if mark:
        used.add(ind.id_confidence)
    source = " ".join(x for x in (conf_mark(ind.confidence), ind.source_short or "") if x)
    threshold = fmt_threshold(ind, lang) + (f"\n{source}" if source else "")
    return UnitLine(level, ind.id + mark, "\n".join(notes), fmt_value(ind, lang), threshold, fmt_gap(ind, lang),
                    verdict_label(ind, lang), ind.status, fill_of(ind.status, ind.basis, ind.conflict),
                    _basis(ind, lang))


def _summary(res: UnitResult, lang: str, ids: set[str], shown_incomplete: bool) -> Iterator[tuple[str, str | None]]:
    s = res.summary()
    head = t("check.result", lang, status=status_label(res.status, lang).upper(), passed=s["passed"], total=s["total"])
    if s["passed_attested"]:
        head += t("check.result_basis", lang, computed=s["passed_computed"], attested=s["passed_attested"])
    conflicts = sum(1 for c in res.criteria if not c.precondition and has_conflict(c))
    if conflicts:
        head += t("check.result_conflicts", lang, n=conflicts)
    yield head, res.status
    counts = [f"{status_label(k, lang)} {s[v]}" for k, v in (("pass", "passed"), ("fail", "failed"),
              ("missing", "missing"), ("no_threshold", "no_threshold"), ("not_applicable", "not_applicable"))]
    if conflicts:
        counts.append(f"{t('check.status.conflict', lang)} {conflicts}")
    yield " · ".join(counts), None
    unsourced = sum(1 for c in res.criteria for r in (c, *(x for i in c.indicators for x in (i, *i.parts)))
                    if r.attestation is not None and not r.attestation.sourced)
    if unsourced:
        yield t("check.unsourced", lang, n=unsourced), "missing"
    pre = [c for c in res.criteria if c.precondition]
    if pre:
        items = "; ".join(f"{c.id} ({title(c, lang)}) {status_label(c.status, lang).lower()}" for c in pre)
        yield t("check.preconditions", lang, items=items), None
    for line in prerequisite_lines(res, lang):
        yield line, "fail"
    cov = coverage_line(res, lang)
    if cov:
        yield cov, "warn"
    for w in res.warnings:
        yield t("check.warning", lang, text=t(w["key"], lang, **w)), "missing"
    yield from ((x, None) for x in _legends(lang, ids, shown_incomplete))
    if res.set_source:
        yield t("catalog.source_line", lang, source=res.set_source), None


def _legends(lang: str, ids: set[str], shown_incomplete: bool) -> Iterator[str]:
    if shown_incomplete:
        yield t("check.legend.incomplete", lang, mark=INCOMPLETE_MARK)
    legend = id_legend(ids, lang)
    if legend:
        yield legend
    i = lang_index(lang)
    marks = ", ".join(f"{CONFIDENCE_MARKS[k]} {CONFIDENCE_LABELS[k][i]}" for k in ("primary", "secondary",
                                                                                  "uncertain", "demo"))
    yield t("check.confidence", lang, legend=marks)
