"""Everything about one buurt: each indicator with its unit beside the gemeente average.

Missing values read "geen gegevens" with the reason; illustrative values are marked.
"""

from __future__ import annotations

from typing import Any, SupportsFloat

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wijkkaart.analysis.profile import gemeente_value, gemeenten_of
from wijkkaart.catalogue import CATEGORY_ORDER, catalogue
from wijkkaart.io.codes import parent_code
from wijkkaart.io.dataset import AreaData
from wijkkaart.layers.formatting import format_value
from wijkkaart.messages import has_text, reason_text, ui
from wijkkaart.ui.figures_table import add_group_row, figures_table, table_rows, title_label
from wijkkaart.ui.language import follow_language


class InfoPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title_label(ui("info_hint"))
        self.table = figures_table([ui("col_indicator"), ui("col_value"), ui("col_gemeente")])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        # the buurtindeling everything is shown on ("buurtindeling 2018"), set by the wiring
        self.vintage = QLabel()
        self.vintage.setStyleSheet("color: #555555;")
        self.vintage.hide()
        layout.addWidget(self.vintage)
        # How a buurt's earlier figures were derived, when a series came from an older division
        # (from the project's series once it is read: reference code -> sentence).
        self.derivations: dict[str, str] = {}
        self.footnote = ""
        self.series: Any = None  # the project's series: its figures where the map has none
        self._series_rows: pd.DataFrame | None = None  # its values indexed by code (lazily)
        self.derivation = QLabel()
        self.derivation.setWordWrap(True)
        self.derivation.hide()
        layout.addWidget(self.derivation)
        layout.addWidget(self.table)
        # (id(data), gemeenten) -> (data, averages): the data is held, so an id is never reused
        # for other data while its entry lives; the last few data sets only (undo goes back).
        self._averages: dict[tuple, tuple[AreaData, dict[str, float | str | None]]] = {}
        # the implausible values of the data shown: held with that data (never an id() of data
        # that may be gone, whose number newer data can take)
        self._flags: tuple[AreaData, dict[str, pd.Series]] | None = None
        self.code: str | None = None
        self._data: AreaData | None = None
        self._document: Any = None  # followed for its data_changed (set_document)
        follow_language(self._language_changed)

    def set_document(self, document: Any) -> None:
        """Follow ``document``'s figures: after a join, an analysis or their undo the buurt shown
        is shown again with the new figures, without a click. The previous one is let go."""
        if document is self._document:
            return
        self.unfollow()
        self._document = document
        if document is not None:
            document.events.data_changed.connect(self._data_changed)

    def unfollow(self) -> None:
        if self._document is not None:
            self._document.events.data_changed.disconnect(self._data_changed)
        self._document = None

    def closeEvent(self, event: Any) -> None:
        self.unfollow()
        super().closeEvent(event)

    def _data_changed(self, layer: Any, _version: int) -> None:
        """A layer has new data: when the figures shown are no longer any layer's (they were
        replaced), the same buurt is shown from ``layer``'s new data (once: the next layer
        sharing it finds them current)."""
        data, document = getattr(layer, "data", None), self._document
        if self._data is None or not isinstance(data, AreaData) or data is self._data:
            return
        live = [document.areas, *(getattr(x, "data", None) for x in document.layers)]
        if any(d is self._data for d in live):
            return  # another layer's figures changed, not the ones shown
        self.show_area(data, self.code)

    def _language_changed(self, _code: str) -> None:
        """Show the same buurt again, in the new language (labels, numbers, 'weging ontbreekt')."""
        self._averages.clear()
        if self._data is not None:
            self.show_area(self._data, self.code)

    def averages(self, data: AreaData, code: str | None = None) -> dict[str, float | str | None]:
        """The value of every indicator in the buurt's own gemeente (or why there is none).

        In a file with several gemeenten a buurt is compared with its own gemeente, never with
        the whole file. Computed once per data set and gemeente.
        """
        own = parent_code(code, "gemeente") if code else None
        several = len(gemeenten_of(data.frame.index)) > 1
        gemeenten = (own,) if several and own else None
        key = (id(data), gemeenten)
        hit = self._averages.get(key)
        if hit is None or hit[0] is not data:
            averages: dict[str, float | str | None] = {}
            for column in [*data.indicators, *data.custom]:
                result = gemeente_value(data, column, gemeenten)
                averages[column] = (
                    ui("weight_missing") if result.reason == "no_weight" else (result.value)
                )
            while len(self._averages) >= 8:
                del self._averages[next(iter(self._averages))]
            hit = self._averages[key] = (data, averages)
        return hit[1]

    def set_reference(self, text: str) -> None:
        """The reference vintage the buurten are on (empty: hidden)."""
        self.vintage.setText(text[:1].upper() + text[1:] if text else "")
        self.vintage.setVisible(bool(text))

    def show_derivations(self, series: Any) -> None:
        """How each buurt's earlier figures were derived, from the series read (None: none)."""
        self.derivations = dict(series.derivations) if series is not None else {}
        self.footnote = " ".join(series.conversions) if series is not None else ""
        self.series, self._series_rows = series, None
        if self._data is not None and self.code is not None:
            self.show_area(self._data, self.code)

    def show_area(self, data: AreaData, code: str | None) -> None:
        self.code = code
        self._data = data
        self.table.setRowCount(0)
        # a code of the other division (the reference was just switched, the series is being
        # read again) is no buurt of this map: its derivation would describe the wrong one
        shown = code is not None and code in data.frame.index
        told = self.derivations.get(code) if shown and code is not None else None
        self.derivation.setText(f"{self.footnote} {told}".strip() if told else "")
        self.derivation.setVisible(bool(told))
        if code is None or code not in data.frame.index:
            self.title.setText(ui("info_hint"))
            return
        row = data.frame.loc[code]
        self.title.setText(f"{row['naam'] or code} ({code})")
        cat = catalogue()
        averages = self.averages(data, code)
        groups: dict[str, list[str]] = {}
        for column in [*data.indicators, *data.custom]:
            ind = cat.get(column)
            groups.setdefault(ind.category if ind else "eigen", []).append(column)
        for category in [*CATEGORY_ORDER, *groups]:
            if category not in groups:
                continue
            columns = groups.pop(category)
            add_group_row(
                self.table, ui(f"cat_{category}") if has_text(f"cat_{category}") else category
            )
            for column in columns:
                self._add_row(data, code, column, row[column], averages.get(column))
        self._add_series_rows(data, code)
        for index in (1, 2):  # values fit, long texts are elided (full text in the tooltip)
            self.table.resizeColumnToContents(index)
            self.table.setColumnWidth(index, min(self.table.columnWidth(index), 125))

    def _add_row(
        self,
        data: AreaData,
        code: str,
        column: str,
        value: SupportsFloat | str | None,
        average: float | str | None,  # a str: the gemeente value lacks its weight
    ) -> None:
        cat = catalogue()
        ind = cat.get(column)
        label = ind.label if ind else column
        illustrative = column in data.illustrative
        if illustrative:
            label += " *"
        text = format_value(column, value)
        doubtful = self._doubtful(data, code, column)
        if text and doubtful:
            text += " (?)"  # shown as it is in the file, with the doubt said
        muted = not text
        if muted:
            reason = data.reason(code, column) or "no_data"
            text = (
                f"{reason_text('no_data')} ({reason_text(reason)})"
                if reason != "no_data"
                else reason_text("no_data")
            )
        if isinstance(average, str) and average == ui("weight_missing"):
            avg_text = average
        else:
            avg_text = format_value(column, average) if average is not None else ""
        r = self.table.rowCount()
        self.table.insertRow(r)
        items = [QTableWidgetItem(label), QTableWidgetItem(text), QTableWidgetItem(avg_text)]
        tooltip = ind.definition if ind else column
        if illustrative:
            tooltip += f"\n{ui('illustrative_note')}"
        if doubtful:
            tooltip += f"\n{ui('implausible_cell')}"
        for i, item in enumerate(items):
            item.setToolTip(tooltip)
            if i > 0:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if muted and i == 1:
                item.setForeground(QBrush(QColor("#8a8a8a")))
            self.table.setItem(r, i, item)

    def latest_series_figures(self, data: AreaData, code: str) -> list[tuple[str, int, float]]:
        """(indicator, year, value) of the buurt's latest figure per series indicator the map's
        data lacks: a project whose figures come only from a series (converted from an older
        division) showed an empty table for every buurt."""
        series = self.series
        if series is None or not series.has_code(code):
            return []
        if self._series_rows is None:
            self._series_rows = series.values.set_index("code").sort_index()
        rows = self._series_rows.loc[[code]]
        rows = rows[rows["value"].notna()]
        known = {*data.indicators, *data.custom}
        found = []
        for indicator in series.indicators:
            if indicator in known:
                continue
            own = rows[rows["indicator"] == indicator]
            if len(own):
                latest = own.sort_values("year").iloc[-1]
                found.append((indicator, int(latest["year"]), float(latest["value"])))
        return found

    def _add_series_rows(self, data: AreaData, code: str) -> None:
        """The series' latest figures for the buurt, in a group that names the year(s)."""
        figures = self.latest_series_figures(data, code)
        if not figures:
            return
        years = sorted({year for _, year, _ in figures})
        span = f"{years[0]}" if len(years) == 1 else f"{years[0]}–{years[-1]}"
        add_group_row(self.table, ui("info_series_group", years=span))
        tooltip = self.derivation.text()  # how the series' figures for this buurt were made
        for indicator, year, value in figures:
            r = self.table.rowCount()
            self.table.insertRow(r)
            label = self.series.label(indicator)
            shown = format_value(indicator, value)
            items = [
                QTableWidgetItem(label if len(years) == 1 else f"{label} ({year})"),
                QTableWidgetItem(shown),
                QTableWidgetItem(""),
            ]
            tip = ui("info_series_tip", label=label, year=year)
            for i, item in enumerate(items):
                item.setToolTip(f"{tip}\n{tooltip}".strip())
                if i > 0:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, i, item)

    def _doubtful(self, data: AreaData, code: str, column: str) -> bool:
        """Whether this buurt's value cannot be right (WOZ 0, shares not adding up …)."""
        from wijkkaart.analysis.plausibility import implausible

        if self._flags is None or self._flags[0] is not data:
            self._flags = (data, implausible(data.frame))
        mask = self._flags[1].get(column)
        return bool(mask is not None and mask.get(code, False))

    def rows(self) -> list[tuple[str, ...]]:
        return table_rows(self.table)
