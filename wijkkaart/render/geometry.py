"""Shapely geometries as ready-to-draw QPolygonF rings, simplified to the pixel size, cached.

Converting point by point is slow, so all rings of a layer are serialised into one buffer with
numpy and read back through QDataStream. Geometry is simplified for drawing only (never for
computing), per power-of-two bucket of the map resolution, and cached per bucket.
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
        self._buckets: dict[float, list[list[Part]]] = {}
        self._lock = threading.Lock()
        self._points: np.ndarray | None = None

    @staticmethod
    def bucket(resolution: float) -> float:
        """Simplification tolerance for a resolution (m/px): half a pixel, in powers of two."""
        tolerance = resolution / 2
        if tolerance < 0.5:
            return 0.0
        return float(2 ** math.floor(math.log2(tolerance)))

    def parts(self, resolution: float) -> list[list[Part]]:
        """Per feature: its polygon parts, each a list of rings."""
        key = self.bucket(resolution)
        with self._lock:
            if key not in self._buckets:
                self._buckets[key] = self._build(key)
            return self._buckets[key]

    def visible(self, bounds: tuple[float, float, float, float]) -> np.ndarray:
        """Indices of features whose bounding box meets ``bounds``."""
        minx, miny, maxx, maxy = bounds
        b = self.bounds
        with np.errstate(invalid="ignore"):
            hit = (b[:, 0] <= maxx) & (b[:, 2] >= minx) & (b[:, 1] <= maxy) & (b[:, 3] >= miny)
        return np.flatnonzero(hit)

    def label_points(self) -> np.ndarray:
        """A point inside each feature (for labels and hit tests), NaN where absent."""
        if self._points is None:
            points = np.full((len(self.geometries), 2), np.nan)
            if self.present.any():
                reps = shapely.point_on_surface(self.geometries[self.present])
                points[self.present] = shapely.get_coordinates(reps)
            self._points = points
        return self._points

    def _build(self, tolerance: float) -> list[list[Part]]:
        geoms = self.geometries
        if tolerance > 0:
            simple = shapely.simplify(geoms, tolerance, preserve_topology=False)
            collapsed = shapely.is_empty(simple) | ~shapely.is_valid_input(simple)
            simple = np.where(collapsed & self.present, geoms, simple)
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
