"""The speed table of issue 11 on the synthetic national layer (14,500 buurten, 5 M vertices).

Run: .venv/bin/python bench/bench_render.py [--readme README.md] [--quick] [--runs 3]
[--images DIR]

Rows: full-extent render (warm, after a style change) and first render at a new zoom level
(without and with buurt names), through the canvas's RenderJob at 1600x1200, side by side with
QGIS (bench/qgis_render.py: the same file, extents, size and classifications); pan/zoom repaint;
profile of a drawn area at city scale through the main window's drawing path; a 20-page atlas;
start to first frame of the sample (bench_startup). Each figure is the median wall time, with
the CPU time beside it (on a shared machine the wall time grows with the load; the CPU time much
less). The QGIS column is measured only when Debian's python3-qgis is installed
(``/usr/bin/python3 -c 'import qgis.core'``), else it shows the figures the issue gives for
QGIS 3.22, marked as such. The compared rows are run ``--runs`` times (median and min of the
runs); ``--images`` saves both sides' images of the first run, to check they draw the same.
``--readme`` writes the table between the README's ``<!-- speed-table -->`` markers, so the
README's figures always come from a run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication

from bench.bench_export import national_project
from bench.machine import header
from bench.national import national_buurten
from bench.timing import timed
from wijkkaart.layers.document import MapDocument
from wijkkaart.layers.model import AreaLayer
from wijkkaart.layers.style import ChoroplethStyle
from wijkkaart.render.job import MapSettings, RenderJob
from wijkkaart.render.renderer import GeometryStore
from wijkkaart.render.viewport import Viewport

ROOT = Path(__file__).resolve().parent.parent
SIZE = (1600, 1200)
QGIS_PYTHON = "/usr/bin/python3"  # Debian's, with python3-qgis (not the venv)
QGIS_ISSUE = {"full": 2.15, "zoom": 0.24}  # issue 11, QGIS 3.22 on this layer, same machine
COLUMN = "percentage_koopwoningen"  # the graduated fill, on both sides
ZOOM_FIRST, ZOOM_LABELS_FIRST = 1000, 1500  # rows the city-scale views centre on
MARK_START, MARK_END = "<!-- speed-table -->", "<!-- /speed-table -->"


STYLES = [(m, k) for m in ("quantiles", "equal_interval", "natural_breaks") for k in (5, 6, 7)]


def full_view(layer: AreaLayer) -> Viewport:
    return Viewport.fit(tuple(layer.data.frame.total_bounds), *SIZE)


def full_extent(layer: AreaLayer, store: GeometryStore) -> tuple[float, float]:
    """Re-render at full extent after a style change (classification included), warm caches."""
    view = full_view(layer)
    assert RenderJob(MapSettings.of([layer], view), store).run().ok  # warm: geometry built
    styles = iter(ChoroplethStyle(COLUMN, method=m, k=k) for m, k in STYLES * 4)

    def once() -> None:
        layer.style = next(styles)
        result = RenderJob(MapSettings.of([layer], view), store).run()
        assert result.ok, result.error

    return timed(once, len(STYLES))


def zoom_views(layer: AreaLayer, first: int) -> list[Viewport]:
    """City scale (46 m/px) around 7 buurten spread over the country, starting at row ``first``
    (the QGIS side gets the same extents)."""
    frame = layer.data.frame
    views = []
    for i in range(7):
        centre = frame.geometry.iloc[first + i * 1900].centroid
        views.append(Viewport(centre.x, centre.y, 46.0, *SIZE))
    return views


def new_zoom(
    layer: AreaLayer, store: GeometryStore, views: list[Viewport]
) -> tuple[tuple[float, float], int]:
    """First render at city scale of parts never drawn at that zoom level: each repetition
    looks at another part of the country (the views are popped from the end, as in QGIS)."""
    views = list(views)
    shown = 0

    def once() -> None:
        nonlocal shown
        view = views.pop()
        result = RenderJob(MapSettings.of([layer], view), store).run()
        assert result.ok, result.error
        geometry = next(c for _, c in store.geometry.values())
        shown = len(geometry.visible(view.bounds))

    return timed(once, len(views)), shown


def ours_compared(layer: AreaLayer, images: Path | None) -> dict[str, tuple[float, float]]:
    """One run of the rows QGIS is compared on, each from a fresh geometry store: warm full
    extent and new zoom level without labels (a graduated fill on one column, as on the QGIS
    side), and a new zoom level with the buurt names."""
    layer.labels = False
    store = GeometryStore()
    found = {"full": full_extent(layer, store)}
    (found["zoom"], shown) = new_zoom(layer, store, zoom_views(layer, ZOOM_FIRST))
    found["shown"] = (float(shown), 0.0)
    if images is not None:
        for name, view in (("full", full_view(layer)), ("zoom", zoom_views(layer, ZOOM_FIRST)[-1])):
            RenderJob(MapSettings.of([layer], view), store).run().image.save(
                str(images / f"wijkkaart_{name}.png")
            )
    layer.labels = True
    store = GeometryStore()
    assert RenderJob(MapSettings.of([layer], full_view(layer)), store).run().ok  # warm
    (found["zoom_labels"], _) = new_zoom(layer, store, zoom_views(layer, ZOOM_LABELS_FIRST))
    if images is not None:
        view = zoom_views(layer, ZOOM_LABELS_FIRST)[-1]
        RenderJob(MapSettings.of([layer], view), store).run().image.save(
            str(images / "wijkkaart_zoom_labels.png")
        )
    return found


def canvas_repaint(document: MapDocument) -> tuple[float, float]:
    """Pan or zoom one step: the canvas repaints its last image moved and scaled at once."""
    from wijkkaart.ui.canvas import MapCanvas

    canvas = MapCanvas()
    canvas.resize(*SIZE)
    canvas.show()
    canvas.set_layers(document.layers)
    canvas.zoom_to(tuple(document.areas.frame.total_bounds))
    canvas.wait_rendered(60_000)
    steps = iter(range(1000))

    def once() -> None:
        if next(steps) % 2:
            canvas.viewport = canvas.viewport.panned(37, -21)
        else:
            canvas.viewport = canvas.viewport.zoomed(1.25, 400, 300)
        canvas.repaint()

    result = timed(once, 20)
    canvas.close()
    return result


def profile_in_window(document: MapDocument) -> tuple[float, float]:
    """A drawn area at city scale (a 3 km circle): the window's live profile while drawing
    (shares, profile and the profile panel), as ``ProfileDisplay.sketch_changed`` runs it."""
    import shapely

    from wijkkaart.ui.main_window import MainWindow

    window = MainWindow()
    window.resize(1400, 900)
    window.set_document(document)
    window.show()
    window.canvas.wait_rendered(60_000)  # no render competing with the timing
    centre = document.areas.frame.geometry.iloc[7000].centroid
    ring = shapely.Point(centre.x, centre.y).buffer(3000, 8).exterior.coords
    points = [(x, y) for x, y in ring][:-1]
    window.profile_display.sketch_changed(points)  # warm: spatial index, gemeente values
    return timed(lambda: window.profile_display.sketch_changed(points), 15)


def atlas(document: MapDocument) -> tuple[float, float]:
    """20 pages, A4 at 300 dpi, each a 4 km circle somewhere in the country."""
    import shapely

    from wijkkaart.export.printing import export_atlas
    from wijkkaart.layers.focus import FocusArea

    frame = document.areas.frame
    for i in range(20):
        centre = frame.geometry.iloc[i * 700].centroid
        document.focus_areas.append(
            FocusArea(f"Pagina {i}", shapely.Point(centre.x, centre.y).buffer(4000))
        )
    out = Path(tempfile.mkdtemp()) / "atlas.pdf"
    return timed(lambda: export_atlas(document, out, per="focusgebied", dpi=300), 1)


def start_to_first_frame(runs: int) -> tuple[float, float]:
    from bench.bench_startup import one_run

    one_run()  # not counted: the bytecode cache written, the files in the OS cache
    results = [one_run()["first_frame"] for _ in range(runs)]
    return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results)


def qgis_available() -> bool:
    try:
        probe = subprocess.run(
            [QGIS_PYTHON, "-c", "import qgis.core"],
            capture_output=True,
            timeout=60,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


def qgis_times(gpkg: Path, layer: AreaLayer, images: Path | None) -> dict[str, tuple[float, float]]:
    """QGIS 3.22 (python3-qgis, bench/qgis_render.py) on the same file, at the same size and
    the same extents, with the same classifications: {row: (wall, cpu)}."""
    spec = {
        "gpkg": str(gpkg),
        "column": COLUMN,
        "label_field": "buurtnaam",
        "size": list(SIZE),
        "full": list(full_view(layer).bounds),
        "styles": STYLES,
        "repeat_full": len(STYLES),
        "zooms": [list(v.bounds) for v in zoom_views(layer, ZOOM_FIRST)],
        "zooms_labels": [list(v.bounds) for v in zoom_views(layer, ZOOM_LABELS_FIRST)],
        "images": str(images) if images is not None else None,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(spec, file)
    probe = subprocess.run(
        [QGIS_PYTHON, str(ROOT / "bench" / "qgis_render.py"), file.name],
        capture_output=True,
        text=True,
        timeout=1200,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    Path(file.name).unlink()
    if probe.returncode != 0:
        print(f"QGIS run failed: {probe.stderr[-2000:]}", file=sys.stderr)
    found = re.findall(r"^(\w+) ([\d.]+) ([\d.]+)$", probe.stdout, re.MULTILINE)
    times = {key: (float(wall), float(cpu)) for key, wall, cpu in found}
    version = re.search(r"^version (\S+)$", probe.stdout, re.MULTILINE)
    return times | ({"version": version.group(1)} if version else {})  # type: ignore[dict-item]


def table(rows: list[tuple[str, str, str, str]], title: str) -> str:
    lines = [title, "", "| step | QGIS | wijkkaart (wall; CPU) | target |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines)


def fmt(wall: float, cpu: float) -> str:
    unit_ms = wall < 1.0
    if unit_ms:
        return f"{wall * 1000:.0f} ms; CPU {cpu * 1000:.0f} ms"
    return f"{wall:.2f} s; CPU {cpu:.2f} s"


def write_readme(readme: Path, block: str) -> None:
    text = readme.read_text(encoding="utf-8")
    if MARK_START not in text or MARK_END not in text:
        raise SystemExit(f"{readme} has no {MARK_START} … {MARK_END} markers")
    before, rest = text.split(MARK_START, 1)
    _, after = rest.split(MARK_END, 1)
    readme.write_text(f"{before}{MARK_START}\n{block}\n{MARK_END}{after}", encoding="utf-8")


def spread(values: list[tuple[float, float]]) -> tuple[float, float, float]:
    """(median wall, min wall, median CPU) over the runs."""
    walls = [wall for wall, _ in values]
    return statistics.median(walls), min(walls), statistics.median(cpu for _, cpu in values)


def fmt_runs(values: list[tuple[float, float]]) -> str:
    wall, low, cpu = spread(values)
    if len(values) == 1:
        return fmt(wall, cpu)
    if wall < 1.0:
        return f"{wall * 1000:.0f} ms (min {low * 1000:.0f}); CPU {cpu * 1000:.0f} ms"
    return f"{wall:.2f} s (min {low:.2f}); CPU {cpu:.2f} s"


def compared_rows(ours: list[dict], qgis: list[dict]) -> list[tuple[str, str, str, str]]:
    """The rows QGIS is compared on: median of the runs (min in brackets), and the ratio of the
    medians. Without python3-qgis, the QGIS column repeats the issue's figures."""
    shown = int(ours[0]["shown"][0])
    labels = {
        "full": ("full-extent render at 1600×1200, warm (style change)", "ratio ≤ 0.1"),
        "zoom": (
            f"first render at a new zoom level, {shown} buurten in view",
            "only the areas in view; ratio ≤ 0.5",
        ),
        "zoom_labels": ("the same with the buurt names labelled (other places)", "—"),
    }
    rows = []
    for key, (step, target) in labels.items():
        mine = [run[key] for run in ours]
        wall = spread(mine)[0]
        if qgis:
            theirs = [run[key] for run in qgis]
            q_text, q_wall = fmt_runs(theirs), spread(theirs)[0]
            cpu_ratio = f"; CPU {spread(mine)[2] / spread(theirs)[2]:.2f}"
        elif key in QGIS_ISSUE:
            q_text, q_wall = f"{QGIS_ISSUE[key]:.2f} s (issue 11)", QGIS_ISSUE[key]
            cpu_ratio = ""
        else:
            rows.append((step, "—", fmt_runs(mine), target))
            continue
        ratio = f"ratio {wall / q_wall:.2f}{cpu_ratio}"
        rows.append((step, q_text, f"{fmt_runs(mine)} ({ratio})", target))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readme", type=Path, help="write the table into this README")
    parser.add_argument("--quick", action="store_true", help="skip the atlas and the start-up")
    parser.add_argument("--runs", type=int, default=3, help="runs of the QGIS comparison")
    parser.add_argument("--images", type=Path, help="save both sides' images of the first run")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    head = header("issue 11 speed table (synthetic national layer, 14,500 buurten)")
    print(head, flush=True)
    gpkg = national_buurten()
    document = MapDocument.open(national_project())
    layer = next(x for x in document.layers if isinstance(x, AreaLayer))
    with_qgis = qgis_available()
    if args.images is not None:
        args.images.mkdir(parents=True, exist_ok=True)
    ours: list[dict] = []
    qgis: list[dict] = []
    loads = []
    for run in range(args.runs):
        images = args.images if run == 0 else None
        loads.append(os.getloadavg()[0])
        ours.append(ours_compared(layer, images))
        print(f"run {run + 1} wijkkaart: {ours[-1]}", flush=True)
        if with_qgis:
            qgis.append(qgis_times(gpkg, layer, images))
            print(f"run {run + 1} QGIS: {qgis[-1]}", flush=True)
    qgis = [run for run in qgis if "full" in run]  # a failed QGIS run is reported, not used
    rows = compared_rows(ours, qgis)
    for row in rows:
        print(row, flush=True)
    layer.labels = True  # the app's default for the rows below
    wall, cpu = canvas_repaint(document)
    rows.append(
        ("pan/zoom step: canvas repaint from the last image", "—", fmt(wall, cpu), "≤ 16 ms")
    )
    print(rows[-1], flush=True)
    wall, cpu = profile_in_window(document)
    rows.append(
        ("profile of a drawn area, city scale (window path)", "—", fmt(wall, cpu), "≤ 16 ms")
    )
    print(rows[-1], flush=True)
    if not args.quick:
        wall, cpu = atlas(MapDocument.open(national_project()))
        rows.append(("20-page atlas (A4, 300 dpi)", "—", fmt(wall, cpu), "≤ 10 s"))
        print(rows[-1], flush=True)
        wall, cpu = start_to_first_frame(3)
        rows.append(
            (
                "start to first frame, sample (median of 3 runs)",
                "—",
                fmt(wall, cpu),
                "≤ 1.5 s (at most 3 s)",
            )
        )
        print(rows[-1], flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    runs = (
        f"The first three rows are the median of {args.runs} runs (min in brackets; each run is "
        f"the median of {len(STYLES)} full-extent renders, each after a new classification, and "
        "of 7 renders at places not drawn before); load at the start of each run: "
        + ", ".join(f"{x:.2f}" for x in loads)
        + ". Both sides draw a graduated fill of one column with outlines, no labels (the third "
        "row adds the buurt names), at the same extents and size."
    )
    if qgis:
        only = [run["full_render_only"] for run in qgis]
        note = (
            f"\n\nQGIS {qgis[0].get('version', '3.22')} (Debian python3-qgis, "
            "QgsMapRendererParallelJob, bench/qgis_render.py) on the same GeoPackage. "
            f"QGIS's full extent without a style change: {fmt_runs(only)}. "
            "QGIS's CPU time includes its worker threads. The ratio is of the wall-time "
            "medians, the CPU ratio of the CPU medians (the load inflates wall time). QGIS "
            "labels with fitInPolygonOnly, its nearest setting to wijkkaart's (a name only "
            "where the buurt is wide enough); it places fewer names than wijkkaart "
            "(compare with --images)."
        )
    else:
        note = (
            "\n\npython3-qgis is not installed here: the QGIS column repeats the figures issue 11 "
            "gives for QGIS 3.22 on this layer and machine; the ratios use them."
        )
    title = "Run of " + head.splitlines()[1].lstrip("# ") + ":"
    block = (
        table(rows, title)
        + f"\n\n{runs}"
        + f"\n\nPeak memory of the benchmark process: {peak:.0f} MB."
        + note
    )
    print()
    print(block)
    if args.readme:
        write_readme(args.readme, block)
    del app


if __name__ == "__main__":
    main()
