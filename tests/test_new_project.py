"""Start from your own gemeente: new projects from real CBS files of several vintages."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from wijkkaart.layers.document import MapDocument
from wijkkaart.layers.model import AreaLayer, OutlineLayer
from wijkkaart.messages import WijkkaartError
from wijkkaart.new_project import (
    list_gemeenten,
    new_project,
    open_document,
    recognised,
)
from wijkkaart.project import SCHEMA_VERSION, load_project, relocate

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.national import national_buurten

PROJECTS = Path(__file__).parent / "data" / "projects"
HOSTILE = Path(__file__).parent / "data" / "hostile"
BAARN = Path(__file__).parent / "data" / "real" / "cbs_buurten_2024.geojson"


@pytest.fixture
def zaanstad(real, tmp_path):
    for name in ("cbs_buurten_2017.geojson", "cbs_wijken_2017.geojson"):
        shutil.copy(real / name, tmp_path / name)
    return tmp_path / "cbs_buurten_2017.geojson"


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    return national_buurten(tmp_path_factory.mktemp("national") / "buurten_700.gpkg", n=700)


def test_list_gemeenten_of_real_files(real):
    zaanstad = list_gemeenten(real / "cbs_buurten_2017.geojson")
    assert [(g.code, g.name, g.buurten) for g in zaanstad] == [("GM0479", "Zaanstad", 50)]
    # Ermelo 2021: 17 buurten of which one water buurt (BU02339997)
    ermelo = list_gemeenten(real / "cbs_buurten_2021.gpkg")
    assert [(g.code, g.name, g.buurten) for g in ermelo] == [("GM0233", "Ermelo", 16)]
    # Appingedam: statcode column, no gemeente name
    appingedam = list_gemeenten(real / "buurten_2020_generalised.geojson")
    assert [(g.code, g.buurten) for g in appingedam] == [("GM0003", 6)]


def test_list_gemeenten_of_a_national_file(national):
    found = list_gemeenten(national)
    assert len(found) == 20  # 700 buurten, 35 per gemeente (bench/national.py)
    assert {g.buurten for g in found} == {35}
    assert found[0].code == "GM0000"


def test_new_zaanstad_project_is_unsaved_and_ready(zaanstad):
    document = new_project(zaanstad, ["GM0479"])
    project = document.project
    assert project.unsaved is True
    assert project.path == zaanstad.parent / "naamloos.wijkkaart"
    assert project.name == "naamloos"
    assert not project.path.exists()
    assert len(document.areas.frame) == 50
    fill = document.layers[0]
    assert isinstance(fill, AreaLayer) and fill.labels
    # 2017 WFS file: population only; the first share or rate with data, not a count
    assert fill.style.indicator == "bevolkingsdichtheid_inwoners_per_km2"
    outlines = {layer.source.get("dissolve"): layer for layer in document.layers[1:]}
    assert set(outlines) == {"wijk", "gemeente"}
    assert len(outlines["wijk"].frame) == 19  # the 19 wijken of Zaanstad (cbs_wijken_2017)
    # The dissolved outlines are the real wijken: compare with CBS's own wijk file of 2017.
    import geopandas as gpd

    cbs = gpd.read_file(zaanstad.parent / "cbs_wijken_2017.geojson").set_index("wk_code")
    dissolved = outlines["wijk"].frame
    assert dissolved.geometry.notna().all() and dissolved.geometry.is_valid.all()
    for code, geometry in dissolved.geometry.items():
        overlap = geometry.intersection(cbs.geometry[code]).area
        assert overlap / cbs.geometry[code].area > 0.99, code
    assert outlines["gemeente"].frame.geometry.iloc[0].area == pytest.approx(
        cbs.geometry.union_all().area, rel=0.01
    )
    assert outlines["gemeente"].frame["naam"].tolist() == ["Zaanstad"]
    minx, miny, maxx, maxy = document.areas.frame.total_bounds
    view = document.view
    assert minx < view["cx"] < maxx and miny < view["cy"] < maxy
    assert 5 < view["resolution"] < 50  # about 16 m per pixel for a gemeente of ~18 km
    with pytest.raises(WijkkaartError) as info:
        document.save()  # no name yet
    assert info.value.key == "project_needs_name"


def test_recognised_for_the_dialog(zaanstad):
    found = recognised(new_project(zaanstad))
    assert found["level"] == "buurt" and found["count"] == 50 and found["vintage"] == 2017
    assert found["gemeenten"] == [{"code": "GM0479", "name": "Zaanstad", "buurten": 50}]
    assert "aantal_inwoners" in found["indicators"]
    assert "percentage_koopwoningen" not in found["indicators"]
    assert found["illustrative"] == []
    json.dumps(found)  # JSON-ready


def test_baarn_2024_without_crs_member_and_with_later_values():
    document = new_project(BAARN)
    assert len(document.areas.frame) == 21
    assert document.areas.crs_found == "EPSG:4326"
    found = recognised(document)
    assert found["vintage"] == 2024
    # the first 2024 release has -99995 in every housing column: koopwoningen has no data
    assert "percentage_koopwoningen" in found["indicators_without_data"]
    assert document.layers[0].style.indicator != "percentage_koopwoningen"
    reasons = document.areas.missing_counts("percentage_koopwoningen")
    assert reasons == {"later": 21}


def test_ermelo_2021_geopackage(real):
    document = new_project(real / "cbs_buurten_2021.gpkg")
    assert len(document.areas.frame) == 17
    assert document.areas.water.sum() == 1
    assert recognised(document)["gemeenten"][0]["name"] == "Ermelo"


def test_one_gemeente_of_a_national_file(national):
    document = new_project(national, ["GM0007"])
    assert len(document.areas.frame) == 35
    assert set(document.areas.frame.index.str[2:6]) == {"0007"}
    whole = new_project(national)
    assert len(whole.areas.frame) == 700
    assert len(whole.layers[-1].frame) == 20  # gemeente outlines
    assert whole.view["resolution"] > document.view["resolution"]


def test_every_gemeente_ticked_is_the_whole_file(national):
    """The dialog passes every ticked code (not None): same buurten; one unknown code among
    them is still refused. (Its speed, 18 s -> 0.1 s for the country: bench_new_project.py.)"""
    codes = [g.code for g in list_gemeenten(national)]
    ticked = new_project(national, codes)
    assert ticked.areas.frame.index.equals(new_project(national).areas.frame.index)
    with pytest.raises(WijkkaartError) as info:
        new_project(national, [*codes, "GM0999"])
    assert info.value.key == "gemeente_not_in_file" and "GM0999" in str(info.value)


def test_unknown_gemeente_names_those_in_the_file(zaanstad, unchanged):
    unchanged(zaanstad)
    with pytest.raises(WijkkaartError) as info:
        new_project(zaanstad, ["GM0344"])
    assert info.value.key == "gemeente_not_in_file"
    assert "GM0344" in str(info.value) and "GM0479" in str(info.value)


def test_file_without_codes_is_no_code_column():
    with pytest.raises(WijkkaartError) as info:
        new_project(HOSTILE / "areas_no_codes.geojson")
    assert info.value.key == "no_code_column"


def test_a_table_is_not_a_map(real):
    with pytest.raises(WijkkaartError) as info:
        new_project(real / "kerncijfers_buurten_provincie_utrecht_ca2020.csv")
    assert info.value.key == "new_needs_map"


def test_saved_project_reopens_the_same(zaanstad):
    document = new_project(zaanstad, ["gm0479"])
    target = zaanstad.parent / "zaanstad.wijkkaart"
    document.save(target)
    assert document.project.unsaved is False
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["schema_version"] == SCHEMA_VERSION == 6
    assert data["areas"]["gemeenten"] == ["GM0479"]
    assert data["areas"]["source"] == "CBS Wijk- en buurtkaart 2017, cbs_buurten_2017.geojson"
    again = MapDocument.open(target)
    assert len(again.areas.frame) == 50
    assert [layer.name for layer in again.layers] == [layer.name for layer in document.layers]
    wijken = next(x for x in again.layers if isinstance(x, OutlineLayer))
    assert len(wijken.frame) == 19
    assert again.view == document.view


def test_open_document_takes_both(zaanstad, sample):
    assert open_document(zaanstad).project.unsaved
    assert not open_document(sample / "utrecht.wijkkaart").project.unsaved


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_frozen_projects_open(version):
    path = PROJECTS / f"utrecht_v{version}.wijkkaart"
    assert json.loads(path.read_text())["schema_version"] == version
    document = MapDocument.open(path)
    assert len(document.areas.frame) == 111
    assert document.project.data["schema_version"] == 6
    assert document.project.data["eponline"] == [] and document.project.data["points"] == []
    names = [layer.name for layer in document.layers]
    assert names[:3] == ["Waterdiepte", "Koopwoningen", "Wijkgrenzen"]


def test_v4_dissolved_gemeente_outline():
    document = MapDocument.open(PROJECTS / "utrecht_v4.wijkkaart")
    outline = document.layers[-1]
    assert outline.source == {"dataset": "project", "dissolve": "gemeente"}
    assert outline.frame.index.tolist() == ["GM0344"]


def test_moved_data_file_and_relocate(zaanstad, tmp_path):
    document = new_project(zaanstad)
    target = tmp_path / "p.wijkkaart"
    document.save(target)
    moved = tmp_path / "elders"
    moved.mkdir()
    shutil.move(zaanstad, moved / zaanstad.name)
    with pytest.raises(WijkkaartError) as info:
        MapDocument.open(target)
    assert info.value.key == "data_moved"
    assert info.value.values["field"] == "areas.path"
    assert Path(info.value.values["path"]).name == "cbs_buurten_2017.geojson"
    relocate(target, "areas.path", moved / zaanstad.name)
    assert load_project(target).data["areas"]["path"] == "elders/cbs_buurten_2017.geojson"
    assert len(MapDocument.open(target).areas.frame) == 50
    with pytest.raises(WijkkaartError) as info:
        relocate(target, "tables[3].path", moved / zaanstad.name)
    assert info.value.key == "relocate_unknown_field"


def test_atlas_pages_are_named_after_the_wijken(zaanstad):
    """The page titles are the wijk names of the CBS wijk file, never a mangled code."""
    from wijkkaart.export.printing import atlas_areas
    from wijkkaart.roles import add_role

    document = new_project(zaanstad)
    add_role(document, "wijken", zaanstad.parent / "cbs_wijken_2017.geojson")
    titles = [title for title, _ in atlas_areas(document, "wijk")]
    assert len(titles) == 19
    assert "Zaandam Zuid (WK047911)" in titles and "Poelenburg (WK047912)" in titles
    assert not any(t.startswith("Wk0") for t in titles)
