"""The rule engine: pure functions from (criteria set, unit data) to results.

Statuses combine with one precedence everywhere (indicator parts, criteria, the whole set):
a definite `fail` wins; otherwise missing data, then unknown thresholds keep the verdict open;
only when everything applicable passes is the result `pass`. `not_applicable` never counts.
"""

from __future__ import annotations

import sys
from bisect import bisect_left, bisect_right
from math import gcd
from typing import TYPE_CHECKING, Iterable, Iterator

from ntm_eval.errors import InputError
from ntm_eval.model import ByKey, CriteriaSet, DataValue, Derived, Indicator, UnitData
from ntm_eval.results import CriterionResult, IndicatorResult, UnitResult
from ntm_eval.core.thresholds import Context, Resolved, resolve, unit_class
from ntm_eval.core.verdicts import ATTESTED, basis_of, settle_criterion, settle_indicator
from ntm_eval.vocab import COMPUTED, DECIDED, FAIL, MISSING, NA, NO_THRESHOLD, PASS, Lookup
from ntm_eval.records import dataclass, field, replace

if TYPE_CHECKING:
    from fractions import Fraction  # imported on use (with decimal: start-up); counts use _ratio


def combine_all(statuses: Iterable[str]) -> str:
    """Status of something met when all its applicable parts are met."""
    sts = [s for s in statuses if s != NA]
    if not sts:
        return NA
    for s in (FAIL, MISSING, NO_THRESHOLD):
        if s in sts:
            return s
    return PASS


def combine_any(statuses: Iterable[str]) -> str:
    """Status of something met when any applicable part is met."""
    sts = [s for s in statuses if s != NA]
    if not sts:
        return NA
    for s in (PASS, MISSING, NO_THRESHOLD):
        if s in sts:
            return s
    return FAIL


_EXACT: dict[float, Fraction] = {}
_RATIO: dict[float, tuple[int, int]] = {}


def _is_fraction(x: object) -> bool:
    """isinstance(x, Fraction), without importing fractions: none exists before it is."""
    mod = sys.modules.get("fractions")
    return mod is not None and isinstance(x, mod.Fraction)


def _ratio(x: float | int) -> tuple[int, int]:
    """(exact(x).numerator, exact(x).denominator), without fractions."""
    if _is_fraction(x) or not isinstance(x, (int, float)):
        t = exact(x)
        return t.numerator, t.denominator
    got = _RATIO.get(x)
    if got is None:
        if not isinstance(x, float):
            got = (int(x), 1)
        else:
            text = repr(x)  # the shortest decimal that reads back as x, as Fraction(repr(x)) reads it
            if "n" in text:  # inf, nan: Fraction's own error
                t = exact(x)
                return t.numerator, t.denominator
            mantissa, _, e = text.partition("e")
            whole, _, frac = mantissa.partition(".")
            n, e = int(whole + frac), (int(e) if e else 0) - len(frac)
            num, den = (n * 10 ** e, 1) if e >= 0 else (n, 10 ** -e)
            g = gcd(num, den)
            got = (num // g, den // g)
        if len(_RATIO) > 10_000:
            _RATIO.clear()
        _RATIO[x] = got
    return got


def exact(x: float | int | Fraction) -> Fraction:
    """The decimal a person wrote (2.3 is 23/10, not the binary float just below it)."""
    from fractions import Fraction

    if isinstance(x, Fraction):
        return x
    f = _EXACT.get(x)
    if f is None:
        if len(_EXACT) > 10_000:
            _EXACT.clear()
        f = _EXACT[x] = Fraction(repr(float(x))) if isinstance(x, float) else Fraction(x)
    return f


def _holds(op: str, cmp: int) -> bool:
    """`cmp` is the sign of value − threshold."""
    return cmp >= 0 if op == ">=" else cmp <= 0 if op == "<=" else cmp == 0


def compare(value: float | Fraction, op: str, threshold: float) -> tuple[bool, float]:
    """(met, gap). The gap is in the indicator's unit, 0 exactly when met.

    Floats order exactly as the decimals they print as, so comparing floats gives the exact
    verdict; exact fractions are only needed when a float shortfall would round to nothing."""
    if _is_fraction(value):
        t = exact(threshold)
        cmp = (value > t) - (value < t)
        if _holds(op, cmp):
            return True, 0.0
        return False, float(abs(value - t))
    v, t = float(value), float(threshold)
    if _holds(op, (v > t) - (v < t)):
        return True, 0.0
    gap = round(abs(v - t), 9)
    if gap <= 0:
        gap = float(abs(exact(v) - exact(t)))
    return False, gap


def counts_compare(num: int, den: int, op: str, threshold: float) -> tuple[bool, float]:
    """`compare` for a share given as counts, in integers: 100·num/den against the threshold."""
    tn, td = _ratio(threshold)
    lhs, rhs = 100 * num * td, tn * den
    if _holds(op, (lhs > rhs) - (lhs < rhs)):
        return True, 0.0
    return False, abs(lhs - rhs) / (den * td)  # float(Fraction(…)): the same correctly rounded float


def units_needed(num: int, den: int, op: str, threshold: float) -> int:
    """How many more counted units (villages, households…) reach the threshold share;
    for "<=", how many fewer."""
    tn, td = _ratio(threshold)
    p, q = tn * den, td * 100  # the threshold share of `den`, as p/q units
    if op == "<=":
        return max(0, num - p // q)
    return max(0, -(-p // q) - num)


def evaluate_indicator(ind: Indicator, values: dict[str, DataValue], cset: CriteriaSet, ctx: Context,
                       lookup: Lookup | None = None, use_attested: bool = True) -> IndicatorResult:
    """An indicator's result: computed from its value and threshold, then set beside the verdict
    given for it, if any (core/verdicts.py)."""
    return _indicator(ind, values, plan_for(cset, ctx, lookup), use_attested)


def _indicator(ind: Indicator, values: dict[str, DataValue], plan: Plan, use_attested: bool) -> IndicatorResult:
    res = _computed(ind, values, plan, use_attested)
    dv = values.get(ind.id)
    settle_indicator(res, dv.attestation if dv is not None else None, use_attested)
    return res


def _computed(ind: Indicator, values: dict[str, DataValue], plan: Plan, use_attested: bool) -> IndicatorResult:
    dv = values.get(ind.id)
    _, r, fixed = plan.rule(ind)
    res = IndicatorResult(**fixed)  # the set's text and the resolved threshold, described once per plan
    if dv is not None:
        res.evidence, res.note, res.held_back = dv.evidence, dv.note, dv.held_back
        res.undecided, res.met_by = dv.undecided, dv.met_by
        if dv.kind in ("number", "bool", "counts"):
            res.value = round(dv.value, 4) if isinstance(dv.value, float) else dv.value
        res.numerator, res.denominator = dv.numerator, dv.denominator
    if r is None:  # a composite
        return _composite(ind, dv, res, values, plan, use_attested)
    if (dv is not None and dv.kind == "na") or r.reason == "not_applicable":
        res.status = NA
        if r.reason == "not_applicable":
            res.reason = r.reason  # the rule itself does not apply here
        return res
    if not r.known:
        if ind.type == "yes_no" and dv is not None and dv.kind == "bool" and dv.value is False \
                and r.reason != "not_in_force":
            # The dossier itself says "chưa đạt": whatever the exact conditions, it is not met.
            # (A stated "đạt" cannot be checked without the conditions, so it stays unknown.)
            res.status, res.reason = FAIL, "stated_not_met"
            return res
        res.status = NO_THRESHOLD
        res.reason, res.reason_detail = r.reason, r.detail
        return res
    if dv is None or dv.kind == "missing":
        res.status = MISSING
        return res
    if isinstance(r.value, bool):
        met = dv.value is r.value
        res.status = PASS if met else FAIL
        res.gap = 0.0 if met else None
        return res
    _compare(res, dv, r)
    if dv.basis is not None and res.status in (PASS, FAIL):
        res.basis = dv.basis  # a share of members: attested when members were met by attestation
    return res


def _measured(dv: DataValue, op: str, threshold: float) -> tuple[bool, float, int | None]:
    """(met, gap, need) of a value against a known threshold: the gap in the indicator's unit (0
    when met, rounded to 6 places but never to nothing), and for counts not met how many more
    units are needed (None otherwise). The full path (`_compare`) and the lean one (`_figure`)."""
    need = None
    if dv.kind == "counts":
        met, gap = counts_compare(dv.numerator, dv.denominator, op, threshold)
        if not met:
            need = units_needed(dv.numerator, dv.denominator, op, float(threshold))
    else:
        met, gap = compare(dv.value, op, threshold)
    if met:
        return True, 0.0, None
    g = round(gap, 6)
    return False, (g if g > 0 else gap), need  # never round a real shortfall to zero


def _compare(res: IndicatorResult, dv: DataValue, r: Resolved) -> None:
    """A value against a known threshold: the status, the gap in the indicator's unit, and for
    counts how many more units are needed."""
    if dv.kind == "counts" and dv.undecided and \
            counts_compare(dv.numerator, dv.denominator, r.op, r.value)[0] != \
            counts_compare(dv.numerator + len(dv.undecided), dv.denominator, r.op, r.value)[0]:
        # Members not yet decided could tip it either way: no verdict, whatever they turn out to be.
        res.status = dv.undecided_status
        return
    met, res.gap, need = _measured(dv, r.op, r.value)
    res.status = PASS if met else FAIL
    if need is not None:
        if dv.undecided and r.op != "<=":
            # Not met even if every undecided member turns out to meet it: how many more members
            # must meet it at the least. The share's gap depends on the undecided ones: not given.
            num = dv.numerator + len(dv.undecided)
            res.gap = None
            res.need = units_needed(num, dv.denominator, r.op, float(r.value))
            res.at_least = True
        else:
            res.need = need


Rule = tuple[Indicator, "Resolved | None", dict]  # the indicator, its threshold (None: a composite), fixed fields


@dataclass(frozen=True)
class Plan:
    """What evaluating a set under one threshold context needs that no unit's values change: per
    indicator id the resolved threshold and the fixed fields of its result; how many top-level
    thresholds are known, and how many indicators the set encodes. A province has thousands of
    communes but a handful of contexts, so a batch resolves each rule a handful of times."""

    cset: CriteriaSet
    ctx: Context
    lookup: Lookup | None
    rules: dict[str, Rule]
    known: int
    encoded: int
    from_members: bool = False  # some indicator is computed from member units (their names are reported)
    lean: dict = field(default_factory=dict, compare=False, repr=False)  # id(indicator) → (it, `_lean_op`)

    def rule(self, ind: Indicator) -> Rule:
        hit = self.rules.get(ind.id)
        if hit is not None and hit[0] is ind:
            return hit
        return _rule(ind, self.cset, self.ctx, self.lookup)  # an indicator from elsewhere: not kept


def _rule(ind: Indicator, cset: CriteriaSet, ctx: Context, lookup: Lookup | None) -> Rule:
    fixed = dict(id=ind.id, title=ind.title, status=MISSING, unit=ind.unit, title_en=ind.title_en,
                 id_confidence=ind.id_confidence, agency=ind.agency, need_of=ind.counts_of,
                 need_of_en=ind.counts_of_en)
    if ind.composite:
        return ind, None, fixed
    r = resolve(ind, cset, ctx, lookup)
    fixed.update(op=r.op, threshold=r.value)
    if r.version is not None:
        fixed.update(confidence=r.version.confidence, threshold_note=r.version.note)
        if r.version.source:
            fixed.update(source=r.version.source.cite, source_short=r.version.source.short)
    return ind, r, fixed


def _make_plan(cset: CriteriaSet, ctx: Context, lookup: Lookup | None) -> Plan:
    rules: dict[str, Rule] = {}

    def add(ind: Indicator) -> None:
        for p in ind.parts:
            add(p)
        rules.setdefault(ind.id, _rule(ind, cset, ctx, lookup))

    top = cset.indicators()
    for ind in top:
        add(ind)
    plan = Plan(cset, ctx, lookup, rules, 0, len(top), any(r[0].from_members is not None for r in rules.values()))
    return replace(plan, known=sum(_rule_known(ind, plan) for ind in top))


def _rule_known(ind: Indicator, plan: Plan) -> bool:
    """Whether the rule is known (whatever the data): a comparator and a value, or "n/a here"."""
    if ind.composite:
        return bool(ind.parts) and all(_rule_known(p, plan) for p in ind.parts)
    r = plan.rule(ind)[1]
    return r.reason == "not_applicable" or (r.value is not None and r.op not in (None, "unknown"))


# (id(set), id(lookup's owner)) → (set, owner, {context key: Plan}); bounded, so a batch's memory
# does not grow with its units (the key holds only what a threshold depends on: `_context_key`)
_PLANS: dict[tuple[int, int], tuple[CriteriaSet, object, dict[tuple, Plan]]] = {}
_MAX_SETS, _MAX_CONTEXTS = 64, 256


def plan_for(cset: CriteriaSet, ctx: Context, lookup: Lookup | None) -> Plan:
    """The plan of `cset` under `ctx`, memoised per set object, lookup and context key."""
    owner = getattr(lookup, "__self__", lookup)  # `catalog.get` is a new bound method each time
    entry = _PLANS.get((id(cset), id(owner)))
    if entry is None or entry[0] is not cset or entry[1] is not owner:  # the objects, not look-alikes
        if len(_PLANS) >= _MAX_SETS:
            _PLANS.clear()
        entry = _PLANS[(id(cset), id(owner))] = (cset, owner, {})
    plans = entry[2]
    key = _context_key(cset, ctx, lookup)
    plan = plans.get(key)
    if plan is None:
        if len(plans) >= _MAX_CONTEXTS:
            plans.clear()
        plan = plans[key] = _make_plan(cset, ctx, lookup)
    return plan


def _context_key(cset: CriteriaSet, ctx: Context, lookup: Lookup | None) -> tuple:
    """What resolving `cset`'s thresholds reads of a context. The date only matters through its
    order against the dates the set (and any set it derives thresholds from) names, so every date
    between two of them is one key: units evaluated on their own dates share plans."""
    marks = _date_marks(cset, lookup)
    pos = (bisect_left(marks, ctx.date), bisect_right(marks, ctx.date))
    return (ctx.year, pos, ctx.klass, ctx.declared_klass, ctx.categories)


_MARKS: dict[tuple[int, bool], tuple[CriteriaSet, list[str]]] = {}


def _date_marks(cset: CriteriaSet, lookup: Lookup | None) -> list[str]:
    """Sorted dates that `resolve` compares an evaluation date with, for `cset` (memoised)."""
    key = (id(cset), lookup is None)
    hit = _MARKS.get(key)
    if hit is not None and hit[0] is cset:
        return hit[1]
    if len(_MARKS) >= _MAX_SETS:
        _MARKS.clear()
    marks: set[str] = set()
    _collect_marks(cset, lookup, marks, set())
    out = sorted(marks)
    _MARKS[key] = (cset, out)
    return out


def _collect_marks(cset: CriteriaSet, lookup: Lookup | None, marks: set[str], seen: set[int]) -> None:
    if id(cset) in seen:
        return
    seen.add(id(cset))
    marks.update(d for d in (cset.valid_from, cset.valid_until) if d)
    if cset.classification is not None:
        marks.update(d for ov in cset.classification.overrides for d in (ov.valid_from, ov.valid_until) if d)
    for ind in cset.all_ids().values():
        for v in ind.thresholds:
            marks.update(d for d in (v.valid_from, v.valid_until) if d)
            for set_id in _derived_sets(v.value):
                if lookup is None:
                    continue
                try:
                    base = lookup(set_id)
                except InputError:  # resolving raises it, if that version is ever in force
                    continue
                _collect_marks(base, lookup, marks, seen)


def _derived_sets(node) -> Iterator[str]:
    """Ids of the sets a threshold value derives from (`Derived` nodes, at any depth)."""
    if isinstance(node, Derived):
        yield node.set_id
    elif isinstance(node, ByKey):
        for branch in (*node.branches.values(), node.default):
            yield from _derived_sets(branch)


def _composite(ind: Indicator, dv: DataValue | None, res: IndicatorResult, values: dict[str, DataValue],
               plan: Plan, use_attested: bool) -> IndicatorResult:
    res.parts = [_indicator(p, values, plan, use_attested) for p in ind.parts]
    res.op = ind.type
    if dv is not None and dv.kind == "na":
        res.status = NA
    elif dv is not None and dv.kind == "bool":  # the assessor's verdict on the whole: given, not computed
        res.status = PASS if dv.value else FAIL
        res.gap = 0.0 if dv.value else None
        res.basis = ATTESTED
    else:
        deciding = _deciding_parts(ind, res.parts)
        if ind.type == "first_applicable":
            res.status = deciding[0].status if deciding else NA
        else:
            combine = combine_all if ind.type == "all_of" else combine_any
            res.status = combine(p.status for p in res.parts)
        if res.status == NA and not ind.optional and res.parts and all(
                p.status == NA and p.reason != "not_applicable" for p in res.parts):
            # every part written as "n/a" although one of them must apply: missing data, not a pass
            res.status, res.reason = MISSING, "no_part_applies"
        res.gap = 0.0 if res.status == PASS else None
        res.basis = basis_of(deciding if ind.type != "all_of" else res.parts, res.status)
    confs = {p.confidence for p in res.parts if p.confidence}
    for c in ("uncertain", "secondary", "primary", "demo"):
        if c in confs:
            res.confidence = c
            break
    return res


def _deciding_parts(ind: Indicator, parts: list[IndicatorResult]) -> list[IndicatorResult]:
    """The parts a composite's verdict rests on: for `first_applicable` the first that applies
    (7: the chợ if the commune has one, else the shop); for `any_of` those met; else all."""
    if ind.type == "first_applicable":
        first = next((p for p in parts if p.status != NA), None)
        return [first] if first is not None else []
    if ind.type == "any_of":
        met = [p for p in parts if p.status == PASS]
        return met or parts
    return parts


def _lean_criteria(cset: CriteriaSet, data: UnitData, plan: Plan,
                   figures: list[tuple] | None = None) -> list[CriterionResult] | None:
    """The criteria's results without their indicators' — or None when the data gives a verdict
    or holds figures computed from members (the full path settles those). `figures`, when given,
    receives each indicator's and direct part's figures (`_figure_rows`) instead."""
    if data.attested or plan.from_members:
        return None
    values = data.values
    for dv in values.values():
        if dv.attestation is not None or dv.basis is not None or dv.undecided:
            return None
    crits = []
    for k, c in enumerate(cset.criteria):
        sts = []
        for i in c.indicators:
            st = _lean_status(i, values, plan) if figures is None else _figure_rows(i, k, values, plan, figures)
            if st is None:
                return None
            sts.append(st)
        status = combine_all(sts)
        reason = None
        if not c.complete and status == PASS:
            status, reason = NO_THRESHOLD, "incomplete"
        # every decided indicator was computed: a decided criterion is computed
        crits.append(CriterionResult(c.id, c.title, status, [], c.title_en, c.group, c.agency, c.precondition,
                                     COMPUTED if status in DECIDED else None, None, False, c.complete, reason))
    return crits


# A lean indicator's figures, as `_figure` gives them:
# (status, value, op, threshold, gap, need, numerator, denominator, basis, reason, evidence)
Figure = tuple
_VALUE_KINDS = ("number", "bool", "counts")


def _figure_rows(ind: Indicator, k: int, values: dict[str, DataValue], plan: Plan, out: list[tuple]) -> str | None:
    """Append (criterion position, id, *figure, is a part) of the indicator and of its direct
    parts — what a full result's indicator and parts say — to `out`; the indicator's status, or
    None (a composite's own given verdict: the full path)."""
    got = _figure(ind, values, plan)
    if got is None:
        return None
    fig, parts = got
    out.append((k, ind.id, *fig, False))
    if parts:
        for p, pfig in zip(ind.parts, parts):
            out.append((k, p.id, *pfig, True))
    return fig[0]


def _figure(ind: Indicator, values: dict[str, DataValue], plan: Plan) -> tuple[Figure, list[Figure] | None] | None:
    """`_computed` then `settle_indicator` for data without given verdicts, member figures or
    undecided members (what `_lean_criteria` takes), reduced to the figures a batch row keeps,
    without building an IndicatorResult; a composite's parts' figures beside its own. None: the
    full path decides. tests/test_figures_eval.py holds it in lock-step with the full path."""
    dv = values.get(ind.id)
    r = plan.rule(ind)[1]
    value = num = den = None
    evidence: tuple[str, ...] = ()
    if dv is not None:
        num, den = dv.numerator, dv.denominator
        evidence = dv.evidence if type(dv.evidence) is tuple else tuple(dv.evidence)
        if dv.kind in _VALUE_KINDS:
            value = round(dv.value, 4) if isinstance(dv.value, float) else dv.value
    if r is None:  # a composite (`_composite`)
        if dv is not None and dv.kind == "bool":
            return None  # the assessor's verdict on the whole: the full path
        parts = []
        for p in ind.parts:
            got = _figure(p, values, plan)
            if got is None:
                return None
            parts.append(got[0])
        gap = reason = None
        if dv is not None and dv.kind == "na":
            status = NA
        else:
            sts = [f[0] for f in parts]
            if ind.type == "first_applicable":
                status = next((s for s in sts if s != NA), NA)
            else:
                status = (combine_all if ind.type == "all_of" else combine_any)(sts)
            if status == NA and not ind.optional and parts and all(f[0] == NA and f[9] != "not_applicable"
                                                                   for f in parts):
                status, reason = MISSING, "no_part_applies"
            gap = 0.0 if status == PASS else None
        # every decided part was computed (no verdict is given): a decided composite is computed
        return (status, value, ind.type, None, gap, None, num, den, COMPUTED if status in DECIDED else None,
                reason, evidence), parts
    op, thr = r.op, r.value
    if (dv is not None and dv.kind == "na") or r.reason == "not_applicable":
        return (NA, value, op, thr, None, None, num, den, None,
                "not_applicable" if r.reason == "not_applicable" else None, evidence), None
    if not r.known:
        if ind.type == "yes_no" and dv is not None and dv.kind == "bool" and dv.value is False \
                and r.reason != "not_in_force":
            return (FAIL, value, op, thr, None, None, num, den, COMPUTED, "stated_not_met", evidence), None
        return (NO_THRESHOLD, value, op, thr, None, None, num, den, None, r.reason, evidence), None
    if dv is None or dv.kind == "missing":
        return (MISSING, value, op, thr, None, None, num, den, None, None, evidence), None
    if isinstance(thr, bool):
        met = dv.value is thr
        return (PASS if met else FAIL, value, op, thr, 0.0 if met else None, None, num, den, COMPUTED, None,
                evidence), None
    met, gap, need = _measured(dv, op, thr)
    return (PASS if met else FAIL, value, op, thr, gap, need, num, den, COMPUTED, None, evidence), None


_RULE_NA, _UNKNOWN, _BOOL, _CMP, _COMPOSITE = range(5)  # what a lean status reads of a rule


def _lean_op(ind: Indicator, plan: Plan) -> tuple:
    """An indicator's rule reduced to what its status reads (`_lean_status`), made once per plan."""
    r = plan.rule(ind)[1]
    if r is None:  # a composite: per part, whether its "n/a" is written (not the rule's own)
        return (_COMPOSITE, ind.parts, ind.type, ind.optional,
                tuple(plan.rule(p)[1] is None or plan.rule(p)[1].reason != "not_applicable" for p in ind.parts))
    if r.reason == "not_applicable":
        return (_RULE_NA,)
    if not r.known:
        return (_UNKNOWN, ind.type == "yes_no" and r.reason != "not_in_force")
    if isinstance(r.value, bool):
        return (_BOOL, r.value)
    return (_CMP, r.op, r.value)


def _lean_status(ind: Indicator, values: dict[str, DataValue], plan: Plan) -> str | None:
    """`_computed(...).status` for data without given verdicts, or None (a composite's own given
    verdict: the full path)."""
    hit = plan.lean.get(id(ind))
    if hit is None or hit[0] is not ind:
        hit = plan.lean[id(ind)] = (ind, _lean_op(ind, plan))
    op = hit[1]
    kind = op[0]
    dv = values.get(ind.id)
    if kind == _CMP or kind == _BOOL:
        if dv is None:
            return MISSING
        k = dv.kind
        if k == "na":
            return NA
        if k == "missing":
            return MISSING
        if kind == _BOOL:
            return PASS if dv.value is op[1] else FAIL
        if k == "counts":
            tn, td = _ratio(op[2])
            lhs, rhs = 100 * dv.numerator * td, tn * dv.denominator
            return PASS if _holds(op[1], (lhs > rhs) - (lhs < rhs)) else FAIL
        value = dv.value
        if _is_fraction(value):
            t = exact(op[2])
            return PASS if _holds(op[1], (value > t) - (value < t)) else FAIL
        v, t = float(value), float(op[2])
        return PASS if _holds(op[1], (v > t) - (v < t)) else FAIL
    if kind == _RULE_NA or (dv is not None and dv.kind == "na"):
        return NA
    if kind == _UNKNOWN:
        return FAIL if op[1] and dv is not None and dv.kind == "bool" and dv.value is False else NO_THRESHOLD
    # a composite
    if dv is not None and dv.kind == "bool":
        return None
    parts = []
    for p in op[1]:
        st = _lean_status(p, values, plan)
        if st is None:
            return None
        parts.append(st)
    if op[2] == "first_applicable":
        status = next((st for st in parts if st != NA), NA)
    else:
        status = (combine_all if op[2] == "all_of" else combine_any)(parts)
    if status == NA and not op[3] and parts and all(st == NA and written for st, written in zip(parts, op[4])):
        return MISSING  # every part written as "n/a" although one must apply (`_composite`)
    return status


def _warning(w) -> dict:
    """A data warning as the result keeps it: its key and parameters, and where in the file it
    stands (`line`/`col`, when known), so a batch can say it at its place."""
    d = {"key": w.key, **w.params}
    if w.line is not None:
        d["line"], d["col"] = w.line, w.col
    return d


def make_context(cset: CriteriaSet, data: UnitData) -> Context:
    klass, ov = unit_class(cset, data.declared_klass, data.categories, data.date)
    return Context(data.year, data.date, klass, data.declared_klass, ov, data.categories)


def evaluate(cset: CriteriaSet, data: UnitData, lookup: Lookup | None = None,
             prerequisites: list[UnitResult] | None = None, use_attested: bool = True,
             lean: bool = False, figures: bool = False) -> UnitResult:
    """The unit's result. `lean` (a batch whose report shows no indicator): the criteria carry
    their status, basis and conflict but no indicator results, where the data has no given
    verdict and nothing computed from members — the same statuses, without building a result per
    indicator (tests/test_lean_eval.py holds the two in lock-step); otherwise the full result.
    `figures` (a batch whose report shows each indicator's figures, the HTML): lean as well, with
    the figures of every indicator and direct part in `UnitResult.figures` instead
    (tests/test_figures_eval.py)."""
    ctx = make_context(cset, data)
    plan = plan_for(cset, ctx, lookup)
    figs: list[tuple] | None = [] if figures else None
    crits = _lean_criteria(cset, data, plan, figs) if lean or figures else None
    if crits is None:
        figs = None  # the full results hold the figures
        crits = []
        for c in cset.criteria:
            inds = [_indicator(i, data.values, plan, use_attested) for i in c.indicators]
            crit = CriterionResult(c.id, c.title, combine_all(r.status for r in inds), inds,
                                   c.title_en, c.group, c.agency, c.precondition)
            settle_criterion(crit, c.complete, data.attested.get(c.id), use_attested)
            crits.append(crit)
    prerequisites = prerequisites or []
    status = combine_all([c.status for c in crits] + [p.status for p in prerequisites])
    encoded = plan.encoded
    override = None
    if ctx.override is not None:
        ov = ctx.override
        override = {"from": data.declared_klass, "use": ov.use, "because": sorted(data.categories & set(ov.if_any)),
                    "source": ov.source.cite if ov.source else None}
    return UnitResult(
        file=data.path, unit=data.unit, criteria_set=cset.id, set_title=cset.title, set_status=cset.status,
        year=data.year, date=data.date, status=status, criteria=crits,
        klass_key=cset.classification.key if cset.classification else None, klass=ctx.klass,
        klass_label=cset.classification.values.get(ctx.klass or "") if cset.classification else None,
        override=override,
        indicators_known=plan.known, indicators_encoded=encoded,
        indicators_declared=max(cset.indicator_count or encoded, encoded),
        indicator_count_given=cset.indicator_count is not None,
        prerequisites=prerequisites,
        warnings=[_warning(w) for w in data.warnings],
        set_source=cset.source.cite if cset.source else None, set_title_en=cset.title_en,
        basis=basis_of([*crits, *prerequisites], status),
        figures=tuple(figs) if figs is not None else None,
    )
