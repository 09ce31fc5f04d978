"""The evented document: per-layer data versions, events, commands (real sample project)."""

from __future__ import annotations

import pytest

from wijkkaart.layers import analyses
from wijkkaart.layers.document import MapDocument
from wijkkaart.layers.model import AreaLayer
from wijkkaart.layers.style import ChoroplethStyle


@pytest.fixture(scope="module")
def opened(tmp_path_factory):
    import shutil

    from tests.conftest import SAMPLE

    folder = tmp_path_factory.mktemp("doc") / "project"
    shutil.copytree(SAMPLE, folder)
    return folder / "utrecht.wijkkaart"


def _project_layers(document: MapDocument) -> list[AreaLayer]:
    return [
        layer for layer in document.layers.area_layers() if layer.source.get("dataset") == "project"
    ]


def test_data_version_grows_with_every_new_column_and_only_then(opened):
    document = MapDocument.open(opened)
    layers = _project_layers(document)
    assert layers
    seen: list[tuple[int, int]] = []
    for layer in layers:
        layer.events.data_version.connect(lambda v, *_, uid=layer.uid: seen.append((uid, v)))
    before = {layer.uid: layer.data_version for layer in layers}
    assert all(v >= 1 for v in before.values())  # attached once when opened

    layer = layers[0]
    layer.style = ChoroplethStyle("percentage_huurwoningen")  # a style is not data
    layer.opacity = 0.5
    assert layer.data_version == before[layer.uid] and not seen

    document.set_analysis("stacking", analyses.default_spec("stacking"))
    assert "stapeling" in layer.data.frame
    after_run = {layer.uid: layer.data_version for layer in layers}
    assert after_run == {uid: v + 1 for uid, v in before.items()}
    assert sorted(seen) == sorted(after_run.items())  # one event per layer, with the new version

    document.remove_analysis("stacking")
    assert "stapeling" not in layer.data.frame
    assert all(layer.data_version == after_run[layer.uid] + 1 for layer in layers)
