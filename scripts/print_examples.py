"""Make the example prints in docs/ the way a user does: from the app's export dialog.

    python scripts/print_examples.py PROJECT NAME [--focus]   # writes docs/prints/NAME-*.png

Opens PROJECT in the main window (offscreen), opens *Bestand → Exporteren*, picks the A3 wall
map, the A4 report and the resident-meeting print in the dialog, writes each as PNG (and
photographs the dialog with its editable preview), so the pictures show what the app makes.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("project", type=Path)
    parser.add_argument("name")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "prints")
    parser.add_argument("--dpi", type=int, default=110)
    parser.add_argument("--title", default="")
    parser.add_argument("--subtitle", default="")
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from tests.ui.waiting import exported, open_project, preview_drawn
    from wijkkaart.ui.main_window import MainWindow

    app = QApplication([])
    window = MainWindow()
    window.resize(1366, 768)
    window.show()
    if not open_project(window, args.project):
        print("could not open", args.project, file=sys.stderr)
        return 1
    window.canvas.wait_rendered()
    window.actions_by_key["export"].trigger()
    dialog = window.export_dialog
    dialog.resize(1200, 720)
    app.processEvents()
    args.out.mkdir(parents=True, exist_ok=True)
    dialog.dpi.setValue(args.dpi)
    if args.title:
        dialog.title.setText(args.title)
        dialog.subtitle.setText(args.subtitle)

    def pick(combo, data) -> None:
        combo.setCurrentIndex(combo.findData(data))

    written = []
    # A3 wall map: the whole gemeente
    pick(dialog.template, "a3-wandkaart")
    pick(dialog.extent_kind, "gemeente")
    preview_drawn(dialog)
    app.processEvents()
    dialog.grab().save(str(args.out / f"{args.name}-exportvenster.png"))
    written.append(exported(dialog, args.out / f"{args.name}-a3-wandkaart.png"))
    # A4 report: a wijk (or the focus area) with its profile
    pick(dialog.template, "a4-rapport")
    if window.document.focus_areas:
        pick(dialog.extent_kind, "focus")
    else:
        pick(dialog.extent_kind, "wijk")
    written.append(exported(dialog, args.out / f"{args.name}-a4-rapport.png"))
    # the resident print: A3 landscape, the same area
    pick(dialog.template, "a3-wandkaart")
    dialog.residents.setChecked(True)
    written.append(exported(dialog, args.out / f"{args.name}-bewonersavond.png"))
    for path in written:
        print(path)
    window.document.project.data.pop("print", None)  # leave the project as it was
    window.stack.set_clean()
    window.close()
    return 0 if all(written) else 1


if __name__ == "__main__":
    raise SystemExit(main())
