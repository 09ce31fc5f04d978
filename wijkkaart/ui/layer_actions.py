"""The layers and data of the project: add a layer file, a new map layer, remove a layer, the
background map, a bivariate map, and the data dialogs (add data, remove data, join a table).

Every change is a command on the window's one undo stack (``window.apply``); the views follow the
document's events. Failures are Dutch dialogs and leave the project as it was.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from wijkkaart.commands import InsertItem, RemoveItem, ReplaceAreaData, SetAttribute
from wijkkaart.layers.document import MapDocument
from wijkkaart.layers.model import BasemapLayer, Layer
from wijkkaart.layers.style import BivariateStyle
from wijkkaart.messages import lazy, ui
from wijkkaart.ui.errors import error_box

if TYPE_CHECKING:
    from wijkkaart.ui.add_data_dialog import AddDataDialog
    from wijkkaart.ui.main_window import MainWindow
    from wijkkaart.ui.table_dialog import TableJoinDialog

log = logging.getLogger(__name__)

TABLE_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm")


class LayerActions:
    """The layer and data commands of ``window`` (its menus and the layer panel's buttons)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.table_dialog: TableJoinDialog | None = None
        self.added: Layer | None = None  # the layer the last add_layer_file added (tests)
        self.add_data_dialog: AddDataDialog | None = None
        panel = window.layer_panel
        panel.buttons["add"].clicked.connect(self.choose_layer_file)
        panel.buttons["new"].clicked.connect(self.add_area_layer)
        panel.buttons["remove"].clicked.connect(self.remove_current_layer)

    @property
    def document(self) -> MapDocument | None:
        return self.window.document

    def _status(self, text: str, timeout: int) -> None:
        self.window.statusBar().showMessage(text, timeout)

    # --- layers --------------------------------------------------------------------------------

    def choose_layer_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, ui("add_layer"), "", ui("file_filter_layer")
        )
        if path:
            self.add_layer_file(path)

    def add_layer_file(self, path: Path | str) -> None:
        """Add a layer file to the map. It is read in a ``layer_file`` job (a file of areas or
        outlines took seconds on the GUI thread); the done callback adds the layer (one undo
        step, kept in ``self.added``). A file that cannot be used is the Dutch error dialog."""
        document = self.document
        self.added = None
        if document is None:
            return
        if Path(path).suffix.lower() in TABLE_SUFFIXES:
            self.join_table(path)  # a table has no shapes: join it to the buurten instead
            return

        def work(feedback) -> Layer:
            return document.layer_for_file(path, feedback)

        def apply(layer: Layer) -> None:
            if self.document is not document:
                return  # another project was opened meanwhile
            self.window.apply(InsertItem(document.layers, layer, label=lazy("cmd_add_layer")))
            self.window.layer_panel.select(layer)
            self.added = layer

        self.window.jobs.start(
            "layer_file",
            work,
            apply,
            label=ui("job_layer_file", name=Path(path).name),
            path=path,
        )

    def add_area_layer(self) -> None:
        if self.document is not None:
            layer = self.document.new_area_layer()
            self.window.apply(InsertItem(self.document.layers, layer, label=lazy("cmd_add_layer")))
            self.window.layer_panel.select(layer)

    def remove_current_layer(self) -> None:
        panel = self.window.layer_panel
        layer = panel.current_layer()
        if layer is not None and self.document is not None:
            # the panel says its current layer changed (the style panel follows it)
            self.window.apply(
                RemoveItem(self.document.layers, layer, label=lazy("cmd_remove_layer"))
            )

    def toggle_basemap(self, checked: bool | None = None) -> None:
        """Add the PDOK background map at the bottom, or remove it."""
        if self.document is None:
            return
        layers = self.document.layers
        present = [layer for layer in layers if isinstance(layer, BasemapLayer)]
        wanted = not present if checked is None else bool(checked)
        if wanted and not present:
            basemap = BasemapLayer(name=ui("basemap_name"))
            self.window.apply(InsertItem(layers, basemap, 0, label=lazy("cmd_basemap")))
        elif not wanted:
            for layer in present:
                self.window.apply(RemoveItem(layers, layer, label=lazy("cmd_basemap")))
        self.window.actions_by_key["basemap"].setChecked(wanted)

    def make_bivariate(self) -> None:
        """Kaart → Bivariate kaart: housing ownership against energy labels (or what there is)."""
        layer = self.window.identify_layer()
        if layer is None or layer.data is None:
            return
        data = layer.data
        x = next(
            (
                c
                for c in ("perc_huurwoningen_in_bezit_woningcorporaties", "percentage_koopwoningen")
                if c in data.frame
            ),
            data.indicators[0],
        )
        y = next(
            (
                c
                for c in (
                    "percentage_energielabel_e_tot_g",
                    "gemiddeld_gasverbruik_totaal",
                    "leefbaarometer_score",
                )
                if c in data.frame and c != x
            ),
            x,
        )
        self.window.apply(SetAttribute(layer, "style", BivariateStyle(x, y), lazy("cmd_style")))
        self.window.layer_panel.select(layer)  # the style panel follows the panel's choice

    # --- tables --------------------------------------------------------------------------------

    def choose_table(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, ui("join_table"), "", "CSV / Excel (*.csv *.txt *.xlsx)"
        )
        if path:
            self.join_table(path)

    def join_table(self, path: Path | str):
        """Open the join dialog (returned, for tests); it reads the table in a job and closes
        with the Dutch error dialog when the table cannot be joined."""
        from wijkkaart.ui.table_dialog import TableJoinDialog

        if self.document is None:
            return None
        dialog = TableJoinDialog(self.document, path, self.window)
        self.table_dialog = dialog
        dialog.apply = self.window.apply
        dialog.jobs = self.window.jobs
        dialog.accepted.connect(lambda: self._table_joined(dialog))
        dialog.show()
        dialog.read()
        return dialog

    def _table_joined(self, dialog: TableJoinDialog) -> None:
        self._status(dialog.summary.text(), 15000)
        box = QMessageBox(
            QMessageBox.Icon.Information,
            ui("join_title"),
            dialog.summary.text(),
            parent=self.window,
        )
        report = dialog.report
        if report is not None and report.warnings:  # the details, never the sentence again
            box.setInformativeText("\n".join(dict.fromkeys(report.warnings)))
        box.exec()

    # --- add and remove data -------------------------------------------------------------------

    def add_data(self, role: str | None = None, show: bool = True):
        """Bestand → Gegevens toevoegen: the dialog (returned for tests)."""
        from wijkkaart.ui.add_data_dialog import AddDataDialog

        if self.document is None:
            return None
        dialog = AddDataDialog(self.document, self.window)
        dialog.apply = self.window.apply
        dialog.jobs = self.window.jobs
        if role is not None:
            dialog.set_role(role)
        before = list(self.document.layers)
        dialog.accepted.connect(lambda: self._data_added(dialog, before))
        self.add_data_dialog = dialog
        if show:
            dialog.show()
        return dialog

    def _data_added(self, dialog: AddDataDialog, before: list[Layer]) -> None:
        if dialog.table_path is not None:
            self.join_table(dialog.table_path)
            return
        report = dialog.report
        if report is None or self.document is None:
            return
        added = [layer for layer in self.document.layers if layer not in before]
        if added:
            self.window.layer_panel.select(added[-1])
            self.window.navigation.zoom_to_layers(added)
        headline, details = dialog.report_text(report)
        self._status(headline, 15000)
        box = QMessageBox(
            QMessageBox.Icon.Information, ui("add_data_title"), headline, parent=self.window
        )
        box.setInformativeText(details or headline)
        box.exec()

    def remove_data(self, choice: int | None = None) -> bool:
        """Bestand → Gegevens verwijderen: take a table, raster, plan … out of the project, as
        one undoable step (``choice``: the index in the list offered, for tests). True: the
        removal runs in a job (its failure is a Dutch dialog then)."""
        from wijkkaart.roles import project_roles

        if self.document is None:
            return False
        roles = [r for r in project_roles(self.document.project) if r["role"] != "areas"]
        if not roles:
            self._status(ui("remove_data_none"), 8000)
            return False
        labels = [f"{ui('role_' + r['role'])}: {Path(r['path']).name}" for r in roles]
        if choice is None:
            text, ok = QInputDialog.getItem(
                self.window, ui("remove_data_title"), ui("remove_data_question"), labels, 0, False
            )
            if not ok or text not in labels:
                return False
            choice = labels.index(text)
        entry = roles[choice]
        self._remove(self.document, entry["role"], self.document.project.resolve(entry["path"]))
        return True

    def _remove(self, document: MapDocument, role: str, path: Path) -> None:
        """Compute the removal on a draft in a job (a national project re-derives its figures:
        seconds, not for the GUI thread), then put it in place as one command; a change that
        landed meanwhile makes it compute again on that."""
        from wijkkaart.analysis.data_summary import prepare_state
        from wijkkaart.roles import remove_role

        draft, basis = document.draft(), document.revision

        def work(feedback):
            remove_role(draft, role, path, feedback)
            return prepare_state(draft.data_state())  # the panels' summary too

        def apply(state) -> None:
            if document is not self.document:
                return  # another project was opened meanwhile
            if document.revision != basis:
                self.window.jobs.say_stale(ui("remove_data_title"))
                self._remove(document, role, path)
                return
            self.window.apply(ReplaceAreaData(document, state, lazy("cmd_remove_data")))
            self._status(ui("remove_data_done", name=path.name), 8000)

        def failed(error: BaseException) -> None:  # a Dutch dialog; the project stays as it was
            error_box(self.window, error, path).exec()

        self.window.jobs.start(
            "remove_data", work, apply, on_error=failed, label=ui("remove_data_title"), path=path
        )
