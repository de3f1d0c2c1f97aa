"""`validate`'s records: one report per criteria file, made of named checks holding problems
(and the run's exit code)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ntm_eval.errors import Problem
from ntm_eval.vocab import EXIT_FAIL, EXIT_OK


@dataclass
class Check:
    code: str  # one of CHECKS, or "test" for an embedded test case
    problems: list[Problem] = field(default_factory=list)
    name: str | None = None  # the embedded test's name

    @property
    def failed(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


@dataclass
class SetReport:
    file: str
    set_id: str | None = None
    title: str | None = None
    indicators: int | None = None  # None: the file could not be parsed
    unknown: int = 0  # indicators whose threshold is unknown for some year/class/date
    tests_total: int = 0
    tests_passed: int = 0
    checks: list[Check] = field(default_factory=list)

    def check(self, code: str) -> Check:
        for c in self.checks:
            if c.code == code:
                return c
        c = Check(code)
        self.checks.append(c)
        return c

    @property
    def problems(self) -> list[Problem]:
        return [p for c in self.checks for p in c.problems]

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity == "warning")

    @property
    def name(self) -> str:
        return self.set_id or self.file


@dataclass
class Report:
    sets: list[SetReport]
    strict: bool = False
    accepted: int = 0  # warnings a baseline accepted (not shown, not counted)

    @property
    def problems(self) -> list[Problem]:
        return [p for s in self.sets for p in s.problems]

    @property
    def errors(self) -> int:
        return sum(s.errors for s in self.sets)

    @property
    def warnings(self) -> int:
        return sum(s.warnings for s in self.sets)

    @property
    def ok(self) -> bool:
        return self.errors == 0

    @property
    def exit_code(self) -> int:
        """0 no error (warnings count as errors under --strict, in `errors`) · 1 errors."""
        return EXIT_OK if self.ok else EXIT_FAIL
