"""Make the over-the-years example prints in docs/prints/ the way a planner does: from the app.

    xvfb-run -a -s "-screen 0 1366x768x24" python scripts/year_print_examples.py

Builds the real Baarn 2016–2025 project (tests/baarn.py: CBS series, the focus area Centrum-Oost
and its two invented goals) in a temporary folder, opens it in the main window, puts the year bar
on 2019 and opens *Bestand → Exporteren*. From the dialog it prints, on A3 landscape: the year
shown (2019), the change 2016 → 2023 and small multiples with the focus area's trend chart and
goals table; each PDF is rendered with ``pdftoppm -png -r 60``. The dialog is photographed with
small multiples chosen.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "prints")
    parser.add_argument("--indicator", default="huishoudens_laag_inkomen")
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from tests.baarn import build_baarn_project
    from tests.ui.waiting import exported, open_project, preview_drawn
    from wijkkaart.ui.main_window import MainWindow

    folder = Path(tempfile.mkdtemp(prefix="baarn-jaren-"))
    project = build_baarn_project(folder)
    window = MainWindow()
    window.resize(1366, 740)
    window.show()
    if not open_project(window, project):
        print("could not open", project, file=sys.stderr)
        return 1
    window.canvas.wait_rendered()
    bar = window.year_bar
    while bar.series is None:
        app.processEvents()
    bar.choice.setCurrentIndex(bar.choice.findData(args.indicator))
    bar.slider.setValue(bar.years.index(2019))
    window.canvas.wait_rendered()
    window.actions_by_key["export"].trigger()
    dialog = window.export_dialog
    dialog.resize(1280, 720)
    dialog.show()
    app.processEvents()
    args.out.mkdir(parents=True, exist_ok=True)

    def pick(combo, data) -> None:
        combo.setCurrentIndex(combo.findData(data))

    pick(dialog.template, "a3-wandkaart")
    dialog.dpi.setValue(150)
    written = []

    def write(name: str) -> None:
        pdf = exported(dialog, folder / f"{name}.pdf")
        if pdf is None:
            print("not written:", name, dialog.status.text(), file=sys.stderr)
            return
        prefix = args.out / name
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(prefix)], check=True
        )
        written.append(prefix.with_suffix(".png"))

    assert dialog.time_kind.currentData() == "year"  # the year bar's year, by default
    write("baarn-a3-2019")
    pick(dialog.time_kind, "change")
    dialog.time_first.setCurrentText("2016")
    dialog.time_last.setCurrentText("2023")
    write("baarn-a3-verandering-2016-2023")
    pick(dialog.time_kind, "years")
    dialog.time_chart.setChecked(True)
    dialog.goals_box.setChecked(True)
    preview_drawn(dialog)
    app.processEvents()
    dialog.grab().save(str(args.out / "baarn-exportvenster-jaren.png"))
    written.append(args.out / "baarn-exportvenster-jaren.png")
    write("baarn-a3-jaren")
    for path in written:
        print(path)
    window.stack.set_clean()
    window.close()
    return 0 if len(written) == 4 else 1


if __name__ == "__main__":
    raise SystemExit(main())
