"""Reading a criterion's `indicators:`: one indicator, its `parts`, and changes to inherited ones.

An indicator has an id, a title, a `type` (number, percent, yes_no, or a composite `all_of` /
`any_of` / `first_applicable` of `parts`), a `threshold` (see `thresholds_parse.py`), and optionally what it
`counts` and `from_members` (a district's share of member units meeting a set).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ntm_eval.load.thresholds_parse import ThresholdReader
from ntm_eval.model import Indicator, MembersRule
from ntm_eval.vocab import COMPOSITES, ID_CONF, LEVELS, TYPES

IND_KEYS = {"id", "id_confidence", "title", "title_en", "type", "unit", "counts", "optional",
            "agency", "note", "threshold", "parts", "from_members"}
COUNTS_KEYS = {"of", "of_en"}
MEMBERS_KEYS = {"level", "set"}
INDICATOR_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._()-]*$")
COMPOSITE = COMPOSITES


class IndicatorReader(ThresholdReader):
    """Reader of indicators (and, through `ThresholdReader`, of their thresholds)."""

    def parse_indicators(self, raws: list, path: tuple, base: list[Indicator]) -> list[Indicator]:
        out = list(base)
        index = {ind.id: n for n, ind in enumerate(out)}
        for i, raw in enumerate(raws):
            ipath = path + (i,)
            rid = str(raw.get("id")) if isinstance(raw, dict) and "id" in raw else None
            existing = out[index[rid]] if rid in index else None
            f = self.indicator_fields(raw, ipath, partial=existing is not None,
                                      inherited_type=existing.type if existing is not None else None)
            if f is None:
                continue
            if existing is not None:
                out[index[rid]] = replace(existing, **f)
            else:
                f.setdefault("title", "?")  # a missing title is already reported
                ind = Indicator(**f)
                index[ind.id] = len(out)
                out.append(ind)
        return out

    def indicator_fields(self, raw: Any, path: tuple, partial: bool, inherited_type: str | None = None
                         ) -> dict | None:
        """The fields an indicator writes (`partial`: changes to an inherited indicator, whose
        type, unless changed, is the parent's: a threshold-only change is read as that type)."""
        iid = str(raw.get("id")) if isinstance(raw, dict) and raw.get("id") is not None else None
        m = self.mapping(raw, path, IND_KEYS, ("id",) if partial else ("id", "title"), "indicator", indicator=iid)
        if m is None:
            return None
        f: dict[str, Any] = {"id": iid or "?"}
        if iid is not None and not INDICATOR_ID.match(iid):
            self.err("schema.bad_indicator_id", path + ("id",), indicator=iid, value=iid)
        self.indicator_scalars(m, path, iid, partial, f)
        self.indicator_counts(m, path, iid, f)
        itype = f.get("type", inherited_type or "number")
        if f.get("type") == "percent" and "unit" not in f:
            f["unit"] = "%"
        self.indicator_parts(m, path, iid, itype, partial, f)
        if "threshold" in m:
            f["thresholds"] = self.parse_thresholds(m["threshold"], path + ("threshold",), iid, itype)
            if itype in COMPOSITE:
                self.err("schema.composite_threshold", path + ("threshold",), indicator=iid)
        elif not partial and itype not in COMPOSITE:
            self.err("schema.missing_key", path, indicator=iid, name="threshold", where="indicator")
        if "counts" in m and itype != "percent" and itype != "number":
            self.err("schema.counts_need_number", path + ("counts",), indicator=iid)
        return f

    def indicator_scalars(self, m: dict, path: tuple, iid: str | None, partial: bool, f: dict) -> None:
        for k in ("title", "title_en", "unit", "agency", "note"):
            if k in m:
                f[k] = self.text(m, k, path, indicator=iid)
        if "type" in m or not partial:
            f["type"] = self.choice(m, "type", path, TYPES, default="number", indicator=iid)
        if "id_confidence" in m:
            f["id_confidence"] = self.choice(m, "id_confidence", path, ID_CONF, default="printed", indicator=iid)
        if "optional" in m:
            flag = self.flag(m, "optional", path, indicator=iid)
            if flag is not None:
                f["optional"] = flag

    def indicator_counts(self, m: dict, path: tuple, iid: str | None, f: dict) -> None:
        """`counts` (what the number counts, for "N more needed") and `from_members` (a share of members)."""
        if "counts" in m:
            cm = self.mapping(m["counts"], path + ("counts",), COUNTS_KEYS, ("of",), "counts", indicator=iid)
            if cm is not None:
                f["counts_of"] = self.text(cm, "of", path + ("counts",))
                f["counts_of_en"] = self.text(cm, "of_en", path + ("counts",))
        if "from_members" in m:
            fpath = path + ("from_members",)
            fm = self.mapping(m["from_members"], fpath, MEMBERS_KEYS, ("level", "set"), "from_members", indicator=iid)
            if fm is not None:
                lvl = self.choice(fm, "level", fpath, LEVELS, indicator=iid)
                f["from_members"] = MembersRule(level=lvl or "xa", set_id=str(fm.get("set")))
                self.check_ref(str(fm.get("set")), fpath + ("set",))
                if f.get("type", "number") != "percent" and "type" in f:
                    self.err("schema.members_need_percent", fpath, indicator=iid)

    def indicator_parts(self, m: dict, path: tuple, iid: str | None, itype: str, partial: bool, f: dict) -> None:
        """`parts` of an `all_of` / `any_of` indicator (one level deep)."""
        if "parts" in m:
            if itype not in COMPOSITE:
                self.err("schema.parts_need_composite", path + ("parts",), indicator=iid)
            elif not isinstance(m["parts"], list) or not m["parts"]:
                self.err("schema.expected_list", path + ("parts",), indicator=iid, name="parts")
            else:
                f["parts"] = tuple(self.parse_indicators(m["parts"], path + ("parts",), []))
                for p in f["parts"]:
                    if p.composite:
                        self.err("schema.nested_composite", path + ("parts",), indicator=p.id)
        elif itype in COMPOSITE and not partial:
            self.err("schema.composite_needs_parts", path, indicator=iid)
