"""Shapely geometries as ready-to-draw QPolygonF rings, simplified to the pixel size, cached.

Converting point by point is slow, so all rings of a layer are serialised into one buffer with
numpy and read back through QDataStream. Geometry is simplified for drawing only (never for
computing), per power-of-two bucket of the map resolution, and cached per bucket. Only the
features a render asks for are built: the first frame at a new zoom level processes the areas in
view, not the whole layer.
"""

from __future__ import annotations

import math
import threading

import numpy as np
import shapely
from PySide6.QtCore import QByteArray, QDataStream
from PySide6.QtGui import QPolygonF

Part = list[QPolygonF]  # exterior ring first, then holes


class GeometryCache:
    """Drawable rings of one array of (multi)polygons, per simplification bucket."""

    def __init__(self, geometries: np.ndarray) -> None:
        self.geometries = np.asarray(geometries, dtype=object)
        present = ~(shapely.is_missing(self.geometries) | shapely.is_empty(self.geometries))
        self.present = present
        bounds = np.full((len(self.geometries), 4), np.nan)
        if present.any():
            bounds[present] = shapely.bounds(self.geometries[present])
        self.bounds = bounds
        self._buckets: dict[float, tuple[list[list[Part]], np.ndarray]] = {}
        self._lock = threading.Lock()
        self._points = np.full((len(self.geometries), 2), np.nan)
        self._points_done = ~present  # absent features need no point

    @staticmethod
    def bucket(resolution: float) -> float:
        """Simplification tolerance for a resolution (m/px): half a pixel, in powers of two."""
        tolerance = resolution / 2
        if tolerance < 0.5:
            return 0.0
        return float(2 ** math.floor(math.log2(tolerance)))

    def parts(self, resolution: float, indices: np.ndarray | None = None) -> list[list[Part]]:
        """Per feature: its polygon parts, each a list of rings.

        With ``indices`` only those features are guaranteed to be built (others may be empty
        lists until a render asks for them).
        """
        key = self.bucket(resolution)
        with self._lock:
            hit = self._buckets.get(key)
            if hit is None:
                hit = ([[] for _ in range(len(self.geometries))], ~self.present)
                self._buckets[key] = hit
            result, done = hit
            wanted = np.arange(len(self.geometries)) if indices is None else np.asarray(indices)
            need = wanted[~done[wanted]] if len(wanted) else wanted
            if len(need):
                for feature, built in zip(need.tolist(), self._build(key, need), strict=True):
                    result[feature] = built
                done[need] = True
            return result

    def visible(self, bounds: tuple[float, float, float, float]) -> np.ndarray:
        """Indices of features whose bounding box meets ``bounds``."""
        minx, miny, maxx, maxy = bounds
        b = self.bounds
        with np.errstate(invalid="ignore"):
            hit = (b[:, 0] <= maxx) & (b[:, 2] >= minx) & (b[:, 1] <= maxy) & (b[:, 3] >= miny)
        return np.flatnonzero(hit)

    def label_points(self, indices: np.ndarray | None = None) -> np.ndarray:
        """A point inside each feature (for labels and hit tests), NaN where absent.

        Computed for ``indices`` (default: all) on first use; others may still be NaN.
        """
        with self._lock:
            wanted = np.arange(len(self.geometries)) if indices is None else np.asarray(indices)
            need = wanted[~self._points_done[wanted]] if len(wanted) else wanted
            if len(need):
                reps = shapely.point_on_surface(self.geometries[need])
                self._points[need] = shapely.get_coordinates(reps)
                self._points_done[need] = True
            return self._points

    def _build(self, tolerance: float, indices: np.ndarray) -> list[list[Part]]:
        """Drawable parts of the features ``indices`` (all present), simplified to ``tolerance``."""
        geoms = self.geometries[indices]
        if tolerance > 0:
            simple = shapely.simplify(geoms, tolerance, preserve_topology=False)
            collapsed = shapely.is_empty(simple) | ~shapely.is_valid_input(simple)
            simple = np.where(collapsed, geoms, simple)
        else:
            simple = geoms
        parts, part_feature = shapely.get_parts(simple, return_index=True)
        rings, ring_part = shapely.get_rings(parts, return_index=True)
        counts = shapely.get_num_coordinates(rings)
        coords = shapely.get_coordinates(rings)
        polygons = rings_to_qpolygons(coords, counts)
        result: list[list[Part]] = [[] for _ in range(len(geoms))]
        part_rings: list[Part] = [[] for _ in range(len(parts))]
        for poly, part in zip(polygons, ring_part.tolist(), strict=True):
            part_rings[part].append(poly)
        for part, feature in enumerate(part_feature.tolist()):
            if part_rings[part]:
                result[feature].append(part_rings[part])
        return result


def rings_to_qpolygons(coords: np.ndarray, counts: np.ndarray) -> list[QPolygonF]:
    """Many rings at once: one buffer in QDataStream layout (count, then x/y doubles) per ring."""
    if len(counts) == 0:
        return []
    data = np.ascontiguousarray(coords, dtype=">f8").tobytes()
    heads = np.asarray(counts, dtype=">u4").tobytes()
    ends = (np.cumsum(counts) * 16).tolist()
    starts = [0, *ends[:-1]]
    chunks = []
    for r, (start, end) in enumerate(zip(starts, ends, strict=True)):
        chunks.append(heads[4 * r : 4 * r + 4])
        chunks.append(data[start:end])
    stream = QDataStream(QByteArray(b"".join(chunks)))
    out = []
    for _ in range(len(counts)):
        polygon = QPolygonF()
        stream >> polygon
        out.append(polygon)
    return out
