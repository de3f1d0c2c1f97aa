"""The per-department view (`check`/`batch --by agency`): table, Markdown, JSON, CSV.

Reads an `AgencyView` (core/dossier.py); never evaluates."""

from __future__ import annotations

import csv
from typing import IO, TYPE_CHECKING, Any

from ntm_eval.messages import t
from ntm_eval.vocab import LEVEL, UNIT_NOUN_DEFAULT

if TYPE_CHECKING:
    from rich.console import Console

    from ntm_eval.core.dossier import AgencyEntry, AgencyItem, AgencyView
    from ntm_eval.load.agencies import Assignment

FORMATS = ("table", "md", "json", "csv")


def _noun(view: "AgencyView", lang: str, sets: "set[str] | None" = None) -> tuple[str, str]:
    """(plural, singular) of the units counted: "xã" when every set counted is a commune set."""
    levels = {view.levels.get(s, "") for s in (sets if sets is not None else view.levels)}
    lv = LEVEL.get(levels.pop()) if len(levels) == 1 else None
    lv = lv or UNIT_NOUN_DEFAULT
    return (lv.noun_vi, lv.noun_vi) if lang != "en" else (lv.plural_en, lv.noun_en)


def _agency(e: "AgencyEntry", lang: str) -> str:
    return e.agency or t("agencies.unassigned", lang)


def _title(i: "AgencyItem", lang: str) -> str:
    return i.title_en if lang == "en" and i.title_en else i.title


def _names(i: "AgencyItem", lang: str) -> str:
    more = i.failing + i.open - len(i.names)
    text = ", ".join(i.names)
    return text + (" " + t("agencies.more", lang, n=more) if more > 0 else "")


def header_lines(view: "AgencyView", assignment: "Assignment", lang: str) -> list[str]:
    lines = [t("agencies.title", lang)]
    if assignment.path:
        scope = ", ".join(x for x in (assignment.district, assignment.province) if x)
        lines.append(t("agencies.assignment", lang, file=assignment.path, scope=f" ({scope})" if scope else ""))
    else:
        lines.append(t("agencies.national_only", lang))
    sets = "; ".join(t("agencies.set_units", lang, n=n, noun=_noun(view, lang, {s})[0], noun_one=_noun(view, lang, {s})[1],
                       set_id=s) for s, n in view.units.items())
    lines.append(t("agencies.evaluated", lang, sets=sets or "—"))
    if view.broken:
        lines.append(t("agencies.broken", lang, n=view.broken))
    return lines


def _entry_line(e: "AgencyEntry", view: "AgencyView", lang: str) -> str:
    noun, one = _noun(view, lang, {i.set_id for i in e.items})
    return t("agencies.entry", lang, agency=_agency(e, lang), units=e.units, failing=e.units_failing, noun=noun,
             noun_one=one)


def _columns(view: "AgencyView", lang: str) -> list[str]:
    cols = ["indicator", "title", "failing", "open", "units", "origin"]
    if len(view.plans) > 1:
        cols.insert(0, "set")
    return cols


def _cells(i: "AgencyItem", cols: list[str], lang: str) -> list[str]:
    values = {"set": i.set_id, "indicator": i.id, "title": _title(i, lang), "failing": str(i.failing or ""),
              "open": str(i.open or ""), "units": _names(i, lang),
              "origin": t(f"agencies.origin.{i.origin}", lang) if i.origin else ""}
    return [values[c] for c in cols]


def render_table(view: "AgencyView", assignment: "Assignment", con: "Console", lang: str = "vi") -> None:
    from rich.table import Table
    from rich.text import Text

    lines = header_lines(view, assignment, lang)
    con.print(Text(lines[0], style="bold"))
    for line in lines[1:]:
        con.print(line, markup=False)
    entries = view.entries()
    if not entries:
        con.print(t("agencies.none", lang), markup=False)
        return
    cols = _columns(view, lang)
    for e in entries:
        con.print()
        con.print(Text(_entry_line(e, view, lang), style="bold"))
        table = Table(show_lines=False)
        for c in cols:
            table.add_column(t(f"agencies.col.{c}", lang), overflow="fold",
                             justify="right" if c in ("failing", "open") else "left")
        for i in e.items:
            table.add_row(*(Text(x) for x in _cells(i, cols, lang)))
        con.print(table)


def _md(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def render_md(view: "AgencyView", assignment: "Assignment", fh: IO[str], lang: str = "vi") -> None:
    lines = header_lines(view, assignment, lang)
    fh.write(f"# {_md(lines[0])}\n\n")
    for line in lines[1:]:
        fh.write(f"{_md(line)}\n\n")
    entries = view.entries()
    if not entries:
        fh.write(t("agencies.none", lang) + "\n")
        return
    cols = _columns(view, lang)
    for e in entries:
        fh.write(f"## {_md(_entry_line(e, view, lang))}\n\n")
        fh.write("| " + " | ".join(t(f"agencies.col.{c}", lang) for c in cols) + " |\n")
        fh.write("|" + "|".join("---:" if c in ("failing", "open") else "---" for c in cols) + "|\n")
        for i in e.items:
            fh.write("| " + " | ".join(_md(x) for x in _cells(i, cols, lang)) + " |\n")
        fh.write("\n")


def as_dict(view: "AgencyView", assignment: "Assignment") -> dict[str, Any]:
    return {"assignment": assignment.to_dict() if assignment.path else None, **view.to_dict()}


def render_json(view: "AgencyView", assignment: "Assignment", fh: IO[str], lang: str = "vi") -> None:
    from ntm_eval.render.jsonout import dumps

    fh.write(dumps(as_dict(view, assignment)) + "\n")


def render_csv(view: "AgencyView", assignment: "Assignment", fh: IO[str], lang: str = "vi") -> None:
    w = csv.writer(fh, lineterminator="\n")
    cols = ["agency", "set", "criterion", "indicator", "title", "origin", "failing", "open", "units_total",
            "agency_units", "agency_units_failing"]
    w.writerow(cols)
    for e in view.entries():
        for i in e.items:
            w.writerow([e.agency or "", i.set_id, i.criterion, i.id, _title(i, lang), i.origin or "", i.failing,
                        i.open, i.failing + i.open, e.units, e.units_failing])


def render_text(fmt: str, view: "AgencyView", assignment: "Assignment", fh: IO[str], lang: str = "vi") -> None:
    if fmt == "table":  # a table written to a file
        from ntm_eval.render.table import console

        render_table(view, assignment, console(fh), lang)
        return
    {"md": render_md, "json": render_json, "csv": render_csv}[fmt](view, assignment, fh, lang)
