"""A batch's matrix over units of several provinces tells same-named places apart (found by the
new-user pass: two "Sơn Bình │ Tam Đường" rows, one in Lai Châu, one elsewhere): the district
column gives the province beside the district, or a province column where no unit has a
district; a one-province batch is as before."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ntm_eval.load.catalog import Catalog
from ntm_eval.render.batch import render_text
from ntm_eval.render.batch.outline import outline
from ntm_eval.run.batch import run_batch
from test_batch import UNITS, tiny, write_unit  # noqa: F401 (fixture)


def _batch(tmp_path: Path, tiny: Path, places: list[tuple[str | None, str]]):  # noqa: F811
    d = tmp_path / "xa"
    for k, (district, province) in enumerate(places):
        unit = {**UNITS["a"]["unit"], "name": "Sơn Bình", "province": province}
        if district is None:
            unit.pop("district")
        else:
            unit["district"] = district
        write_unit(d, f"u{k}", {**UNITS["a"], "unit": unit})
    root = str(tiny.parent.parent)
    return run_batch(str(d), Catalog((root,)), (root,), "t/tiny-xa", None, 1)


def _matrix(rep, lang: str = "vi"):
    (s,) = outline(rep, lang).sets
    return s.matrix


def test_two_provinces_give_the_province_beside_the_district(tmp_path: Path, tiny: Path):  # noqa: F811
    with _batch(tmp_path, tiny, [("Tam Đường", "Lai Châu"), ("Tam Đường", "Lào Cai")]) as rep:
        m = _matrix(rep)
        j = m.index("district")
        assert m.columns[j].text == "Huyện (tỉnh)"
        assert [row[j].text for row in m.rows] == ["Tam Đường (Lai Châu)", "Tam Đường (Lào Cai)"]
        assert _matrix(rep, "en").columns[j].text == "District (province)"
        for fmt in ("table", "md", "html"):
            buf = io.StringIO()
            render_text(fmt, rep, buf, "vi")
            text = buf.getvalue()
            assert "Lai Châu" in text and "Lào Cai" in text, fmt


def test_no_district_gives_a_province_column(tmp_path: Path, tiny: Path):  # noqa: F811
    with _batch(tmp_path, tiny, [(None, "Lai Châu"), (None, "Tuyên Quang")]) as rep:
        m = _matrix(rep)
        j = m.index("district")
        assert m.columns[j].text == "Tỉnh"
        assert [row[j].text for row in m.rows] == ["Lai Châu", "Tuyên Quang"]


@pytest.mark.parametrize("district", ["Tam Đường", None])
def test_one_province_as_before(tmp_path: Path, tiny: Path, district):  # noqa: F811
    with _batch(tmp_path, tiny, [(district, "Lai Châu"), (district, "Lai Châu")]) as rep:
        m = _matrix(rep)
        if district is None:
            assert m.index("district") < 0
        else:
            j = m.index("district")
            assert m.columns[j].text == "Huyện" and [row[j].text for row in m.rows] == [district, district]
