"""Exports never crash on hostile rasters, never lose the previous file, refuse absurd dpi."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import numpy as np
import pytest
import rasterio
from PySide6.QtGui import QImage

from wijkkaart.export import printing
from wijkkaart.export.layout import PageOptions
from wijkkaart.export.printing import (
    check_output_size,
    export_atlas,
    export_map,
    output_check,
)
from wijkkaart.layers.document import MapDocument
from wijkkaart.messages import WijkkaartError
from wijkkaart.paths import resources_dir

ROOT = Path(__file__).resolve().parents[2]
RASTER = "voorbeeld_waterdiepte.tif"
SAMPLE = resources_dir() / "sample"


def hostile_project(sample: Path, folder: Path, kind: str) -> Path:
    """The sample project with its (illustrative) depth raster made hostile and shown."""
    shutil.copytree(sample, folder)
    with rasterio.open(folder / RASTER) as src:
        profile, data = src.profile, src.read(1)
    if kind == "nan":  # NaN as declared nodata, plus NaN cells amid the water
        profile["nodata"] = float("nan")
        data = np.where(data == -9999, np.nan, data)
        data[10:14, 10:14] = np.nan
    elif kind == "inf":
        data[5, 5], data[6, 6] = np.inf, -np.inf
    elif kind == "empty":
        data[:] = -9999
    with rasterio.open(folder / RASTER, "w", **profile) as dst:
        dst.write(data.astype("float32"), 1)
    path = folder / "utrecht.wijkkaart"
    project = json.loads(path.read_text(encoding="utf-8"))
    for layer in project["layers"]:
        if layer["kind"] == "raster":
            layer["visible"] = True
    # drawn on top: under the opaque buurt fill it could not be seen (nor be in the legend)
    rasters = [x for x in project["layers"] if x["kind"] == "raster"]
    project["layers"] = [x for x in project["layers"] if x["kind"] != "raster"] + rasters
    path.write_text(json.dumps(project), encoding="utf-8")
    return path


def cli(*args: str) -> subprocess.CompletedProcess:
    """The real command line in its own process: a native crash is a returncode, not a dead run."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WIJKKAART_LANG": "nl"}
    env.pop("WIJKKAART_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "wijkkaart", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
    )


@pytest.fixture(scope="module")
def document(tmp_path_factory, qapp):
    folder = tmp_path_factory.mktemp("safe") / "project"
    return MapDocument.open(hostile_project(SAMPLE, folder, "nan"))


@pytest.mark.parametrize(
    ("kind", "suffix"),
    [("nan", ".pdf"), ("nan", ".png"), ("nan", ".svg"), ("inf", ".pdf"), ("empty", ".png")],
)
def test_hostile_raster_exports_in_a_subprocess(sample, tmp_path, kind, suffix):
    project = hostile_project(sample, tmp_path / "project", kind)
    out = tmp_path / f"kaart{suffix}"
    done = cli("export", str(project), "--out", str(out), "--dpi", "72")
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    assert "Geschreven" in done.stdout
    output_check(out)(out)  # complete: PDF with its page and %%EOF, closed SVG, whole PNG
    if suffix == ".png":
        image = QImage(str(out))
        assert (image.width(), image.height()) == (842, 595)  # A4 landscape at 72 dpi
    if suffix == ".svg":
        assert "<image" in out.read_text(encoding="utf-8")  # the raster is in it
    if suffix == ".pdf" and shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
        assert "Waterdiepte" in text and "nan" not in text.lower().split()


def test_hostile_raster_atlas_in_a_subprocess(sample, tmp_path):
    project = hostile_project(sample, tmp_path / "project", "nan")
    out = tmp_path / "atlas.pdf"
    done = cli("atlas", str(project), "--out", str(out), "--dpi", "72")
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    output_check(out, 10)(out)  # one page per wijk of Utrecht


def test_exception_while_painting_is_no_native_crash(sample, tmp_path):
    """Painting fails half-way (a bug, a hostile layer): the process lives, the old file stays."""
    project = hostile_project(sample, tmp_path / "project", "nan")
    out = tmp_path / "kaart.pdf"
    out.write_bytes(b"%PDF-1.4 the previous export\n%%EOF\n")
    script = f"""
import sys
from wijkkaart.export import layout, printing
from wijkkaart.layers.document import MapDocument
printing.ensure_gui()
real = layout.PagePainter.paint
def paint(self, *args, **kwargs):
    self.p.drawRect(0, 0, 10, 10)
    self.p.save()
    raise IndexError("painting failed")
layout.PagePainter.paint = paint
document = MapDocument.open({str(project)!r})
for suffix in (".pdf", ".png", ".svg"):
    try:
        printing.export_map(document, {str(out)!r}[:-4] + suffix, dpi=72)
    except IndexError:
        print("raised", suffix)
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    assert done.stdout.split("\n")[:3] == ["raised .pdf", "raised .png", "raised .svg"]
    assert out.read_bytes() == b"%PDF-1.4 the previous export\n%%EOF\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kaart.pdf", "project"]


# --- a failing write keeps the previous file ----------------------------------------------------


def _previous(document, out: Path) -> bytes:
    if out.name.startswith("atlas"):
        export_atlas(document, out, dpi=36)
    else:
        export_map(document, out, dpi=72)
    return out.read_bytes()


def _truncating_close(monkeypatch):
    """The file is cut short after writing, as QPdfWriter/QSvgGenerator do on a full disk."""
    real = printing._Pages.close

    def close(self):
        real(self)
        size = self.path.stat().st_size
        with open(self.path, "r+b") as fh:
            fh.truncate(size // 2)

    monkeypatch.setattr(printing._Pages, "close", close)


@pytest.mark.parametrize("name", ["kaart.pdf", "kaart.svg", "kaart.png", "atlas.pdf"])
def test_truncated_output_keeps_the_previous_file(document, tmp_path, monkeypatch, name):
    out = tmp_path / name
    before = _previous(document, out)
    _truncating_close(monkeypatch)
    with pytest.raises(WijkkaartError, match="onvolledig geschreven") as error:
        _previous(document, out)
    assert str(out) in str(error.value) and ".wijkkaart-tmp" not in str(error.value)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_png_save_returning_false_keeps_the_previous_png(document, tmp_path, monkeypatch):
    out = tmp_path / "kaart.png"
    before = _previous(document, out)
    monkeypatch.setattr(QImage, "save", lambda self, *args: False)
    with pytest.raises(WijkkaartError, match="kon niet worden opgeslagen"):
        export_map(document, out, dpi=72)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["kaart.png"]


@pytest.mark.parametrize("name", ["kaart.pdf", "kaart.svg", "kaart.png", "atlas.pdf"])
def test_disk_full_error_keeps_the_previous_file(document, tmp_path, monkeypatch, name):
    out = tmp_path / name
    before = _previous(document, out)

    def close(self):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(printing._Pages, "close", close)
    with pytest.raises(WijkkaartError, match="de schijf is vol"):
        _previous(document, out)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_pdf_with_missing_pages_is_refused(document, tmp_path):
    one = tmp_path / "kaart.pdf"
    export_map(document, one, dpi=72)
    output_check(one, 1)(one)
    with pytest.raises(WijkkaartError, match="onvolledig"):
        output_check(one, 2)(one)


@pytest.fixture
def tiny_disk(tmp_path):
    """A real 16 MB tmpfs (we may be root); skipped where mounting is not allowed."""
    mount = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("mounting a tmpfs is not permitted here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def _fill(folder: Path) -> None:
    with open(folder / "vulling.bin", "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


@pytest.mark.parametrize("name", ["kaart.pdf", "kaart.svg", "kaart.png", "atlas.pdf"])
def test_really_full_disk_keeps_the_previous_file(document, tiny_disk, name):
    out = tiny_disk / name
    before = _previous(document, out)
    _fill(tiny_disk)
    with pytest.raises(WijkkaartError, match="de schijf is vol"):
        _previous(document, out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tiny_disk.iterdir()) == sorted([name, "vulling.bin"])


# --- dpi and image size ---------------------------------------------------------------------------


@pytest.mark.parametrize("dpi", [0, -5, 20000, 35, 1201, 300.5, float("nan"), "veel"])
@pytest.mark.parametrize("name", ["kaart.png", "kaart.pdf", "kaart.svg", "atlas.pdf"])
def test_absurd_dpi_is_refused_before_anything_is_written(document, tmp_path, dpi, name):
    export = export_atlas if name.startswith("atlas") else export_map
    with pytest.raises(WijkkaartError, match="dpi kan niet"):
        export(document, tmp_path / name, dpi=dpi)
    assert list(tmp_path.iterdir()) == []


def test_pixel_limit_allows_a0_at_300_and_refuses_600():
    a0 = PageOptions(paper="A0", orientation="portrait")
    assert check_output_size(a0, 300, ".png") == 300
    assert check_output_size(PageOptions(paper="A4"), 1200, ".png") == 1200
    assert check_output_size(a0, 1200, ".pdf") == 1200  # vector: no pixel limit
    with pytest.raises(WijkkaartError, match=r"558 megapixel.*hoogstens 311 dpi"):
        check_output_size(a0, 600, ".png")


def test_cli_bad_dpi_is_exit_2_and_no_file(sample, tmp_path, run_cli):
    out = tmp_path / "kaart.png"
    done = run_cli("export", str(sample / "utrecht.wijkkaart"), "--out", str(out), "--dpi", "0")
    assert done.returncode == 2
    assert "dpi" in done.stderr and "Geschreven" not in done.stdout
    assert not out.exists()


@pytest.mark.parametrize(
    "bounds", [(np.nan, 0, 1, 1), (0, 0, np.inf, 1), (5, 5, 1, 1), ("a", 0, 1, 1), (1, 2)]
)
def test_extent_without_finite_bounds_is_refused(document, tmp_path, bounds):
    with pytest.raises(WijkkaartError, match="geen geldig kaartbeeld"):
        export_map(document, tmp_path / "kaart.png", dpi=72, bounds=bounds)
    assert list(tmp_path.iterdir()) == []
