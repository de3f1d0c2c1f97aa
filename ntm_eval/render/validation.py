"""Renderers of a `validation.Report`: human text, GitHub workflow annotations, JUnit XML.

Pure functions returning text (no rich): they work the same in a terminal, a CI log or a file.
"""

from __future__ import annotations

from ntm_eval.errors import Problem
from ntm_eval.messages import CATALOG, HINT, INDICATOR, format_problem, lang_index, t
from ntm_eval.results import Check, Report, SetReport


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
    msg = t(p.key, lang, **p.params)
    if p.indicator and "{indicator}" not in CATALOG.get(p.key, ("", ""))[i]:
        msg += f" ({INDICATOR[i].format(id=p.indicator)})"
    hint = p.params.get("hint")
    if hint:
        msg += " — " + HINT[i].format(hint=hint)
    return msg


def total_line(report: Report, lang: str = "vi") -> str:
    line = t("validate.total", lang, sets=len(report.sets), errors=report.errors, warnings=report.warnings)
    if report.strict:
        line += " " + t("validate.strict_note", lang)
    return line


def human(report: Report, lang: str = "vi") -> str:
    out: list[str] = []
    for s in report.sets:
        for p in s.problems:
            out.append(format_problem(p, lang))
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
                fail.text = "\n".join(format_problem(p, lang) for p in errors)
            if warnings:
                ET.SubElement(case, "system-out").text = "\n".join(format_problem(p, lang) for p in warnings)
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


RENDERERS = {"human": human, "github": github, "junit": junit}  # by `--format`
