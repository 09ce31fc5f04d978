"""The profile of a focus area, a selection or the area being drawn, like a "Kenmerken" card.

Key figures grouped as planners read them (inhabitants and dwellings, tenure, energy, heat plan,
liveability and risk), each beside the gemeente value; buurten counted only partly are named.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QLabel,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wijkkaart.analysis.card import CARD
from wijkkaart.analysis.profile import Profile
from wijkkaart.catalogue import catalogue
from wijkkaart.io.dataset import AreaData
from wijkkaart.layers.formatting import format_value, gemeenten_text
from wijkkaart.messages import reason_text, ui
from wijkkaart.ui.figures_table import add_group_row, figures_table, table_rows, title_label

WATERBED_TAB = 2  # Cijfers | Door de jaren heen | Waterbedeffect


class TabPage(QWidget):
    """A tab's page that asks for height only while it is the one shown: the dock's scroll area
    sizes the panel by the tabs' height for its width, which is the tallest page's, so a long
    note on a hidden tab made the shown one scroll on a 1366x768 screen."""

    def heightForWidth(self, width: int) -> int:
        return super().heightForWidth(width) if not self.isHidden() else 0


class ProfilePanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title_label(ui("profile_hint"))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.table = figures_table([ui("col_indicator"), ui("col_area"), ui("col_gemeente")])
        # not wider than a 1366×768 screen's right dock: 430 put the Gemeente column off-screen
        self.setMinimumWidth(300)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        from wijkkaart.ui.trend_view import TrendView

        # The figures and the trend over the years are two tabs: one above the other, the chart
        # sat below a 1366x768 laptop's dock (its bottom 230 px out of sight). The trend's tab is
        # there while the trend view is (shown for an area of a project with a series).
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setTabBarAutoHide(True)
        figures = TabPage()
        page = QVBoxLayout(figures)
        page.setContentsMargins(0, 2, 0, 0)
        page.addWidget(self.note)
        page.addWidget(self.table)
        self.trend = TrendView()  # the area over the years, when the project has a series
        trend_page = TabPage()
        trend_layout = QVBoxLayout(trend_page)
        trend_layout.setContentsMargins(0, 2, 0, 0)
        trend_layout.addWidget(self.trend)
        self.tabs.addTab(figures, ui("profile_tab_figures"))
        self.tabs.addTab(trend_page, ui("trend_panel_title"))
        self.trend.installEventFilter(self)
        self.trend.hide()
        self.tabs.setTabVisible(1, False)
        from wijkkaart.ui.waterbed_view import WaterbedView

        # the focus area beside its neighbouring buurten: offered once a project is open
        self.waterbed = WaterbedView()
        waterbed_page = TabPage()
        waterbed_layout = QVBoxLayout(waterbed_page)
        waterbed_layout.setContentsMargins(0, 2, 0, 0)
        waterbed_layout.addWidget(self.waterbed)
        self.tabs.addTab(waterbed_page, ui("wb_tab"))
        self.tabs.setTabVisible(WATERBED_TAB, False)
        layout.addWidget(self.tabs)
        from wijkkaart.ui.language import follow_language

        follow_language(self._language_changed)

    def _language_changed(self, _code: str) -> None:
        self.tabs.setTabText(0, ui("profile_tab_figures"))
        self.tabs.setTabText(1, ui("trend_panel_title"))
        self.tabs.setTabText(WATERBED_TAB, ui("wb_tab"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The trend's tab follows the trend view being shown or hidden (by the window)."""
        if watched is self.trend and event.type() in (
            QEvent.Type.ShowToParent,
            QEvent.Type.HideToParent,
        ):
            shown = event.type() == QEvent.Type.ShowToParent
            if self.tabs.isTabVisible(1) != shown:
                self.tabs.setTabVisible(1, shown)
        return super().eventFilter(watched, event)

    def has_trend(self) -> bool:
        """The trend's tab is offered (an area of a project with a series)."""
        return self.tabs.isTabVisible(1)

    def show_trend_tab(self) -> None:
        """Bring the trend over the years to the front (when there is one)."""
        if self.tabs.isTabVisible(1):
            self.tabs.setCurrentIndex(1)

    def offer_waterbed(self, offered: bool) -> None:
        """Show or hide the *Waterbedeffect* tab (offered while a project is open; without a
        series it says why there is nothing to compare)."""
        if self.tabs.isTabVisible(WATERBED_TAB) != offered:
            self.tabs.setTabVisible(WATERBED_TAB, offered)

    def has_waterbed(self) -> bool:
        return self.tabs.isTabVisible(WATERBED_TAB)

    def show_waterbed_tab(self) -> None:
        if self.tabs.isTabVisible(WATERBED_TAB):
            self.tabs.setCurrentIndex(WATERBED_TAB)

    def clear(self) -> None:
        self.title.setText(ui("profile_hint"))
        self.note.setText("")
        self.table.setRowCount(0)
        self.trend.hide()

    def show_busy(self, title: str) -> None:
        """An area whose card is being computed (in a job): its name, no figures of another."""
        self.title.setText(title)
        self.note.setText(ui("profile_busy"))
        self.table.setRowCount(0)

    def show_profile(self, title: str, result: Profile, data: AreaData) -> None:
        cat = catalogue()
        self.title.setText(title)
        notes = [ui("profile_buurten", n=len(result.shares))]
        if result.partial:
            parts = ", ".join(
                f"{result.names.get(c) or c} ({result.shares[c]:.0%})" for c in result.partial[:6]
            )
            more = "…" if len(result.partial) > 6 else ""
            notes.append(ui("profile_partial", parts=parts + more))
        if result.gemeenten:
            notes.append(ui("profile_gemeenten", codes=gemeenten_text(data, result.gemeenten)))
        if data.illustrative & set(result.indicators):
            notes.append("* " + ui("illustrative_note"))
        self.note.setText("\n".join(notes))
        self.table.setRowCount(0)
        national = result.national
        headers = [ui("col_indicator"), ui("col_area"), ui("col_gemeente")]
        if result.several_gemeenten:
            headers.append(ui("col_all_in_file"))
        if result.has_g4:
            headers.append(ui("col_g4"))
        if national:
            headers.append(ui("col_national"))
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        for group, ids in CARD:
            present = [i for i in ids if i in result.indicators]
            if not present:
                continue
            self._header(ui(group))
            for indicator in present:
                item = result.indicators[indicator]
                ind = cat.get(indicator)
                label = ind.label if ind else indicator
                label += " *" if indicator in data.illustrative else ""
                cells = [
                    label,
                    self._text(indicator, item.value),
                    self._text(indicator, item.gemeente),
                ]
                if item.file_wide is not None:
                    cells.append(self._text(indicator, item.file_wide))
                if item.g4 is not None:
                    cells.append(self._text(indicator, item.g4))
                if national:
                    cells.append(format_value(indicator, national.get(indicator)))
                self._row(cells, item.value.coverage, ind.definition if ind else indicator)
        self.table.fit_columns()

    @staticmethod
    def _text(indicator: str, value) -> str:
        if value.distribution:
            top = sorted(value.distribution.items(), key=lambda kv: -kv[1])[:2]
            return ", ".join(f"{format_value(indicator, k)} {v:.0%}" for k, v in top)
        if value.low is not None:
            low, high = int(value.low), int(value.high)
            return str(low) if low == high else f"{low}–{high}"
        text = format_value(indicator, value.value)
        if not text:
            return ui("weight_missing") if value.reason == "no_weight" else reason_text("no_data")
        return text

    def _header(self, text: str) -> None:
        add_group_row(self.table, text)

    def _row(self, cells: list[str], coverage: float, tip: str) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        if coverage < 0.995 and cells[1] not in (reason_text("no_data"), ui("weight_missing")):
            cells[1] += f" ({ui('coverage')} {coverage:.0%})"
        for column, text in enumerate(cells):
            cell = QTableWidgetItem(text)
            cell.setToolTip(tip)
            self.table.setItem(r, column, cell)

    def rows(self) -> list[tuple[str, ...]]:
        return table_rows(self.table)
