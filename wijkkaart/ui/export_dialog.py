"""Export dialog: print layout options with a live preview, then PDF, PNG, SVG, HTML or atlas."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from wijkkaart.export.layout import PAPER_MM, PRESET_RESIDENTS, PageOptions, PagePainter
from wijkkaart.layers.document import MapDocument
from wijkkaart.messages import WijkkaartError, ui
from wijkkaart.render.renderer import GeometryStore
from wijkkaart.ui import folders

PREVIEW_DPI = 36


class ExportDialog(QDialog):
    def __init__(self, document: MapDocument, bounds, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(ui("export_title"))
        self.document, self.bounds = document, bounds
        self.store = GeometryStore()
        self.paper = QComboBox()
        self.paper.addItems(list(PAPER_MM))
        self.orientation = QComboBox()
        self.orientation.addItem(ui("landscape"), "landscape")
        self.orientation.addItem(ui("portrait"), "portrait")
        self.dpi = QSpinBox()
        self.dpi.setRange(72, 600)
        self.dpi.setValue(300)
        self.title = QLineEdit(document.project.name)
        self.subtitle = QLineEdit()
        self.residents = QCheckBox(ui("preset_residents"))
        self.overview = QCheckBox(ui("overview_map"))
        self.overview.setChecked(True)
        self.preview = QLabel()
        self.preview.setMinimumSize(520, 380)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status = QLabel()
        form = QFormLayout()
        form.addRow(ui("paper"), self.paper)
        form.addRow(ui("orientation"), self.orientation)
        form.addRow("dpi (PNG)", self.dpi)
        form.addRow(ui("title"), self.title)
        form.addRow(ui("subtitle"), self.subtitle)
        form.addRow(self.residents)
        form.addRow(self.overview)
        buttons = QHBoxLayout()
        self.buttons = {}
        for key in ("export_pdf", "export_png", "export_svg", "export_html", "export_atlas"):
            button = QPushButton(ui(key))
            buttons.addWidget(button)
            self.buttons[key] = button
        self.buttons["export_pdf"].clicked.connect(lambda: self._choose(".pdf"))
        self.buttons["export_png"].clicked.connect(lambda: self._choose(".png"))
        self.buttons["export_svg"].clicked.connect(lambda: self._choose(".svg"))
        self.buttons["export_html"].clicked.connect(lambda: self._choose(".html"))
        self.buttons["export_atlas"].clicked.connect(lambda: self._choose(".pdf", atlas=True))
        top = QHBoxLayout()
        top.addLayout(form)
        top.addWidget(self.preview, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        for widget in (self.paper, self.orientation):
            widget.currentIndexChanged.connect(self.update_preview)
        for widget in (self.residents, self.overview):
            widget.toggled.connect(self.update_preview)
        for widget in (self.title, self.subtitle):
            widget.editingFinished.connect(self.update_preview)
        self.update_preview()

    def options(self) -> PageOptions:
        return PageOptions(
            paper=self.paper.currentText(),
            orientation=self.orientation.currentData(),
            title=self.title.text().strip(),
            subtitle=self.subtitle.text().strip(),
            preset=PRESET_RESIDENTS if self.residents.isChecked() else None,
            overview=self.overview.isChecked(),
        )

    def preview_image(self) -> QImage:
        """The page as it will print, at screen resolution (same layout code as the file)."""
        options = self.options()
        w_mm, h_mm = options.size_mm
        image = QImage(
            round(w_mm / 25.4 * PREVIEW_DPI),
            round(h_mm / 25.4 * PREVIEW_DPI),
            QImage.Format.Format_RGB32,
        )
        image.setDotsPerMeterX(round(PREVIEW_DPI / 0.0254))
        image.setDotsPerMeterY(round(PREVIEW_DPI / 0.0254))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        PagePainter(painter, image.width(), image.height(), options).paint(
            list(self.document.layers),
            self.bounds,
            self.store,
            self.document.focus_areas,
            overview=self.document.areas.frame,
        )
        painter.end()
        return image

    def update_preview(self) -> None:
        pixmap = QPixmap.fromImage(self.preview_image())
        self.preview.setPixmap(
            pixmap.scaled(
                self.preview.minimumSize(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def _choose(self, suffix: str, atlas: bool = False) -> None:
        project = Path(self.document.project.path)
        default = folders.start_path(project.with_suffix(suffix).name, project)
        path, _ = QFileDialog.getSaveFileName(self, ui("export_title"), default, f"*{suffix}")
        if path:
            folders.remember(path)
            self.export_to(path if path.endswith(suffix) else path + suffix, atlas=atlas)

    def export_to(self, path: str | Path, atlas: bool = False) -> Path | None:
        from wijkkaart.export.printing import export_atlas, export_map
        from wijkkaart.export.web import export_html
        from wijkkaart.ui.errors import error_box

        path = Path(path)
        try:
            if atlas:
                per = "focusgebied" if len(self.document.focus_areas) else "wijk"
                written = export_atlas(
                    self.document, path, per=per, options=self.options(), dpi=self.dpi.value()
                )
            elif path.suffix.lower() in (".html", ".htm"):
                written = export_html(self.document, path, title=self.title.text().strip())
            else:
                written = export_map(
                    self.document, path, self.options(), dpi=self.dpi.value(), bounds=self.bounds
                )
        except WijkkaartError as exc:
            error_box(self, exc, path).exec()
            return None
        self.status.setText(ui("exported", path=written))
        return written
