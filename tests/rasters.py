"""Small synthetic GeoTIFFs (EPSG:28992) over the Utrecht sample buurten, for hostile-raster tests.

The values are a made-up depth gradient, not real measurements; only the geometry is real.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import rasterio
from rasterio.transform import from_origin

from wijkkaart.io.areas import read_areas
from wijkkaart.paths import resources_dir

SAMPLE = resources_dir() / "sample"
CELL = 100.0


def utrecht_areas():
    return read_areas(SAMPLE / "utrecht_buurten.gpkg")


def utrecht_grid(areas, cell: float = CELL) -> tuple[float, float, int, int]:
    """(left, top, width, height) of a grid covering all buurten with two cells to spare."""
    minx, miny, maxx, maxy = areas.frame.total_bounds
    left, top = np.floor(minx / cell) * cell - 2 * cell, np.ceil(maxy / cell) * cell + 2 * cell
    width = int(np.ceil((maxx - left) / cell)) + 2
    height = int(np.ceil((top - miny) / cell)) + 2
    return float(left), float(top), width, height


def gradient(height: int, width: int) -> np.ndarray:
    """0 m in the west rising to 2 m in the east: easy to predict the colour of any cell."""
    return np.tile(np.linspace(0.0, 2.0, width), (height, 1))


def write_tif(
    path: Path,
    data: np.ndarray,
    left: float,
    top: float,
    cell: float = CELL,
    nodata: float | None = -9999.0,
    crs: str | None = "EPSG:28992",
) -> Path:
    profile = {
        "driver": "GTiff",
        "width": data.shape[1],
        "height": data.shape[0],
        "count": 1,
        "dtype": "float32",
        "crs": crs,
        "nodata": nodata,
        "transform": from_origin(left, top, cell, cell),
    }
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data.astype("float32"), 1)
    return path
