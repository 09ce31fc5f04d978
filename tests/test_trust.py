"""Files the user chose for a project are read again without asking; nothing else is."""

from __future__ import annotations

import json
import shutil

import pytest

from wijkkaart import trust
from wijkkaart.layers.document import MapDocument
from wijkkaart.messages import WijkkaartError


@pytest.fixture(autouse=True)
def own_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def test_a_new_project_saved_elsewhere_reopens_without_asking(run_cli, real, tmp_path):
    downloads, work = tmp_path / "Downloads", tmp_path / "Documenten" / "wijkplan"
    downloads.mkdir()
    work.mkdir(parents=True)
    data = downloads / "cbs_buurten_2017.geojson"
    shutil.copy(real / "cbs_buurten_2017.geojson", data)
    project = work / "zaanstad.wijkkaart"
    code, _out, err = run_cli("new", data, "--out", project)
    assert code == 0, err
    code, out, err = run_cli("info", project, "--json")
    assert code == 0, err
    assert json.loads(out)["count"] == 50
    assert data.resolve() in trust.trusted(project)


def test_trust_is_per_project_and_per_user_not_in_the_file(run_cli, real, tmp_path):
    downloads, work = tmp_path / "Downloads", tmp_path / "werk"
    downloads.mkdir()
    work.mkdir()
    data = downloads / "cbs_buurten_2017.geojson"
    shutil.copy(real / "cbs_buurten_2017.geojson", data)
    project = work / "zaanstad.wijkkaart"
    assert run_cli("new", data, "--out", project)[0] == 0
    # A copy of the same project file elsewhere (say, mailed to a colleague) is not trusted.
    copy = tmp_path / "kopie" / "zaanstad.wijkkaart"
    copy.parent.mkdir()
    text = project.read_text(encoding="utf-8")  # its paths point at the same data
    copy.write_text(text, encoding="utf-8")
    with pytest.raises(WijkkaartError) as info:
        MapDocument.open(copy)
    assert info.value.key == "path_outside_project"
    # The trusted project may not reach another outside file by editing itself.
    saved = json.loads(project.read_text(encoding="utf-8"))
    saved["tables"] = [{"path": "../../../../../../etc/passwd"}]
    project.write_text(json.dumps(saved), encoding="utf-8")
    with pytest.raises(WijkkaartError) as info:
        MapDocument.open(project)
    assert info.value.key == "path_outside_project" and "passwd" in str(info.value.values["target"])


def test_a_broken_settings_file_trusts_nothing(tmp_path):
    store = trust._store()
    store.parent.mkdir(parents=True, exist_ok=True)
    store.write_text("{ broken", encoding="utf-8")
    assert trust.trusted(tmp_path / "p.wijkkaart") == []
    trust.remember(tmp_path / "p.wijkkaart", [tmp_path / "data.gpkg"])
    assert trust.trusted(tmp_path / "p.wijkkaart") == [(tmp_path / "data.gpkg").resolve()]
