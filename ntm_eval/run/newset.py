"""`ntm-eval new-set`: plan a provincial set that `extends` a national one, and check a filled
workbook against that plan. Pure: never prints, never writes (render/newset.py writes).

The plan holds one entry per indicator whose threshold the parent leaves unknown for the chosen
class (region) and years — found with `describe.describe_indicator`, exactly as `show` finds
them — plus the indicators the province tightens (`--add`). Reading back turns the rows of a
filled workbook (`load/setsheet.py`) into values per indicator and year, or located problems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from ntm_eval.errors import InputError, Problem, suggest
from ntm_eval.load.set_province import province_from_id
from ntm_eval.load.setsheet import CellRow, Sheet, read_workbook
from ntm_eval.model import CriteriaSet, ProvinceRef
from ntm_eval.run.describe import describe_indicator
from ntm_eval.vocab import ID_RE, OPS

Lookup = Callable[[str], CriteriaSet]
SOURCE_KEY = "qd_tinh"  # the named source of the provincial decision


@dataclass
class Entry:
    """One indicator of the provincial set: what the parent says, and what the province fills."""
    criterion: str
    criterion_title: str
    id: str
    title: str
    type: str
    unit: str | None
    op: str | None                      # the parent's comparator where it is known
    parent: dict[int, tuple[str, Any] | None]  # year → the parent's known (op, value), or None
    added: bool = False                 # --add: a known threshold the province tightens
    printed: dict[int, Any] = field(default_factory=dict)  # year → a value printed without a known comparator
    # filled from a workbook: year → (op, value text as typed); documents and notes by year
    values: dict[int, tuple[str, str]] = field(default_factory=dict)
    documents: dict[int, str] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)

    def parent_text(self, year: int, lang: str = "vi") -> str:
        """The parent's threshold for a year as an official reads it ("≥ 80", "đạt", "chưa có ngưỡng")."""
        from ntm_eval.messages import t

        k = self.parent.get(year)
        if k is None and year in self.printed:
            return t("newset.parent.printed", lang, value=_show(self.printed[year]))
        if k is None:
            return t("newset.parent.none", lang)
        op, v = k
        return t("newset.parent.yes", lang) if v is True else f"{_sym(op)} {_show(v)}"


@dataclass
class Plan:
    id: str
    parent_id: str
    parent_title: str
    title: str
    klass_key: str | None               # "region" / "group" (the parent's classification key)
    klass: str | None                   # the class value, e.g. tdmnpb
    klass_label: str | None
    years: list[int]
    entries: list[Entry]
    skipped: list[str]                  # unknown parts of composites (not scaffolded)
    status: str = "provincial"
    confidence: str = "primary"
    source: dict[str, str] = field(default_factory=dict)  # document, date, part, issuer
    province: ProvinceRef | None = None  # from the id's first part (load/set_province.province_from_id)


def _known(d: dict[str, Any]) -> tuple[str, Any] | None:
    if d.get("reason") is None and d.get("op") in OPS and d.get("threshold") is not None:
        return (d["op"], d["threshold"])
    return None


def plan_set(parent: CriteriaSet, lookup: Lookup, new_id: str, klass: str | None, years: list[int],
             add: list[str], title: str | None = None) -> Plan:
    """The scaffold of a provincial set extending `parent` for `klass` and `years`; `add` names
    indicators with a known threshold that the province sets itself. Usage problems raise."""
    problems: list[Problem] = []
    if not ID_RE.match(new_id):
        problems.append(Problem("newset.bad_id", None, params={"value": new_id}))
    elif new_id == parent.id:
        problems.append(Problem("newset.same_id", None, params={"value": new_id}))
    years = sorted(set(years or parent.years))
    outside = [y for y in years if parent.years and y not in parent.years]
    if outside:
        problems.append(Problem("newset.year_outside_parent", None, params={
            "years": ", ".join(map(str, outside)), "set_id": parent.id,
            "allowed": ", ".join(map(str, parent.years))}))
    if parent.classification is not None and klass is None:
        problems.append(Problem("newset.need_class", None, params={
            "set_id": parent.id, "key_name": parent.classification.key,
            "choices": ", ".join(parent.classification.values)}))
    leaves = {i.id: (c, i) for c in parent.criteria for i in c.indicators}
    parts = {p.id: i.id for c in parent.criteria for i in c.indicators for p in i.parts}
    for a in add:
        if a in parts:
            problems.append(Problem("newset.add_part", None, params={"value": a, "composite": parts[a]}))
        elif a not in leaves:
            problems.append(Problem("newset.add_unknown", None, params={
                "value": a, "set_id": parent.id, "hint": suggest(a, list(leaves))}))
        elif leaves[a][1].composite:
            problems.append(Problem("newset.add_composite", None, params={
                "value": a, "parts": ", ".join(p.id for p in leaves[a][1].parts)}))
    if problems:
        raise InputError(problems)
    entries: list[Entry] = []
    skipped: list[str] = []
    for c in parent.criteria:
        for ind in c.indicators:
            per_year = {y: describe_indicator(ind, parent, y, klass, lookup) for y in years}
            if ind.composite:
                for n, p in enumerate(ind.parts):
                    if any(_open(d["parts"][n]) for d in per_year.values()):
                        skipped.append(p.id)
                continue
            unknown = any(_open(d) for d in per_year.values())
            if not unknown and ind.id not in add:
                continue
            ops = {d.get("op") for d in per_year.values() if d.get("op") in OPS}
            entries.append(Entry(
                criterion=c.id, criterion_title=c.title, id=ind.id, title=ind.title, type=ind.type,
                unit=ind.unit, op=ops.pop() if len(ops) == 1 else None,
                parent={y: _known(d) for y, d in per_year.items()}, added=not unknown,
                printed=_printed(per_year)))
    cl = parent.classification
    return Plan(id=new_id, parent_id=parent.id, parent_title=parent.title,
                title=title or f"{parent.title} — bộ tiêu chí của tỉnh ({new_id})",
                klass_key=cl.key if cl else None, klass=klass,
                klass_label=cl.values.get(klass) if cl and klass else None,
                years=years, entries=entries, skipped=skipped, province=province_from_id(new_id, years))


def _printed(per_year: dict[int, dict[str, Any]]) -> dict[int, Any]:
    """Values the parent prints with a comparator in doubt (`op: unknown`), shown for reference."""
    return {y: d["threshold"] for y, d in per_year.items()
            if d.get("op") == "unknown" and d.get("threshold") is not None}


def _open(d: dict[str, Any]) -> bool:
    """The threshold is not known (and the indicator applies)."""
    return d.get("reason") is not None and d.get("reason") != "not_applicable"


# --- reading a filled workbook back -----------------------------------------------------------
NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
OP_WORDS = {"≥": ">=", ">=": ">=", "=>": ">=", "≤": "<=", "<=": "<=", "=<": "<=", "=": "=", "==": "="}
YES = {"đạt", "dat", "có", "co", "true", "x", "yes"}
NO = {"không đạt", "chưa đạt", "không", "khong", "false", "no"}
UNKNOWN_WORDS = {"unknown", "chưa rõ", "chua ro", "?"}


def plan_from_sheet(sheet: Sheet, lookup: Lookup) -> tuple[Plan, CriteriaSet]:
    """The plan the workbook was made from (its metadata sheet), rebuilt from the parent. What
    the plan cannot be built without (id, parent, region, years) raises; other problems of the
    metadata join `sheet.problems`, reported with those of the rows."""
    m = sheet.meta
    problems: list[Problem] = []
    for key in ("id", "parent"):
        if not m.get(key):
            problems.append(sheet.meta_problem("newset.meta_missing", key))
    if problems:
        raise InputError(problems)
    try:
        parent = lookup(m["parent"])
    except InputError as exc:
        raise InputError([sheet.meta_problem("newset.meta_parent", "parent", value=m["parent"],
                                             detail=exc.problems[0].key)]) from None
    try:
        years = [int(y) for y in re.split(r"[,;\s]+", m.get("years", "")) if y]
    except ValueError:
        raise InputError([sheet.meta_problem("newset.meta_years", "years", value=m.get("years"))]) from None
    klass = m.get("region") or None
    if parent.classification is not None and klass not in parent.classification.values:
        raise InputError([sheet.meta_problem("newset.meta_class", "region", value=klass,
                                             choices=", ".join(parent.classification.values))])
    plan = plan_set(parent, lookup, m["id"], klass, years, [], title=m.get("title") or None)
    # every indicator of the parent can be filled (rows the scaffold did not list are --add rows)
    plan.status = m.get("status") or "provincial"
    plan.confidence = m.get("confidence") or "primary"
    plan.source = {k: m[k] for k in ("document", "date", "part", "issuer", "note") if m.get(k)}
    for key, choices in (("status", ("provincial", "example", "demo", "official")),
                         ("confidence", ("primary", "secondary", "uncertain", "demo"))):
        if getattr(plan, key) not in choices:
            problems.append(sheet.meta_problem("newset.meta_choice", key, value=getattr(plan, key),
                                               choices=", ".join(choices)))
    if plan.source.get("date") and not re.match(r"^\d{4}-\d{2}-\d{2}$", plan.source["date"]):
        problems.append(sheet.meta_problem("newset.meta_date", "date", value=plan.source["date"]))
    if not plan.source.get("document"):
        problems.append(sheet.meta_problem("newset.meta_missing", "document"))
    sheet.problems[:0] = problems  # reported with the rows' problems, all at once
    return plan, parent


def open_workbook(path: str, lookup: Lookup) -> tuple[Sheet, Plan, CriteriaSet]:
    """A filled workbook and the plan it was made from (`plan_from_sheet`); raises InputError
    for a workbook that cannot be read or a plan that cannot be rebuilt."""
    sheet = read_workbook(path)
    plan, parent = plan_from_sheet(sheet, lookup)
    return sheet, plan, parent


def filled_counts(plan: Plan) -> tuple[int, int]:
    """(thresholds filled, cells left open) over the plan's indicators and years."""
    open_cells = sum(1 for e in plan.entries for y in plan.years if y not in e.values)
    filled = sum(len(e.values) for e in plan.entries)
    return filled, open_cells


def fill_plan(plan: Plan, parent: CriteriaSet, lookup: Lookup, sheet: Sheet) -> list[Problem]:
    """Put the workbook's rows into `plan` (adding entries for rows of known indicators); return
    every problem, each naming its sheet and cell. An empty list: the plan is filled."""
    problems: list[Problem] = list(sheet.problems)
    by_id = {e.id: e for e in plan.entries}
    leaves = {i.id: (c, i) for c in parent.criteria for i in c.indicators}
    part_of = {p.id: i.id for c in parent.criteria for i in c.indicators for p in i.parts}
    seen: dict[tuple[str, int], str] = {}
    op_at: dict[str, tuple[str, str, str]] = {}  # indicator → (op, as typed, cell) of its first filled year
    for row in sheet.rows:
        pr = _row(row, plan, parent, lookup, by_id, leaves, part_of, seen, sheet)
        problems.extend(pr)
        iid, e = row.text("id"), by_id.get(row.text("id"))
        year = int(row.text("year")) if re.fullmatch(r"\d{4}", row.text("year")) else None
        if pr or e is None or year not in e.values:
            continue
        op = e.values[year][0]
        first = op_at.setdefault(iid, (op, row.text("op"), row.cell("op")))
        if first[0] != op:
            problems.append(sheet.problem("newset.cell_op_differs", row, "op", value=row.text("op"),
                                          other=first[1], first=first[2]))
    plan.entries.sort(key=lambda e: _order(parent, e.id))
    return problems


def _order(parent: CriteriaSet, iid: str) -> int:
    for n, ind in enumerate(parent.indicators()):
        if ind.id == iid:
            return n
    return 10**6


def _row(row: CellRow, plan: Plan, parent: CriteriaSet, lookup: Lookup, by_id: dict[str, Entry],
         leaves: dict, part_of: dict, seen: dict, sheet: Sheet) -> list[Problem]:
    P = sheet.problem
    iid, year_raw = row.text("id"), row.text("year")
    out = [P("newset.cell_required", row, col) for col in ("id", "year") if not row.text(col)]
    if out:
        return out
    entry = by_id.get(iid)
    if entry is None:
        entry, out = _row_entry(row, iid, plan, parent, lookup, leaves, part_of, P)
        if entry is None:
            return out
        by_id[iid] = entry
        plan.entries.append(entry)
    out = _row_year(row, iid, year_raw, plan, seen, P)
    if out:
        return out
    year = int(year_raw)
    seen[(iid, year)] = row.cell("id")
    doc, note = row.text("document"), row.text("note")
    if doc:
        entry.documents[year] = doc
    if note:
        entry.notes[year] = note
    raw_value, raw_op = row.text("value"), row.text("op")
    if not raw_value or raw_value.lower() in UNKNOWN_WORDS:
        if raw_op and OP_WORDS.get(raw_op) is None:
            out.append(P("newset.cell_bad_op", row, "op", value=raw_op, choices="≥, ≤, ="))
        return out  # stays unknown
    op, value, out = _row_threshold(row, entry, raw_value, raw_op, P)
    if out:
        return out
    assert op is not None and value is not None
    looser = _looser(entry.parent.get(year), op, value)
    if looser and not (note and doc):
        out.append(P("newset.cell_looser", row, "value", indicator=iid, value=raw_value, year=year,
                     parent=entry.parent_text(year), set_id=parent.id))
        return out
    entry.values[year] = (op, value)
    return out


def _row_entry(row: CellRow, iid: str, plan: Plan, parent: CriteriaSet, lookup: Lookup, leaves: dict,
               part_of: dict, P: Callable[..., Problem]) -> tuple[Entry | None, list[Problem]]:
    """A row of an indicator the scaffold did not list: a new (--add) entry when the parent has
    it as a leaf indicator, else the row's problem."""
    if iid in part_of:
        return None, [P("newset.cell_part", row, "id", value=iid, composite=part_of[iid])]
    if iid not in leaves:
        return None, [P("newset.cell_unknown_id", row, "id", value=iid, set_id=parent.id,
                        hint=suggest(iid, list(leaves)))]
    c, ind = leaves[iid]
    if ind.composite:
        return None, [P("newset.cell_composite", row, "id", value=iid, parts=", ".join(p.id for p in ind.parts))]
    per_year = {y: describe_indicator(ind, parent, y, plan.klass, lookup) for y in plan.years}
    ops = {d.get("op") for d in per_year.values() if d.get("op") in OPS}
    return Entry(criterion=c.id, criterion_title=c.title, id=ind.id, title=ind.title, type=ind.type,
                 unit=ind.unit, op=ops.pop() if len(ops) == 1 else None,
                 parent={y: _known(d) for y, d in per_year.items()}, added=True, printed=_printed(per_year)), []


def _row_year(row: CellRow, iid: str, year_raw: str, plan: Plan, seen: dict,
              P: Callable[..., Problem]) -> list[Problem]:
    """The row's year: four digits, one of the plan's years, and not already filled for this indicator."""
    if not re.match(r"^\d{4}$", year_raw):
        return [P("newset.cell_year_type", row, "year", value=year_raw)]
    year = int(year_raw)
    if year not in plan.years:
        return [P("newset.cell_year_outside", row, "year", value=year, years=", ".join(map(str, plan.years)))]
    first = seen.get((iid, year))
    if first is not None:
        return [P("newset.cell_duplicate", row, "id", value=iid, year=year, first=first)]
    return []


def _row_threshold(row: CellRow, entry: Entry, raw_value: str, raw_op: str,
                   P: Callable[..., Problem]) -> tuple[str | None, str | None, list[Problem]]:
    """The comparator and value a row sets, or the problems of its op and value cells."""
    out: list[Problem] = []
    op = OP_WORDS.get(raw_op) if raw_op else ("=" if entry.type == "yes_no" else None)
    if not raw_op and op is None:
        out.append(P("newset.cell_required", row, "op"))
    elif op is None:
        out.append(P("newset.cell_bad_op", row, "op", value=raw_op, choices="≥, ≤, ="))
    elif entry.type == "yes_no" and op != "=":
        out.append(P("newset.cell_yes_no_op", row, "op", value=raw_op))
    value, kind = _value(raw_value, entry.type)
    if value is None:
        out.append(P(f"newset.cell_value_{kind}", row, "value", value=raw_value,
                     unit=f" ({entry.unit})" if entry.unit else ""))
    return op, value, out


def _value(raw: str, itype: str) -> tuple[str | None, str]:
    """The threshold as YAML text, kept as typed ("17.10" stays 17.10; "93,4" → 93.4), or None
    and why: `bool` (a yes/no indicator), `number`, `ambiguous` (both . and ,), `percent`."""
    s = raw.strip()
    if itype == "yes_no":
        low = s.lower()
        if low in YES:
            return "true", ""
        if low in NO:
            return "false", ""
        return None, "bool"
    if s.endswith("%") and itype == "percent":
        s = s[:-1].strip()
    if "," in s and "." in s:
        return None, "ambiguous"
    s = s.replace(",", ".")
    if not NUMBER.match(s):
        return None, "number"
    if itype == "percent" and not 0 <= float(s) <= 100:
        return None, "percent"
    return s.lstrip("+"), ""


def _looser(parent: tuple[str, Any] | None, op: str, value: str) -> bool:
    """The province's threshold is easier to meet than the parent's known one."""
    if parent is None:
        return False
    pop, pval = parent
    if isinstance(pval, bool) or value in ("true", "false"):
        return op != pop or (value == "true") != bool(pval)
    if op != pop:
        return True
    v = float(value)
    return (pop == ">=" and v < float(pval)) or (pop == "<=" and v > float(pval)) or (pop == "=" and v != float(pval))


def _sym(op: str) -> str:
    return {">=": "≥", "<=": "≤"}.get(op, op)


def _show(v: Any) -> str:
    if v is True:
        return "đạt"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


__all__ = ["Entry", "Plan", "plan_set", "plan_from_sheet", "open_workbook", "fill_plan", "filled_counts", "SOURCE_KEY"]
