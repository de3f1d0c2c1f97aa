"""Small typed readers for criteria files: a mapping with known keys, a text, a date, a choice.

`Reader` holds the document and the problems found so far. Each reader checks one value,
records a located problem when it is wrong (so every problem of a file is reported at once)
and returns a usable value or None. The parsers of thresholds, embedded tests and whole sets
(`thresholds_parse.py`, `embedded_tests.py`, `criteria.py`) build on it.
"""

from __future__ import annotations

from typing import Any

from ntm_eval.errors import Problem, suggest
from ntm_eval.io.yamlload import Doc, is_iso_date
from ntm_eval.model import Source
from ntm_eval.vocab import ID_RE

SOURCE_KEYS = {"document", "date", "part", "issuer", "url", "note"}


def typename(v: Any) -> str:
    """The YAML kind of a value, for "expected a mapping, got a list" (translated in messages)."""
    if v is None:
        return "null"
    return {bool: "yes/no", int: "number", float: "number", str: "text", list: "list", dict: "mapping"}.get(
        type(v), type(v).__name__)


def short(v: Any) -> str:
    """A value as written, cut to 60 characters for a message."""
    s = repr(v)
    return s if len(s) <= 60 else s[:57] + "..."


class Reader:
    """Reads values of one criteria file. Collects problems instead of stopping at the first."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.problems: list[Problem] = []
        self.sources: dict[str, Source] = {}  # the set's named `sources:`

    def err(self, msg: str, path: tuple, key: bool = False, indicator: str | None = None, **params: Any) -> None:
        self.problems.append(self.doc.problem(msg, path, key=key, indicator=indicator, **params))

    def mapping(self, obj: Any, path: tuple, allowed: set[str], required: tuple[str, ...] = (),
                what: str = "", indicator: str | None = None) -> dict | None:
        if not isinstance(obj, dict):
            self.err("schema.expected_mapping", path, what=what or (path[-1] if path else "document"),
                     got=typename(obj), indicator=indicator)
            return None
        for k in obj:
            if k not in allowed:
                hint = suggest(k, allowed)
                self.err("schema.unknown_key", path + (k,), key=True, indicator=indicator, name=k,
                         where=what, hint=hint, allowed=", ".join(sorted(allowed)))
        for k in required:
            if k not in obj:
                self.err("schema.missing_key", path, indicator=indicator, name=k, where=what)
        return obj

    def text(self, obj: dict, k: str, path: tuple, required: bool = False, indicator: str | None = None) -> str | None:
        v = obj.get(k)
        if v is None:
            if required and k in obj:
                self.err("schema.missing_key", path, indicator=indicator, name=k, where="")
            return None
        if isinstance(v, bool) or not isinstance(v, (str, int, float)):
            self.err("schema.expected_text", path + (k,), indicator=indicator, name=k, got=typename(v))
            return None
        return str(v)

    def date(self, obj: dict, k: str, path: tuple, indicator: str | None = None) -> str | None:
        v = self.text(obj, k, path, indicator=indicator)
        if v is not None and not is_iso_date(v):
            self.err("schema.bad_date", path + (k,), indicator=indicator, name=k, value=v)
            return None
        return v

    def choice(self, obj: dict, k: str, path: tuple, choices: tuple[str, ...], default: str | None = None,
               indicator: str | None = None) -> str | None:
        v = obj.get(k, default)
        if v is None:
            return None
        if str(v) not in choices:
            self.err("schema.bad_choice", path + (k,), indicator=indicator, name=k, value=v,
                     choices=", ".join(choices), hint=suggest(str(v), choices))
            return default
        return str(v)

    def flag(self, obj: dict, k: str, path: tuple, indicator: str | None = None) -> bool | None:
        """A yes/no key; None (with a problem) when it is something else."""
        if isinstance(obj[k], bool):
            return obj[k]
        self.err("schema.expected_bool", path + (k,), indicator=indicator, name=k)
        return None

    def string_list(self, obj: dict, k: str, path: tuple) -> tuple[str, ...]:
        v = obj.get(k)
        if v is None:
            return ()
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(x, (str, int, float)) and not isinstance(x, bool) for x in v):
            self.err("schema.expected_list", path + (k,), name=k)
            return ()
        return tuple(str(x) for x in v)

    def source(self, v: Any, path: tuple) -> Source | None:
        """A source written out, or the name of one of the set's `sources:`."""
        if v is None:
            return None
        if isinstance(v, str):
            if v in self.sources:
                return self.sources[v]
            self.err("schema.unknown_source", path, name=v, hint=suggest(v, self.sources))
            return None
        m = self.mapping(v, path, SOURCE_KEYS, ("document",), "source")
        if m is None:
            return None
        return Source(document=self.text(m, "document", path) or "?", date=self.date(m, "date", path),
                      part=self.text(m, "part", path), issuer=self.text(m, "issuer", path),
                      url=self.text(m, "url", path), note=self.text(m, "note", path))

    def check_ref(self, ref: str | None, path: tuple) -> None:
        """References between sets are ids, never paths: nothing can reach outside a criteria folder."""
        if ref is not None and not ID_RE.match(ref):
            self.err("schema.bad_ref", path, value=ref)
