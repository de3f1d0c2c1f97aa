"""Criteria files → `CriteriaSet`: the set, its classification and criteria, its `extends` parent.

Every problem is located (`file:line:col`) and all problems of a file are reported at once.
The readers underneath live beside this module: `readers.py` (typed values),
`indicators_parse.py` (indicators and their parts), `thresholds_parse.py` (threshold versions
and value trees), `embedded_tests.py` (`tests:`).
A set that `extends` another is merged onto it; `cycles.py` refuses a loop of references.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable, Sequence

from ntm_eval.errors import InputError, suggest
from ntm_eval.io.yamlload import Doc
from ntm_eval.load.cycles import cycle_through
from ntm_eval.load.embedded_tests import CaseReader
from ntm_eval.load.indicators_parse import IndicatorReader
from ntm_eval.load.readers import typename
from ntm_eval.load.set_province import read_province
from ntm_eval.model import Classification, Criterion, CriteriaSet, Indicator, Override
from ntm_eval.vocab import CONFIDENCE, ID_RE, LEVELS, SET_STATUS, TIERS

SET_KEYS = {"schema_version", "id", "title", "title_en", "level", "tier", "status", "valid_from",
            "valid_until", "indicator_count", "years", "source", "confidence", "note", "sources",
            "classification", "categories", "requires", "extends", "criteria", "tests", "remove",
            "criteria_complete", "province"}
CLASS_KEYS = {"key", "values", "overrides"}
OVERRIDE_KEYS = {"from", "until", "if_any", "use", "source", "note"}
CRIT_KEYS = {"id", "title", "title_en", "group", "agency", "note", "indicators", "precondition", "complete"}
# Fields a set that `extends` another takes from its parent unless it writes them itself.
INHERITED = ("title", "title_en", "level", "also_levels", "tier", "status", "valid_from", "valid_until",
             "indicator_count", "years", "source", "confidence", "note", "requires", "province")


class _Parser(IndicatorReader, CaseReader):
    """Reads one criteria file. Collects problems instead of stopping at the first."""

    def __init__(self, doc: Doc):
        super().__init__(doc)
        self.classification: Classification | None = None
        self.categories: dict[str, str] = {}
        self.criteria_complete = True

    # -- the set ------------------------------------------------------------------------
    def parse_set(self, raw: Any, parent: CriteriaSet | None = None) -> dict:
        """Return the fields of a CriteriaSet (merged onto `parent` when extending)."""
        top = self.mapping(raw, (), SET_KEYS, ("id",), "criteria set")
        if top is None:
            return {}
        fields: dict[str, Any] = {}
        self.set_identity(top, fields)
        self.named_sources(top)
        self.set_scalars(top, fields)
        self.set_references(top, fields)
        if "province" in top:  # a provincial set's province, by official code (load/set_province.py)
            fields["province"] = read_province(self, top)
        self.set_classes(top, fields, parent)
        self.set_criteria(top, fields, parent)
        if "tests" in top:
            fields["tests"] = tuple(self.parse_tests(top["tests"]))
        elif parent is not None:
            fields["tests"] = ()
        return fields

    def set_identity(self, top: dict, fields: dict) -> None:
        sv = top.get("schema_version", 1)
        if sv != 1:
            self.err("schema.version", ("schema_version",), value=sv)
        set_id = self.text(top, "id", ())
        if set_id is not None and not ID_RE.match(set_id):
            self.err("schema.bad_set_id", ("id",), value=set_id)
        fields["id"] = set_id or "?"

    def named_sources(self, top: dict) -> None:
        """`sources: {name: source}`: sources that thresholds cite by name."""
        for name, sraw in (top.get("sources") or {}).items() if isinstance(top.get("sources"), dict) else []:
            src = self.source(sraw, ("sources", name))
            if src:
                self.sources[name] = src
        if "sources" in top and not isinstance(top["sources"], dict):
            self.err("schema.expected_mapping", ("sources",), what="sources", got=typename(top["sources"]))

    def set_scalars(self, top: dict, fields: dict) -> None:
        """Titles, level, tier, status, confidence, dates, counts, years and source of the set."""
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
        for k, choices in (("tier", TIERS), ("status", SET_STATUS), ("confidence", CONFIDENCE)):
            if k in top:
                fields[k] = self.choice(top, k, (), choices)
        for k in ("valid_from", "valid_until"):
            if k in top:
                fields[k] = self.date(top, k, ())
        if "indicator_count" in top:
            ic = top["indicator_count"]
            if not isinstance(ic, int) or isinstance(ic, bool) or ic < 0:
                self.err("schema.expected_int", ("indicator_count",), name="indicator_count", got=typename(ic) if not isinstance(ic, int) else ic)
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

    def set_references(self, top: dict, fields: dict) -> None:
        """`requires` (sets a unit must meet first) and `extends` (the parent set): ids only."""
        if "requires" in top:
            fields["requires"] = self.string_list(top, "requires", ())
            for n, r in enumerate(fields["requires"]):
                self.check_ref(r, ("requires", n))
        if "extends" in top:
            fields["extends"] = self.text(top, "extends", ())
            self.check_ref(fields["extends"], ("extends",))

    def set_classes(self, top: dict, fields: dict, parent: CriteriaSet | None) -> None:
        """`categories` and `classification`: the parent's, updated by this file."""
        if parent is not None:
            self.classification = parent.classification
            self.categories = dict(parent.categories)
        if "categories" in top:
            cats = top["categories"]
            if isinstance(cats, dict):
                self.categories.update({str(k): str(v) for k, v in cats.items()})
            else:
                self.err("schema.expected_mapping", ("categories",), what="categories", got=typename(cats))
        fields["categories"] = self.categories
        if "classification" in top:
            self.classification = self.parse_classification(top["classification"])
        fields["classification"] = self.classification

    def set_criteria(self, top: dict, fields: dict, parent: CriteriaSet | None) -> None:
        """The criteria: the parent's, changed and extended by this file, minus `remove`."""
        crit_raw = top.get("criteria")
        if crit_raw is None and parent is None:
            self.err("schema.missing_key", (), name="criteria", where="criteria set")
        elif crit_raw is not None and not isinstance(crit_raw, list):
            self.err("schema.expected_list", ("criteria",), name="criteria")
            crit_raw = None
        base = list(parent.criteria) if parent else []
        self.criteria_complete = True  # `criteria_complete: false`: this file's criteria are excerpts
        if "criteria_complete" in top:
            flag = self.flag(top, "criteria_complete", ())
            self.criteria_complete = True if flag is None else flag
        fields["criteria"] = tuple(self.parse_criteria(crit_raw or [], base))
        if "remove" in top:
            fields["criteria"] = self.remove(top, fields["criteria"])
        if not fields["criteria"]:
            self.err("schema.no_criteria", ())
        self.check_unique(fields["criteria"])

    def remove(self, top: dict, criteria: tuple[Criterion, ...]) -> tuple[Criterion, ...]:
        """`remove: [ids]`: drop inherited criteria or indicators."""
        drop = set(self.string_list(top, "remove", ()))
        known = {c.id for c in criteria} | {i.id for c in criteria for i in c.indicators}
        for d in sorted(drop - known):
            self.err("schema.remove_unknown", ("remove",), name=d, hint=suggest(d, known))
        return tuple(replace(c, indicators=tuple(i for i in c.indicators if i.id not in drop))
                     for c in criteria if c.id not in drop)

    def parse_classification(self, raw: Any) -> Classification | None:
        path = ("classification",)
        m = self.mapping(raw, path, CLASS_KEYS, ("key", "values"), "classification")
        if m is None:
            return None
        key = self.text(m, "key", path) or "region"
        values = m.get("values")
        if not isinstance(values, dict) or not values:
            self.err("schema.expected_mapping", path + ("values",), what="values", got=typename(values))
            values = {}
        vals = {str(k): str(v) for k, v in values.items()}
        overrides = []
        for i, o in enumerate(m.get("overrides") or []):
            ov = self.override(o, path + ("overrides", i), key, vals)
            if ov is not None:
                overrides.append(ov)
        return Classification(key=key, values=vals, overrides=tuple(overrides))

    def override(self, o: Any, op: tuple, key: str, vals: dict[str, str]) -> Override | None:
        """One `overrides:` entry: units in some categories use another class (for a while)."""
        om = self.mapping(o, op, OVERRIDE_KEYS, ("if_any", "use"), "override")
        if om is None:
            return None
        use = self.text(om, "use", op) or ""
        if use not in vals:
            self.err("schema.unknown_class", op + ("use",), value=use, key_name=key, hint=suggest(use, vals))
        cats = self.string_list(om, "if_any", op)
        for c in cats:
            if c not in self.categories:
                self.err("schema.unknown_category", op + ("if_any",), value=c, hint=suggest(c, self.categories))
        return Override(use=use, if_any=cats, valid_from=self.date(om, "from", op),
                        valid_until=self.date(om, "until", op),
                        source=self.source(om.get("source"), op + ("source",)),
                        note=self.text(om, "note", op))

    # -- criteria -------------------------------------------------------------------------
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
            f, inds = self.criterion_fields(m, path, existing)
            if existing is not None:
                out[index[cid]] = replace(existing, indicators=tuple(inds), **f)
            else:
                if not inds:
                    self.err("schema.no_indicators", path, indicator=cid)
                crit = Criterion(id=cid, title=f.pop("title", None) or "?", indicators=tuple(inds), **f)
                index[cid] = len(out)
                out.append(crit)
        return out

    def criterion_fields(self, m: dict, path: tuple, existing: Criterion | None) -> tuple[dict, list[Indicator]]:
        """A criterion's own fields, and its indicators (merged onto `existing` ones)."""
        f: dict[str, Any] = {}
        for k in ("title", "title_en", "group", "agency", "note"):
            if k in m:
                f[k] = self.text(m, k, path)
        for k in ("precondition", "complete"):
            if k in m:
                flag = self.flag(m, k, path)
                if flag is not None:
                    f[k] = flag
        if "complete" not in f and existing is None:
            f["complete"] = self.criteria_complete  # the file's default for the criteria it adds
        inds_raw = m.get("indicators")
        if inds_raw is not None and not isinstance(inds_raw, list):
            self.err("schema.expected_list", path + ("indicators",), name="indicators")
            inds_raw = []
        inds = self.parse_indicators(inds_raw or [], path + ("indicators",),
                                     list(existing.indicators) if existing else [])
        return f, inds

    def check_unique(self, criteria: tuple[Criterion, ...]) -> None:
        seen_c: set[str] = set()
        seen_i: set[str] = set()
        for c in criteria:
            if c.id in seen_c:
                self.err("schema.duplicate_id", ("criteria",), indicator=c.id, value=c.id)
            seen_c.add(c.id)
            for ind in c.indicators:
                for x in (ind, *ind.parts):
                    if x.id in seen_i:
                        self.err("schema.duplicate_id", ("criteria",), indicator=x.id, value=x.id)
                    seen_i.add(x.id)


# --- entry point -----------------------------------------------------------------------------
def parse_criteria_doc(doc: Doc, lookup: Callable[[str], CriteriaSet] | None = None,
                       chain: Sequence[str] = ()) -> CriteriaSet:
    """Build a CriteriaSet from a loaded document; `lookup` resolves `extends` targets.

    `chain`: the sets (ids or paths) being loaded around this one, outermost first, so that an
    `extends` back to one of them is reported as a cycle instead of recursing."""
    raw = doc.data
    parser = _Parser(doc)
    parent = _parent(doc, lookup, chain)
    fields = parser.parse_set(raw, parent)
    if parent is not None and isinstance(raw, dict) and "title" not in raw:
        parser.err("schema.extends_needs_title", ())
    if parser.problems:
        raise InputError(parser.problems)
    if parent is not None:
        base = {k: getattr(parent, k) for k in INHERITED}
        base.update(fields)
        fields = base
    for k in ("title", "level"):
        if not fields.get(k):
            raise InputError([doc.problem("schema.missing_key", (), name=k, where="criteria set")])
    return CriteriaSet(path=doc.path, **fields)


def _parent(doc: Doc, lookup: Callable[[str], CriteriaSet] | None, chain: Sequence[str]) -> CriteriaSet | None:
    """The set named by `extends`, or None. Problems reading it are located at `extends`."""
    raw = doc.data
    if not isinstance(raw, dict) or raw.get("extends") is None:
        return None
    target = str(raw["extends"])
    if lookup is None:
        raise InputError([doc.problem("schema.extends_unresolved", ("extends",), name=target)])
    if not ID_RE.match(target):
        raise InputError([doc.problem("schema.bad_ref", ("extends",), value=target)])
    cycle = cycle_through(chain, target, self_id=raw.get("id"))
    if cycle is not None:
        raise InputError([doc.problem("schema.cycle", ("extends",), chain=cycle)])
    try:
        return lookup(target)
    except InputError as exc:
        if any(p.key == "schema.cycle" and p.line is None for p in exc.problems):
            raise InputError([doc.problem("schema.cycle", ("extends",), chain=exc.problems[0].params.get(
                "chain", target))]) from None
        if any(p.key == "catalog.unknown_set" for p in exc.problems):
            raise InputError([doc.problem("schema.extends_unknown", ("extends",), name=target,
                                          hint=exc.problems[0].params.get("hint"))]) from None
        raise
