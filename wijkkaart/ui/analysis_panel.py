"""Analyses in the app: typology, stacking, start buurten, housing-mix scenario, neighbours.

Results become map layers (added through the undo stack) and tables that can be exported.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

import pandas as pd
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wijkkaart.analysis.data_summary import AnalysisOffer, prepare_state, summary_of
from wijkkaart.analysis.indicators import labels_of
from wijkkaart.analysis.neighbours import neighbouring_buurten
from wijkkaart.analysis.ranking import DEFAULT_CRITERIA
from wijkkaart.analysis.scenario import current_mix, scenarios
from wijkkaart.analysis.stacking import DEFAULT_STACKING
from wijkkaart.analysis.typology import (
    DEFAULT_HEAT_RULES,
    DEFAULT_HOUSING_RULES,
    parse_rules,
    rules_from_dicts,
    rules_text,
)
from wijkkaart.catalogue import catalogue
from wijkkaart.commands import Command, InsertAreaLayer, Macro, RunAnalysis
from wijkkaart.feedback import Feedback
from wijkkaart.layers.document import MapDocument
from wijkkaart.layers.formatting import marked_label
from wijkkaart.layers.model import AreaLayer
from wijkkaart.layers.style import CategoricalStyle, ChoroplethStyle
from wijkkaart.messages import WijkkaartError, lazy, reason_text, ui
from wijkkaart.ui.indicator_picker import indicator_caption
from wijkkaart.ui.jobs import Job, JobRunner
from wijkkaart.workspace import Choice, choice_profile

if TYPE_CHECKING:  # what document.results holds per analysis (layers/analyses.run)
    from wijkkaart.analysis.ranking import Ranking
    from wijkkaart.analysis.typology import TypologyResult

ITEM_ID = Qt.ItemDataRole.UserRole
RANKING_DEBOUNCE_MS = 250  # a weight spin box at rest this long re-ranks the buurten


def fill_table(table: QTableWidget, frame: pd.DataFrame) -> None:
    """Show a DataFrame (index as first column) with Dutch-formatted numbers."""
    from wijkkaart.layers.style import format_number

    frame = frame.reset_index()
    table.clear()
    table.setRowCount(len(frame))
    table.setColumnCount(len(frame.columns))
    cat = catalogue()
    table.setHorizontalHeaderLabels([cat[c].label if c in cat else str(c) for c in frame.columns])
    for r, row in enumerate(frame.itertuples(index=False)):
        for c, value in enumerate(row):
            if isinstance(value, float):
                text = "" if pd.isna(value) else format_number(value, 1 if abs(value) < 1000 else 0)
            else:
                text = str(value)
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()


def wrapped(text: str) -> QLabel:
    """A hint that wraps at the dock's width (an unwrapped one widened the whole panel)."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class AnalysisPanel(QTabWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: MapDocument | None = None
        self.apply: Callable[[Command], None] = lambda command: command.do()
        self.current_choice: Callable[[], Choice | None] = lambda: None  # set by the window
        self.select_codes: Callable[[list[str]], None] = lambda codes: None
        self.show_error: Callable[[BaseException], None] = lambda exc: None
        self.addTab(self._typology_tab(), ui("tab_typology"))
        self.addTab(self._stacking_tab(), ui("tab_stacking"))
        self.addTab(self._ranking_tab(), ui("tab_ranking"))
        self.addTab(self._scenario_tab(), ui("tab_scenario"))
        self.addTab(self._neighbours_tab(), ui("tab_neighbours"))
        # Five tabs fit a 1366×768 screen's left dock (about 320 px) with tighter padding; on a
        # narrower dock the tab bar scrolls rather than widening the panel past the dock.
        self.tabBar().setStyleSheet("QTabBar::tab { padding: 4px 3px; }")
        self.tabBar().setUsesScrollButtons(True)
        self.tabBar().setExpanding(False)
        for listing in (self.cluster_indicators, self.stack_indicators):  # elided, no h-scroll
            listing.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            listing.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setEnabled(False)
        self.jobs: JobRunner | None = None  # the window's runner; without one, runs at once
        self._following = False  # connected to the document's events (set_document)
        self._ranking_timer = QTimer(self)
        self._ranking_timer.setSingleShot(True)
        self._ranking_timer.setInterval(RANKING_DEBOUNCE_MS)
        self._ranking_timer.timeout.connect(self.run_ranking)

    def _shown(self) -> MapDocument:
        """The document; the panel is enabled, and follows its events, only once it has one."""
        assert self.document is not None
        return self.document

    def _data_changed(self, *_: object) -> None:
        document = getattr(self, "document", None)
        if document is not None and document.base_areas is not self._filled_from:
            self.set_document(document)

    def unfollow(self) -> None:
        """Disconnect from the document's events (the panel closes); set_document follows
        again."""
        old = getattr(self, "document", None)
        if old is not None and self._following:
            old.events.data_changed.disconnect(self._data_changed)
            old.events.analyses.disconnect(self._analysis_changed)
        self._following = False

    def closeEvent(self, event) -> None:
        self.unfollow()
        super().closeEvent(event)

    def set_document(self, document: MapDocument) -> None:
        """Offer what ``document``'s data holds; refilled by itself when a join or data role
        changes the figures (the document's ``data_changed``), never by the window."""
        old = getattr(self, "document", None)
        if old is not document or not self._following:
            self.unfollow()
            self._following = True
            document.events.data_changed.connect(self._data_changed)
            document.events.analyses.connect(self._analysis_changed)
        self._filled_from = document.base_areas
        self.document = document
        self.setEnabled(True)
        cat = catalogue()
        data = document.base_areas
        # made by the job that built the data (analysis/data_summary.py), not here
        offer = summary_of(data).analysis
        # only indicators with figures are offered, ticked as the CLI's default (one function)
        numeric = offer.clusterable
        preferred = offer.cluster_defaults
        self.cluster_indicators.clear()
        for column in numeric:
            item = QListWidgetItem(indicator_caption(column, column in data.illustrative))
            item.setData(ITEM_ID, column)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if column in preferred else Qt.CheckState.Unchecked
            )
            self.cluster_indicators.addItem(item)
        # the method is chosen for a newly opened project, not again after a join
        self._offer_runnable_default(offer, choose=old is not document)
        self._load_typology()
        chosen = document.analyses.get("stacking", {}).get("indicators", DEFAULT_STACKING)
        self.stack_indicators.clear()
        for column in numeric:
            if cat[column].direction == "neutral":
                continue
            item = QListWidgetItem(indicator_caption(column, column in data.illustrative))
            item.setData(ITEM_ID, column)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if column in chosen else Qt.CheckState.Unchecked
            )
            self.stack_indicators.addItem(item)
        self._fill_criteria()

    # --- typology ------------------------------------------------------------------------------

    def _typology_tab(self) -> QWidget:
        page = QWidget()
        self.use_rules = QRadioButton(ui("typology_rules"))
        self.use_clusters = QRadioButton(ui("typology_clusters"))
        self.use_rules.setChecked(True)
        self.rules = QPlainTextEdit(DEFAULT_HOUSING_RULES)
        housing = QPushButton(ui("rules_housing"))
        heat = QPushButton(ui("rules_heat"))
        housing.clicked.connect(lambda: self.rules.setPlainText(DEFAULT_HOUSING_RULES))
        heat.clicked.connect(lambda: self.rules.setPlainText(DEFAULT_HEAT_RULES))
        self.cluster_indicators = QListWidget()
        self.k = QSpinBox()
        self.k.setRange(2, 12)
        self.k.setValue(5)
        self.cluster_method = QComboBox()
        self.cluster_method.addItem("k-means", "kmeans")
        self.cluster_method.addItem("Ward", "ward")
        self.contiguous = QCheckBox(ui("contiguous"))
        self.min_inhabitants = QSpinBox()
        self.min_inhabitants.setRange(0, 1_000_000)
        self.min_inhabitants.setSingleStep(1000)
        run = QPushButton(ui("apply"))
        run.clicked.connect(self.run_typology)
        self.explanation = QTableWidget()
        export = QPushButton(ui("export_csv"))
        export.clicked.connect(lambda: self._export(self.explanation_frame, ui("file_typology")))
        self.explanation_frame: pd.DataFrame | None = None
        # one above the other: side by side they made the tab 350 px wide, wider than the dock
        buttons = QVBoxLayout()
        buttons.addWidget(housing)
        buttons.addWidget(heat)
        form = QFormLayout()
        form.addRow(ui("classes"), self.k)
        form.addRow(ui("method"), self.cluster_method)
        form.addRow(self.contiguous)
        form.addRow(ui("min_inhabitants"), self.min_inhabitants)
        # Only the chosen method's settings are shown: at 1366×768 both at once left the
        # explanation table one row high.
        self.rules_box = QWidget()
        rules_layout = QVBoxLayout(self.rules_box)
        rules_layout.setContentsMargins(0, 0, 0, 0)
        rules_layout.addWidget(self.rules)
        rules_layout.addLayout(buttons)
        self.cluster_box = QWidget()
        cluster_layout = QVBoxLayout(self.cluster_box)
        cluster_layout.setContentsMargins(0, 0, 0, 0)
        cluster_layout.addWidget(self.cluster_indicators)
        cluster_layout.addLayout(form)
        self.explanation.setMinimumHeight(150)
        layout = QVBoxLayout(page)
        self.rules_reason = QLabel()
        self.rules_reason.setWordWrap(True)
        self.rules_reason.setVisible(False)
        layout.addWidget(self.use_rules)
        layout.addWidget(self.rules_reason)
        layout.addWidget(self.rules_box, 1)
        layout.addWidget(self.use_clusters)
        layout.addWidget(self.cluster_box, 1)
        layout.addWidget(run)
        layout.addWidget(self.explanation, 2)
        layout.addWidget(export)
        self.use_rules.toggled.connect(self._show_method)
        self._show_method()
        return page

    def _offer_runnable_default(self, offer: AnalysisOffer, choose: bool = True) -> None:
        """Start from a method that can run here: on a gemeente without housing figures the
        default rules would only be refused at the first click, so clustering is chosen and the
        rules say in one line why."""
        if not offer.default_rules_run:
            self.rules_reason.setText(ui("rules_default_unavailable"))
            self.rules_reason.setToolTip(labels_of(list(offer.default_rules_empty)))
            self.rules_reason.setVisible(True)
            if choose:
                self.use_clusters.setChecked(True)
            return
        self.rules_reason.setVisible(False)
        if choose:
            self.use_rules.setChecked(True)

    def _analysis_changed(self, kind: str) -> None:
        if kind == "typology":  # run, undone or redone: the panel shows what the map shows
            self._load_typology()
            if "typology" not in self._shown().analyses:
                self._show_explanation()

    def _load_typology(self, *_args: object) -> None:
        """Show the typology the map holds (after reopening or an undo): its method, rules,
        indicators and settings, and its explanation, so a new Toepassen runs what is shown."""
        document = self.document
        if document is None:
            return
        spec = document.analyses.get("typology")
        if not spec:
            return
        try:
            shown = self.typology_spec() == spec
        except WijkkaartError:
            shown = False
        if shown:  # the panel already says this (just run): keep the rules as the user typed
            self._show_explanation()
            return
        if spec.get("method") == "rules":
            self.use_rules.setChecked(True)
            self.rules.setPlainText(rules_text(rules_from_dicts(spec.get("rules", []))))
        else:
            self.use_clusters.setChecked(True)
            index = self.cluster_method.findData(spec.get("method", "kmeans"))
            if index >= 0:
                self.cluster_method.setCurrentIndex(index)
            self.k.setValue(int(spec.get("k", self.k.value())))
            self.contiguous.setChecked(bool(spec.get("contiguous", False)))
            self.min_inhabitants.setValue(int(spec.get("min_inhabitants", 0)))
            chosen = set(spec.get("indicators", []))
            for i in range(self.cluster_indicators.count()):
                item = self.cluster_indicators.item(i)
                item.setCheckState(
                    Qt.CheckState.Checked
                    if item.data(ITEM_ID) in chosen
                    else Qt.CheckState.Unchecked
                )
        self._show_explanation()

    def _show_method(self, *_args: object) -> None:
        self.rules_box.setVisible(self.use_rules.isChecked())
        self.cluster_box.setVisible(not self.use_rules.isChecked())

    def typology_spec(self) -> dict:
        if self.use_rules.isChecked():
            return {
                "method": "rules",
                "rules": [r.to_dict() for r in parse_rules(self.rules.toPlainText())],
            }
        chosen = [
            self.cluster_indicators.item(i).data(ITEM_ID)
            for i in range(self.cluster_indicators.count())
            if self.cluster_indicators.item(i).checkState() == Qt.CheckState.Checked
        ]
        return {
            "method": self.cluster_method.currentData(),
            "indicators": chosen,
            "k": self.k.value(),
            "seed": 0,
            "contiguous": self.contiguous.isChecked(),
            "min_inhabitants": self.min_inhabitants.value(),
        }

    def run_typology(self) -> None:
        try:
            spec = self.typology_spec()
        except WijkkaartError as exc:
            self.show_error(exc)
            return
        self._run(
            "typology",
            spec,
            "typologie",
            CategoricalStyle("typologie"),
            ui("layer_typology"),
            then=self._show_explanation,
        )

    def _show_explanation(self) -> None:
        document = self.document
        found = document.results.get("typology") if document else None
        result = cast("TypologyResult | None", found)
        if result is not None:
            self.explanation_frame = result.explanation
            fill_table(self.explanation, result.explanation)
        else:
            self.explanation_frame = None
            self.explanation.clear()
            self.explanation.setRowCount(0)
            self.explanation.setColumnCount(0)

    # --- stacking ------------------------------------------------------------------------------

    def _stacking_tab(self) -> QWidget:
        page = QWidget()
        self.stack_indicators = QListWidget()
        self.margin = QDoubleSpinBox()
        self.margin.setRange(0.0, 3.0)
        self.margin.setSingleStep(0.25)
        self.margin.setValue(0.5)
        run = QPushButton(ui("apply"))
        run.clicked.connect(self.run_stacking)
        form = QFormLayout()
        form.addRow(ui("margin_sd"), self.margin)
        layout = QVBoxLayout(page)
        layout.addWidget(wrapped(ui("stacking_hint")))
        layout.addWidget(self.stack_indicators)
        layout.addLayout(form)
        layout.addWidget(run)
        return page

    def run_stacking(self) -> None:
        chosen = [
            self.stack_indicators.item(i).data(ITEM_ID)
            for i in range(self.stack_indicators.count())
            if self.stack_indicators.item(i).checkState() == Qt.CheckState.Checked
        ]
        self._run(
            "stacking",
            {"indicators": chosen, "margin": self.margin.value()},
            "stapeling",
            CategoricalStyle("stapeling"),
            ui("layer_stacking"),
        )

    # --- start buurten -------------------------------------------------------------------------

    def _ranking_tab(self) -> QWidget:
        page = QWidget()
        self.criteria = QTableWidget(0, 3)
        self.criteria.setHorizontalHeaderLabels(
            [ui("criterion"), ui("weight"), ui("higher_better")]
        )
        self.criteria.verticalHeader().setVisible(False)
        self.contributions = QLabel(ui("ranking_hint"))
        self.contributions.setWordWrap(True)
        show = QPushButton(ui("apply"))
        show.clicked.connect(self.run_ranking)
        layout = QVBoxLayout(page)
        layout.addWidget(self.criteria)
        layout.addWidget(show)
        layout.addWidget(self.contributions)
        return page

    def _fill_criteria(self) -> None:
        document = self._shown()
        spec = document.analyses.get("ranking", {}).get(
            "criteria", [c.to_dict() for c in DEFAULT_CRITERIA]
        )
        present = [c for c in spec if c["indicator"] in document.base_areas.frame]
        self.criteria.setRowCount(len(present))
        self._weights: list[tuple[str, QDoubleSpinBox, QCheckBox]] = []
        for row, crit in enumerate(present):
            label = QTableWidgetItem(
                marked_label(crit["indicator"], document.base_areas.illustrative)
            )
            self.criteria.setItem(row, 0, label)
            weight = QDoubleSpinBox()
            weight.setRange(0, 10)
            weight.setValue(float(crit["weight"]))
            better = QCheckBox()
            better.setChecked(bool(crit["higher_is_better"]))
            self.criteria.setCellWidget(row, 1, weight)
            self.criteria.setCellWidget(row, 2, better)
            weight.valueChanged.connect(self._ranking_changed)
            better.toggled.connect(self._ranking_changed)
            self._weights.append((crit["indicator"], weight, better))
        self.criteria.resizeColumnsToContents()

    def ranking_spec(self) -> dict:
        return {
            "criteria": [
                {"indicator": i, "weight": w.value(), "higher_is_better": b.isChecked()}
                for i, w, b in self._weights
            ]
        }

    def _ranking_changed(self, *_args: object) -> None:
        """The map follows the weights, once the spin box rests (not at each of 20 steps)."""
        if "ranking" in self._shown().analyses:
            self._ranking_timer.start()

    def run_ranking(self) -> None:
        self._run(
            "ranking",
            self.ranking_spec(),
            "startscore",
            ChoroplethStyle("startscore", ramp="YlGn"),
            ui("layer_ranking"),
            merge_key="ranking",
        )

    def show_contributions(self, code: str | None) -> None:
        document = self.document
        result = cast("Ranking | None", document.results.get("ranking") if document else None)
        if document is None or result is None or code is None:
            return
        if code not in result.contributions.index:
            return
        cat = catalogue()
        parts = result.contributions.loc[code] * 100
        lines = [
            ui(
                "ranking_of",
                name=document.areas.frame.at[code, "naam"],
                rank=int(result.rank[code]),
                score=f"{result.score[code] * 100:.0f}",
            )
        ]
        for indicator, value in parts.sort_values(ascending=False).items():
            missing = (
                " (" + reason_text("no_data") + ")" if result.missing.at[code, indicator] else ""
            )
            lines.append(f"  {cat[indicator].label}: {value:.1f}{missing}")
        self.contributions.setText("\n".join(lines))

    # --- housing mix ---------------------------------------------------------------------------

    def _scenario_tab(self) -> QWidget:
        page = QWidget()
        self.targets = {}
        form = QFormLayout()
        for key, default in (("koop", 40), ("corporatie", 40), ("particulier", 20)):
            spin = QSpinBox()
            spin.setRange(0, 100)
            spin.setSuffix(" %")
            spin.setValue(default)
            self.targets[key] = spin
            form.addRow(ui(f"target_{key}"), spin)
        run = QPushButton(ui("apply"))
        run.clicked.connect(self.run_scenario)
        self.scenario_title = QLabel(ui("scenario_hint"))
        self.scenario_title.setWordWrap(True)
        self.scenario_table = QTableWidget()
        self.scenario_frame: pd.DataFrame | None = None
        export = QPushButton(ui("export_csv"))
        export.clicked.connect(lambda: self._export(self.scenario_frame, ui("file_scenario")))
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(run)
        layout.addWidget(self.scenario_title)
        layout.addWidget(self.scenario_table)
        layout.addWidget(export)
        return page

    def run_scenario(self) -> Job | None:
        """The housing-mix scenarios of the chosen area, computed in a ``scenario`` job (its
        profile took 40-100 ms on the GUI thread); a new click cancels the one still running."""
        choice = self.current_choice()
        if choice is None:
            self.scenario_title.setText(ui("scenario_hint"))
            return None
        targets = {k: float(s.value()) for k, s in self.targets.items()}
        document = self.document

        def work(feedback: Feedback):
            result = choice_profile(choice, feedback)
            if result is None:
                return None
            mix = current_mix(result)
            return mix, scenarios(mix, targets)

        def apply(outcome) -> None:
            if self.document is not document:
                return  # another project was opened meanwhile
            if document is not None and document.areas is not choice.data:
                self.run_scenario()  # a join or analysis landed: on what the map has now
                return
            if outcome is None:
                self.scenario_title.setText(ui("scenario_hint"))
                return
            mix, table = outcome
            shares = mix.shares()
            self.scenario_title.setText(
                ui(
                    "scenario_now",
                    name=choice.title,
                    total=round(mix.total),
                    koop=round(shares["koop"]),
                    corp=round(shares["corporatie"]),
                    priv=round(shares["particulier"]),
                )
            )
            self.scenario_frame = table
            fill_table(self.scenario_table, table)

        self.scenario_title.setText(ui("profile_busy"))
        return self._side_job(
            "scenario",
            work,
            apply,
            ui("job_scenario"),
            reset=lambda: self.scenario_title.setText(ui("scenario_hint")),
        )

    # --- neighbours ----------------------------------------------------------------------------

    def _neighbours_tab(self) -> QWidget:
        page = QWidget()
        run = QPushButton(ui("neighbours_show"))
        run.clicked.connect(self.run_neighbours)
        self.neighbours_table = QTableWidget()
        self.neighbours_frame: pd.DataFrame | None = None
        layout = QVBoxLayout(page)
        layout.addWidget(wrapped(ui("neighbours_hint")))
        layout.addWidget(run)
        layout.addWidget(self.neighbours_table)
        return page

    def run_neighbours(self) -> Job | None:
        """The buurten next to the chosen area, found in a ``neighbours`` job (a spatial query
        of every buurt's intersection), then listed and selected."""
        choice = self.current_choice()
        if choice is None:
            return None
        document = self.document

        def work(feedback: Feedback) -> pd.DataFrame:
            feedback.check()
            return neighbouring_buurten(choice.data, choice.polygon)

        def apply(table: pd.DataFrame) -> None:
            if self.document is not document:
                return
            if document is not None and document.areas is not choice.data:
                self.run_neighbours()  # on what the map has now
                return
            self.neighbours_frame = table
            fill_table(self.neighbours_table, table)
            self.select_codes(list(table.index))

        return self._side_job("neighbours", work, apply, ui("job_neighbours"))

    def _side_job(
        self, kind: str, work, apply, label: str, reset: Callable[[], None] | None = None
    ) -> Job | None:
        """A computation that shows a table and changes nothing of the document: in a job of
        its own kind (at once without a runner: a panel on its own). ``reset`` takes back the
        panel's "bezig" text when the job fails or is cancelled."""
        reset = reset or (lambda: None)

        def failed(exc: BaseException) -> None:
            reset()
            self.show_error(exc)

        if self.jobs is None:
            try:
                apply(work(Feedback()))
            except WijkkaartError as exc:
                failed(exc)
            return None
        return self.jobs.start(kind, work, apply, label=label, on_error=failed, on_cancel=reset)

    # --- shared --------------------------------------------------------------------------------

    def _run(
        self,
        kind: str,
        spec: dict,
        column: str,
        style,
        name: str,
        merge_key: object | None = None,
        then: Callable[[], None] | None = None,
    ) -> Job | None:
        """Compute an analysis in a job and show it on a layer (added if none maps it).

        The result is computed on a draft of the document, off the GUI thread, and applied as
        one undo step; a new run of the same analysis cancels the one still running. When the
        document changed meanwhile (another analysis or a join landed), it is computed again
        on the new data, so it never puts back figures from before.
        """
        document = self.document
        if document is None:
            return None
        draft = document.draft()
        basis = document.revision
        job_label = ui("job_analysis", name=ui(f"analysis_{kind}"))

        def work(feedback: Feedback) -> object:
            draft.set_analysis(kind, spec, feedback)
            return prepare_state(draft.data_state())  # the panels' summary made here too

        def apply(state: object) -> None:
            if self.document is not document:
                return  # another project was opened meanwhile
            if document.revision != basis:  # stale: run again on what the map has now
                if self.jobs is not None:
                    self.jobs.say_stale(job_label)
                self._run(kind, spec, column, style, name, merge_key, then)
                return
            label = lazy(f"cmd_{kind}")
            command: Command = RunAnalysis(document, kind, spec, state, label, merge_key)
            shown = any(
                isinstance(x, AreaLayer) and getattr(x.style, "indicator", "") == column
                for x in document.layers
            )
            if not shown:
                layer = AreaLayer(name=name, style=style, source={"dataset": "project"})
                command = Macro(label, [command, InsertAreaLayer(document, layer, label)])
            self.apply(command)
            if then is not None:
                then()

        if self.jobs is None:  # a panel on its own (no window): at once, on this thread
            try:
                apply(work(Feedback()))
            except WijkkaartError as exc:
                self.show_error(exc)
            return None
        return self.jobs.start(
            f"analysis:{kind}",
            work,
            apply,
            label=job_label,
            on_error=self.show_error,
        )

    def _export(self, frame: pd.DataFrame | None, default: str, path: str | None = None) -> None:
        if frame is None:
            return
        if path is None:
            from wijkkaart.ui import folders

            near = self._shown().project.path
            path = folders.ask_save(self, ui("export_csv"), default, near, "CSV (*.csv)")
        if not path:
            return
        from wijkkaart.safe_output import atomic_path

        inputs = self._shown().project.input_paths()
        try:
            with atomic_path(Path(path), inputs=inputs) as tmp:
                frame.to_csv(tmp, sep=";", decimal=",", encoding="utf-8-sig")
        except WijkkaartError as exc:
            self.show_error(exc)
