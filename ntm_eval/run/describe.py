"""Plain descriptions of criteria sets for `sets`, `show` and `template`. Pure; never prints.

Thresholds are resolved with `thresholds.resolve` exactly as an evaluation would, for one year
(date 31 December) and one class — or for every class when none is chosen.
"""

from __future__ import annotations

from typing import Any

from ntm_eval.errors import InputError
from ntm_eval.model import CriteriaSet, Indicator
from ntm_eval.results import indicator_known
from ntm_eval.core.thresholds import Context, resolve, unit_class
from ntm_eval.load.set_province import as_dict as province_dict
from ntm_eval.vocab import Lookup





def context(cset: CriteriaSet, year: int, klass: str | None) -> Context:
    date = cset.evaluation_date(year)
    k, ov = unit_class(cset, klass, frozenset(), date)
    return Context(year, date, k, klass, ov)


def _resolved(ind: Indicator, cset: CriteriaSet, ctx: Context, lookup: Lookup | None) -> dict[str, Any]:
    r = resolve(ind, cset, ctx, lookup)
    d: dict[str, Any] = {"op": r.op, "threshold": r.value}
    if not r.known:
        d["reason"] = r.reason
        if r.detail:
            d["reason_detail"] = r.detail
    v = r.version
    d["confidence"] = v.confidence if v else None
    d["source"] = v.source.cite if v and v.source else None
    d["threshold_note"] = v.note if v else None
    return d


def describe_indicator(ind: Indicator, cset: CriteriaSet, year: int, klass: str | None,
                       lookup: Lookup | None) -> dict[str, Any]:
    d: dict[str, Any] = {"id": ind.id, "title": ind.title, "title_en": ind.title_en, "type": ind.type,
                         "unit": ind.unit, "optional": ind.optional}
    if ind.counts_of:
        d["counts_of"] = ind.counts_of
    if ind.id_confidence != "printed":
        d["id_confidence"] = ind.id_confidence
    if ind.composite:
        d.update({"op": ind.type, "threshold": None, "confidence": None, "source": None})
        d["note"] = ind.note
        d["parts"] = [describe_indicator(p, cset, year, klass, lookup) for p in ind.parts]
        return d
    classes = list(cset.classification.values) if cset.classification and klass is None else [klass]
    per = {c: _resolved(ind, cset, context(cset, year, c), lookup) for c in classes}
    first = next(iter(per.values()))
    if len(per) > 1 and any((x["op"], x["threshold"]) != (first["op"], first["threshold"]) for x in per.values()):
        d.update({"op": None, "threshold": None, "confidence": first["confidence"], "source": first["source"]})
        d["by_class"] = per
    else:
        d.update(first)
    d["note"] = ind.note
    return d


def describe_set(cset: CriteriaSet, year: int, klass: str | None, lookup: Lookup | None) -> dict[str, Any]:
    """The set with thresholds resolved (the JSON of `ntm-eval show`)."""
    ctx = context(cset, year, klass)
    out: dict[str, Any] = {
        "id": cset.id, "title": cset.title, "title_en": cset.title_en, "level": cset.level, "tier": cset.tier,
        "status": cset.status, "valid_from": cset.valid_from, "valid_until": cset.valid_until,
        "years": list(cset.years), "source": cset.source.cite if cset.source else None,
        "confidence": cset.confidence, "note": cset.note, "requires": list(cset.requires),
        "extends": cset.extends, "year": year, "date": ctx.date, "province": province_dict(cset.province),
    }
    if cset.classification:
        out["classification"] = {"key": cset.classification.key, "value": klass,
                                 "values": dict(cset.classification.values)}
        if ctx.override is not None:
            out["classification"]["override"] = ctx.override.use
    described = [
        {"id": c.id, "title": c.title, "title_en": c.title_en, "group": c.group, "agency": c.agency, "note": c.note,
         **({"precondition": True} if c.precondition else {}),
         **({} if c.complete else {"indicators_complete": False}),
         "indicators": [describe_indicator(i, cset, year, klass, lookup) for i in c.indicators]}
        for c in cset.criteria]
    out["criteria"] = [c for c in described if not c.get("precondition")]  # the numbered criteria only
    pre = [c for c in described if c.get("precondition")]
    if pre:
        out["preconditions"] = pre  # điều kiện, each marked as such
    known = sum(1 for c in described for i in c["indicators"] if indicator_known(i))
    encoded = len(cset.indicators())
    out["coverage"] = {"thresholds_known": known, "indicators_encoded": encoded,
                       "indicators_declared": max(cset.indicator_count or encoded, encoded),
                       "indicator_count_given": cset.indicator_count is not None}
    return out


def set_row(cset: CriteriaSet, lookup: Lookup | None, origin: str) -> dict[str, Any]:
    """One line of `ntm-eval sets`."""
    encoded = len(cset.indicators())
    year = cset.default_year()
    return {
        "id": cset.id, "title": cset.title, "title_en": cset.title_en, "level": cset.level, "tier": cset.tier,
        "status": cset.status, "criteria": sum(1 for c in cset.criteria if not c.precondition),
        "preconditions": sum(1 for c in cset.criteria if c.precondition), "indicators_encoded": encoded,
        "indicators_declared": max(cset.indicator_count or encoded, encoded),
        "indicator_count_given": cset.indicator_count is not None,
        "thresholds_known": known_count(cset, year, lookup), "year": year,
        "valid_from": cset.valid_from, "valid_until": cset.valid_until,
        "source": cset.source.cite if cset.source else None, "path": cset.path, "origin": origin,
        "province": province_dict(cset.province),
    }


def known_count(cset: CriteriaSet, year: int | None, lookup) -> int:
    """How many top-level indicators have a known threshold (all parts known) on 31/12 of `year`
    for at least one class value. `sets` shows it as "thresholds known"."""
    if year is None:
        year = cset.default_year()
    date = cset.evaluation_date(year)
    n = 0
    for ind in cset.indicators():
        for klass in cset.class_values():
            ctx = Context(year, date, klass, klass)
            try:
                if all(_covered(resolve(leaf, cset, ctx, lookup)) for leaf in ind.leaves()):
                    n += 1
                    break
            except InputError:
                break
    return n


def _covered(r) -> bool:
    return r.known or r.reason == "not_applicable"
