"""The project's configuration, found upward from the working folder as black and yamllint do:
`ntm-eval.toml` (keys at the top level) or a `[tool.ntm-eval]` table in `pyproject.toml`.

```toml
[tool.ntm-eval]
criteria = ["criteria"]      # criteria folders of the project, relative to this file
lang = "vi"                  # default --lang
year = 2024                  # default --year of check and batch
format = "html"              # default --format of batch
baseline = "ntm-eval-baseline.json"   # validate: accepted warnings (only new ones fail)
```
"""

from __future__ import annotations

import os
from ntm_eval.records import dataclass, field
from typing import Any

from ntm_eval.errors import InputError, Problem, suggest

KEYS = {"criteria", "lang", "year", "format", "baseline"}
BATCH_FORMATS = ("table", "json", "csv", "md", "xlsx", "html")


@dataclass(frozen=True)
class Config:
    path: str | None = None  # the file it was read from (None: no configuration)
    criteria: tuple[str, ...] = ()  # absolute folders
    lang: str | None = None
    year: int | None = None
    format: str | None = None
    baseline: str | None = None  # absolute path
    raw: dict[str, Any] = field(default_factory=dict)

    def default_map(self) -> dict[str, dict[str, Any]]:
        """click's `default_map`: what each command takes from the configuration unless told."""
        common: dict[str, Any] = {}
        if self.lang:
            common["lang"] = self.lang
        if self.criteria:
            common["criteria_dirs"] = list(self.criteria)
        out = {name: dict(common) for name in ("check", "batch", "validate", "sets", "show", "template")}
        if self.year is not None:
            for name in ("check", "batch"):
                out[name]["year"] = self.year
        if self.format:
            out["batch"]["fmt"] = self.format
        if self.baseline:
            out["validate"]["baseline"] = self.baseline
        return out


def find_config(start: str = ".", memo: Any = None) -> Config:
    """The configuration of the project `start` lies in, or an empty one. `memo` (run/compiled.py's
    `PyprojectMemo`, given by the click-free check) knows the exact bytes of pyproject.toml files
    that parsed before with no [tool.ntm-eval] table: those are not parsed again. Any other content
    is parsed, so a bad TOML file or a table is always found by tomllib."""
    d = os.path.abspath(start)
    while True:
        own = os.path.join(d, "ntm-eval.toml")
        if os.path.isfile(own):
            return _read(own, tool=False)
        py = os.path.join(d, "pyproject.toml")
        if os.path.isfile(py):
            cfg = _read(py, tool=True, memo=memo)
            if cfg.path is not None:
                return cfg
        parent = os.path.dirname(d)
        if parent == d:
            return Config()
        d = parent


def _read(path: str, tool: bool, memo: Any = None) -> Config:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise InputError([Problem("file.os_error", path, params={"detail": exc.strerror or str(exc)})]) from None
    if tool and memo is not None and memo.has(path, data):
        return Config()  # this very content was parsed before: valid TOML, no [tool.ntm-eval]
    import tomllib

    try:
        doc = tomllib.loads(data.decode())  # what tomllib.load does with the file
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError([Problem("config.bad_toml", path, params={"detail": str(exc)})]) from None
    if tool:
        table = doc.get("tool", {}).get("ntm-eval") if isinstance(doc.get("tool"), dict) else None
        if table is None:
            if memo is not None:
                memo.add(path, data)
            return Config()
    else:
        table = doc
    if not isinstance(table, dict):
        raise InputError([Problem("config.not_table", path)])
    return _config(path, table)


def _config(path: str, t: dict[str, Any]) -> Config:
    problems = [Problem("config.unknown_key", path, params={"name": k, "hint": suggest(k, KEYS),
                                                           "allowed": ", ".join(sorted(KEYS))})
                for k in t if k not in KEYS]
    base = os.path.dirname(os.path.abspath(path))
    crit = t.get("criteria", [])
    if isinstance(crit, str):
        crit = [crit]
    if not isinstance(crit, list) or not all(isinstance(c, str) for c in crit):
        problems.append(Problem("config.bad_value", path, params={"name": "criteria", "expected": "[\"criteria\"]"}))
        crit = []
    folders = tuple(os.path.normpath(os.path.join(base, c)) for c in crit)
    for f in folders:
        if not os.path.isdir(f):
            problems.append(Problem("config.no_folder", path, params={"name": f}))
    lang = t.get("lang")
    if lang is not None and lang not in ("vi", "en"):
        problems.append(Problem("config.bad_value", path, params={"name": "lang", "expected": "vi, en"}))
    year = t.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool) or not 1990 <= year <= 2100):
        problems.append(Problem("config.bad_value", path, params={"name": "year", "expected": "1990–2100"}))
    fmt = t.get("format")
    if fmt is not None and fmt not in BATCH_FORMATS:
        problems.append(Problem("config.bad_value", path, params={"name": "format",
                                                                "expected": ", ".join(BATCH_FORMATS)}))
    baseline = t.get("baseline")
    if baseline is not None and not isinstance(baseline, str):
        problems.append(Problem("config.bad_value", path, params={"name": "baseline", "expected": "a file name"}))
    if problems:
        raise InputError(problems)
    return Config(path, folders, lang, year, fmt, os.path.join(base, baseline) if baseline else None, dict(t))
