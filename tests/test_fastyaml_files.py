"""The same 1,000 generated unit files, valid and broken, checked with the fast YAML path and with
the strict loader only (NTM_EVAL_YAML=strict): the same verdicts (the whole result as JSON), the
same problems (key, file, line, column, params, indicator) and the same messages in both languages.
"""

from __future__ import annotations

import json
import random

import pytest

from ntm_eval.io import fastyaml
from ntm_eval.load.catalog import Catalog
from ntm_eval.messages import format_problem
from ntm_eval.run.check import check_file

N_FILES = 1000
SET_ID = "demo/xa-ntm-minh-hoa"
NAMES = ("Tân Linh", "Bình Lư", "Hồ Thầu", "Nà Tăm", "Thèn Sin", "Đông Hưng", "Mường Khương")
BROKEN = ("duplicate", "tab", "bad_indent", "tag", "alias", "unknown_indicator", "bad_value", "bad_number",
          "unquoted_quote", "no_unit", "bad_date", "control", "block_note", "flow_unclosed", "merge",
          "list_value", "negative", "big_number", "yaml11_number", "bad_year")


def _leaves(cset):
    out = []
    for ind in cset.indicators():
        out += list(ind.parts) if ind.parts else [ind]
    return out


def _value(ind, rnd: random.Random) -> str:
    if ind.optional and rnd.random() < 0.15:
        return rnd.choice(("n/a", '"n/a"', "không có"))
    if ind.type == "yes_no":
        return rnd.choice(("đạt", "true", "chưa đạt", "yes", "no", "false", '"đạt"', "Đạt",
                           '{value: true, note: "theo biên bản, tháng 3"}'))
    if ind.type == "percent" and ind.counts_of and rnd.random() < 0.6:
        den = rnd.randint(1, 1500)
        return rnd.choice((f"{{numerator: {rnd.randint(0, den)}, denominator: {den}}}",
                           f"{{ numerator: {rnd.randint(0, den)} , denominator: {den} }}"))
    x = rnd.uniform(0, 100) if ind.type == "percent" else rnd.uniform(0, 60)
    return rnd.choice((f"{x:.1f}", f'"{x:.1f}"'.replace(".", ","), f"{x:.1f}".replace(".", ","), f"{int(x)}",
                       f"{{value: {x:.2f}, evidence: [\"Báo cáo số {rnd.randint(1, 99)}\", 'Biên bản']}}",
                       f"{x:.1f}  # số liệu tháng {rnd.randint(1, 12)}"))


def unit_text(cset, k: int, rnd: random.Random) -> tuple[str, str]:
    """A unit file (its text, and what was broken in it or 'valid')."""
    leaves = _leaves(cset)
    quote = rnd.random() < 0.7
    lines = [f"# Số liệu minh họa số {k} — không phải số liệu thật", "unit:",
             f"  name: Xã {rnd.choice(NAMES)} {k}", "  level: xa", f"  district: Huyện {rnd.choice(NAMES)}",
             f"  region: {rnd.choice(list(cset.classification.values))}"]
    if rnd.random() < 0.3:
        lines.append("  categories: [xa_vung_kho_minh_hoa]" if rnd.random() < 0.5
                     else "  categories:\n    - xa_vung_kho_minh_hoa")
    lines += [f"year: {rnd.choice(cset.years)}", f'date: "{rnd.choice(cset.years)}-0{rnd.randint(1, 9)}-15"'
              if rnd.random() < 0.5 else f"date: {rnd.choice(cset.years)}-0{rnd.randint(1, 9)}-1{rnd.randint(0, 9)}",
              f"criteria_set: {SET_ID}", "values:"]
    for ind in leaves:
        if rnd.random() < 0.04:
            continue
        key = f'"{ind.id}"' if quote or rnd.random() < 0.3 else ind.id
        lines.append(f"  {key}: {_value(ind, rnd)}")
        if rnd.random() < 0.05:
            lines.append(rnd.choice(("", "  # ghi chú", "# ---")))
    kind = rnd.choice(BROKEN) if rnd.random() < 0.5 else "valid"
    vi = next(i for i, ln in enumerate(lines) if ln == "values:")
    at = rnd.randint(vi + 1, len(lines) - 1)
    if kind == "duplicate":
        lines.insert(rnd.randint(at, len(lines)), lines[at])
    elif kind == "tab":
        lines[at] = "\t" + lines[at].lstrip()
    elif kind == "bad_indent":
        lines[at] = " " + lines[at] if rnd.random() < 0.5 else lines[at].lstrip()[:1] + "   " + lines[at].lstrip()[1:]
    elif kind == "tag":
        lines[at] = lines[at].replace(": ", rnd.choice((": !!str ", ": !!int ", ": !!python/object ", ": !x ")), 1)
    elif kind == "alias":
        lines[at] = lines[at].replace(": ", ": &a ", 1)
        lines.append('  "8.3": *a')
    elif kind == "unknown_indicator":
        lines.insert(at, rnd.choice(('  "7.1.c": true', '  "8.4": 12', "  9: true", '  "2.10": 3', '  "31": 5')))
    elif kind == "bad_value":
        lines.insert(at, rnd.choice(('  "4.2": nhiều', '  "5": "ba mươi"', '  "1": có lẽ', '  "8.2": [1, 2]')))
        lines = [ln for n, ln in enumerate(lines) if n == at or not ln.startswith(lines[at].split(":")[0] + ":")]
    elif kind == "bad_number":
        lines.insert(at, rnd.choice(('  "4.2": 1.2.3', '  "5": 33,9,1', '  "8.1": 9e999', '  "6": {numerator: 5}')))
    elif kind == "unquoted_quote":
        lines[at] = lines[at].replace(": ", ': "', 1)
    elif kind == "no_unit":
        lines = [ln for ln in lines if not ln.startswith(("unit:", "  name:", "  level:", "  district:", "  region:"))]
    elif kind == "bad_date":
        lines.insert(vi, rnd.choice(('date: "2024-02-30"', "date: 30/11/2024", "date: 2024-13-01")))
    elif kind == "control":
        lines[at] = lines[at] + rnd.choice(("\x01", "\x85", "\u2028", "\x7f"))
    elif kind == "block_note":
        lines.insert(at, '  "8.3":\n    value: true\n    note: >-\n      ghi chú dài\n      hai dòng')
    elif kind == "flow_unclosed":
        lines[at] = lines[at].split(": ")[0] + ": {numerator: 3, denominator: 4"
    elif kind == "merge":
        lines.insert(at, "  <<: {a: 1}")
    elif kind == "list_value":
        lines.insert(at, '  "7.3":\n  - 1\n  - 2')
    elif kind == "negative":
        lines.insert(at, '  "4.2": -5')
    elif kind == "big_number":
        lines.insert(at, '  "4.2": 123456789012345678901234')
    elif kind == "yaml11_number":
        lines.insert(at, rnd.choice(('  "4.2": 0x1F', '  "4.2": 1_000', '  "5": 1:05', '  "8.2": .inf', '  "4.2": 0o17')))
    elif kind == "bad_year":
        lines = [("year: " + rnd.choice(("hai nghìn", "2024.5", '"2024"', "1999", "yes"))) if ln.startswith("year:")
                 else ln for ln in lines]
    eol = "\r\n" if rnd.random() < 0.1 else "\n"
    return eol.join(lines) + eol, kind


def _problems(outcome) -> list:
    return [(p.key, p.file, p.line, p.col, json.dumps(p.params, ensure_ascii=False, sort_keys=True, default=str),
             p.indicator, p.severity, format_problem(p, "vi"), format_problem(p, "en")) for p in outcome.problems]


def _result(outcome):
    if outcome.result is None:
        return None
    return json.dumps(outcome.result.to_dict(), ensure_ascii=False, sort_keys=True, default=str)


def test_1000_files_fast_and_strict_agree(tmp_path, monkeypatch):
    cset = Catalog().get(SET_ID)
    rnd = random.Random(1510)
    files = []
    for k in range(N_FILES):
        text, kind = unit_text(cset, k, rnd)
        p = tmp_path / f"xa-{k:04d}.yaml"
        p.write_bytes(text.encode("utf-8"))
        files.append((p, text, kind))

    def run(mode: str | None):
        if mode is None:
            monkeypatch.delenv("NTM_EVAL_YAML", raising=False)
        else:
            monkeypatch.setenv("NTM_EVAL_YAML", mode)
        cat = Catalog()
        return [check_file(str(p), cat) for p, _, _ in files]

    fast, strict = run(None), run("strict")
    took = {"fast": 0, "declined": 0}
    kinds: dict[str, set[str]] = {}
    for (p, text, kind), f, s in zip(files, fast, strict):
        took["fast" if fastyaml.parse(text) is not None else "declined"] += 1
        assert _problems(f) == _problems(s), (p.name, kind, text)
        assert _result(f) == _result(s), (p.name, kind)
        assert f.exit_code == s.exit_code, (p.name, kind)
        kinds.setdefault(kind, set()).add("error" if s.problems else "ok")
    # the files exercise both paths, and the broken ones really are broken
    print(f"\n{N_FILES} files: {took}, kinds: { {k: sorted(v) for k, v in sorted(kinds.items())} }")
    assert took["fast"] >= 400 and took["declined"] >= 150, took
    for kind in ("duplicate", "tab", "alias", "unknown_indicator", "control", "flow_unclosed", "merge"):
        assert kinds[kind] == {"error"}, kind
    assert "ok" in kinds["valid"]


@pytest.mark.parametrize("kind", BROKEN)
def test_each_broken_kind_is_located_alike(tmp_path, monkeypatch, kind):
    """One file per kind of damage, strict vs fast, with the first problem located (a line)."""
    cset = Catalog().get(SET_ID)
    rnd = random.Random(kind)
    for k in range(200):
        text, got = unit_text(cset, k, rnd)
        if got == kind:
            break
    else:  # pragma: no cover
        pytest.skip("no such file drawn")
    p = tmp_path / "u.yaml"
    p.write_bytes(text.encode("utf-8"))
    monkeypatch.setenv("NTM_EVAL_YAML", "strict")
    s = check_file(str(p), Catalog())
    monkeypatch.delenv("NTM_EVAL_YAML")
    f = check_file(str(p), Catalog())
    assert _problems(f) == _problems(s)
    assert _result(f) == _result(s)
