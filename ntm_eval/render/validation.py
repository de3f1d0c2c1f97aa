"""Renderers of a `validation.Report`: human text, GitHub workflow annotations, JUnit XML.

Pure functions returning text (no rich): they work the same in a terminal, a CI log or a file.
A failing embedded test case carries the results behind it (`why`); here they become words:
the indicators with their value, threshold, status and gap (`detail_vi` / `detail_en`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence, TypeVar

from ntm_eval.errors import Problem
from ntm_eval.messages import CATALOG, HINT, INDICATOR, format_problem, lang_index, status_label, t
from ntm_eval.render.common import fmt_gap, fmt_threshold, fmt_value
from ntm_eval.results import Check, CriterionResult, IndicatorResult, Report, SetReport, UnitResult

LANGS = ("vi", "en")
MAX_ITEMS = 5  # indicators or criteria named in one test-case detail; more are shown as "…"
T = TypeVar("T", IndicatorResult, CriterionResult, UnitResult)


def problem_text(p: Problem, lang: str = "vi") -> str:
    """`file:line:col: lỗi: message` (`messages.format_problem`), with a test case's detail."""
    return format_problem(localised(p), lang)


def summary(s: SetReport, lang: str = "vi") -> str:
    """"N chỉ tiêu, M ngưỡng chưa xác định, K ca kiểm thử đạt" (+ failures and problem counts)."""
    if s.indicators is None:
        text = t("validate.unreadable", lang)
    else:
        text = t("validate.summary", lang, indicators=s.indicators, unknown=s.unknown, passed=s.tests_passed)
        failed = s.tests_total - s.tests_passed
        if failed:
            text += ", " + t("validate.summary_failed_tests", lang, failed=failed)
    if s.errors or s.warnings:
        text += " — " + t("validate.counts", lang, errors=s.errors, warnings=s.warnings)
    return text


def check_label(c: Check, lang: str = "vi") -> str:
    return t("validate.check." + c.code, lang, name=c.name or "")


def message(p: Problem, lang: str = "vi") -> str:
    """The problem's text without location and severity (for annotations and XML)."""
    i = lang_index(lang)
    p = localised(p)
    msg = t(p.key, lang, **p.params)
    if p.indicator and "{indicator}" not in CATALOG.get(p.key, ("", ""))[i]:
        msg += f" ({INDICATOR[i].format(id=p.indicator)})"
    hint = p.params.get("hint")
    if hint:
        msg += " — " + HINT[i].format(hint=hint)
    return msg


def total_line(report: Report, lang: str = "vi") -> str:
    line = t("validate.total", lang, sets=len(report.sets), errors=report.errors, warnings=report.warnings)
    if report.accepted:
        line += " " + t("validate.baseline_note", lang, n=report.accepted)
    if report.strict:
        line += " " + t("validate.strict_note", lang)
    return line


def human(report: Report, lang: str = "vi") -> str:
    out: list[str] = []
    for s in report.sets:
        for p in s.problems:
            out.append(problem_text(p, lang))
        out.append(f"{s.name}: {summary(s, lang)}")
    out.append(total_line(report, lang))
    return "\n".join(out) + "\n"


def _gh_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(s: str) -> str:
    return _gh_data(s).replace(":", "%3A").replace(",", "%2C")


def github(report: Report, lang: str = "vi") -> str:
    """`::error file=…,line=…,col=…,title=…::message` lines, then one plain summary line per set."""
    out: list[str] = []
    for s in report.sets:
        for c in s.checks:
            for p in c.problems:
                props = [f"file={_gh_prop(p.file or s.file)}"]
                if p.line is not None:
                    props.append(f"line={p.line}")
                    if p.col is not None:
                        props.append(f"col={p.col}")
                props.append(f"title={_gh_prop(f'ntm-eval {s.name}: {check_label(c, lang)}')}")
                out.append(f"::{p.severity} {','.join(props)}::{_gh_data(message(p, lang))}")
    for s in report.sets:
        out.append(f"{s.name}: {summary(s, lang)}")
    out.append(total_line(report, lang))
    return "\n".join(out) + "\n"


def junit(report: Report, lang: str = "vi") -> str:
    """JUnit XML: one <testsuite> per criteria file, one <testcase> per check and embedded test.
    Errors are <failure>s; warnings go to the test case's <system-out> (failures under --strict)."""
    import xml.etree.ElementTree as ET

    root = ET.Element("testsuites", name="ntm-eval validate")
    n_tests = n_fail = 0
    for s in report.sets:
        suite = ET.SubElement(root, "testsuite", name=s.name, file=s.file)
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", name="summary", value=summary(s, lang))
        tests = fails = 0
        for c in s.checks:
            tests += 1
            case = ET.SubElement(suite, "testcase", classname=s.name, name=check_label(c, lang), file=s.file)
            first = next((p for p in c.problems if p.line is not None), None)
            if first is not None:
                case.set("line", str(first.line))
            errors = [p for p in c.problems if p.severity == "error"]
            warnings = [p for p in c.problems if p.severity != "error"]
            if errors:
                fails += 1
                fail = ET.SubElement(case, "failure", message=message(errors[0], lang), type=errors[0].key)
                fail.text = "\n".join(problem_text(p, lang) for p in errors)
            if warnings:
                ET.SubElement(case, "system-out").text = "\n".join(problem_text(p, lang) for p in warnings)
        suite.set("tests", str(tests))
        suite.set("failures", str(fails))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        n_tests += tests
        n_fail += fails
    root.set("tests", str(n_tests))
    root.set("failures", str(n_fail))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _problem_dict(p: Problem, lang: str) -> dict:
    return {"file": p.file, "line": p.line, "col": p.col, "indicator": p.indicator, "code": p.key,
            "severity": p.severity, "message": message(p, lang)}


def json_report(report: Report, lang: str = "vi") -> str:
    """Machine-readable: every set with its counts and problems, and the totals."""
    import json

    doc = {"format_version": 1, "errors": report.errors, "warnings": report.warnings,
           "accepted_by_baseline": report.accepted, "strict": report.strict,
           "sets": [{"file": s.file, "id": s.set_id, "title": s.title, "indicators": s.indicators,
                     "unknown_thresholds": s.unknown, "tests": s.tests_total, "tests_passed": s.tests_passed,
                     "errors": s.errors, "warnings": s.warnings,
                     "problems": [_problem_dict(p, lang) for p in s.problems]} for s in report.sets]}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def sarif(report: Report, lang: str = "vi") -> str:
    """SARIF 2.1.0, which GitHub code scanning reads: one result per problem, rules by message key."""
    import json

    from ntm_eval import __version__

    keys = sorted({p.key for s in report.sets for p in s.problems})
    results = []
    for s in report.sets:
        for p in s.problems:
            loc: dict = {"artifactLocation": {"uri": (p.file or s.file).replace("\\", "/")}}
            if p.line is not None:
                loc["region"] = {"startLine": p.line, **({"startColumn": p.col} if p.col else {})}
            results.append({"ruleId": p.key, "ruleIndex": keys.index(p.key),
                            "level": "error" if p.severity == "error" else "warning",
                            "message": {"text": message(p, lang)}, "locations": [{"physicalLocation": loc}]})
    doc = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
           "runs": [{"tool": {"driver": {"name": "ntm-eval", "version": __version__,
                                         "rules": [{"id": k} for k in keys]}},
                     "results": results}]}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def quiet(report: Report, lang: str = "vi") -> str:
    """`--quiet`: the problems and the total line only (no per-set summaries)."""
    out = [problem_text(p, lang) for s in report.sets for p in s.problems]
    out.append(total_line(report, lang))
    return "\n".join(out) + "\n"


RENDERERS = {"human": human, "github": github, "junit": junit, "json": json_report, "sarif": sarif}  # by `--format`


# --- why an embedded test case got its verdict ------------------------------------------------
def localised(p: Problem) -> Problem:
    """A `validate.test_*` problem with the words for its `why` (a result) in both languages."""
    why = p.params.get("why")
    if why is None:
        return p
    details = {}
    for lang in LANGS:
        text = case_detail(why, lang)
        details[f"detail_{lang}"] = f" ({text})" if text else ""
    return replace(p, params={**p.params, **details})


def case_detail(why: IndicatorResult | CriterionResult | UnitResult, lang: str) -> str:
    if isinstance(why, IndicatorResult):
        return indicator_text(why, lang)
    if isinstance(why, CriterionResult):
        return _joined([_named(i, lang) for i in _culprits(why.indicators, why.status)])
    return status_text(why, lang)


def _joined(items: list[str], sep: str = "; ") -> str:
    if len(items) > MAX_ITEMS:
        items = items[:MAX_ITEMS] + ["…"]
    return sep.join(items)


def _culprits(items: Sequence[T], status: str) -> list[T]:
    """The items with the status that decided the verdict (all of them if none has it)."""
    return [i for i in items if i.status == status] or list(items)


def indicator_text(r: IndicatorResult, lang: str) -> str:
    """"giá trị 80%, ngưỡng ≥ 90%: Chưa đạt, thiếu 10%" (and the parts of a composite)."""
    status = status_label(r.status, lang)
    gap = fmt_gap(r, lang)
    if gap:
        status += ", " + gap
    if r.reason_detail:
        status += " — " + r.reason_detail
    text = t("validate.test_detail", lang, value=fmt_value(r, lang), threshold=fmt_threshold(r, lang), status=status)
    if r.parts:
        text += "; " + _joined([_named(p, lang) for p in r.parts])
    return text


def _named(r: IndicatorResult, lang: str) -> str:
    return t("validate.test_detail_indicator", lang, id=r.id, detail=indicator_text(r, lang))


def status_text(result: UnitResult, lang: str) -> str:
    """The criteria (and prerequisite sets) that decided the overall status, with their indicators."""
    bits = []
    for c in _culprits(result.criteria, result.status):
        head = t("validate.test_detail_criterion", lang, id=c.id, status=status_label(c.status, lang))
        inds = _culprits(c.indicators, c.status)
        bits.append(head + " — " + _joined([_named(i, lang) for i in inds], " / ") if inds else head)
    for p in result.prerequisites:
        if p.status == result.status:
            bits.append(t("validate.test_detail_prerequisite", lang, id=p.criteria_set,
                          status=status_label(p.status, lang)))
    return _joined(bits)
