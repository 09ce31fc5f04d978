"""Vector files are read with the GIL free and geometries converted in chunks (issue 11).

``read_frame`` must give exactly pyogrio's ``read_dataframe`` frame (attributes and
geometries) on real CBS files, while no single ``shapely.from_wkb`` call converts more than
``WKB_CHUNK`` geometries (one call over all of them held the GIL for 0.95 s on the national
file) and a cancelled job stops between chunks.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from wijkkaart.feedback import Cancelled, Feedback
from wijkkaart.io import vector
from wijkkaart.io.areas import read_areas
from wijkkaart.io.vector import read_frame, read_vector

DATA = Path("/work/shared/data")
FILES = [
    DATA / "ermelo" / "cbs_buurten_2021.gpkg",
    DATA / "zaanstad" / "cbs_buurten_2017.geojson",
    DATA / "utrecht" / "buurten_geometrie_2015_wgs84.geojson",
]


def _same(chunked, whole) -> None:
    pd.testing.assert_frame_equal(
        pd.DataFrame(chunked.drop(columns="geometry")), pd.DataFrame(whole.drop(columns="geometry"))
    )
    assert chunked.crs == whole.crs
    a, b = chunked.geometry.to_numpy(), whole.geometry.to_numpy()
    assert len(a) == len(b) >= 4
    assert list(shapely.to_wkb(a)) == list(shapely.to_wkb(b))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.parent.name)
def test_chunked_read_equals_whole_read(path, monkeypatch):
    monkeypatch.setattr(vector, "WKB_CHUNK", 7)  # several chunks even on one gemeente
    _same(read_frame(path, None), pyogrio.read_dataframe(path))


def test_subset_reads_equal_whole_reads(monkeypatch):
    path = FILES[0]
    monkeypatch.setattr(vector, "WKB_CHUNK", 3)
    _same(
        read_frame(path, None, fids=[14009, 14010, 14013, 14020]),
        pyogrio.read_dataframe(path, fids=[14009, 14010, 14013, 14020]),
    )
    where = "buurtcode LIKE 'BU02330%'"
    _same(read_frame(path, None, where=where), pyogrio.read_dataframe(path, where=where))


def test_no_conversion_takes_all_geometries_at_once(monkeypatch):
    """Fails with ``read_dataframe``: it converts every geometry in one call."""
    sizes: list[int] = []
    real = shapely.from_wkb

    def counting(values, *args, **kwargs):
        sizes.append(int(np.size(values)))
        return real(values, *args, **kwargs)

    monkeypatch.setattr(vector, "WKB_CHUNK", 10)
    monkeypatch.setattr(shapely, "from_wkb", counting)
    areas = read_areas(FILES[1])
    assert len(areas.frame) == 50  # Zaanstad 2017
    assert sizes and max(sizes) <= 10
    assert sum(sizes) >= len(areas.frame)


def test_cancel_stops_between_chunks(monkeypatch):
    monkeypatch.setattr(vector, "WKB_CHUNK", 5)
    feedback = Feedback()
    calls: list[int] = []
    real = shapely.from_wkb

    def cancel_after_first(values, *args, **kwargs):
        calls.append(int(np.size(values)))
        feedback.cancel()  # Annuleren while the first chunk is converted
        return real(values, *args, **kwargs)

    monkeypatch.setattr(shapely, "from_wkb", cancel_after_first)
    with pytest.raises(Cancelled):
        read_vector(FILES[0], feedback=feedback)
    assert calls == [5]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.parent.name)
@pytest.mark.parametrize("fid_as_index", [False, True])
def test_attribute_reads_equal_pyogrio(path, fid_as_index):
    """The code columns the new-project dialog lists gemeenten from (wijkkaart.gemeenten)."""
    fields = pyogrio.read_info(path)["fields"]
    columns = [c for c in fields if "code" in c.lower() or "kode" in c.lower()]
    assert columns
    mine = read_frame(path, None, columns=columns, read_geometry=False, fid_as_index=fid_as_index)
    theirs = pyogrio.read_dataframe(
        path, columns=columns, read_geometry=False, fid_as_index=fid_as_index
    )
    pd.testing.assert_frame_equal(mine, theirs)
    whole = read_frame(path, None, read_geometry=False)
    pd.testing.assert_frame_equal(whole, pyogrio.read_dataframe(path, read_geometry=False))
