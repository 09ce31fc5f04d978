"""Area files are read as little as the work needs: one gemeente of a national file reads only
that gemeente's features, and reopening a project reads its area file once (the dissolved
wijk and gemeente outlines take their names from that same read)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pyogrio
import pytest

from wijkkaart.gemeenten import keep_gemeenten
from wijkkaart.io.areas import read_areas
from wijkkaart.layers.document import MapDocument
from wijkkaart.layers.model import OutlineLayer
from wijkkaart.new_project import new_project

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.national import national_buurten


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    # synthetic (bench/national.py): 20 gemeenten of 35 buurten, for counting reads only
    return national_buurten(tmp_path_factory.mktemp("national") / "buurten_700.gpkg", n=700)


@pytest.fixture
def reads(monkeypatch):
    """Every pyogrio.read_dataframe and read_arrow call (the real one runs): (file, with
    geometry, rows)."""
    seen: list[tuple[Path, bool, int]] = []
    real_read = pyogrio.read_dataframe
    real_arrow = pyogrio.read_arrow

    def counting_arrow(path, *args, **kwargs):
        meta, table = real_arrow(path, *args, **kwargs)
        seen.append((Path(path).resolve(), kwargs.get("read_geometry", True), table.num_rows))
        return meta, table

    def counting(path, *args, **kwargs):
        frame = real_read(path, *args, **kwargs)
        seen.append((Path(path).resolve(), kwargs.get("read_geometry", True), len(frame)))
        return frame

    monkeypatch.setattr(pyogrio, "read_dataframe", counting)
    monkeypatch.setattr(pyogrio, "read_arrow", counting_arrow)
    return seen


def test_one_gemeente_of_a_national_file_reads_only_its_features(national, reads, tmp_path):
    document = new_project(national, ["GM0007"])
    with_geometry = [rows for path, geometry, rows in reads if geometry]
    assert with_geometry == [35]  # was [700]: the whole file, then filtered
    # the same areas as reading everything and keeping the gemeente
    whole = keep_gemeenten(read_areas(national), ["GM0007"], national)
    areas = document.areas
    assert areas.frame.index.equals(whole.frame.index)
    assert areas.frame.drop(columns="geometry").equals(whole.frame.drop(columns="geometry"))
    assert areas.frame.geometry.geom_equals_exact(whole.frame.geometry, 0).all()
    # and on reopening the saved project
    target = tmp_path / "een.wijkkaart"
    shutil.copy(national, tmp_path / national.name)
    new_project(tmp_path / national.name, ["GM0007"]).save(target)
    reads.clear()
    again = MapDocument.open(target)
    assert len(again.areas.frame) == 35
    assert [rows for _, geometry, rows in reads if geometry] == [35]


def test_reopening_reads_the_area_file_once(real, tmp_path, reads):
    """Zaanstad 2017 (real): buurten fill plus dissolved wijk and gemeente outlines."""
    source = tmp_path / "cbs_buurten_2017.geojson"
    shutil.copy(real / "cbs_buurten_2017.geojson", source)
    document = new_project(source, ["GM0479"])
    assert [r for r in reads if r[0] == source.resolve()] == [(source.resolve(), True, 50)]
    target = tmp_path / "zaanstad.wijkkaart"
    document.save(target)
    reads.clear()
    again = MapDocument.open(target)
    assert [r for r in reads if r[0] == source.resolve()] == [(source.resolve(), True, 50)]
    outlines = {
        layer.source.get("dissolve"): layer
        for layer in again.layers
        if isinstance(layer, OutlineLayer) and layer.source.get("dissolve")
    }
    assert set(outlines) == {"wijk", "gemeente"}
    # the name still comes with them, from that one read (the 2017 file names no wijken)
    assert outlines["gemeente"].frame["naam"].tolist() == ["Zaanstad"]
    assert len(outlines["wijk"].frame) == 19
    made = {
        layer.source.get("dissolve"): layer.frame
        for layer in document.layers
        if isinstance(layer, OutlineLayer) and layer.source.get("dissolve")
    }
    for by, layer in outlines.items():  # the same outlines as the new project drew
        assert layer.frame.index.equals(made[by].index)
        assert layer.frame["naam"].equals(made[by]["naam"])
        assert layer.frame.geometry.geom_equals_exact(made[by].geometry, 0.01).all()


def test_a_file_without_a_gemeente_column_finds_the_features_by_their_codes(
    national, reads, tmp_path
):
    """No gemeentecode column to filter on: the code columns are read first (no geometry),
    then only the chosen gemeente's features; an unknown code still names what the file has."""
    import geopandas as gpd

    frame = gpd.read_file(national).drop(columns=["gemeentecode"], errors="ignore")
    bare = tmp_path / "zonder_gemeentecode.gpkg"
    frame.to_file(bare, driver="GPKG")
    reads.clear()
    document = new_project(bare, ["GM0007"])
    assert len(document.areas.frame) == 35
    assert [rows for _, geometry, rows in reads if geometry] == [35]
    assert [rows for _, geometry, rows in reads if not geometry] == [700]  # codes only
    from wijkkaart.messages import WijkkaartError

    with pytest.raises(WijkkaartError) as info:
        new_project(bare, ["GM0007", "GM0999"])
    assert info.value.key == "gemeente_not_in_file" and "GM0999" in str(info.value)
    assert "GM0000" in str(info.value)  # what the file does hold
