"""Photograph the profile panel's *Waterbedeffect* tab on the real Baarn project, as a user sees it.

    xvfb-run -a -s "-screen 0 1366x768x24" python scripts/waterbed_screenshot.py \
        docs/baarn-waterbed.png [--area BU03080006] [--indicator jongeren_jeugdzorg] [--lang en]

Builds a Baarn project in a temporary folder as a user would (``wijkkaart new`` on the real CBS
2024 buurten, ``wijkkaart series --add`` with the real kerncijfers 2016–2025), with one focus
area: the outline of buurt ``--area`` (5 m inside). Opens the window as large as the screen,
picks the focus area, brings *Profiel → Waterbedeffect* to the front, clicks ``--indicator`` and
saves the screen.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = Path("/work/shared/data/baarn")


def build(folder: Path, code: str) -> tuple[Path, str]:
    from wijkkaart.cli import main
    from wijkkaart.io.areas import read_areas

    shutil.copy(DATA / "cbs_buurten_2024.geojson", folder / "buurten.geojson")
    shutil.copy(DATA / "kerncijfers_buurten_2016_2025.json", folder / "kerncijfers.json")
    project = folder / "baarn.wijkkaart"
    assert main(["new", str(folder / "buurten.geojson"), "--out", str(project)]) == 0
    assert main(["series", str(project), "--add", str(folder / "kerncijfers.json")]) == 0
    frame = read_areas(folder / "buurten.geojson").frame
    name = str(frame.loc[code, "naam"]) if "naam" in frame else code
    data = json.loads(project.read_text(encoding="utf-8"))
    data["focus_areas"] = [{"name": name, "wkt": frame.geometry[code].buffer(-5).wkt}]
    project.write_text(json.dumps(data), encoding="utf-8")
    return project, name


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--area", default="BU03080006")  # Pekingpark
    parser.add_argument("--indicator", default="jongeren_jeugdzorg")
    parser.add_argument("--lang", default="nl")
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from tests.ui.waiting import open_project, wait_jobs
    from wijkkaart.messages import set_language
    from wijkkaart.ui.main_window import MainWindow

    set_language(args.lang)
    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        project, name = build(Path(tmp), args.area)
        window = MainWindow()
        # the whole 1366x768 screen (Xvfb has no window manager to maximise it)
        screen_size = app.primaryScreen().size()
        window.resize(screen_size.width(), screen_size.height())
        window.move(0, 0)
        window.show()
        if not open_project(window, project):
            print("could not open the project", file=sys.stderr)
            return 1
        window.focus_panel.list.setCurrentRow(0)
        panel = window.profile_panel
        for _ in range(500):
            app.processEvents()
            if panel.waterbed.name == name and panel.has_waterbed():
                break
        wait_jobs(window.jobs, "trend")
        wait_jobs(window.jobs, "waterbed")
        window.docks["profile"].raise_()
        panel.show_waterbed_tab()
        view = panel.waterbed
        if view.watch is not None:
            indicators = [r.indicator for r in view.watch.rows]
            if args.indicator in indicators:
                view.table.setCurrentCell(indicators.index(args.indicator), 0)
        wait_jobs(window.jobs)
        for _ in range(50):
            app.processEvents()
        screen = app.primaryScreen().grabWindow(0)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        screen.save(str(args.out))
        marked = len(window.canvas.marked)
        print(
            f"{args.out}: {name}, {len(view.watch.rows) if view.watch else 0} rows, "
            f"{sum(r.flagged for r in view.watch.rows) if view.watch else 0} flagged, "
            f"{marked} neighbour outlines on the map"
        )
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
