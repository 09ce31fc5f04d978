"""A dialog for one goal of a focus area: indicator, baseline, target, horizon, party, note."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from wijkkaart.analysis.goals import Goal
from wijkkaart.io.series import Series
from wijkkaart.messages import WijkkaartError, language, ui

TARGET_KEYS = ("absolute", "gemeente", "g4", "gap")


class GoalDialog(QDialog):
    def __init__(self, series: Series, indicator: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(ui("goal_dialog_title"))
        self.indicator = QComboBox()
        for item in series.indicators:
            self.indicator.addItem(series.label(item), item)
        if indicator is not None:
            self.indicator.setCurrentIndex(max(self.indicator.findData(indicator), 0))
        years = series.years
        self.baseline = QSpinBox()
        self.baseline.setRange(1990, 2100)
        self.baseline.setValue(years[0] if years else 2020)
        self.target = QComboBox()
        for key in TARGET_KEYS:
            self.target.addItem(ui(f"goal_target_{key}"), key)
        self.value = QDoubleSpinBox()
        self.value.setRange(-1e9, 1e9)
        self.value.setDecimals(2)
        # the number as the rest of the interface writes it (5,5 in Dutch), not as the system's
        # locale would (5.50 on an English or C system)
        dutch = language() == "nl"
        self.value.setLocale(
            QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands)
            if dutch
            else QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
        )
        self.horizon = QSpinBox()
        self.horizon.setRange(1991, 2100)
        self.horizon.setValue((years[-1] if years else 2020) + 5)
        self.quick_win = QCheckBox(ui("goal_quick_win"))
        self.party = QLineEdit()
        self.note = QLineEdit()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        form = QFormLayout(self)
        form.addRow(ui("goal_field_indicator"), self.indicator)
        form.addRow(ui("goal_field_baseline"), self.baseline)
        form.addRow(ui("goal_field_target"), self.target)
        form.addRow(ui("goal_field_value"), self.value)
        form.addRow(ui("goal_field_horizon"), self.horizon)
        form.addRow("", self.quick_win)
        form.addRow(ui("goal_field_party"), self.party)
        form.addRow(ui("goal_field_note"), self.note)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.result_goal: Goal | None = None

    def goal(self) -> Goal:
        """The goal as filled in; a Dutch message (WijkkaartError) when it cannot be one."""
        target = self.target.currentData()
        return Goal(
            indicator=self.indicator.currentData(),
            baseline_year=self.baseline.value(),
            target=target,
            target_value=self.value.value() if target in ("absolute", "gap") else None,
            horizon_year=self.horizon.value(),
            horizon="quick_win" if self.quick_win.isChecked() else "long_term",
            party=self.party.text().strip(),
            note=self.note.text().strip(),
        )

    def _accept(self) -> None:
        try:
            self.result_goal = self.goal()
        except WijkkaartError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
