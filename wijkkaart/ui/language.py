"""The interface language at run time: the user's choice, Qt's own texts, and re-translation.

``switch(code)`` changes the language of :mod:`wijkkaart.messages` (which emits
``language_changed``), loads Qt's base translation (``qtbase_nl.qm``: file dialogs, message-box
buttons, context menus of text fields) and remembers the choice in the user's settings file.

Views re-translate in two ways:

* a view that builds its text from data (the legend, the undo action, the info panel) connects to
  ``messages.language_changed`` and rebuilds it;
* everything else (menus, dock titles, labels, buttons, combo items, tab, table and header texts) is
  re-translated by :func:`retranslate_tree`, which maps each text back to the key it came from in
  the old language and sets the new language's text. Texts with fields ("3 buurten
  geselecteerd") are matched by their template and keep their values. A text the old language
  did not produce (a name, a number) is left alone. List widgets hold the user's own names
  (layers, focus areas) and are not touched.
"""

from __future__ import annotations

import re
import string
import sys
import weakref
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QObject, QTranslator
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabBar,
    QTableWidget,
    QTabWidget,
    QToolBox,
    QTreeWidget,
    QWidget,
)

from wijkkaart import messages
from wijkkaart.catalogue import catalogue
from wijkkaart.ui.settings import user_settings

SETTING = "language"
_qt_translators: list[QTranslator] = []


def saved_language() -> str | None:
    """The language the user chose last time (None: never chosen)."""
    value = user_settings().value(SETTING, None)
    return str(value) if value in messages.LANGUAGES else None


def install_qt_translations(code: str) -> bool:
    """Load Qt's own translations for ``code`` (English is Qt's source: none needed)."""
    app = QCoreApplication.instance()
    if app is None:
        return False
    for translator in _qt_translators:
        app.removeTranslator(translator)
    _qt_translators.clear()
    if code == "en":
        return True
    translator = QTranslator(app)
    if not any(translator.load(f"qtbase_{code}", folder) for folder in _qt_translation_dirs()):
        return False
    app.installTranslator(translator)
    _qt_translators.append(translator)
    return True


def _qt_translation_dirs() -> list[str]:
    """Qt's own folder, then PySide6's copy (a PyInstaller build keeps qtbase_nl.qm there)."""
    import PySide6

    folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)]
    folders.append(str(Path(PySide6.__file__).resolve().parent / "Qt" / "translations"))
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        folders.append(str(Path(frozen) / "PySide6" / "Qt" / "translations"))
    return list(dict.fromkeys(folders))


def switch(code: str, remember: bool = True) -> None:
    """Use ``code`` from now on: our texts, Qt's texts, and (``remember``) the next start."""
    old = messages.language()
    install_qt_translations(code)
    if remember:
        user_settings().setValue(SETTING, code)
    if code != old:
        for widget in QApplication.topLevelWidgets():
            retranslate_tree(widget, old, code)
        messages.set_language(code)  # views that build text from data rebuild it now


def follow_language(method: Callable[[str], object]) -> None:
    """Call the bound ``method(code)`` of a widget after every switch, while the widget lives.

    Held weakly: a closed and deleted widget is neither kept alive nor called.
    """
    ref = weakref.WeakMethod(method)

    def call(code: str) -> None:
        bound = ref()
        if bound is None or not shiboken6.isValid(getattr(bound, "__self__", None)):
            messages.language_changed.disconnect(call)
            return
        bound(code)

    messages.language_changed.connect(call)


def start_language(prefer: str | None = None) -> str:
    """At start-up: ``prefer`` (``--lang``, ``WIJKKAART_LANG``: this run only), else the saved
    choice, else the current default; Qt's own texts to match."""
    code = prefer if prefer in messages.LANGUAGES else saved_language() or messages.language()
    messages.set_language(code)
    install_qt_translations(code)
    return code


# --- mapping texts back to their keys -------------------------------------------------------


class _Index:
    """Every text of one language -> the same text in another language."""

    def __init__(self, old: str, new: str) -> None:
        self.exact: dict[str, str] = {}
        self.templates: list[tuple[re.Pattern[str], str, str]] = []
        table_old = messages._load(old).texts
        for (context, key), entry in table_old.items():
            if context == "argparse":
                continue
            forms_old = entry if isinstance(entry, tuple) else (entry,)
            for index, form in enumerate(forms_old):
                target = self._target(context, key, new, index, isinstance(entry, tuple))
                if target is None:
                    continue
                if _has_fields(form):
                    pattern = _template_pattern(form)
                    if pattern is not None:
                        self.templates.append((pattern, target, form))
                else:
                    self.exact.setdefault(form, target)
        for indicator in catalogue():
            source = indicator.en if old == "en" else indicator.nl
            target = indicator.en if new == "en" else indicator.nl
            if source and target:
                self.exact.setdefault(source, target)
        # longest literal first: "Selectie van {n} buurten" before "{name}"
        self.templates.sort(key=lambda t: -len(_literal(t[2])))

    @staticmethod
    def _target(context: str | None, key: str, new: str, index: int, plural: bool) -> str | None:
        entry = messages._load(new).texts.get((context, key))
        if entry is None:
            return None
        if isinstance(entry, tuple):
            return entry[min(index, len(entry) - 1)] if plural else entry[-1]
        return entry

    def translate(self, text: str) -> str | None:
        if not text:
            return None
        found = self.exact.get(text)
        if found is not None:
            return found
        for pattern, target, _source in self.templates:
            match = pattern.fullmatch(text)
            if match is not None:
                try:
                    return target.format(**match.groupdict())
                except (KeyError, ValueError, IndexError):
                    return None
        return None


def _has_fields(template: str) -> bool:
    return any(name for _, name, _, _ in string.Formatter().parse(template))


def _literal(template: str) -> str:
    return "".join(text for text, _, _, _ in string.Formatter().parse(template))


def _template_pattern(template: str) -> re.Pattern[str] | None:
    """A regex matching ``template`` filled in; None when it is too vague to map back safely."""
    if len(_literal(template).strip()) < 4:
        return None
    parts, seen = [], set()
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return None
    for text, name, _spec, _conv in parsed:
        parts.append(re.escape(text))
        if name is None:
            continue
        if not name.isidentifier():
            return None
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
        seen.add(name)
    return re.compile("".join(parts), re.DOTALL)


@lru_cache(maxsize=4)
def _index(old: str, new: str) -> _Index:
    return _Index(old, new)


def translate_text(text: str, old: str, new: str) -> str | None:
    """``text`` as shown in ``old`` re-said in ``new``; None when it is not one of our texts."""
    return _index(old, new).translate(text)


def retranslate_tree(root: QObject, old: str, new: str) -> int:
    """Re-translate every text under ``root`` from ``old`` to ``new``; returns how many changed."""
    index = _index(old, new)
    changed = 0

    def swap(getter, setter) -> None:
        nonlocal changed
        current = getter()
        if not isinstance(current, str):
            return
        found = index.translate(current)
        if found is not None and found != current:
            setter(found)
            changed += 1

    def swap_each(count: int, getter, setter) -> None:
        """Items by position (combo items, tabs): getter(i) and setter(i, text)."""
        nonlocal changed
        for i in range(count):
            current = getter(i)
            found = index.translate(current) if isinstance(current, str) else None
            if found is not None and found != current:
                setter(i, found)
                changed += 1

    objects: Iterable[QObject] = [root, *root.findChildren(QObject)]
    for obj in objects:
        if isinstance(obj, QAction):
            tip_follows = obj.toolTip() == obj.text().replace("&", "")
            swap(obj.text, obj.setText)
            if not tip_follows:
                swap(obj.toolTip, obj.setToolTip)
            swap(obj.statusTip, obj.setStatusTip)
            continue
        if not isinstance(obj, QWidget):
            continue
        swap(obj.windowTitle, obj.setWindowTitle)
        swap(obj.toolTip, obj.setToolTip)
        swap(obj.statusTip, obj.setStatusTip)
        if isinstance(obj, QMenu):
            swap(obj.title, obj.setTitle)
        if isinstance(obj, QLabel | QAbstractButton):
            swap(obj.text, obj.setText)
        if isinstance(obj, QGroupBox):
            swap(obj.title, obj.setTitle)
        if isinstance(obj, QLineEdit):
            swap(obj.placeholderText, obj.setPlaceholderText)
        if isinstance(obj, QComboBox):
            swap_each(obj.count(), obj.itemText, obj.setItemText)
            edit = obj.lineEdit() if obj.isEditable() else None
            if edit is not None:
                swap(edit.placeholderText, edit.setPlaceholderText)
        if isinstance(obj, QTabBar):  # also the tabs of docks stacked on each other
            swap_each(obj.count(), obj.tabText, obj.setTabText)
        if isinstance(obj, QTabWidget):
            swap_each(obj.count(), obj.tabText, obj.setTabText)
        if isinstance(obj, QToolBox):
            swap_each(obj.count(), obj.itemText, obj.setItemText)
        if isinstance(obj, QTableWidget):
            items = [obj.horizontalHeaderItem(c) for c in range(obj.columnCount())]
            items += [obj.verticalHeaderItem(r) for r in range(obj.rowCount())]
            items += [
                obj.item(r, c) for r in range(obj.rowCount()) for c in range(obj.columnCount())
            ]
            for item in items:
                if item is not None:
                    swap(item.text, item.setText)
                    swap(item.toolTip, item.setToolTip)
        if isinstance(obj, QTreeWidget):
            header = obj.headerItem()
            swap_each(obj.columnCount(), header.text, header.setText)
    return changed


class SettingsMenu(QMenu):
    """*Instellingen* with *Taal* → Nederlands / English (each name in its own language)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(messages.ui("menu_settings"), parent)
        self.language_menu = self.addMenu(messages.ui("menu_language"))
        group = QActionGroup(self)
        group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for code in messages.LANGUAGES:
            action = QAction(messages.LANGUAGE_NAMES[code], self)
            action.setCheckable(True)
            action.setData(code)
            action.triggered.connect(lambda _checked=False, code=code: switch(code))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self.show_language(messages.language())
        follow_language(self.show_language)

    def show_language(self, code: str) -> None:
        self.language_actions[code].setChecked(True)
