"""Never lose work: autosave to a recovery file, offer it after a crash, log unexpected errors.

The recovery file lives in the user's data folder (``platformdirs``), never beside the project:
autosave must not touch the project file itself. A snapshot is written from the document without
changing it (the open project keeps pointing at its own file), through ``safe_output`` so a kill
during autosave leaves the previous recovery file readable.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import os
import sys
import time
import traceback
from dataclasses import dataclass
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

import platformdirs
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from wijkkaart.feedback import Feedback
from wijkkaart.layers.document import MapDocument
from wijkkaart.messages import tr, ui
from wijkkaart.safe_output import write_text
from wijkkaart.ui.settings import user_settings

log = logging.getLogger(__name__)

APP = "wijkkaart"
DEFAULT_MINUTES = 3.0
_PATH_KEYS = ("path", "bag")


def recovery_dir() -> Path:
    folder = Path(platformdirs.user_data_dir(APP, appauthor=False)) / "herstel"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def log_file() -> Path:
    folder = Path(platformdirs.user_log_dir(APP, appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "wijkkaart.log"


def setup_logging() -> Path:
    """Log to a file in the user's log folder (once per process); returns its path."""
    path = log_file()
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "wijkkaart", False)]:
        if Path(getattr(old, "baseFilename", "")) != path:  # the user folder changed
            root.removeHandler(old)
            old.close()
    if not any(getattr(h, "wijkkaart", False) for h in root.handlers):
        handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=2, encoding="utf-8")
        handler.wijkkaart = True  # type: ignore[attr-defined]
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(min(root.level or logging.INFO, logging.INFO))
    return path


def _absolute(node: Any, base: Path) -> Any:
    """Every data path in a project document made absolute (the recovery file lives elsewhere)."""
    if isinstance(node, dict):
        return {
            k: str((base / v).resolve())
            if k in _PATH_KEYS and isinstance(v, str) and v and not os.path.isabs(v)
            else _absolute(v, base)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_absolute(v, base) for v in node]
    return node


def recovery_path(project_path: Path) -> Path:
    key = hashlib.sha256(str(Path(project_path).resolve()).encode()).hexdigest()[:16]
    return recovery_dir() / f"{key}.wijkkaart"


@dataclass
class Recovery:
    path: Path  # the recovery file
    original: Path  # the project it belongs to
    saved_at: float


def write_snapshot(document: MapDocument, view: dict[str, float] | None) -> Path:
    """Write the document's current state to its recovery file; the document is not changed."""
    data = copy.deepcopy(document.snapshot_data(view))
    data = _absolute(data, document.project.path.resolve().parent)
    target = recovery_path(document.project.path)
    write_text(target, json.dumps(data, indent=1, ensure_ascii=False))
    meta = {"original": str(document.project.path.resolve()), "saved_at": time.time()}
    write_text(target.with_suffix(".json"), json.dumps(meta))
    return target


def discard(project_path: Path) -> None:
    target = recovery_path(project_path)
    target.unlink(missing_ok=True)
    target.with_suffix(".json").unlink(missing_ok=True)


def pending() -> list[Recovery]:
    """Recovery files left by a session that did not end normally, newest first."""
    found = []
    for meta in recovery_dir().glob("*.json"):
        snapshot = meta.with_suffix(".wijkkaart")
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
            original, saved_at = Path(str(info["original"])), float(info["saved_at"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if snapshot.is_file():
            found.append(Recovery(snapshot, original, saved_at))
    return sorted(found, key=lambda r: -r.saved_at)


def restore(recovery: Recovery, feedback: Feedback | None = None) -> MapDocument:
    """Open a recovery file as the project it belongs to, with unsaved changes (Qt-free work:
    :func:`offer_restore` runs it in the window's ``open`` job)."""
    # we wrote it ourselves: its data paths outside a folder are the project's own
    document = MapDocument.open(recovery.path, feedback, allow_outside=True)
    document.project.path = recovery.original
    document.project.unsaved = not recovery.original.exists()
    return document


def autosave_minutes() -> float:
    value = user_settings().value("autosave_minutes", DEFAULT_MINUTES)
    try:
        minutes = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return DEFAULT_MINUTES
    return minutes if minutes > 0 else DEFAULT_MINUTES


class Autosaver(QObject):
    """Every few minutes, a window with unsaved changes writes its recovery file."""

    def __init__(self, window: Any, minutes: float | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.autosave)
        self.timer.start(int((minutes or autosave_minutes()) * 60_000))

    def autosave(self) -> Path | None:
        window = self.window
        if window.document is None or window.stack.is_clean():
            return None
        try:
            return write_snapshot(window.document, window.view_dict())
        except Exception:  # autosave must never disturb the planner's work
            log.exception("autosave failed")
            return None


def ask_restore(parent: QWidget | None) -> Recovery | None:
    """After a crash: ask to restore the newest recovery file; None when there is none or no
    (a no discards it)."""
    found = pending()
    if not found:
        return None
    newest = found[0]
    when = time.strftime("%d-%m-%Y %H:%M", time.localtime(newest.saved_at))
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(ui("app_title"))
    box.setText(tr("recovery_found", project=newest.original.name, when=when))
    yes = box.addButton(ui("recovery_restore"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(ui("recovery_discard"), QMessageBox.ButtonRole.DestructiveRole)
    box.exec()
    if box.clickedButton() is not yes:
        discard(newest.original)
        return None
    return newest


def offer_restore(window: Any) -> bool:
    """After a crash: offer the newest recovery file; True when the user chose to restore it.

    It is read in the window's ``open`` job (progress and *Annuleren* in the status bar, the
    loading message meanwhile), like any project: reading a project took seconds on the GUI
    thread. The done callback shows it with unsaved changes. A failure is the Dutch error
    dialog (logged); the recovery file stays, so the next start offers it again; so does a
    cancel. ``window.jobs.job_finished`` tells when it is over.
    """
    chosen = ask_restore(window)
    if chosen is None:
        return False
    from wijkkaart.ui.file_actions import prepared

    def work(feedback: Feedback) -> MapDocument:
        return prepared(restore(chosen, feedback))

    def apply(document: MapDocument) -> None:
        window.statusBar().clearMessage()
        window.set_document(document)
        window.stack.set_dirty()

    def failed(error: BaseException) -> None:
        log.warning("restoring %s failed: %s", chosen.path, error)
        window.statusBar().clearMessage()
        window.jobs.show_error(error, chosen.path)

    window.jobs.start(
        "open", work, apply, label=ui("loading"), on_error=failed, path=chosen.original
    )
    return True


def install_excepthook(window_getter: Any) -> None:
    """An unexpected error: logged with its traceback, shown as a Dutch dialog, app goes on."""
    path = setup_logging()

    def hook(kind: type[BaseException], error: BaseException, tb: Any) -> None:
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, error, tb)))
        if QApplication.instance() is None or issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        box = QMessageBox(window_getter())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(ui("app_title"))
        box.setText(tr("unexpected_error"))
        box.setInformativeText(tr("unexpected_error_log", path=path))
        box.exec()

    sys.excepthook = hook
