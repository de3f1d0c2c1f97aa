"""Reading an indicator's `threshold:`: dated versions, and the value tree of each version.

A threshold is one version or a list of versions (`from` / `until`), each with an `op` and a
`value`. A value is a number or yes/no, `unknown`, `not_applicable`, `derived` (from another
set's indicator) or a choice `by_year` / `by_<classification key>` of further values.
"""

from __future__ import annotations

import re
from typing import Any

from ntm_eval.errors import suggest
from ntm_eval.load.readers import Reader, short, typename
from ntm_eval.model import ByKey, Classification, Const, Derived, NotApplicable, ThresholdVersion, Unknown, ValueNode
from ntm_eval.vocab import CONFIDENCE, OPS

THR_KEYS = {"op", "value", "from", "until", "source", "confidence", "note"}
DERIVED_KEYS = {"set", "indicator", "factor"}


class ThresholdReader(Reader):
    """Reader of thresholds; `classification` (set by the set parser) names the `by_…` key allowed."""

    classification: Classification | None = None

    def parse_thresholds(self, raw: Any, path: tuple, iid: str | None, itype: str) -> tuple[ThresholdVersion, ...]:
        if raw == "unknown":
            return (ThresholdVersion(op="unknown", value=Unknown()),)
        items = raw if isinstance(raw, list) else [raw]
        out = []
        for n, item in enumerate(items):
            tpath = path + (n,) if isinstance(raw, list) else path
            if item == "unknown":
                out.append(ThresholdVersion(op="unknown", value=Unknown()))
                continue
            m = self.mapping(item, tpath, THR_KEYS, (), "threshold", indicator=iid)
            if m is None:
                continue
            if isinstance(raw, list) and "from" not in m:
                self.err("schema.version_needs_from", tpath, indicator=iid)
            out.append(self.version(m, tpath, iid, itype))
        froms = [t.valid_from for t in out if t.valid_from]
        if froms != sorted(froms) or len(set(froms)) != len(froms):
            self.err("schema.versions_order", path, indicator=iid)
        return tuple(out)

    def version(self, m: dict, tpath: tuple, iid: str | None, itype: str) -> ThresholdVersion:
        """One threshold version (a mapping already checked for its keys)."""
        op = self.op(m, tpath, iid, itype)
        if "value" in m:
            value = self.value_node(m["value"], tpath + ("value",), iid, itype)
        elif itype == "yes_no":
            value = Const(True)
        else:
            self.err("schema.missing_key", tpath, indicator=iid, name="value", where="threshold")
            value = Unknown()
        if itype == "yes_no" and op not in ("=", "unknown"):
            self.err("schema.yes_no_op", tpath + ("op",), indicator=iid, value=op)
        conf = self.choice(m, "confidence", tpath, CONFIDENCE, indicator=iid) if "confidence" in m else None
        return ThresholdVersion(op=str(op), value=value, valid_from=self.date(m, "from", tpath, iid),
                                valid_until=self.date(m, "until", tpath, iid),
                                source=self.source(m.get("source"), tpath + ("source",)),
                                confidence=conf, note=self.text(m, "note", tpath, indicator=iid))

    def op(self, m: dict, tpath: tuple, iid: str | None, itype: str) -> str:
        """The comparison; yes/no thresholds default to "="; a bad or missing one becomes "unknown"."""
        op = m.get("op")
        if op is None:
            if itype == "yes_no":
                return "="
            self.err("schema.missing_key", tpath, indicator=iid, name="op", where="threshold")
            return "unknown"
        if op not in OPS + ("unknown",):
            self.err("schema.bad_op", tpath + ("op",), indicator=iid, value=op, choices=", ".join(OPS))
            return "unknown"
        return op

    def value_node(self, raw: Any, path: tuple, iid: str | None, itype: str) -> ValueNode:
        if raw == "unknown" or raw is None:
            return Unknown()
        if raw in ("not_applicable", "n/a"):
            return NotApplicable()
        if isinstance(raw, bool):
            if itype != "yes_no":
                self.err("schema.bool_for_number", path, indicator=iid)
            return Const(raw)
        if isinstance(raw, (int, float)):
            self.check_number(raw, path, iid, itype)
            return Const(raw)
        if isinstance(raw, dict) and len(raw) == 1:
            (k, v), = raw.items()
            if k == "unknown":
                return Unknown(str(v) if v is not None else None)
            if k == "derived":
                return self.derived(v, path + (k,), iid)
            if k.startswith("by_"):
                return self.by_key(k, v, path, iid, itype)
        self.err("schema.bad_value", path, indicator=iid, got=short(raw))
        return Unknown()

    def check_number(self, raw: int | float, path: tuple, iid: str | None, itype: str) -> None:
        if itype == "yes_no":
            self.err("schema.number_for_bool", path, indicator=iid)
        elif raw != raw or raw in (float("inf"), float("-inf")):
            self.err("schema.not_finite", path, indicator=iid)
        elif itype == "percent" and not 0 <= raw <= 100:
            self.err("schema.percent_range", path, indicator=iid, value=raw)

    def derived(self, v: Any, dpath: tuple, iid: str | None) -> ValueNode:
        """`derived: {set, indicator, factor}`: another set's threshold times a factor."""
        dm = self.mapping(v, dpath, DERIVED_KEYS, ("set", "indicator"), "derived", indicator=iid)
        if dm is None:
            return Unknown()
        factor = dm.get("factor", 1.0)
        if not isinstance(factor, (int, float)) or isinstance(factor, bool):
            self.err("schema.expected_number", dpath + ("factor",), indicator=iid, name="factor")
            factor = 1.0
        if dm.get("set") is None or dm.get("indicator") is None:
            return Unknown()  # the missing key is already reported (schema.missing_key)
        self.check_ref(str(dm["set"]), dpath + ("set",))
        return Derived(set_id=str(dm["set"]), indicator=str(dm["indicator"]), factor=float(factor))

    def by_key(self, k: str, v: Any, path: tuple, iid: str | None, itype: str) -> ValueNode:
        """`by_year` / `by_<classification key>`: a value per year or class, and an optional `default`."""
        dim = k[3:]
        if not isinstance(v, dict) or not v:
            self.err("schema.expected_mapping", path + (k,), indicator=iid, what=k, got=typename(v))
            return Unknown()
        if dim != "year":
            if self.classification is None:
                self.err("schema.no_classification", path + (k,), key=True, indicator=iid, name=k)
                return Unknown()
            if dim != self.classification.key:
                self.err("schema.wrong_dimension", path + (k,), key=True, indicator=iid, name=k,
                         expected="by_" + self.classification.key)
                return Unknown()
        branches: dict[str, ValueNode] = {}
        default = None
        for bk, bv in v.items():
            node = self.value_node(bv, path + (k, bk), iid, itype)
            if bk == "default":
                default = node
                continue
            self.check_branch_key(dim, bk, path + (k, bk), iid)
            branches[bk] = node
        return ByKey(dim=dim, branches=branches, default=default)

    def check_branch_key(self, dim: str, bk: str, bpath: tuple, iid: str | None) -> None:
        if dim == "year":
            if not re.match(r"^\d{4}$", bk):
                self.err("schema.bad_year", bpath, key=True, indicator=iid, value=bk)
        elif bk not in self.classification.values:  # type: ignore[union-attr]
            self.err("schema.unknown_class", bpath, key=True, indicator=iid, value=bk,
                     key_name=dim, hint=suggest(bk, self.classification.values))  # type: ignore[union-attr]
