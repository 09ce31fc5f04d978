"""Style of the selected area layer: indicator, classification, classes, colours, bivariate."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from pandas.api.types import is_numeric_dtype
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from wijkkaart.analysis.data_summary import summary_of
from wijkkaart.catalogue import catalogue
from wijkkaart.commands import Command, Macro, SetAttribute
from wijkkaart.layers.model import AreaLayer, Layer
from wijkkaart.layers.style import (
    DIVERGING,
    METHODS,
    SEQUENTIAL,
    BivariateStyle,
    CategoricalStyle,
    ChoroplethStyle,
    ramp_colours,
    with_breaks_fixed,
)
from wijkkaart.messages import language, lazy, ui
from wijkkaart.ui.indicator_picker import IndicatorPicker

if TYPE_CHECKING:
    from wijkkaart.ui.jobs import JobRunner
    from wijkkaart.year_map import YearView

KINDS = ("choropleth", "categorical", "bivariate")


def ramp_icon(name: str) -> QIcon:
    colours = ramp_colours(name, 7)
    pixmap = QPixmap(70, 12)
    pixmap.fill(Qt.GlobalColor.white)
    painter = QPainter(pixmap)
    for i, colour in enumerate(colours):
        painter.fillRect(i * 10, 0, 10, 12, QColor(colour))
    painter.end()
    return QIcon(pixmap)


class StylePanel(QWidget):
    """Edits ``layer.style`` (evented): every change redraws map and legend."""

    year_view_off = Signal()  # *Jaarweergave uitzetten*: back to the project's map

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layer: AreaLayer | None = None
        self._echo = False
        self.apply: Callable[[Command], None] = lambda command: command.do()
        self.jobs: JobRunner | None = None  # the window's runner; without one, at once
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(ui(f"kind_{kind}"), kind)
        self.indicator = IndicatorPicker()
        self.indicator_y = IndicatorPicker()
        self.method = QComboBox()
        for method in METHODS:
            self.method.addItem(ui(f"method_{method}"), method)
        self.classes = QSpinBox()
        self.classes.setRange(2, 9)
        self.ramp = QComboBox()
        self.ramp.setIconSize(QPixmap(70, 12).size())
        for name in (*SEQUENTIAL, *DIVERGING):
            self.ramp.addItem(ramp_icon(name), name, name)
        self.reverse = QCheckBox(ui("reverse"))
        self.centre = QCheckBox(ui("centre_mean"))
        self.manual = QLineEdit()
        self.manual.setPlaceholderText("25; 50; 75")
        self.fix = QPushButton(ui("fix_breaks"))
        self.labels = QCheckBox(ui("labels"))
        # the year bar's map (Door de jaren): what it shows, and the way back to the project's
        self.year_view: YearView | None = None
        self.year_box = QFrame()
        self.year_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.year_box.setStyleSheet("QFrame { background: #eaf2fb; }")
        self.year_note = QLabel()
        self.year_note.setWordWrap(True)
        self.year_off = QPushButton(ui("yv_off"))
        self.year_off.setToolTip(ui("yv_off_tip"))
        self.year_off.clicked.connect(lambda: self.year_view_off.emit())
        box = QVBoxLayout(self.year_box)
        box.setContentsMargins(6, 4, 6, 4)
        box.addWidget(self.year_note)
        box.addWidget(self.year_off)
        self.year_box.hide()
        self.controls = QWidget()  # everything that edits the layer's style
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.year_box)
        outer.addWidget(self.controls)
        form = QFormLayout(self.controls)
        form.addRow(ui("style_kind"), self.kind)
        form.addRow(ui("indicator"), self.indicator)
        form.addRow(ui("indicator_y"), self.indicator_y)
        form.addRow(ui("method"), self.method)
        form.addRow(ui("classes"), self.classes)
        form.addRow(ui("ramp"), self.ramp)
        checks = QVBoxLayout()  # one under the other: fits a narrow dock
        checks.addWidget(self.reverse)
        checks.addWidget(self.centre)
        form.addRow(checks)
        form.addRow(ui("manual_breaks"), self.manual)
        form.addRow(self.fix)
        form.addRow(self.labels)
        self._form = form
        # every label above its field, in each language (English labels are short enough to sit
        # beside the fields, which then cut their texts off in a narrow dock)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        # Combos as wide as the panel, not as their longest indicator name: the panel then
        # fits a laptop's side dock without a horizontal scroll bar.
        for combo in (self.kind, self.indicator, self.indicator_y, self.method, self.ramp):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(10)
        for widget in (self.kind, self.indicator, self.indicator_y, self.method, self.ramp):
            widget.currentIndexChanged.connect(self._apply)
        self.classes.valueChanged.connect(self._apply)
        self.reverse.toggled.connect(self._apply)
        self.centre.toggled.connect(self._apply)
        self.manual.editingFinished.connect(self._apply)
        self.labels.toggled.connect(self._apply_labels)
        self.fix.clicked.connect(self._toggle_fixed)
        self._loading = False
        self._echo = False
        self._y_filled: object = None  # the data the second picker was filled from
        self.layer = None
        self.set_layer(None)

    def set_layer(self, layer: Layer | None) -> None:
        """Show ``layer``'s style and follow it: an undo, a join or another view changing the
        style or the columns shows here by itself. Showing the same layer again is free."""
        layer = layer if isinstance(layer, AreaLayer) and layer.data is not None else None
        if layer is self.layer and layer is not None:
            return
        self._unfollow()
        self.layer = layer
        self._enable()
        self._say_year_view()
        if self.layer is None:
            return
        for name in ("style", "labels", "data_version"):
            getattr(self.layer.events, name).connect(self._layer_changed)
        self.show_style()

    def show_year_view(self, view: YearView | None) -> None:
        """The year bar's map is on (``view``) or off (None). While it is on, the panel says
        what the map shows (indicator, year or change, classes); the project layer it takes
        the place of cannot be restyled until the year view is switched off (here, or in the
        bar): an edit would change a map that is not on screen."""
        self.year_view = view
        self._say_year_view()
        self._enable()

    def _say_year_view(self) -> None:
        view = self.year_view
        if view is None:
            self.year_box.hide()
            return
        lines = [ui("yv_style_note", name=view.name, classes=view.classes)]
        if view.caption:
            lines.append(view.caption)
        hidden = view.replaced
        if hidden is not None and self.locked_by_year():
            lines.append(ui("yv_style_locked", layer=hidden.name))
        self.year_note.setText(" ".join(lines))
        self.year_box.show()

    def locked_by_year(self) -> bool:
        """The layer shown here is hidden behind the year map: its style waits."""
        view = self.year_view
        return view is not None and view.replaced is not None and view.replaced is self.layer

    def _enable(self) -> None:
        self.controls.setEnabled(self.layer is not None and not self.locked_by_year())

    def _unfollow(self) -> None:
        if self.layer is not None:
            for name in ("style", "labels", "data_version"):
                getattr(self.layer.events, name).disconnect(self._layer_changed)

    def _layer_changed(self, *_: object) -> None:
        if not self._echo and self.layer is not None:  # our own edit is already shown
            self.show_style()

    def closeEvent(self, event) -> None:
        self._unfollow()
        super().closeEvent(event)

    def show_style(self) -> None:
        """Fill the controls from the layer (no commands while filling)."""
        if self.layer is None:
            return
        self._loading = True
        self._fill_indicators()
        style = self.layer.style
        self.kind.setCurrentIndex(KINDS.index(style.kind))
        if isinstance(style, BivariateStyle):
            self._select(self.indicator, style.x)
            self._select(self.indicator_y, style.y)
        else:
            self._select(self.indicator, style.indicator)
        if isinstance(style, ChoroplethStyle):
            self.method.setCurrentIndex(METHODS.index(style.method))
            self.classes.setValue(style.k)
            self.ramp.setCurrentIndex(self.ramp.findData(style.ramp))
            self.reverse.setChecked(style.reverse)
            self.centre.setChecked(style.centre_on_mean)
            self.manual.setText("; ".join(_fmt(b) for b in style.manual_breaks))
            self.fix.setText(ui("release_breaks") if style.fixed_breaks else ui("fix_breaks"))
        self.labels.setChecked(self.layer.labels)
        self._loading = False
        self._update_enabled()

    def _fill_indicators(self) -> None:
        data = self.layer.data if self.layer is not None else None
        if data is None:
            return
        # made by the job that built the data (analysis/data_summary.py), not here
        choices = summary_of(data).style
        self.indicator.set_indicators(choices.columns, data.illustrative, choices.without_figures)
        self._y_filled = None  # the second picker is filled when bivariate is chosen
        if self.layer is not None and isinstance(self.layer.style, BivariateStyle):
            self._fill_y()

    def _fill_y(self) -> None:
        """Fill the second indicator picker, which only a bivariate style uses (filling both
        for every layer shown was half the panel's time on a new document)."""
        data = self.layer.data if self.layer is not None else None
        if data is None or self._y_filled is data:
            return
        choices = summary_of(data).style
        self.indicator_y.set_indicators(choices.columns, data.illustrative, choices.without_figures)
        self._y_filled = data

    @staticmethod
    def _select(picker: IndicatorPicker, value: str) -> None:
        picker.select(value)

    def _update_enabled(self) -> None:
        kind = self.kind.currentData()
        choropleth = kind == "choropleth"
        for widget in (self.method, self.classes, self.ramp, self.reverse, self.fix):
            widget.setEnabled(choropleth)
        self.centre.setEnabled(choropleth and self.ramp.currentData() in DIVERGING)
        self.manual.setEnabled(choropleth and self.method.currentData() == "manual")
        self.indicator_y.setEnabled(kind == "bivariate")
        if kind == "bivariate":
            self._fill_y()

    def current_style(self):
        kind = self.kind.currentData()
        indicator = self.indicator.currentData()
        if kind != "bivariate" and self._is_category(indicator):
            kind = "categorical"  # a heat strategy has no classes: show its categories
            self.kind.blockSignals(True)
            self.kind.setCurrentIndex(KINDS.index(kind))
            self.kind.blockSignals(False)
        if kind == "categorical":
            return CategoricalStyle(indicator)
        if kind == "bivariate":
            return BivariateStyle(indicator, self.indicator_y.currentData() or indicator)
        assert self.layer is not None  # only _apply asks, while a layer is shown
        old = self.layer.style if isinstance(self.layer.style, ChoroplethStyle) else None
        fixed = old.fixed_breaks if old is not None and old.indicator == indicator else ()
        return ChoroplethStyle(
            indicator=indicator,
            method=self.method.currentData(),
            k=self.classes.value(),
            ramp=self.ramp.currentData(),
            reverse=self.reverse.isChecked(),
            manual_breaks=tuple(_parse_breaks(self.manual.text())),
            fixed_breaks=fixed,
            centre_on_mean=self.centre.isChecked(),
        )

    def _is_category(self, indicator: str | None) -> bool:
        if indicator is None or self.layer is None:
            return False
        ind = catalogue().get(indicator)
        assert self.layer.data is not None  # set_layer keeps only area layers with data
        values = self.layer.data.frame[indicator]
        return (ind is not None and ind.kind == "category" and not is_numeric_dtype(values)) or (
            ind is None and not is_numeric_dtype(values)
        )

    def _apply(self, *_args: object) -> None:
        self._update_enabled()
        if self._loading or self.layer is None:
            return
        style = self.current_style()
        if style != self.layer.style:
            label = lazy("cmd_style")
            command: Command = SetAttribute(self.layer, "style", style, label)
            name = self._auto_name(style)
            if name is not None:  # one undo step: the style and the name that follows it
                command = Macro(label, [command, SetAttribute(self.layer, "name", name)])
            self._push(command)

    def _auto_name(self, style) -> str | None:
        """The new name of a layer named after its indicator, when the indicator changes."""
        layer = self.layer
        if not isinstance(layer, AreaLayer) or not layer.auto_name:
            return None
        indicator = getattr(style, "indicator", None)
        if not indicator or indicator == getattr(layer.style, "indicator", None):
            return None
        entry = catalogue().get(indicator)
        name = entry.label if entry else indicator
        return name if name != layer.name else None

    def _apply_labels(self, checked: bool) -> None:
        if not self._loading and self.layer is not None and self.layer.labels != checked:
            self._push(SetAttribute(self.layer, "labels", checked, lazy("cmd_labels")))

    def _push(self, command: Command) -> None:
        """Apply an edit made here; its event does not refill the controls (no echo)."""
        self._echo = True
        try:
            self.apply(command)
        finally:
            self._echo = False

    def _toggle_fixed(self) -> None:
        layer = self.layer
        style = layer.style if layer else None
        if layer is None or not isinstance(style, ChoroplethStyle):
            return
        if style.fixed_breaks:
            self._set_fixed(layer, replace(style, fixed_breaks=()))
            return
        known = layer.known_symbology()  # classified already (the map, the legend)
        if known is not None:
            self._set_fixed(layer, with_breaks_fixed(style, known.breaks))
            return
        self._classify_then_fix(layer, style)

    def _classify_then_fix(self, layer: AreaLayer, style: ChoroplethStyle) -> None:
        """Not classified yet (a hidden layer): classify in a ``symbology`` job, into the
        shared cache as the legend does, and fix the breaks when the layer still has that style
        and data (classifying a national layer on the GUI thread took a second)."""
        from wijkkaart.layers.symbology_cache import SYMBOLOGIES

        uid, version, data = layer.uid, layer.data_version, layer.data
        assert data is not None  # a choropleth layer shown here has data

        def apply(symbology) -> None:
            if self.layer is layer and layer.style is style and layer.data_version == version:
                self._set_fixed(layer, with_breaks_fixed(style, symbology.breaks))

        if self.jobs is None:  # a panel on its own: at once
            apply(SYMBOLOGIES.get(uid, version, data, style))
            return
        self.jobs.start(
            "symbology",
            lambda _feedback: SYMBOLOGIES.get(uid, version, data, style),
            apply,
            label=ui("job_legend"),
        )

    def _set_fixed(self, layer: AreaLayer, new: ChoroplethStyle) -> None:
        self.apply(SetAttribute(layer, "style", new, lazy("cmd_style")))
        self.fix.setText(ui("release_breaks") if new.fixed_breaks else ui("fix_breaks"))


def _fmt(value: float) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if language() == "nl" else text


def _parse_breaks(text: str) -> list[float]:
    out = []
    for part in text.replace("\n", ";").split(";"):
        part = part.strip().replace(" ", "")
        if not part:
            continue
        try:
            out.append(float(part.replace(",", ".")))
        except ValueError:
            continue
    return sorted(out)
