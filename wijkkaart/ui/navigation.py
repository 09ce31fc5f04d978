"""Finding your way on the map: search a buurt, wijk or gemeente, and the zoom-to commands.

The search bar offers the areas of the map and the wijken/gemeenten they lie in; choosing one
selects its areas and zooms to them. *Beeld* zooms to the whole map, the current layer, the
selection, or the wijk or gemeente of the selected buurt; a layer added from a file is shown
where it lies.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from wijkkaart.analysis.data_summary import summary_of
from wijkkaart.io.dataset import AreaData
from wijkkaart.layers.model import AreaLayer, BasemapLayer, Layer
from wijkkaart.messages import ui
from wijkkaart.ui.search_box import AreaSearchBox, Place

if TYPE_CHECKING:
    from wijkkaart.ui.main_window import MainWindow

Bounds = tuple[float, float, float, float]


class Navigation:
    """The search bar of ``window`` and its zoom-to commands."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.canvas = window.canvas
        self.search_box = AreaSearchBox()
        self.search_box.provider = self.search_places
        self.search_box.found.connect(self.go_to_place)
        self.search_box.not_found.connect(
            lambda text: window.statusBar().showMessage(ui("search_none", text=text), 8000)
        )
        self.search_bar = window.addToolBar(ui("search").replace("&", "").rstrip("…"))
        self.search_bar.setObjectName("search")
        self.search_bar.setMovable(False)
        self.search_box.setMaximumWidth(480)
        self.search_bar.addWidget(self.search_box)
        window.layer_panel.layer_inserted.connect(self._zoom_to_inserted)

    # --- find a buurt, wijk or gemeente --------------------------------------------------------

    def focus_search(self) -> None:
        self.search_bar.show()
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def search_places(self) -> list[Place]:
        """Areas of the map and the wijken/gemeenten they lie in (data_summary.py keeps them)."""
        layer = self.window.identify_layer()
        document = self.window.document
        if layer is None or layer.data is None or document is None:
            return []
        frames = [getattr(item, "frame", None) for item in document.layers]
        return summary_of(layer.data).places(frames)  # made in the job that read the data

    def go_to_place(self, place: Place) -> list[str]:
        """Select the place's areas on the map and zoom to them."""
        window = self.window
        layer = window.identify_layer()
        if layer is None or layer.data is None:
            return []
        codes = [c for c in place.codes if c in layer.data.frame.index]
        if not codes:
            return []
        window.select_areas(layer, codes)
        if len(codes) == 1:
            window.info.show_area(layer.data, codes[0])
        self._zoom_to_codes(layer, codes)
        window.statusBar().showMessage(place.label, 8000)
        return codes

    def _zoom_to_codes(self, layer: AreaLayer, codes: list[str]) -> None:
        if layer.data is None:
            return
        geoms = layer.data.frame.loc[codes].geometry
        geoms = geoms[geoms.notna()]
        if geoms.empty:
            return
        minx, miny, maxx, maxy = (float(b) for b in geoms.total_bounds)
        pad = max(maxx - minx, maxy - miny, 200.0) * 0.15
        self.canvas.zoom_to((minx - pad, miny - pad, maxx + pad, maxy + pad))

    def zoom_to_wijk(self) -> None:
        self._zoom_to_parent("wijk")

    def zoom_to_gemeente(self) -> None:
        self._zoom_to_parent("gemeente")

    def _zoom_to_parent(self, level: str) -> None:
        """Zoom to the wijk or gemeente of the (first) selected area."""
        from wijkkaart.io.codes import parent_code

        workspace = self.window.workspace
        layer = workspace.selected_layer() if workspace else None
        selection = self.window.selection
        if layer is None or layer.data is None or not selection:
            return
        parent = parent_code(selection[0], level)
        if parent is None:
            return
        codes = [c for c in layer.data.frame.index if parent_code(str(c), level) == parent]
        if codes:
            self._zoom_to_codes(layer, codes)

    # --- zoom to -------------------------------------------------------------------------------

    def full_extent(self) -> None:
        document = self.window.document
        bounds = layers_bounds(document.layers if document else [])
        if bounds is not None:
            self.canvas.zoom_to(bounds)

    def zoom_to_layer(self) -> None:
        layer = self.window.layer_panel.current_layer()
        if layer is not None:
            bounds = layers_bounds([layer])
            if bounds is not None:
                self.canvas.zoom_to(bounds)

    def zoom_to_selection(self) -> None:
        workspace = self.window.workspace
        layer = workspace.selected_layer() if workspace else None
        selection = self.window.selection
        if layer is None or layer.data is None or not selection:
            return
        geoms = layer.data.frame.loc[selection].geometry
        self.canvas.zoom_to(tuple(geoms.total_bounds))

    def zoom_to_layers(self, layers: list[Layer]) -> bool:
        bounds = layers_bounds(layers)
        if bounds is None:
            path = next((getattr(layer, "path", None) for layer in layers), None)
            bounds = raster_bounds(path) if path else None
        if bounds is None:
            return False
        self.canvas.zoom_to(bounds)
        return True

    def _zoom_to_inserted(self, layer: Layer) -> None:
        """A layer from a file is shown where it is (the areas' own layers are already in view)."""
        if layer.source.get("path") and not isinstance(layer, BasemapLayer):
            self.zoom_to_layers([layer])


def layers_bounds(layers) -> Bounds | None:
    """The bounds of the shapes of ``layers`` (None: none has any)."""
    boxes = []
    for layer in layers:
        data = getattr(layer, "data", None)
        data = data if isinstance(data, AreaData) else getattr(layer, "frame", None)
        box = summary_of(data).bounds if data is not None else None  # made in the job
        if box is not None:
            boxes.append(box)
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def raster_bounds(path: Path) -> Bounds | None:
    """A raster's bounds in RD New (None when it cannot be read: zooming is only a help)."""
    try:
        import rasterio
        from rasterio.warp import transform_bounds

        with rasterio.open(path) as source:
            box = source.bounds
            if source.crs is not None and source.crs.to_epsg() != 28992:
                box = transform_bounds(source.crs, "EPSG:28992", *box)
            minx, miny, maxx, maxy = (float(b) for b in box)
            return (minx, miny, maxx, maxy)
    except Exception:  # an unreadable raster says so when drawn; zooming is only a help
        return None
