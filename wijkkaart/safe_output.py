"""Write output files so that a failure never costs the user an earlier file.

Every output (exports, typology tables, projects) is written to a temporary file in the target's
folder, checked, flushed to disk and renamed over the target in one step. On any failure the
temporary file is removed and the previous target is left as it was. An output is never written
over one of the inputs it was made from. Temporary names carry the writer's process id, so
leftovers of a killed process can be recognised and removed later.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from wijkkaart.messages import WijkkaartError

log = logging.getLogger(__name__)

TEMP_PREFIX = ".wijkkaart-tmp-"
_TEMP_NAME = re.compile(re.escape(TEMP_PREFIX) + r"(\d+)-")
STALE_AFTER_S = 3600.0

Check = Callable[[Path], None]


def refuse_inputs(target: Path, inputs: Iterable[str | Path]) -> None:
    """Refuse to write over a file that the output is made from."""
    resolved = target.resolve()
    for item in inputs:
        path = Path(item)
        try:
            same = path.resolve() == resolved or (
                path.exists() and target.exists() and os.path.samefile(path, target)
            )
        except OSError:
            same = False
        if same:
            raise WijkkaartError("output_is_input", path=target)


def _check_folder(target: Path) -> None:
    folder = target.parent
    if not folder.exists():
        raise WijkkaartError("output_folder_missing", path=folder)
    if not folder.is_dir():
        raise WijkkaartError("output_folder_missing", path=folder)
    if target.exists() and not target.is_file():
        raise WijkkaartError("output_not_a_file", path=target)


def _final_mode(target: Path) -> int:
    """Keep an existing file's mode; a new file gets what the umask gives (mkstemp makes 0600)."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _os_error(exc: OSError, target: Path) -> WijkkaartError:
    log.warning("writing %s failed: %s", target, exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return WijkkaartError("output_disk_full", path=target)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return WijkkaartError("output_not_writable", path=target)
    return WijkkaartError("output_failed", path=target)


def check_not_empty(path: Path) -> None:
    """The smallest check: a complete output is never 0 bytes."""
    if path.stat().st_size == 0:
        raise WijkkaartError("output_incomplete", path=path)


@contextmanager
def atomic_path(
    target: str | Path,
    inputs: Iterable[str | Path] = (),
    check: Check | None = check_not_empty,
) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success check it and rename it into place.

    The caller writes the whole output to the yielded path. If the caller raises, or ``check``
    raises, or the disk is full, the temporary file is removed and ``target`` keeps its old content.
    """
    target = Path(target)
    refuse_inputs(target, inputs)
    _check_folder(target)
    remove_stale_temporaries(target.parent)
    try:
        fd, name = tempfile.mkstemp(
            prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=target.suffix, dir=target.parent
        )
    except OSError as exc:
        raise _os_error(exc, target) from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        if check is not None:
            check(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, _final_mode(target))
        os.replace(tmp, target)
    except OSError as exc:
        raise _os_error(exc, target) from None
    finally:
        tmp.unlink(missing_ok=True)


def write_bytes(
    target: str | Path,
    data: bytes,
    inputs: Iterable[str | Path] = (),
    check: Check | None = check_not_empty,
) -> Path:
    target = Path(target)
    with atomic_path(target, inputs, check) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
        if tmp.stat().st_size != len(data):
            raise WijkkaartError("output_incomplete", path=target)
    return target


def write_text(
    target: str | Path,
    text: str,
    inputs: Iterable[str | Path] = (),
    check: Check | None = check_not_empty,
    encoding: str = "utf-8",
) -> Path:
    return write_bytes(target, text.encode(encoding), inputs, check)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temporaries(folder: str | Path) -> list[Path]:
    """Remove temporary files that a killed writer left behind in ``folder``.

    A file is stale when its writer's process no longer runs, or when it is older than an hour
    (a reused process id must not keep a leftover forever).
    """
    removed: list[Path] = []
    try:
        entries = list(Path(folder).glob(f"{TEMP_PREFIX}*"))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        try:
            if not entry.is_file():
                continue
            pid = int(match.group(1)) if match else -1
            old = now - entry.stat().st_mtime > STALE_AFTER_S
            if (pid != os.getpid() and (not _alive(pid) or old)) or (pid == -1 and old):
                entry.unlink()
                removed.append(entry)
        except OSError as exc:
            log.info("could not remove leftover %s: %s", entry, exc)
    return removed
