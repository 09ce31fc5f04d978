"""Photograph the charts per wijk of a series that has no boundaries, as a user opens it.

    xvfb-run -a -s "-screen 0 1366x768x24" python scripts/series_charts_screenshot.py \
        /work/shared/data/amstelveen/leefbaarometer3_wijken_2014_2022.csv \
        docs/amstelveen-leefbaarometer-per-wijk.png [--indicator lbm] [--screen out.png]

Opens the main window on the sample (whose buurten are Utrecht's, not Amstelveen's), opens the
table through *Bestand → Tabel over jaren openen…*, answers "Ja" to the charts, and saves the
charts window (and with ``--screen`` the whole screen, both windows).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("table", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--indicator", default=None)
    parser.add_argument("--screen", type=Path, default=None)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication, QMessageBox

    from tests.ui.waiting import open_project, series_opened
    from wijkkaart.paths import sample_project
    from wijkkaart.ui.main_window import MainWindow

    app = QApplication([])
    window = MainWindow()
    window.resize(1366, 740)
    window.show()
    if not open_project(window, sample_project()):
        print("could not open the sample", file=sys.stderr)
        return 1
    window.canvas.wait_rendered()
    window.series_opener.asked = lambda *_a: QMessageBox.StandardButton.Yes
    charts = series_opened(window, args.table)
    if charts is None or charts is True:
        print("no charts window", file=sys.stderr)
        return 1
    if args.indicator:
        charts.select(args.indicator)
    screen = app.primaryScreen().availableGeometry()
    charts.setGeometry(screen.left() + 40, screen.top() + 30, 1280, 700)
    for _ in range(20):
        app.processEvents()
    charts.grab().save(str(args.out))
    if args.screen is not None:
        app.primaryScreen().grabWindow(0).save(str(args.screen))
    print(args.out, charts.width(), "x", charts.height())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
