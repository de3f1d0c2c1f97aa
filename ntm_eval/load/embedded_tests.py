"""Reading a set's `tests:`: example units with the verdicts the set must give them.

Each case names a unit (`unit`, `year` or `date`, `values`) and what to expect: the overall
`status`, and the status of some `criteria` and `indicators`. `ntm-eval validate` runs them
(`validate/checks/tests.py`); so does the test suite (`tests/test_embedded_cases.py`).
"""

from __future__ import annotations

from typing import Any

from ntm_eval.errors import suggest
from ntm_eval.load.readers import Reader, typename
from ntm_eval.model import TestCase
from ntm_eval.vocab import STATUSES

TEST_KEYS = {"name", "unit", "year", "date", "values", "expect"}
EXPECT_KEYS = {"status", "criteria", "indicators"}


class CaseReader(Reader):
    """Reader of embedded test cases."""

    def parse_tests(self, raw: Any) -> list[TestCase]:
        if not isinstance(raw, list):
            self.err("schema.expected_list", ("tests",), name="tests")
            return []
        out = []
        for i, t in enumerate(raw):
            case = self.test_case(t, ("tests", i))
            if case is not None:
                out.append(case)
        return out

    def test_case(self, t: Any, path: tuple) -> TestCase | None:
        m = self.mapping(t, path, TEST_KEYS, ("name", "values", "expect"), "test")
        if m is None:
            return None
        em = self.mapping(m.get("expect"), path + ("expect",), EXPECT_KEYS, (), "expect") or {}
        exp_c = em.get("criteria") or {}
        exp_i = em.get("indicators") or {}
        for sub, d in (("criteria", exp_c), ("indicators", exp_i)):
            self.check_expected(sub, d, path)
        status = em.get("status")
        if status is not None and status not in STATUSES:
            self.err("schema.bad_choice", path + ("expect", "status"), name="status", value=status,
                     choices=", ".join(STATUSES), hint=suggest(str(status), STATUSES))
        unit = m.get("unit") or {}
        values = m.get("values") or {}
        if not isinstance(unit, dict) or not isinstance(values, dict):
            self.err("schema.expected_mapping", path, what="unit/values", got="?")
            return None
        year = m.get("year")
        return TestCase(name=str(m.get("name")), unit=unit, year=year if isinstance(year, int) else None,
                        date=self.date(m, "date", path), values=values, expect_status=status,
                        expect_criteria=_statuses(exp_c), expect_indicators=_statuses(exp_i),
                        line=self.doc.where(path)[0])

    def check_expected(self, sub: str, d: Any, path: tuple) -> None:
        """`expect: {criteria|indicators: {id: status}}`: every status is a known one."""
        if not isinstance(d, dict):
            self.err("schema.expected_mapping", path + ("expect", sub), what=sub, got=typename(d))
            return
        for k, v in d.items():
            if v not in STATUSES:
                self.err("schema.bad_choice", path + ("expect", sub, k), name=k, value=v,
                         choices=", ".join(STATUSES), hint=suggest(str(v), STATUSES))


def _statuses(d: Any) -> dict[str, str]:
    return {str(k): str(v) for k, v in d.items()} if isinstance(d, dict) else {}
