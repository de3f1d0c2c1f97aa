"""Renderers for `sets`, `show` and `template`: rich tables (rich imported only there) and the
YAML data-file scaffold. Input: the plain dicts of `ntm_eval.describe`."""

from __future__ import annotations

import json
import re
from typing import IO, Any

from ntm_eval.messages import lang_index, status_label, t
from ntm_eval.render.common import LEVEL_NAMES, OP_SIGNS, conf_mark, fmt_num, unit_suffix


def _title(d: dict[str, Any], lang: str) -> str:
    text = d.get("title_en") if lang == "en" and d.get("title_en") else d.get("title")
    return re.sub(r"\s+", " ", str(text or "")).strip()


def one_threshold(x: dict[str, Any], unit: str | None, lang: str = "vi") -> str:
    v = x.get("threshold")
    if v is None:
        reason = x.get("reason")
        if reason in ("not_in_force", "not_applicable"):
            return t("catalog." + reason, lang)
        return t("catalog.unknown", lang)
    if isinstance(v, bool):
        s = status_label("pass" if v else "fail", lang)
    else:
        s = fmt_num(v, lang) + unit_suffix(unit)
    if x.get("op") == "unknown":
        return f"? {s} ({t('catalog.op_unknown', lang)})"
    if isinstance(v, bool):
        return s
    return f"{OP_SIGNS.get(x.get('op') or '', '')} {s}".strip()


def threshold_text(d: dict[str, Any], lang: str = "vi") -> str:
    """"≥ 80%", "chưa có", "tdmnpb, btb: ≥ 70%; dbsh: = 100%", "đạt tất cả các phần"."""
    if d.get("parts"):
        return t("catalog.all_of" if d["type"] == "all_of" else "catalog.any_of", lang)
    if "by_class" in d:
        groups: dict[str, list[str]] = {}
        for cls, x in d["by_class"].items():
            groups.setdefault(one_threshold(x, d.get("unit"), lang), []).append(cls)
        return "; ".join(f"{', '.join(cs)}: {txt}" for txt, cs in groups.items())
    return one_threshold(d, d.get("unit"), lang)


def source_text(d: dict[str, Any]) -> str:
    return f"{conf_mark(d.get('confidence'))} {d.get('source') or ''}".strip()


# --- rich tables ---------------------------------------------------------------------------
def render_sets(rows: list[dict[str, Any]], file: IO[str] | None, lang: str = "vi") -> None:
    from rich.table import Table

    from ntm_eval.render.table import console

    con = console(file)
    if not rows:
        con.print(t("catalog.no_sets", lang))
        return
    year = rows[0]["year"] if len({r["year"] for r in rows}) == 1 else "…"
    table = Table(header_style="bold", pad_edge=False)
    for key in ("id", "title", "level", "tier", "status", "criteria", "indicators", "known", "source"):
        table.add_column(t("catalog.col." + key, lang, year=year), overflow="fold", no_wrap=key == "id",
                         min_width=24 if key == "title" else None)
    i = lang_index(lang)
    for r in rows:
        level = LEVEL_NAMES.get(r["level"], (r["level"], r["level"]))[i]
        known = f"{r['thresholds_known']}/{r['indicators_encoded']}"
        if year == "…":
            known += f" ({r['year']})"
        table.add_row(r["id"], _title(r, lang), level, r["tier"] or "", r["status"], str(r["criteria"]),
                      f"{r['indicators_encoded']}/{r['indicators_declared']}", known, r["source"] or "")
    con.print(table)


def render_show(d: dict[str, Any], file: IO[str] | None, lang: str = "vi") -> None:
    from rich.table import Table
    from rich.text import Text

    from ntm_eval.render.table import console

    con = console(file)
    i = lang_index(lang)
    if d["status"] == "demo":
        con.print(Text(t("catalog.demo_banner", lang), style="bold reverse"))
    con.print(Text(f"{_title(d, lang)} [{d['id']}]", style="bold"))
    level = LEVEL_NAMES.get(d["level"], (d["level"], d["level"]))[i]
    con.print(f"{level} · {d['tier'] or ''} · {d['status']} · "
              + t("catalog.validity", lang, valid_from=d["valid_from"] or "…", valid_until=d["valid_until"] or "…"),
              markup=False)
    klass = ""
    cl = d.get("classification")
    if cl:
        if cl["value"] is None:
            klass = t("catalog.all_classes", lang, key_name=cl["key"])
        else:
            klass = f", {cl['key']}: {cl['value']}"
            if cl.get("override"):
                klass += f" → {cl['override']}"
    con.print(t("catalog.resolved_for", lang, year=d["year"], date=d["date"], klass=klass), markup=False)
    if d.get("extends"):
        con.print(t("catalog.extends", lang, set_id=d["extends"]), markup=False)
    if d.get("requires"):
        con.print(t("catalog.requires", lang, sets=", ".join(d["requires"])), markup=False)
    table = Table(header_style="bold", pad_edge=False)
    for key in ("id", "indicator", "type", "threshold", "source"):
        table.add_column(t("catalog.col." + ("code" if key == "id" else key), lang), overflow="fold",
                         no_wrap=key == "id")
    for c in d["criteria"]:
        table.add_row(Text(c["id"], style="bold"), Text(_title(c, lang), style="bold"), "", "", "")
        for ind in c["indicators"]:
            _show_row(table, ind, lang, "  ")
            for p in ind.get("parts") or []:
                _show_row(table, p, lang, "    ")
    con.print(table)
    cov = d["coverage"]
    con.print(t("catalog.coverage", lang, known=cov["thresholds_known"], declared=cov["indicators_declared"],
                encoded=cov["indicators_encoded"]), markup=False)
    if d.get("source"):
        con.print(Text(t("catalog.source_line", lang, source=d["source"]), style="dim"))


def _show_row(table, ind: dict[str, Any], lang: str, indent: str) -> None:
    from rich.text import Text

    name = _title(ind, lang)
    if ind.get("optional"):
        name += f" ({t('catalog.optional', lang)})"
    kind = ind["type"] + (f" ({ind['unit']})" if ind.get("unit") else "")
    style = "magenta" if not ind.get("parts") and not _known(ind) else ""
    table.add_row(indent + ind["id"], indent + name, kind, Text(threshold_text(ind, lang), style=style),
                  source_text(ind))


def _known(ind: dict[str, Any]) -> bool:
    from ntm_eval.describe import indicator_known

    return indicator_known(ind)


# --- the data-file scaffold ---------------------------------------------------------------
def _q(s: Any) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(str(s), ensure_ascii=False)


def _comment(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def template_text(d: dict[str, Any], klass: str | None, lang: str = "vi", categories: dict[str, str] | None = None
                  ) -> str:
    """A data file `ntm-eval check` accepts as-is: every value null (missing data)."""
    lines = [f"# {t('template.header', lang, set_id=d['id'])}", f"# {_comment(_title(d, lang))}"]
    if d["status"] == "demo":
        lines.append(f"# {t('template.demo', lang)}")
    lines += [f"# {t('template.howto', lang, file='FILE.yaml')}", f"# {t('template.values_help', lang)}", "",
              "unit:", f"  name: {_q(t('template.name', lang))}", f"  level: {d['level']}"]
    cl = d.get("classification")
    if cl:
        value = klass or next(iter(cl["values"]))
        choices = ", ".join(f"{k} ({_comment(v)})" for k, v in cl["values"].items())
        lines.append(f"  {cl['key']}: {_q(value)}  # {t('template.class_choices', lang, choices=choices)}")
    if categories:
        choices = ", ".join(categories)
        lines.append(f"  # categories: []  # {t('template.categories', lang, choices=choices)}")
    lines += [f"year: {d['year']}", f"# date: \"{d['date']}\"  # {t('template.date', lang)}",
              f"criteria_set: {_q(d['id'])}", "values:"]
    for c in d["criteria"]:
        lines.append(f"  # {_comment(t('template.criterion', lang, id=c['id'], title=_title(c, lang)))}")
        for ind in c["indicators"]:
            if ind.get("parts"):
                rule = threshold_text(ind, lang)
                lines.append(f"  # {ind['id']} — {_comment(_title(ind, lang))}"
                             + (f" · {t('catalog.optional', lang)}" if ind.get("optional") else ""))
                lines.append(f"  #   {t('template.composite', lang, rule=rule, id=ind['id'])}")
                for p in ind["parts"]:
                    lines += _value_lines(p, lang, "  ")
            else:
                lines += _value_lines(ind, lang, "  ")
    return "\n".join(lines) + "\n"


def _value_lines(ind: dict[str, Any], lang: str, indent: str) -> list[str]:
    bits = [f"{ind['id']} — {_comment(_title(ind, lang))}"]
    if ind.get("unit"):
        bits.append(t("template.unit", lang, unit=ind["unit"]))
    bits.append(t("template.threshold", lang, threshold=threshold_text(ind, lang)))
    if ind.get("optional"):
        bits.append(t("catalog.optional", lang))
    return [f"{indent}# {' · '.join(bits)}", f"{indent}{_q(ind['id'])}: null"]
