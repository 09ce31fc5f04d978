"""Reading a raster's first band for display: scaled down, on the map's CRS, NaN for no value.

Qt-free, so the legend (``layers/legend.py``, through :mod:`wijkkaart.layers.raster_stretch`)
and the renderer share one reader. rasterio is imported when a raster is read, not at start-up:
most maps have none.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np

from wijkkaart.messages import WijkkaartError

logger = logging.getLogger(__name__)
MAP_EPSG = 28992  # the map is drawn in RD New


def file_stamp(path: Path) -> tuple[int, int]:
    """(mtime, size) of a file, so a raster rewritten on disk is read again."""
    try:
        stat = path.stat()
    except OSError:
        return (0, 0)
    return (stat.st_mtime_ns, stat.st_size)


def read_band(path: Path, max_size: int, resampling: str) -> tuple[np.ndarray, Any]:
    """Band 1 at most ``max_size`` cells a side as float, with NaN where there is no value,
    and its bounds on the map.

    Declared nodata, NaN and +/-inf all become NaN, so nothing downstream has to know.
    Unreadable files raise a WijkkaartError (the map says which raster), never a crash.
    """
    import rasterio
    from rasterio._err import CPLE_BaseError
    from rasterio.crs import CRS
    from rasterio.enums import Resampling
    from rasterio.errors import RasterioError
    from rasterio.vrt import WarpedVRT

    if not path.is_file():
        raise WijkkaartError("file_not_found", path=path)
    method = Resampling[resampling]
    map_crs = CRS.from_epsg(MAP_EPSG)
    try:
        with rasterio.open(path) as src:
            if src.crs is None or src.crs == map_crs:
                data, bounds = _read_scaled(src, max_size, method)
            else:  # e.g. a heat map in WGS84: warp it onto the map instead of misplacing it
                with WarpedVRT(
                    src, crs=map_crs, resampling=method, nodata=np.nan, dtype="float32"
                ) as vrt:
                    data, bounds = _read_scaled(vrt, max_size, method)
    except (RasterioError, CPLE_BaseError, OSError, ValueError) as exc:
        logger.warning("raster %s could not be read: %s", path, exc)
        raise WijkkaartError("raster_unreadable", path=path, detail=str(exc)[:200]) from None
    values = np.ma.filled(data.astype(np.float64), np.nan)
    values[~np.isfinite(values)] = np.nan
    return values, bounds


def _read_scaled(src: Any, max_size: int, resampling: Any) -> tuple[Any, Any]:
    factor = max(src.width / max_size, src.height / max_size, 1.0)
    shape = (max(int(src.height / factor), 1), max(int(src.width / factor), 1))
    return src.read(1, out_shape=shape, resampling=resampling, masked=True), src.bounds
