"""What a check reads: the file, its raw document (for locations), the parsed set, a lookup.

`FileContext` is handed to checks that run on every file with an id, before parsing (unique
id, path); `SetContext` to checks that run on a set that parsed. Both build located problems
with `problem(...)`; checks never print and never touch a report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator

from ntm_eval.errors import Problem
from ntm_eval.io.yamlload import Doc
from ntm_eval.model import CriteriaSet, Indicator, ThresholdVersion

if TYPE_CHECKING:
    from ntm_eval.validate.resolver import Entry, Resolver


def value_at(data: Any, path: tuple) -> Any:
    """The raw value at `path` in a document (None when it is not there)."""
    for k in path:
        if isinstance(data, dict) and k in data:
            data = data[k]
        elif isinstance(data, list) and isinstance(k, int) and 0 <= k < len(data):
            data = data[k]
        else:
            return None
    return data


def indicator_paths(doc: Doc) -> dict[str, tuple]:
    """Indicator (and part) id → path of its mapping in the document."""
    out: dict[str, tuple] = {}
    crits = value_at(doc.data, ("criteria",))
    if not isinstance(crits, list):
        return out
    for i, c in enumerate(crits):
        inds = c.get("indicators") if isinstance(c, dict) else None
        if not isinstance(inds, list):
            continue
        for j, ind in enumerate(inds):
            if not isinstance(ind, dict) or ind.get("id") is None:
                continue
            path = ("criteria", i, "indicators", j)
            out[str(ind["id"])] = path
            parts = ind.get("parts")
            for k, part in enumerate(parts if isinstance(parts, list) else []):
                if isinstance(part, dict) and part.get("id") is not None:
                    out[str(part["id"])] = path + ("parts", k)
    return out


def _problem(doc: Doc, key: str, path: tuple, at_key: bool, indicator: str | None, severity: str,
             params: dict[str, Any]) -> Problem:
    return doc.problem(key, path, key=at_key, indicator=indicator, severity=severity, **params)


@dataclass
class FileContext:
    """A criteria file with an id, among all the files being validated (in order)."""

    entry: "Entry"
    entries: list["Entry"]

    @property
    def doc(self) -> Doc:
        assert self.entry.doc is not None
        return self.entry.doc

    def problem(self, key: str, path: tuple = (), at_key: bool = False, indicator: str | None = None,
                severity: str = "error", **params: Any) -> Problem:
        return _problem(self.doc, key, path, at_key, indicator, severity, params)


@dataclass
class SetContext:
    """A set that parsed, its document, and the resolver for the sets it refers to."""

    file: str
    doc: Doc
    cset: CriteriaSet
    resolver: "Resolver"
    paths: dict[str, tuple] = field(init=False)  # indicator id → path in the document
    cache: dict[Any, Any] = field(default_factory=dict)  # work shared between checks (coverage)

    def __post_init__(self) -> None:
        self.paths = indicator_paths(self.doc)

    def problem(self, key: str, path: tuple = (), at_key: bool = False, indicator: str | None = None,
                severity: str = "error", **params: Any) -> Problem:
        return _problem(self.doc, key, path, at_key, indicator, severity, params)

    def raw(self, path: tuple) -> Any:
        return value_at(self.doc.data, path)

    def lookup(self, sid: str) -> CriteriaSet:
        return self.resolver.get(sid)

    def requires_paths(self) -> list[tuple[str, tuple]]:
        """(required set id, its path in the document) for every `requires` of the set."""
        raw = self.raw(("requires",))
        return [(sid, ("requires", n) if isinstance(raw, list) else ("requires",))
                for n, sid in enumerate(self.cset.requires)]

    def owned_leaves(self) -> Iterator[tuple[Indicator, Indicator, bool, tuple]]:
        """(top-level indicator, leaf, threshold written in this file?, path of the leaf)."""
        for ind in self.cset.indicators():
            for leaf in ind.leaves():
                base = self.paths.get(leaf.id)
                owned = base is not None and isinstance(self.raw(base), dict) and "threshold" in self.raw(base)
                yield ind, leaf, owned, base or ()

    def versions(self, leaf: Indicator, base: tuple) -> list[tuple[ThresholdVersion, tuple]]:
        """The leaf's threshold versions with the path of each in the document."""
        tpath = base + ("threshold",)
        if isinstance(self.raw(tpath), list):
            return [(v, tpath + (n,)) for n, v in enumerate(leaf.thresholds)]
        return [(v, tpath) for v in leaf.thresholds]
