"""Every user-visible text, looked up by key in the user's language (Qt-free).

HOW TO ADD A TEXT. The texts are no longer in this file: they live in the gettext files
``resources/translations/nl.po`` and ``resources/translations/en.po``, which a translator edits
(Poedit, or any text editor). Add your entry to BOTH files, at the end of the file or of your
own section (``.gitattributes`` merges these files by union, so appends by two branches merge):

    #. section: my area
    msgid "my_key"
    msgstr "Mijn tekst met {value}"

The ``msgid`` is the key the code uses, ``msgstr`` the text; ``{name}`` fields are filled in by
``str.format``. A text that depends on a count is a plural entry; the count is the value ``n``:

    msgid "areas_repaired"
    msgid_plural "areas_repaired"
    msgstr[0] "{n} gebied is gerepareerd."
    msgstr[1] "{n} gebieden zijn gerepareerd."

Then ``ui("my_key", value=3)``, ``tr("areas_repaired", n=2)`` or ``WijkkaartError("my_key", ...)``.
A label that is kept and shown later (an undo label, ``cmd_*``) is ``lazy("cmd_x")``: it is said
in the language current when shown.
Shortcut: put a dictionary ``NEW = {"my_key": {"nl": "...", "en": "..."}}`` at the end of this
file and run ``python scripts/messages_to_po.py``; it moves the dictionary into both files (a
plural is ``{"nl": {"one": "...", "other": "..."}, ...}``). ``tests/test_translations.py`` fails
while a dictionary is left here or a key lacks a language.

Code raises and reports message *keys*; the UI and the CLI turn them into text with :func:`tr` /
:func:`ui`. Dutch is the default; ``WIJKKAART_LANG=en`` or :func:`set_language` switch to
English, and :data:`language_changed` tells the views, which re-translate what they show.
"""

from __future__ import annotations

import gettext
import hashlib
import io
import json
import logging
import os
import tempfile
import threading
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from wijkkaart.paths import resources_dir

LANGUAGES = ("nl", "en")
# each language's name in that language, for the language menu
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}

_LANGUAGE = os.environ.get("WIJKKAART_LANG", "nl")
if _LANGUAGE not in LANGUAGES:
    _LANGUAGE = "nl"


class _Signal:
    """A tiny signal (connect, disconnect, emit) that holds bound methods weakly.

    Not psygnal: importing it costs the CLI about 180 ms (importlib.metadata), and every
    ``wijkkaart`` command imports this module.
    """

    def __init__(self) -> None:
        self._slots: list[Callable[[], Callable[[str], object] | None]] = []

    @staticmethod
    def _ref(slot: Callable[[str], object]) -> Callable[[], Callable[[str], object] | None]:
        if hasattr(slot, "__self__") and hasattr(slot, "__func__"):
            return weakref.WeakMethod(slot)
        return lambda: slot

    def connect(self, slot: Callable[[str], object]) -> None:
        self._slots.append(self._ref(slot))

    def disconnect(self, slot: Callable[[str], object]) -> None:
        self._slots = [ref for ref in self._slots if ref() not in (None, slot)]

    def emit(self, code: str) -> None:
        for ref in list(self._slots):
            slot = ref()
            if slot is None:
                self._slots = [r for r in self._slots if r is not ref]
            else:
                slot(code)

    def __len__(self) -> int:
        return sum(ref() is not None for ref in self._slots)


# Emitted with the new language code after set_language() changed it; views re-translate.
language_changed = _Signal()

Entry = str | tuple[str, ...]


def translations_dir() -> Path:
    return resources_dir() / "translations"


@dataclass
class _Language:
    """One language's texts: {(context, key): text or plural forms} and its plural rule."""

    texts: dict[tuple[str | None, str], Entry]
    plural: Callable[[int], int]


_lock = threading.Lock()
_loaded: dict[str, _Language] = {}


def _cache_path(code: str, source: bytes) -> Path:
    import platformdirs

    digest = hashlib.sha1(source, usedforsecurity=False).hexdigest()[:16]
    folder = Path(platformdirs.user_cache_dir("wijkkaart", appauthor=False)) / "translations"
    return folder / f"{code}-{digest}.json"


def _parse_po(code: str, source: bytes) -> tuple[dict[tuple[str | None, str], Entry], str]:
    """The texts of one .po file and its plural expression, read with babel."""
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(source), locale=code, domain="wijkkaart")
    texts: dict[tuple[str | None, str], Entry] = {}
    for message in catalog:
        if not message.id:
            continue  # the header
        key = str(message.id[0] if isinstance(message.id, tuple | list) else message.id)
        if isinstance(message.string, tuple | list):
            forms = tuple(message.string)
            if all(forms):
                texts[(message.context, key)] = forms
        elif message.string:
            texts[(message.context, key)] = str(message.string)
    return texts, str(catalog.plural_expr)


def _read(code: str) -> tuple[dict[tuple[str | None, str], Entry], str]:
    """Parsed texts from the user's cache when the .po file is unchanged (by content), else
    parsed again (babel: about 100 ms with its import) and cached for the next start (2 ms)."""
    source = (translations_dir() / f"{code}.po").read_bytes()
    cache = _cache_path(code, source)
    try:
        stored = json.loads(cache.read_text(encoding="utf-8"))
        texts = {
            (context, key): tuple(value) if isinstance(value, list) else value
            for context, key, value in stored["texts"]
        }
        return texts, stored["plural"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    texts, plural = _parse_po(code, source)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        rows = [[context, key, value] for (context, key), value in texts.items()]
        with tempfile.NamedTemporaryFile(
            "w", dir=cache.parent, suffix=".tmp", delete=False, encoding="utf-8"
        ) as tmp:
            json.dump({"plural": plural, "texts": rows}, tmp, ensure_ascii=False)
        os.replace(tmp.name, cache)
    except OSError:  # a read-only home: parse again next time
        pass
    return texts, plural


def _load(code: str) -> _Language:
    """One language's texts, read once per process."""
    found = _loaded.get(code)
    if found is not None:
        return found
    with _lock:
        if code in _loaded:
            return _loaded[code]
        texts, plural = _read(code)
        _loaded[code] = _Language(texts, gettext.c2py(plural))
        return _loaded[code]


def reload() -> None:
    """Forget the loaded files (a test or a translator editing them while the app runs)."""
    with _lock:
        _loaded.clear()


def language() -> str:
    """The current UI language code ('nl' or 'en')."""
    return _LANGUAGE


def set_language(code: str) -> None:
    """Switch the language of all texts; unknown codes fall back to Dutch."""
    global _LANGUAGE
    new = code if code in LANGUAGES else "nl"
    if new == _LANGUAGE:
        return
    _LANGUAGE = new
    language_changed.emit(new)


def _entry(key: str, context: str | None, lang: str) -> tuple[Entry, Callable[[int], int]]:
    for code in (lang, "nl"):
        table = _load(code)
        found = table.texts.get((context, key))
        if found is not None:
            return found, table.plural
    raise KeyError(key if context is None else f"{context}|{key}")


def has_text(key: str, context: str | None = None) -> bool:
    """Whether ``key`` is a known text (for keys built at run time, such as ``cat_<name>``)."""
    return (context, key) in _load("nl").texts


def text(
    key: str,
    values: Mapping[str, object] | None = None,
    *,
    context: str | None = None,
    lang: str | None = None,
) -> str:
    """The text ``key`` (in ``context``) in ``lang`` (default: the current language).

    A plural text picks its form by the value ``n``. Values are filled in with ``str.format``;
    without values the text is returned as written.
    """
    values = values or {}
    entry, plural = _entry(key, context, lang or _LANGUAGE)
    if isinstance(entry, tuple):
        count = values.get("n", 2)
        if isinstance(count, str) and count.replace(".", "").replace(",", "").isdigit():
            count = int(count.replace(".", "").replace(",", ""))  # "1.234" as the UI shows it
        index = plural(int(count)) if isinstance(count, int | float) else len(entry) - 1
        template = entry[min(index, len(entry) - 1)]
        return template.format(**values)
    return entry.format(**values) if values else entry


def tr(key: str, **values: object) -> str:
    """The message ``key`` in the current language, with ``values`` filled in."""
    return text(key, values)


def ui(key: str, **values: object) -> str:
    """A user-interface text in the current language."""
    return text(key, values)


def level_text(level: str) -> str:
    """'buurt', 'wijk', 'gemeente' in the current language (other levels as they are)."""
    return text(level, context="level") if has_text(level, "level") else level


def reason_text(reason: str) -> str:
    """Human text for a missing-value reason key."""
    return text(reason if has_text(reason, "reason") else "no_data", context="reason")


class Text(str):
    """A text kept as key + values and translated again whenever it is shown.

    It is a ``str`` (the text in the language current when it was made), so it goes wherever a
    label goes (``Command.label: str``); ``str()`` and ``format()`` give the text in the language
    current *now*, so an undo label made before a language switch reads right after it.
    """

    key: str
    values: Mapping[str, object]

    def __new__(cls, key: str, values: Mapping[str, object] | None = None) -> Text:
        values = dict(values or {})
        made = super().__new__(cls, text(key, values))
        made.key, made.values = key, values
        return made

    def __str__(self) -> str:
        return text(self.key, self.values)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __reduce__(self):  # copies and pickles keep the key, not a frozen text
        return (Text, (self.key, dict(self.values)))


def lazy(key: str, **values: object) -> Text:
    """``Text(key, values)``: translate later, when shown."""
    return Text(key, values)


class WijkkaartError(Exception):
    """An input problem the user can fix; ``str()`` gives the message in the current language."""

    def __init__(self, key: str, **values: object) -> None:
        self.key = key
        self.values = values
        if "detail" in values:  # a library's own words: for the log, not for the user
            logging.getLogger("wijkkaart").info("%s: %s", key, values["detail"])
        super().__init__(tr(key, **values))

    def __str__(self) -> str:
        return tr(self.key, **self.values)


def short_list(items: list[str] | tuple[str, ...], limit: int = 5) -> str:
    """'a, b, c en 4 meer' style listing for messages."""
    items = [str(i) for i in items]
    if len(items) <= limit:
        return ", ".join(items)
    return text("short_list_more", {"items": ", ".join(items[:limit]), "n": len(items) - limit})
