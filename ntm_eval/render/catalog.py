"""Renderers for `sets`, `show` and `template`: rich tables (rich imported only there) and the
YAML data-file scaffold. Input: the plain dicts that `ntm_eval.run.describe` builds.

Codes (levels, tiers, set statuses, indicator types, classification keys) are shown as words
in the chosen language — "xã", "NTM nâng cao", "chính thức", "Tỷ lệ (%)" — the JSON keeps the
codes. Tables stay readable in an 80-column terminal: short columns never break inside a word,
and a set's long title sits on its own line under its id."""

from __future__ import annotations

import json
import re
from typing import IO, TYPE_CHECKING, Any

from ntm_eval.messages import CONFIDENCE_LABELS, lang_index, status_label, t
from ntm_eval.render.common import OP_SIGNS, conf_mark, fmt_num, id_legend, id_mark, unit_suffix, word
from ntm_eval.vocab import CONFIDENCE_MARKS, level_label

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


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
        s = fmt_num(v, lang) + unit_suffix(unit, lang)
    if x.get("op") == "unknown":
        return f"? {s} ({t('catalog.op_unknown', lang)})"
    if isinstance(v, bool):
        return s
    return f"{OP_SIGNS.get(x.get('op') or '', '')} {s}".strip()


def threshold_text(d: dict[str, Any], lang: str = "vi", marks: bool = False) -> str:
    """"≥ 80%", "chưa có", "tdmnpb, btb: ≥ 70%; dbsh: = 100%", "đạt tất cả các phần"; with
    `marks`, each known threshold followed by its confidence mark ("≥ 80% ✓", "b: ≥ 55 ?")."""
    if d.get("parts"):
        return t("catalog." + d["type"], lang)

    def one(x: dict[str, Any]) -> str:
        text = one_threshold(x, d.get("unit"), lang)
        mark = conf_mark(x.get("confidence")) if marks and x.get("threshold") is not None else ""
        return f"{text} {mark}" if mark else text

    if "by_class" in d:
        groups: dict[str, list[str]] = {}
        for cls, x in d["by_class"].items():
            groups.setdefault(one(x), []).append(cls)
        return "; ".join(f"{', '.join(cs)}: {txt}" for txt, cs in groups.items())
    return one(d)


def threshold_notes(d: dict[str, Any]) -> list[str]:
    """The notes of the uncertain thresholds of an indicator (for every class it is shown for):
    the caveat a reader must see beside a "?" threshold."""
    items = list(d["by_class"].values()) if "by_class" in d else [d]
    out: list[str] = []
    for x in items:
        note = x.get("threshold_note")
        if x.get("confidence") == "uncertain" and note and _comment(str(note)) not in out:
            out.append(_comment(str(note)))
    return out


def confidence_legend(lang: str = "vi") -> str:
    """"Độ tin cậy của ngưỡng: ✓ trích văn bản gốc, ~ nguồn thứ cấp, ? chưa chắc chắn, D minh họa"."""
    i = lang_index(lang)
    legend = ", ".join(f"{CONFIDENCE_MARKS[k]} {CONFIDENCE_LABELS[k][i]}" for k in ("primary", "secondary",
                                                                                   "uncertain", "demo"))
    return t("check.confidence", lang, legend=legend)


def coverage_text(cov: dict[str, Any], lang: str = "vi") -> str:
    """"Văn bản có 57 chỉ tiêu; bộ tiêu chí trong ntm-eval mới ghi 34 chỉ tiêu của văn bản; 14 chỉ
    tiêu có ngưỡng" — or that the document's count is not known (the set gives no
    `indicator_count`), never a "34/34" that reads like the whole document."""
    known, encoded, declared = cov["thresholds_known"], cov["indicators_encoded"], cov["indicators_declared"]
    given = cov.get("indicator_count_given")  # None: not said (then only "fewer than declared" is sure)
    if given is False:
        return t("catalog.coverage_unknown", lang, known=known, encoded=encoded)
    if encoded < declared:
        return t("catalog.coverage", lang, known=known, encoded=encoded, declared=declared)
    key = "catalog.coverage_all" if given else "catalog.coverage_recorded"
    return t(key, lang, known=known, encoded=encoded, declared=declared)


def source_text(d: dict[str, Any]) -> str:
    return f"{conf_mark(d.get('confidence'))} {d.get('source') or ''}".strip()


def tier_label(tier: str | None, lang: str = "vi") -> str:
    return word("catalog.tier", tier, lang)


def set_status_label(status: str | None, lang: str = "vi") -> str:
    return word("catalog.status", status, lang)


def class_key_label(key: str | None, lang: str = "vi") -> str:
    return word("catalog.class_key", key, lang)


def type_label(kind: str | None, unit: str | None, lang: str = "vi") -> str:
    """"Đạt/Không đạt", "Tỷ lệ (%)", "Số (km)", "Gồm tất cả", "Một trong các"."""
    label = word("catalog.type", kind, lang)
    if unit and not (kind == "percent" and unit == "%"):
        label += f" ({unit})"
    return label


def province_text(p: dict[str, Any], lang: str = "vi") -> str:
    """"tỉnh Yên Bái (mã 15) — từ 01/7/2025 thuộc tỉnh Lào Cai (mã 15)"."""
    into = p.get("merged_into")
    if into:
        return t("catalog.province_merged", lang, name=p["name"], code=p["code"], into=into["name"],
                 into_code=into["code"])
    return t("catalog.province", lang, name=p["name"], code=p["code"])


def set_meta(d: dict[str, Any], lang: str = "vi") -> str:
    """"xã · NTM · chính thức"."""
    return " · ".join(x for x in (level_label(d.get("level"), lang), tier_label(d.get("tier"), lang),
                                  set_status_label(d.get("status"), lang)) if x)


# --- rich tables ---------------------------------------------------------------------------
def render_sets(rows: list[dict[str, Any]], file: IO[str] | None, lang: str = "vi") -> None:
    from ntm_eval.render.table import console

    render_sets_to(rows, console(file), lang)


def _min_width(head: str, cells: list[str]) -> int:
    """Wide enough never to break a header word ("Indicator s") nor a cell."""
    return max([len(w) for w in head.split()] + [len(c) for c in cells] + [1])


def render_sets_to(rows: list[dict[str, Any]], con: Console, lang: str = "vi") -> None:
    """One row per set: its id, then its title, "level · tier · status" and source on lines of
    their own in the first (wide, folding) column; counts in short columns that never wrap."""
    from rich.table import Table
    from rich.text import Text

    if not rows:
        con.print(t("catalog.no_sets", lang))
        return
    year = rows[0]["year"] if len({r["year"] for r in rows}) == 1 else "…"
    counts = []
    for r in rows:
        known = f"{r['thresholds_known']}/{r['indicators_encoded']}"
        if year == "…":
            known += f" ({r['year']})"
        declared = "?" if r.get("indicator_count_given") is False else r["indicators_declared"]
        counts.append([str(r["criteria"]), f"{r['indicators_encoded']}/{declared}", known])
    table = Table(header_style="bold", pad_edge=False, show_lines=True)
    table.add_column(t("catalog.col.set", lang), overflow="fold", ratio=1, min_width=20)
    heads = [t("catalog.col." + key, lang, year=year) for key in ("criteria", "indicators", "known")]
    natural = sum(max([len(h)] + [len(c[n]) for c in counts]) + 3 for n, h in enumerate(heads))
    narrow = natural + max(len(r["id"]) for r in rows) + 3 > con.width
    for n, head in enumerate(heads):
        w = _min_width(head, [c[n] for c in counts])
        # on a narrow console the headers wrap between words, and the set column gets the rest
        table.add_column(head, justify="right", min_width=w, max_width=max(w, 9) if narrow else None)
    for r, cells in zip(rows, counts):
        first = Text(r["id"], style="bold")  # Text: data is never read as rich markup
        first.append("\n" + _title(r, lang))
        first.append("\n" + set_meta(r, lang), style="dim")
        if r.get("source"):
            first.append("\n" + t("catalog.source_line", lang, source=r["source"]), style="dim")
        if r.get("province"):
            first.append("\n" + province_text(r["province"], lang), style="dim")
        table.add_row(first, *(Text(c) for c in cells))
    con.print(table)


def render_show(d: dict[str, Any], file: IO[str] | None, lang: str = "vi") -> None:
    from ntm_eval.render.table import console

    render_show_to(d, console(file), lang)


def render_show_to(d: dict[str, Any], con: Console, lang: str = "vi") -> None:
    from rich.text import Text

    _show_heading(d, con, lang)
    table, marked = _show_table(d, lang)
    # Too wide for the console: share the width by ratio (titles 3, thresholds and sources 2)
    # instead of letting rich squeeze every column to the same narrow width.
    table.expand = table.__rich_measure__(con, con.options).maximum > con.width
    con.print(table)
    con.print(coverage_text(d["coverage"], lang), markup=False)
    ids = id_legend(marked, lang)
    if ids:
        con.print(Text(ids, style="dim"))
    con.print(Text(confidence_legend(lang), style="dim"))
    if d.get("source"):
        con.print(Text(t("catalog.source_line", lang, source=d["source"]), style="dim"))


def _show_heading(d: dict[str, Any], con: Console, lang: str) -> None:
    """The set's title, metadata and validity, what it is resolved for, what it extends and requires."""
    from rich.text import Text

    if d["status"] == "demo":
        con.print(Text(t("catalog.demo_banner", lang), style="bold reverse"))
    con.print(Text(f"{_title(d, lang)} [{d['id']}]", style="bold"))
    con.print(set_meta(d, lang) + " · "
              + t("catalog.validity", lang, valid_from=d["valid_from"] or "…", valid_until=d["valid_until"] or "…"),
              markup=False)
    klass = ""
    cl = d.get("classification")
    if cl:
        key = class_key_label(cl["key"], lang)
        if cl["value"] is None:
            klass = t("catalog.all_classes", lang, key_name=key)
        else:
            label = (cl.get("values") or {}).get(cl["value"])
            klass = f", {key}: {cl['value']}" + (f" ({_comment(str(label))})" if label else "")
            if cl.get("override"):
                klass += f" → {cl['override']}"
    con.print(t("catalog.resolved_for", lang, year=d["year"], date=d["date"], klass=klass), markup=False)
    if d.get("province"):
        con.print(province_text(d["province"], lang), markup=False)
    if d.get("extends"):
        con.print(t("catalog.extends", lang, set_id=d["extends"]), markup=False)
    if d.get("requires"):
        con.print(t("catalog.requires", lang, sets=", ".join(d["requires"])), markup=False)


def _show_table(d: dict[str, Any], lang: str) -> tuple[Table, set[str]]:
    """The table of criteria and indicators, and the id marks it uses (for the legend)."""
    from rich.table import Table
    from rich.text import Text

    table = Table(header_style="bold", pad_edge=False)
    ids = [c["id"] for c in all_criteria(d)] + ["    " + x["id"] + id_mark(x.get("id_confidence"))
                                              for c in all_criteria(d) for i in c["indicators"]
                                              for x in (i, *(i.get("parts") or []))]
    kinds = [type_label(x["type"], x.get("unit"), lang) for c in all_criteria(d) for i in c["indicators"]
             for x in (i, *(i.get("parts") or []))]
    for key in ("id", "indicator", "type", "threshold", "source"):
        head = t("catalog.col." + ("code" if key == "id" else key), lang)
        if key == "id":
            w = _min_width(head, ids)
            table.add_column(head, overflow="fold", min_width=min(w, 12), max_width=max(min(w, 12), 12))
        elif key == "type":  # short words: wrap between them, never inside one
            table.add_column(head, min_width=_min_width(head, [w for k in kinds for w in k.split()]))
        else:
            table.add_column(head, overflow="fold", ratio={"indicator": 3, "threshold": 2, "source": 2}[key],
                             min_width=_min_width(head, []))
    marked: set[str] = set()
    for c in all_criteria(d):
        name = Text(_title(c, lang), style="bold")
        if c.get("indicators_complete") is False:
            name.append("\n" + t("catalog.incomplete", lang), style="magenta")
        table.add_row(Text(c["id"], style="bold"), name, "", "", "")
        for ind in c["indicators"]:
            _show_row(table, ind, lang, "  ", marked)
            for p in ind.get("parts") or []:
                _show_row(table, p, lang, "    ", marked)
    return table, marked


def _show_row(table: Table, ind: dict[str, Any], lang: str, indent: str, marked: set[str]) -> None:
    """One indicator: every cell a Text (ids, titles and sources come from the criteria file and
    are never read as rich markup); the id's mark ("°" inferred), and an uncertain threshold's note."""
    from rich.text import Text

    name = _title(ind, lang)
    said = any(t("catalog.optional", x) in name.lower() for x in ("vi", "en"))  # "(nếu có)" in the title already
    if ind.get("optional") and not said:
        name += f" ({t('catalog.optional', lang)})"
    kind = type_label(ind["type"], ind.get("unit"), lang)
    style = "magenta" if not ind.get("parts") and not _known(ind) else ""
    threshold = Text(threshold_text(ind, lang), style=style)
    for note in threshold_notes(ind):
        threshold.append("\n" + t("catalog.threshold_note", lang, note=note), style="dim")
    mark = id_mark(ind.get("id_confidence"))
    if mark:
        marked.add(ind["id_confidence"])
    table.add_row(Text(indent + ind["id"] + mark), Text(indent + name), Text(kind), threshold,
                  Text(source_text(ind)))


def all_criteria(d: dict[str, Any]) -> list[dict[str, Any]]:
    """Preconditions (điều kiện) first, then the numbered criteria, as the sets list them."""
    return [*d.get("preconditions", []), *d["criteria"]]


def _known(ind: dict[str, Any]) -> bool:
    from ntm_eval.results import indicator_known

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
    lines += [f"# {t('template.howto', lang, file='FILE.yaml')}", f"# {t('template.values_help', lang)}",
              f"# {confidence_legend(lang)}", "",
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
    for c in all_criteria(d):
        head = _comment(t('template.criterion', lang, id=c['id'], title=_title(c, lang)))
        if c.get("indicators_complete") is False:
            head += f" — {t('template.incomplete', lang)}"
        lines.append(f"  # {head}")
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
    lines += _attested_lines(d, lang)
    return "\n".join(lines) + "\n"


def _attested_lines(d: dict[str, Any], lang: str) -> list[str]:
    """How to give a verdict attested by the verifying/appraising body: a commented “criteria:”
    block with every criterion of the set (the file stays valid as it is)."""
    crits = all_criteria(d)
    first = next((x["id"] for c in crits for i in c["indicators"] for x in (i, *(i.get("parts") or []))
                  if not x.get("parts")), "1.1")
    lines = ["", f"# {t('template.attested', lang)}", f"# {t('template.attested_howto', lang)}",
             f"# {t('template.attested_indicator', lang, id=first)}", "# criteria:"]
    width = max(len(_q(c["id"])) for c in crits) if crits else 0
    for c in crits:
        note = _comment(_title(c, lang))
        if c.get("indicators_complete") is False:
            note += f" — {t('template.attested_only', lang)}"
        key = (_q(c["id"]) + ":").ljust(width + 1)
        lines.append(f"#   {key} {{verdict: , by: , document: , date: }}  # {note}")
    return lines


def _value_lines(ind: dict[str, Any], lang: str, indent: str) -> list[str]:
    bits = [f"{ind['id']} — {_comment(_title(ind, lang))}"]
    if ind.get("unit"):
        bits.append(t("template.unit", lang, unit=ind["unit"]))
    bits.append(t("template.threshold", lang, threshold=threshold_text(ind, lang, marks=True)))
    if ind.get("optional"):
        bits.append(t("catalog.optional", lang))
    return [f"{indent}# {' · '.join(bits)}", f"{indent}{_q(ind['id'])}: null"]
