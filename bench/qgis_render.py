"""The QGIS side of bench/bench_render.py: the same renders with QGIS 3.22 (python3-qgis).

Run by bench_render.py with Debian's /usr/bin/python3 (which has ``qgis.core``), never with the
project's venv: ``python3 bench/qgis_render.py SPEC.json``. SPEC names the GeoPackage, the
output size, the exact map extents wijkkaart draws (full extent, and each new zoom level, without
and with buurt names) and the classifications to cycle through. The work is the same as ours:

* full extent, warm: each repetition changes the style (a graduated fill on one column with
  another classification method or class count, as ``ChoroplethStyle`` in wijkkaart), classifies
  (``updateClasses``) and renders the whole extent with ``QgsMapRendererParallelJob``, as the
  QGIS canvas does; the first render before the timing warms the file cache;
* new zoom level: one render of each extent (QGIS keeps no geometry between jobs, so every render
  is a first one); then again at other extents with the buurt names labelled (8 pt, white halo).

Prints ``name wall cpu`` lines (seconds, median over the repetitions; the CPU time of the whole
process, all threads), plus ``image name path`` when SPEC asks for images.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsClassificationEqualInterval,
    QgsClassificationJenks,
    QgsClassificationQuantile,
    QgsFillSymbol,
    QgsGradientColorRamp,
    QgsGraduatedSymbolRenderer,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsPalLayerSettings,
    QgsRectangle,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor, QFont

from bench.timing import timed  # standard library only: this runs outside the venv

METHODS = {
    "quantiles": QgsClassificationQuantile,
    "equal_interval": QgsClassificationEqualInterval,
    "natural_breaks": QgsClassificationJenks,
}


def report(name: str, times: tuple[float, float]) -> None:
    print(f"{name} {times[0]:.4f} {times[1]:.4f}", flush=True)


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as file:
        spec = json.load(file)
    app = QgsApplication([], False)
    app.initQgis()
    layer = QgsVectorLayer(spec["gpkg"] + "|layername=buurten", "buurten", "ogr")
    assert layer.isValid() and layer.featureCount() > 0, "the GeoPackage did not open"
    column = spec["column"]
    renderer = QgsGraduatedSymbolRenderer(column)
    # wijkkaart's fill: a light-to-dark ramp, a thin grey outline (0.6 px there, 0.16 mm here)
    renderer.setSourceSymbol(
        QgsFillSymbol.createSimple(
            {"color": "200,200,200", "outline_color": "120,120,120", "outline_width": "0.16"}
        )
    )
    renderer.setSourceColorRamp(QgsGradientColorRamp(QColor("#fff5eb"), QColor("#7f2704")))
    renderer.setClassificationMethod(QgsClassificationQuantile())
    renderer.updateClasses(layer, 5)
    layer.setRenderer(renderer)
    # the buurt names (8 pt, white halo), switched on for the last measurement
    text = QgsTextFormat()
    text.setFont(QFont("DejaVu Sans"))
    text.setSize(8)
    halo = QgsTextBufferSettings()
    halo.setEnabled(True)
    halo.setSize(0.7)
    halo.setColor(QColor("white"))
    text.setBuffer(halo)
    labels = QgsPalLayerSettings()
    labels.fieldName = spec["label_field"]
    labels.fitInPolygonOnly = True  # as wijkkaart: only buurten wide enough to hold their name
    labels.setFormat(text)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(labels))
    layer.setLabelsEnabled(False)
    width, height = spec["size"]

    def render(bounds: list[float], image: str | None = None) -> None:
        settings = QgsMapSettings()
        settings.setLayers([layer])
        settings.setOutputSize(QSize(width, height))
        settings.setExtent(QgsRectangle(*bounds))
        settings.setBackgroundColor(QColor("white"))
        job = QgsMapRendererParallelJob(settings)
        job.start()
        job.waitForFinished()
        if image:
            job.renderedImage().save(image)
            print("image", image, flush=True)

    print("version", Qgis.QGIS_VERSION.split("-")[0], flush=True)
    full = spec["full"]
    render(full)  # warm: the file in the OS cache, the provider open
    styles = iter(spec["styles"] * 4)

    def restyle_and_render() -> None:
        method, k = next(styles)
        renderer.setClassificationMethod(METHODS[method]())
        renderer.updateClasses(layer, k)
        render(full)

    report("full", timed(restyle_and_render, spec["repeat_full"]))
    report("full_render_only", timed(lambda: render(full), 3))
    zooms = list(spec["zooms"])
    report("zoom", timed(lambda: render(zooms.pop()), len(zooms)))
    if spec.get("images"):
        render(full, spec["images"] + "/qgis_full.png")
        render(spec["zooms"][-1], spec["images"] + "/qgis_zoom.png")
    layer.setLabelsEnabled(True)
    zooms = list(spec["zooms_labels"])
    report("zoom_labels", timed(lambda: render(zooms.pop()), len(zooms)))
    if spec.get("images"):
        render(spec["zooms_labels"][-1], spec["images"] + "/qgis_zoom_labels.png")
    sys.stdout.flush()
    os._exit(0)  # exitQgis() with the layer still alive crashes on the way out (3.22)


if __name__ == "__main__":
    main()
