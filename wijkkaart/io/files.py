"""Which files wijkkaart may read: only regular files, checked before anything opens them.

A path in a project file, on the command line or from a dialog can name a device (``/dev/zero``
never ends), a FIFO (opening it blocks forever) or a folder. ``os.stat`` answers without opening
the file, so the check itself can never block or read anything.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from wijkkaart.messages import WijkkaartError

log = logging.getLogger(__name__)

# Formats that are folders on disk (a File Geodatabase); GDAL reads them as one data source.
FOLDER_SUFFIXES = {".gdb"}


def require_regular_file(path: str | Path) -> Path:
    """``path`` as a Path if it is an existing regular file; a clear WijkkaartError otherwise."""
    path = Path(path)
    try:
        info = os.stat(path)  # follows symlinks: a link to a device is refused like the device
    except FileNotFoundError:
        raise WijkkaartError("file_not_found", path=path) from None
    except (OSError, ValueError) as exc:  # too long, embedded NUL, no permission, loop ...
        log.info("cannot stat %r: %s", str(path), exc)
        raise WijkkaartError("path_unusable", path=path) from None
    if stat.S_ISREG(info.st_mode):
        return path
    if stat.S_ISDIR(info.st_mode):
        if path.suffix.lower() in FOLDER_SUFFIXES:
            return path
        raise WijkkaartError("path_is_folder", path=path)
    raise WijkkaartError("path_not_regular", path=path)


def is_within(path: Path, folders: Iterable[Path]) -> bool:
    """Whether ``path`` (already resolved) is one of ``folders`` or lies below one of them."""
    return any(path == folder or folder in path.parents for folder in folders)
