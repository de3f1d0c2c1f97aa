"""Departments: assignment files checked against the set (located errors, exit 2), who owns
which indicator (assignment, then the criteria file's ministry), and the per-department view of
`check --agencies` and `batch --by agency` (jobs, formats, flat memory)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from ntm_eval.cli import main_group

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "agencies" / "lai-chau-tam-duong.agencies"
TAM_DUONG = ROOT / "examples" / "tam-duong"
COMMUNES = sorted(str(p) for p in (TAM_DUONG / "xa").glob("*.yaml"))


def run(*args: str):
    return CliRunner().invoke(main_group, [str(a) for a in args], catch_exceptions=False)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def entries(doc: dict) -> dict:
    return {e["agency"]: e for e in doc["agencies"]}


def test_example_assignment_file_is_valid_and_quotes_its_seed_lines():
    from ntm_eval.load.agencies import read_assignment
    from ntm_eval.load.catalog import Catalog

    a = read_assignment(str(EXAMPLE), Catalog().get_id)
    ntm = a.for_set("vn/2021-2025/xa-ntm")
    assert ntm["2"] == "Sở Giao thông vận tải" and ntm["19.2"] == "Công an tỉnh"
    assert (a.province, a.district) == ("Lai Châu", "Tam Đường")
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "Chỉ đạo hoàn thành chỉ tiêu 19.2 thuộc tiêu chí số 19" in text  # the seed's own words
    assert "minh họa" in text


def test_check_agencies_counts_failing_and_open_indicators_per_department():
    res = run("check", *COMMUNES, "--agencies", EXAMPLE, "--format", "json")
    assert res.exit_code == 1, res.output  # some communes are not met
    doc = json.loads(res.stdout)
    assert doc["assignment"]["district"] == "Tam Đường"
    assert sum(doc["units"].values()) == len(COMMUNES)
    by = entries(doc)
    ld = by["Sở Lao động - Thương binh và Xã hội"]
    ind = {(i["set"], i["indicator"]): i for i in ld["indicators"]}
    eleven = ind[("vn/2021-2025/xa-ntm", "11")]
    assert eleven["origin"] == "assigned"
    assert eleven["units_total"] == eleven["failing"] + eleven["open"] == len(eleven["units"])
    assert ld["units"] >= ld["units_failing"]
    # every unit an indicator names is one of the communes checked
    names = {json.loads(run("check", c, "--format", "json").stdout)["unit"]["name"] for c in COMMUNES}
    assert all(set(i["units"]) <= names for e in doc["agencies"] for i in e["indicators"])


def test_table_view_and_english(tmp_path: Path):
    res = run("check", *COMMUNES, "--agencies", EXAMPLE)
    assert "Sở Lao động - Thương binh và Xã hội" in res.stdout and "xã còn chỉ tiêu" in res.stdout
    en = run("check", *COMMUNES, "--agencies", EXAMPLE, "--lang", "en")
    assert "communes with failing or open indicators" in en.stdout or "commune with failing" in en.stdout


def test_by_agency_without_a_file_uses_the_guiding_ministries():
    res = run("check", *COMMUNES, "--by", "agency", "--format", "json")
    doc = json.loads(res.stdout)
    assert doc["assignment"] is None
    ministries = [a for a in entries(doc) if a]
    assert ministries and all(a.startswith("Bộ ") for a in ministries)
    assert any(i["origin"] == "national" for e in doc["agencies"] for i in e["indicators"])


def test_owner_precedence_assignment_then_criteria_file_then_nobody():
    from ntm_eval.core.dossier import ASSIGNED, NATIONAL, owner, plan_of
    from ntm_eval.load.catalog import Catalog
    from ntm_eval.run.check import check_file

    assert owner({"19": "BCH"}, ["19.2", "19"], ["Bộ Công an"]) == ("BCH", ASSIGNED)
    assert owner({"19.2": "CA"}, ["19.2", "19"], ["Bộ Công an"]) == ("CA", ASSIGNED)
    assert owner({}, ["19.2", "19"], [None, "Bộ Công an"]) == ("Bộ Công an", NATIONAL)
    assert owner({}, ["1"], [None]) == (None, None)
    res = check_file(str(TAM_DUONG / "xa" / "son-binh-2024.yaml"), Catalog()).result
    plan = {o.id: o for o in plan_of(res, {"19.2.a": "Công an xã", "19": "Ban CHQS"})}
    assert plan["19.2.a"].agency == "Công an xã"  # a part named: the composite splits into its parts
    assert plan["19.2.b"].agency == "Ban CHQS"  # the criterion's department, before the ministry
    assert "19.2" not in plan
    national = {o.id: o for o in plan_of(res, {})}
    assert national["19.2"].agency.startswith("Bộ Công an") and national["19.2"].origin == NATIONAL
    assert national["1"].agency is None  # the reference names no ministry for planning


def test_unknown_id_is_located_with_a_suggestion(tmp_path: Path):
    f = write(tmp_path / "a.yaml", 'agencies:\n  vn/2021-2025/xa-ntm:\n    "2": Sở GTVT\n    "19.02": Công an tỉnh\n')
    res = run("check", COMMUNES[0], "--agencies", f)
    assert res.exit_code == 2
    assert f"{f}:4:5:" in res.stderr and "“19.02”" in res.stderr and "“19.2”" in res.stderr


def test_unknown_set_key_and_bad_department_are_errors(tmp_path: Path):
    f = write(tmp_path / "a.yaml", 'agency:\n  x: 1\nagencies:\n  vn/2021-2025/xa-ntmm:\n    "2": A\n'
                                   '  vn/2021-2025/xa-ntm-nang-cao:\n    "2": 12\n    "3": ""\n')
    res = run("batch", TAM_DUONG, "--agencies", f)
    assert res.exit_code == 2
    err = res.stderr
    assert f"{f}:1:1:" in err and "“agencies”" in err  # unknown top key, did you mean
    assert f"{f}:4:3:" in err and "vn/2021-2025/xa-ntm" in err
    assert f"{f}:7:10:" in err and f"{f}:8:10:" in err
    assert not res.stdout


def test_not_a_mapping_and_missing_agencies(tmp_path: Path):
    assert run("check", COMMUNES[0], "--agencies", write(tmp_path / "a.yaml", "- 1\n")).exit_code == 2
    res = run("check", COMMUNES[0], "--agencies", write(tmp_path / "b.yaml", "province: Lai Châu\n"))
    assert res.exit_code == 2 and "agencies" in res.stderr
    assert run("check", COMMUNES[0], "--agencies", tmp_path / "missing.yaml").exit_code == 2


def test_batch_by_agency_same_with_workers_and_written_to_a_file(tmp_path: Path):
    one = run("batch", TAM_DUONG, "--by", "agency", "--agencies", EXAMPLE, "--format", "json")
    two = run("batch", TAM_DUONG, "--by", "agency", "--agencies", EXAMPLE, "--format", "json", "-j", "2")
    assert one.exit_code == two.exit_code == 1
    assert json.loads(one.stdout) == json.loads(two.stdout)
    doc = json.loads(one.stdout)
    assert doc["units"]["vn/2021-2025/xa-ntm"] == 11
    out = tmp_path / "agencies.md"
    res = run("batch", TAM_DUONG, "--by", "agency", "--agencies", EXAMPLE, "--output", out)
    assert res.exit_code == 1 and out.read_text(encoding="utf-8").startswith("# ")
    csv_out = run("batch", TAM_DUONG, "--agencies", EXAMPLE, "--format", "csv")
    assert csv_out.stdout.splitlines()[0].startswith("agency,set,criterion,indicator")
    table = run("batch", TAM_DUONG, "--agencies", EXAMPLE)
    assert "Sở Lao động - Thương binh và Xã hội" in table.stdout


def test_batch_by_agency_refuses_formats_it_cannot_write(tmp_path: Path):
    res = run("batch", TAM_DUONG, "--by", "agency", "--format", "html", "--output", tmp_path / "r.html")
    assert res.exit_code == 2 and "--by agency" in res.stderr
    assert not (tmp_path / "r.html").exists()


def test_batch_by_agency_counts_from_a_sheet(tmp_path: Path):
    sheet = write(tmp_path / "xa.csv", "name,level,region,year,criteria_set,11,12\n"
                                       "A,xa,tdmnpb,2024,vn/2021-2025/xa-ntm,9,70\n"
                                       "B,xa,tdmnpb,2024,vn/2021-2025/xa-ntm,,70\n")
    res = run("batch", sheet, "--agencies", EXAMPLE, "--format", "json")
    doc = json.loads(res.stdout)
    assert doc["units"] == {"vn/2021-2025/xa-ntm": 2}
    ld = entries(doc)["Sở Lao động - Thương binh và Xã hội"]
    assert ld["units"] == 2


def test_memory_stays_flat_names_are_capped():
    from ntm_eval.core.dossier import NAMES_KEPT, AgencyView, Owned

    view = AgencyView()
    view.add_plan("s", (Owned("1", "1.1", "t", None, "Sở A", "assigned"), Owned("1", "1.2", "t", None, None, None)),
                  "xa")
    for n in range(10_000):
        view.add("s", ("fail" if n % 2 else "missing", "pass"), f"xã {n}")
    (entry,) = view.entries()
    (item,) = entry.items
    assert (item.failing, item.open, entry.units, entry.units_failing) == (5000, 5000, 10_000, 5000)
    assert len(item.names) == NAMES_KEPT
