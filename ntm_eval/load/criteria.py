"""Criteria files → `CriteriaSet`: parse, check every key, resolve `extends`, find sets by id.

Every problem is located (`file:line:col`) and all problems of a file are reported at once.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Callable

from ntm_eval.errors import InputError, Problem, suggest
from ntm_eval.model import (ByKey, Classification, Const, Criterion,
                            CriteriaSet, Derived, Indicator, MembersRule, NotApplicable, Override, Source, TestCase,
                            ThresholdVersion, Unknown, ValueNode)
from ntm_eval.io.yamlload import Doc, is_iso_date
from ntm_eval.vocab import CONFIDENCE, ID_CONF, ID_RE, LEVELS, OPS, SET_STATUS, STATUSES, TIERS, TYPES


SET_KEYS = {"schema_version", "id", "title", "title_en", "level", "tier", "status", "valid_from",
            "valid_until", "indicator_count", "years", "source", "confidence", "note", "sources",
            "classification", "categories", "requires", "extends", "criteria", "tests", "remove"}
SOURCE_KEYS = {"document", "date", "part", "issuer", "url", "note"}
CLASS_KEYS = {"key", "values", "overrides"}
OVERRIDE_KEYS = {"from", "until", "if_any", "use", "source", "note"}
CRIT_KEYS = {"id", "title", "title_en", "group", "agency", "note", "indicators", "precondition"}
IND_KEYS = {"id", "id_confidence", "title", "title_en", "type", "unit", "counts", "optional",
            "agency", "note", "threshold", "parts", "from_members"}
COUNTS_KEYS = {"of", "of_en"}
THR_KEYS = {"op", "value", "from", "until", "source", "confidence", "note"}
TEST_KEYS = {"name", "unit", "year", "date", "values", "expect"}
EXPECT_KEYS = {"status", "criteria", "indicators"}


class _Parser:
    """Reads one criteria file. Collects problems instead of stopping at the first."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.problems: list[Problem] = []
        self.sources: dict[str, Source] = {}
        self.classification: Classification | None = None
        self.categories: dict[str, str] = {}

    # -- small typed readers ------------------------------------------------------------
    def err(self, msg: str, path: tuple, key: bool = False, indicator: str | None = None, **params: Any) -> None:
        self.problems.append(self.doc.problem(msg, path, key=key, indicator=indicator, **params))

    def mapping(self, obj: Any, path: tuple, allowed: set[str], required: tuple[str, ...] = (),
                what: str = "", indicator: str | None = None) -> dict | None:
        if not isinstance(obj, dict):
            self.err("schema.expected_mapping", path, what=what or (path[-1] if path else "document"),
                     got=_typename(obj), indicator=indicator)
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
            self.err("schema.expected_text", path + (k,), indicator=indicator, name=k, got=_typename(v))
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

    # -- the set ------------------------------------------------------------------------
    def parse_set(self, raw: Any, parent: CriteriaSet | None = None,
                  parent_lookup: Callable[[str], CriteriaSet] | None = None) -> dict:
        """Return the fields of a CriteriaSet (merged onto `parent` when extending)."""
        top = self.mapping(raw, (), SET_KEYS, ("id",), "criteria set")
        if top is None:
            return {}
        fields: dict[str, Any] = {}
        sv = top.get("schema_version", 1)
        if sv != 1:
            self.err("schema.version", ("schema_version",), value=sv)
        set_id = self.text(top, "id", ())
        if set_id is not None and not ID_RE.match(set_id):
            self.err("schema.bad_set_id", ("id",), value=set_id)
        fields["id"] = set_id or "?"
        for name, sraw in (top.get("sources") or {}).items() if isinstance(top.get("sources"), dict) else []:
            src = self.source(sraw, ("sources", name))
            if src:
                self.sources[name] = src
        if "sources" in top and not isinstance(top["sources"], dict):
            self.err("schema.expected_mapping", ("sources",), what="sources", got=_typename(top["sources"]))
        for k in ("title", "title_en", "note"):
            if k in top:
                fields[k] = self.text(top, k, ())
        if "level" in top:
            lv = top["level"]
            if isinstance(lv, list) and lv:  # one set for several kinds of unit (phường, thị trấn)
                fields["also_levels"] = tuple(self.choice({"level": x}, "level", ("level",), LEVELS) or "?"
                                              for x in lv[1:])
                lv = lv[0]
            fields["level"] = self.choice({"level": lv}, "level", (), LEVELS)
        if "tier" in top:
            fields["tier"] = self.choice(top, "tier", (), TIERS)
        if "status" in top:
            fields["status"] = self.choice(top, "status", (), SET_STATUS)
        if "confidence" in top:
            fields["confidence"] = self.choice(top, "confidence", (), CONFIDENCE)
        for k, fk in (("valid_from", "valid_from"), ("valid_until", "valid_until")):
            if k in top:
                fields[fk] = self.date(top, k, ())
        if "indicator_count" in top:
            ic = top["indicator_count"]
            if not isinstance(ic, int) or isinstance(ic, bool) or ic < 0:
                self.err("schema.expected_int", ("indicator_count",), name="indicator_count", got=ic)
            else:
                fields["indicator_count"] = ic
        if "years" in top:
            ys = top["years"]
            if not isinstance(ys, list) or not all(isinstance(y, int) and not isinstance(y, bool) for y in ys):
                self.err("schema.expected_years", ("years",))
            else:
                fields["years"] = tuple(ys)
        if "source" in top:
            fields["source"] = self.source(top["source"], ("source",))
        if "requires" in top:
            fields["requires"] = self.string_list(top, "requires", ())
            for n, r in enumerate(fields["requires"]):
                self.check_ref(r, ("requires", n))
        if "extends" in top:
            fields["extends"] = self.text(top, "extends", ())
            self.check_ref(fields["extends"], ("extends",))
        if parent is not None:
            self.classification = parent.classification
            self.categories = dict(parent.categories)
        if "categories" in top:
            cats = top["categories"]
            if isinstance(cats, dict):
                self.categories.update({str(k): str(v) for k, v in cats.items()})
            else:
                self.err("schema.expected_mapping", ("categories",), what="categories", got=_typename(cats))
        fields["categories"] = self.categories
        if "classification" in top:
            self.classification = self.parse_classification(top["classification"])
        fields["classification"] = self.classification
        crit_raw = top.get("criteria")
        if crit_raw is None and parent is None:
            self.err("schema.missing_key", (), name="criteria", where="criteria set")
        elif crit_raw is not None and not isinstance(crit_raw, list):
            self.err("schema.expected_list", ("criteria",), name="criteria")
            crit_raw = None
        base = list(parent.criteria) if parent else []
        fields["criteria"] = tuple(self.parse_criteria(crit_raw or [], base))
        if "remove" in top:
            drop = set(self.string_list(top, "remove", ()))
            known = {c.id for c in fields["criteria"]} | {i.id for c in fields["criteria"] for i in c.indicators}
            for d in sorted(drop - known):
                self.err("schema.remove_unknown", ("remove",), name=d, hint=suggest(d, known))
            fields["criteria"] = tuple(
                replace(c, indicators=tuple(i for i in c.indicators if i.id not in drop))
                for c in fields["criteria"] if c.id not in drop)
        if not fields["criteria"]:
            self.err("schema.no_criteria", ())
        self.check_unique(fields["criteria"])
        if "tests" in top:
            fields["tests"] = tuple(self.parse_tests(top["tests"]))
        elif parent is not None:
            fields["tests"] = ()
        return fields

    def check_ref(self, ref: str | None, path: tuple) -> None:
        """References between sets are ids, never paths: nothing can reach outside a criteria folder."""
        if ref is not None and not ID_RE.match(ref):
            self.err("schema.bad_ref", path, value=ref)

    def parse_classification(self, raw: Any) -> Classification | None:
        path = ("classification",)
        m = self.mapping(raw, path, CLASS_KEYS, ("key", "values"), "classification")
        if m is None:
            return None
        key = self.text(m, "key", path) or "region"
        values = m.get("values")
        if not isinstance(values, dict) or not values:
            self.err("schema.expected_mapping", path + ("values",), what="values", got=_typename(values))
            values = {}
        vals = {str(k): str(v) for k, v in values.items()}
        overrides = []
        for i, o in enumerate(m.get("overrides") or []):
            op = path + ("overrides", i)
            om = self.mapping(o, op, OVERRIDE_KEYS, ("if_any", "use"), "override")
            if om is None:
                continue
            use = self.text(om, "use", op) or ""
            if use not in vals:
                self.err("schema.unknown_class", op + ("use",), value=use, key_name=key, hint=suggest(use, vals))
            cats = self.string_list(om, "if_any", op)
            for c in cats:
                if c not in self.categories:
                    self.err("schema.unknown_category", op + ("if_any",), value=c, hint=suggest(c, self.categories))
            overrides.append(Override(use=use, if_any=cats, valid_from=self.date(om, "from", op),
                                      valid_until=self.date(om, "until", op),
                                      source=self.source(om.get("source"), op + ("source",)),
                                      note=self.text(om, "note", op)))
        return Classification(key=key, values=vals, overrides=tuple(overrides))

    def parse_criteria(self, raws: list, base: list[Criterion]) -> list[Criterion]:
        out = list(base)
        index = {c.id: n for n, c in enumerate(out)}
        for i, raw in enumerate(raws):
            path = ("criteria", i)
            existing = None
            if isinstance(raw, dict) and "id" in raw and str(raw["id"]) in index:
                existing = out[index[str(raw["id"])]]
            m = self.mapping(raw, path, CRIT_KEYS, ("id",) if existing else ("id", "title", "indicators"),
                             "criterion")
            if m is None:
                continue
            cid = self.text(m, "id", path) or "?"
            f: dict[str, Any] = {}
            for k in ("title", "title_en", "group", "agency", "note"):
                if k in m:
                    f[k] = self.text(m, k, path)
            if "precondition" in m:
                if isinstance(m["precondition"], bool):
                    f["precondition"] = m["precondition"]
                else:
                    self.err("schema.expected_bool", path + ("precondition",), name="precondition")
            inds_raw = m.get("indicators")
            if inds_raw is not None and not isinstance(inds_raw, list):
                self.err("schema.expected_list", path + ("indicators",), name="indicators")
                inds_raw = []
            inds = self.parse_indicators(inds_raw or [], path + ("indicators",),
                                         list(existing.indicators) if existing else [])
            if existing is not None:
                out[index[cid]] = replace(existing, indicators=tuple(inds), **f)
            else:
                if not inds:
                    self.err("schema.no_indicators", path, indicator=cid)
                crit = Criterion(id=cid, title=f.pop("title", None) or "?", indicators=tuple(inds), **f)
                index[cid] = len(out)
                out.append(crit)
        return out

    def parse_indicators(self, raws: list, path: tuple, base: list[Indicator], parent_id: str | None = None) -> list[Indicator]:
        out = list(base)
        index = {ind.id: n for n, ind in enumerate(out)}
        for i, raw in enumerate(raws):
            ipath = path + (i,)
            rid = str(raw.get("id")) if isinstance(raw, dict) and "id" in raw else None
            existing = out[index[rid]] if rid in index else None
            f = self.indicator_fields(raw, ipath, partial=existing is not None)
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

    def indicator_fields(self, raw: Any, path: tuple, partial: bool) -> dict | None:
        iid = str(raw.get("id")) if isinstance(raw, dict) and raw.get("id") is not None else None
        m = self.mapping(raw, path, IND_KEYS, ("id",) if partial else ("id", "title"), "indicator", indicator=iid)
        if m is None:
            return None
        f: dict[str, Any] = {"id": iid or "?"}
        if iid is not None and not re.match(r"^[A-Za-z0-9][A-Za-z0-9._()-]*$", iid):
            self.err("schema.bad_indicator_id", path + ("id",), indicator=iid, value=iid)
        for k in ("title", "title_en", "unit", "agency", "note"):
            if k in m:
                f[k] = self.text(m, k, path, indicator=iid)
        if "type" in m or not partial:
            f["type"] = self.choice(m, "type", path, TYPES, default="number", indicator=iid)
        if "id_confidence" in m:
            f["id_confidence"] = self.choice(m, "id_confidence", path, ID_CONF, default="printed", indicator=iid)
        if "optional" in m:
            if not isinstance(m["optional"], bool):
                self.err("schema.expected_bool", path + ("optional",), indicator=iid, name="optional")
            else:
                f["optional"] = m["optional"]
        if "counts" in m:
            cm = self.mapping(m["counts"], path + ("counts",), COUNTS_KEYS, ("of",), "counts", indicator=iid)
            if cm is not None:
                f["counts_of"] = self.text(cm, "of", path + ("counts",))
                f["counts_of_en"] = self.text(cm, "of_en", path + ("counts",))
        if "from_members" in m:
            fm = self.mapping(m["from_members"], path + ("from_members",), {"level", "set"}, ("level", "set"),
                              "from_members", indicator=iid)
            if fm is not None:
                lvl = self.choice(fm, "level", path + ("from_members",), LEVELS, indicator=iid)
                f["from_members"] = MembersRule(level=lvl or "xa", set_id=str(fm.get("set")))
                self.check_ref(str(fm.get("set")), path + ("from_members", "set"))
                if f.get("type", "number") != "percent" and "type" in f:
                    self.err("schema.members_need_percent", path + ("from_members",), indicator=iid)
        itype = f.get("type", "number")
        if f.get("type") == "percent" and "unit" not in f:
            f["unit"] = "%"
        if "parts" in m:
            if itype not in ("all_of", "any_of"):
                self.err("schema.parts_need_composite", path + ("parts",), indicator=iid)
            elif not isinstance(m["parts"], list) or not m["parts"]:
                self.err("schema.expected_list", path + ("parts",), indicator=iid, name="parts")
            else:
                f["parts"] = tuple(self.parse_indicators(m["parts"], path + ("parts",), [], parent_id=iid))
                for p in f["parts"]:
                    if p.composite:
                        self.err("schema.nested_composite", path + ("parts",), indicator=p.id)
        elif itype in ("all_of", "any_of") and not partial:
            self.err("schema.composite_needs_parts", path, indicator=iid)
        if "threshold" in m:
            f["thresholds"] = self.parse_thresholds(m["threshold"], path + ("threshold",), iid, itype)
            if itype in ("all_of", "any_of"):
                self.err("schema.composite_threshold", path + ("threshold",), indicator=iid)
        elif not partial and itype not in ("all_of", "any_of"):
            self.err("schema.missing_key", path, indicator=iid, name="threshold", where="indicator")
        if "counts" in m and itype != "percent" and itype != "number":
            self.err("schema.counts_need_number", path + ("counts",), indicator=iid)
        return f

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
            op = m.get("op")
            if op is None:
                op = "=" if itype == "yes_no" else None
                if op is None:
                    self.err("schema.missing_key", tpath, indicator=iid, name="op", where="threshold")
                    op = "unknown"
            elif op not in OPS + ("unknown",):
                self.err("schema.bad_op", tpath + ("op",), indicator=iid, value=op, choices=", ".join(OPS))
                op = "unknown"
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
            out.append(ThresholdVersion(op=str(op), value=value, valid_from=self.date(m, "from", tpath, iid),
                                        valid_until=self.date(m, "until", tpath, iid),
                                        source=self.source(m.get("source"), tpath + ("source",)),
                                        confidence=conf, note=self.text(m, "note", tpath, indicator=iid)))
        froms = [t.valid_from for t in out if t.valid_from]
        if froms != sorted(froms) or len(set(froms)) != len(froms):
            self.err("schema.versions_order", path, indicator=iid)
        return tuple(out)

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
            if itype == "yes_no":
                self.err("schema.number_for_bool", path, indicator=iid)
            elif raw != raw or raw in (float("inf"), float("-inf")):
                self.err("schema.not_finite", path, indicator=iid)
            elif itype == "percent" and not 0 <= raw <= 100:
                self.err("schema.percent_range", path, indicator=iid, value=raw)
            return Const(raw)
        if isinstance(raw, dict) and len(raw) == 1:
            (k, v), = raw.items()
            if k == "unknown":
                return Unknown(str(v) if v is not None else None)
            if k == "derived":
                dm = self.mapping(v, path + (k,), {"set", "indicator", "factor"}, ("set", "indicator"),
                                  "derived", indicator=iid)
                if dm is None:
                    return Unknown()
                factor = dm.get("factor", 1.0)
                if not isinstance(factor, (int, float)) or isinstance(factor, bool):
                    self.err("schema.expected_number", path + (k, "factor"), indicator=iid, name="factor")
                    factor = 1.0
                self.check_ref(str(dm["set"]), path + (k, "set"))
                return Derived(set_id=str(dm["set"]), indicator=str(dm["indicator"]), factor=float(factor))
            if k.startswith("by_"):
                dim = k[3:]
                if not isinstance(v, dict) or not v:
                    self.err("schema.expected_mapping", path + (k,), indicator=iid, what=k, got=_typename(v))
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
                    if dim == "year":
                        if not re.match(r"^\d{4}$", bk):
                            self.err("schema.bad_year", path + (k, bk), key=True, indicator=iid, value=bk)
                    elif bk not in self.classification.values:  # type: ignore[union-attr]
                        self.err("schema.unknown_class", path + (k, bk), key=True, indicator=iid, value=bk,
                                 key_name=dim, hint=suggest(bk, self.classification.values))  # type: ignore[union-attr]
                    branches[bk] = node
                return ByKey(dim=dim, branches=branches, default=default)
        self.err("schema.bad_value", path, indicator=iid, got=_short(raw))
        return Unknown()

    def check_unique(self, criteria: tuple[Criterion, ...]) -> None:
        seen_c: set[str] = set()
        seen_i: set[str] = set()
        for n, c in enumerate(criteria):
            if c.id in seen_c:
                self.err("schema.duplicate_id", ("criteria",), indicator=c.id, value=c.id)
            seen_c.add(c.id)
            for ind in c.indicators:
                for x in (ind, *ind.parts):
                    if x.id in seen_i:
                        self.err("schema.duplicate_id", ("criteria",), indicator=x.id, value=x.id)
                    seen_i.add(x.id)

    def parse_tests(self, raw: Any) -> list[TestCase]:
        if not isinstance(raw, list):
            self.err("schema.expected_list", ("tests",), name="tests")
            return []
        out = []
        for i, t in enumerate(raw):
            path = ("tests", i)
            m = self.mapping(t, path, TEST_KEYS, ("name", "values", "expect"), "test")
            if m is None:
                continue
            em = self.mapping(m.get("expect"), path + ("expect",), EXPECT_KEYS, (), "expect") or {}
            exp_c = em.get("criteria") or {}
            exp_i = em.get("indicators") or {}
            for sub, d in (("criteria", exp_c), ("indicators", exp_i)):
                if not isinstance(d, dict):
                    self.err("schema.expected_mapping", path + ("expect", sub), what=sub, got=_typename(d))
                    continue
                for k, v in d.items():
                    if v not in STATUSES:
                        self.err("schema.bad_choice", path + ("expect", sub, k), name=k, value=v,
                                 choices=", ".join(STATUSES), hint=suggest(str(v), STATUSES))
            status = em.get("status")
            if status is not None and status not in STATUSES:
                self.err("schema.bad_choice", path + ("expect", "status"), name="status", value=status,
                         choices=", ".join(STATUSES), hint=suggest(str(status), STATUSES))
            unit = m.get("unit") or {}
            values = m.get("values") or {}
            if not isinstance(unit, dict) or not isinstance(values, dict):
                self.err("schema.expected_mapping", path, what="unit/values", got="?")
                continue
            year = m.get("year")
            out.append(TestCase(name=str(m.get("name")), unit=unit, year=year if isinstance(year, int) else None,
                                date=self.date(m, "date", path), values=values, expect_status=status,
                                expect_criteria={str(k): str(v) for k, v in exp_c.items()} if isinstance(exp_c, dict) else {},
                                expect_indicators={str(k): str(v) for k, v in exp_i.items()} if isinstance(exp_i, dict) else {},
                                line=self.doc.where(path)[0]))
        return out


def _typename(v: Any) -> str:
    if v is None:
        return "null"
    return {bool: "yes/no", int: "number", float: "number", str: "text", list: "list", dict: "mapping"}.get(type(v), type(v).__name__)


def _short(v: Any) -> str:
    s = repr(v)
    return s if len(s) <= 60 else s[:57] + "..."


def parse_criteria_doc(doc: Doc, lookup: Callable[[str], CriteriaSet] | None = None,
                       _chain: tuple[str, ...] = ()) -> CriteriaSet:
    """Build a CriteriaSet from a loaded document; `lookup` resolves `extends` targets."""
    raw = doc.data
    parent = None
    parser = _Parser(doc)
    if isinstance(raw, dict) and raw.get("extends") is not None:
        target = str(raw["extends"])
        if lookup is None:
            raise InputError([doc.problem("schema.extends_unresolved", ("extends",), name=target)])
        if not ID_RE.match(target):
            raise InputError([doc.problem("schema.bad_ref", ("extends",), value=target)])
        if target in _chain or target == raw.get("id"):
            raise InputError([doc.problem("schema.cycle", ("extends",), chain=" → ".join(_chain + (target,)))])
        try:
            parent = lookup(target)
        except InputError as exc:
            if any(p.key == "schema.cycle" and p.line is None for p in exc.problems):
                raise InputError([doc.problem("schema.cycle", ("extends",), chain=exc.problems[0].params.get(
                    "chain", target))]) from None
            if any(p.key == "catalog.unknown_set" for p in exc.problems):
                raise InputError([doc.problem("schema.extends_unknown", ("extends",), name=target,
                                              hint=exc.problems[0].params.get("hint"))]) from None
            raise
    fields = parser.parse_set(raw, parent)
    if parent is not None and isinstance(raw, dict) and "title" not in raw:
        parser.err("schema.extends_needs_title", ())
    if parser.problems:
        raise InputError(parser.problems)
    if parent is not None:
        base = {k: getattr(parent, k) for k in ("title", "title_en", "level", "also_levels", "tier", "status", "valid_from",
                                                "valid_until", "indicator_count", "years", "source",
                                                "confidence", "note", "requires")}
        base.update(fields)
        fields = base
    for k in ("title", "level"):
        if not fields.get(k):
            raise InputError([doc.problem("schema.missing_key", (), name=k, where="criteria set")])
    return CriteriaSet(path=doc.path, **fields)
