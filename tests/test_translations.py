"""The translation files are complete, consistent and the only home of user-visible text."""

from __future__ import annotations

import ast
import importlib.util
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from wijkkaart import messages
from wijkkaart.messages import set_language, short_list, text, tr

ROOT = Path(__file__).resolve().parent.parent
WIJKKAART = ROOT / "wijkkaart"


def _catalog(lang: str):
    with (messages.translations_dir() / f"{lang}.po").open("rb") as f:
        return read_po(f, locale=lang)


def _entries(lang: str) -> dict[tuple[str | None, str], object]:
    return {
        (m.context, m.id[0] if isinstance(m.id, tuple) else m.id): m.string
        for m in _catalog(lang)
        if m.id
    }


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_key_has_dutch_and_english_with_the_same_fields():
    nl, en = _entries("nl"), _entries("en")
    assert len(nl) > 400
    assert set(nl) == set(en), set(nl) ^ set(en)
    problems = []
    for key, dutch in nl.items():
        english = en[key]
        if isinstance(dutch, tuple) != isinstance(english, tuple):
            problems.append(f"{key}: plural in one language only")
            continue
        forms = list(dutch) + list(english) if isinstance(dutch, tuple) else [dutch, english]
        if not all(forms):
            problems.append(f"{key}: empty text")
            continue
        if len({frozenset(_fields(f)) for f in forms}) != 1:
            problems.append(f"{key}: fields differ {[sorted(_fields(f)) for f in forms]}")
    assert not problems, "\n".join(problems)


def test_no_key_is_written_twice():
    # the .po files merge by union (.gitattributes): two helpers editing one entry leave it twice;
    # a key is also written once across contexts (two "no_weight" entries, one under msgctxt
    # "reason", said two different things for one word and were easy to edit in the wrong place)
    for lang in ("nl", "en"):
        lines = (messages.translations_dir() / f"{lang}.po").read_text(encoding="utf-8")
        seen: dict[str, int] = {}
        twice = []
        for number, line in enumerate(lines.splitlines(), 1):
            if line.startswith("msgid ") and line != 'msgid ""':
                if line in seen:
                    twice.append(f"{lang}.po:{number} {line} (also line {seen[line]})")
                seen.setdefault(line, number)
        assert not twice, "\n".join(twice)


def test_plural_entries_have_every_form_and_a_count():
    for lang in ("nl", "en"):
        catalog = _catalog(lang)
        plurals = [m for m in catalog if m.id and m.pluralizable]
        assert len(plurals) >= 25, lang  # the hand-built "gebied(en)" texts became plurals
        for message in plurals:
            assert len(message.string) == catalog.num_plurals, message.id
            if message.context != "argparse":  # argparse's own texts count with %s
                assert all("{n}" in form for form in message.string), message.id


def test_no_hand_built_plurals_left():
    for lang in ("nl", "en"):
        for (_, key), value in _entries(lang).items():
            for form in value if isinstance(value, tuple) else (value,):
                assert not re.search(r"\w\((en|n|s|len)\)", form), (lang, key, form)


def test_plural_forms_follow_the_count():
    assert tr("geometry_repaired", n=1, codes="BU1") == (
        "1 gebied had een ongeldige vorm (bijvoorbeeld een zelfdoorsnijding) "
        "en is gerepareerd: BU1."
    )
    assert tr("geometry_repaired", n=3, codes="BU1").startswith("3 gebieden hadden")
    assert tr("geometry_repaired", n=0, codes="").startswith("0 gebieden")
    set_language("en")
    assert tr("points_exploded", n=1) == "1 multipoint was split into single points."
    assert tr("points_exploded", n=2) == "2 multipoints were split into single points."
    assert short_list(list("abcdef"), limit=5) == "a, b, c, d, e and 1 more"


def test_context_separates_equal_keys():
    # "no_data" is both an interface text and a missing-value reason; gettext contexts keep apart
    assert text("no_data", context="reason") == "geen gegevens"
    assert messages.reason_text("later") == "wordt later gepubliceerd"
    assert messages.level_text("buurt") == "buurt"
    set_language("en")
    assert messages.level_text("buurt") == "neighbourhood"
    assert messages.reason_text("nonsense") == "no data"


def test_unknown_key_is_an_error_not_a_silent_fallback():
    with pytest.raises(KeyError):
        tr("no_such_key_anywhere")


def test_a_lazy_text_translates_when_shown():
    label = messages.lazy("cmd_add_layer")
    dutch = str(label)
    set_language("en")
    assert str(label) != dutch and str(label) == text("cmd_add_layer", lang="en")


def test_language_changed_is_emitted_once_per_change():
    seen: list[str] = []
    messages.language_changed.connect(seen.append)
    try:
        set_language("en")
        set_language("en")
        set_language("nl")
    finally:
        messages.language_changed.disconnect(seen.append)
    assert seen == ["en", "nl"]


def test_messages_py_holds_no_text_dictionaries():
    spec = importlib.util.spec_from_file_location("m2po", ROOT / "scripts" / "messages_to_po.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    left = module.find_dicts((WIJKKAART / "messages.py").read_text(encoding="utf-8"))
    assert not left, f"run python scripts/messages_to_po.py to move {[d[0] for d in left]}"


def _literal_keys() -> set[tuple[Path, int, str]]:
    """Keys written literally in ui("..."), tr("..."), WijkkaartError("...") calls."""
    found = set()
    for path in WIJKKAART.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0]
            if name in {"ui", "tr", "WijkkaartError", "lazy"} and isinstance(first, ast.Constant):
                found.add((path, node.lineno, str(first.value)))
    return found


def test_every_key_the_code_names_exists():
    missing = [
        f"{p.relative_to(ROOT)}:{line}: {key}"
        for p, line, key in _literal_keys()
        if not messages.has_text(key)
    ]
    assert not missing, "\n".join(sorted(missing))


def test_undo_labels_are_kept_as_keys():
    # a label made with ui() is frozen in the language of that moment; lazy() re-reads it
    frozen = [
        f"{p.relative_to(ROOT)}:{line}: {name}"
        for p, line, name in _literal_keys()
        if name.startswith("cmd_") and not _is_lazy_call(p, line, name)
    ]
    assert not frozen, "use messages.lazy() for undo labels:\n" + "\n".join(sorted(frozen))


def _is_lazy_call(path: Path, line: int, key: str) -> bool:
    source = path.read_text(encoding="utf-8").splitlines()[line - 1]
    return f'lazy("{key}")' in source or f'lazy("{key}",' in source  # with values too


# Words that mark a sentence as Dutch and are not English words.
DUTCH = {
    "de",
    "het",
    "een",
    "van",
    "niet",
    "geen",
    "voor",
    "naar",
    "met",
    "zijn",
    "wordt",
    "worden",
    "bestand",
    "kaart",
    "laag",
    "buurten",
    "kies",
    "openen",
    "opslaan",
    "toevoegen",
    "gebied",
    "gebieden",
    "waarde",
    "waarden",
    "kolom",
    "alle",
    "ook",
    "nog",
    "deze",
    "dit",
    "bij",
    "uit",
}


def _dutch_literals(path: Path) -> list[tuple[int, str]]:
    """String constants with at least two words, one of them Dutch, outside docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    hits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in docstrings:
                continue
            if " " not in node.value.strip():
                continue  # a key, an object name, a format
            words = re.findall(r"[a-zà-ÿ]+", node.value.lower())
            if len(words) >= 2 and DUTCH & set(words):
                hits.append((node.lineno, node.value))
    return hits


def test_no_dutch_sentences_in_the_ui_code():
    hits = [
        f"{path.relative_to(ROOT)}:{line}: {value!r}"
        for path in sorted((WIJKKAART / "ui").rglob("*.py"))
        for line, value in _dutch_literals(path)
    ]
    assert not hits, "user-visible text belongs in resources/translations/:\n" + "\n".join(hits)


# Dutch in code that is not interface text, with the reason it stays.
NOT_INTERFACE = {
    ("about.py", "CBS Wijk- en buurtkaart, Kerncijfers wijken en buurten"),  # the source's name
    ("analysis/typology.py", "Corporatiebuurt:"),  # the standard rules: a file the user edits
    ("analysis/typology.py", "Warmtenet-kansrijk"),
    ("io/columns.py", "wijken en buurten"),  # a StatLine column title that is read
    ("io/vector.py", "geen geometrie / no geometry"),  # a detail for the log only
    ("layers/formatting.py", "% van oppervlak"),  # a catalogue unit, used as a key
}


def test_no_dutch_sentences_in_the_rest_of_the_code():
    hits = []
    for path in sorted(WIJKKAART.rglob("*.py")):
        relative = path.relative_to(WIJKKAART).as_posix()
        if relative.startswith("ui/") or relative == "messages.py":
            continue
        for line, value in _dutch_literals(path):
            if not any(relative == f and value.startswith(t) for f, t in NOT_INTERFACE):
                hits.append(f"wijkkaart/{relative}:{line}: {value!r}")
    assert not hits, "user-visible text belongs in resources/translations/:\n" + "\n".join(hits)


def test_the_dutch_literal_check_can_fail(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('"""Een docstring mag Nederlands zijn."""\nx = "Kies een bestand"\n')
    assert _dutch_literals(sample) == [(2, "Kies een bestand")]


def test_print_dates_use_the_language_not_the_os_locale():
    import datetime as dt

    from wijkkaart.export.layout import dutch_date

    assert dutch_date(dt.date(2026, 3, 5)) == "5 maart 2026"
    set_language("en")
    assert dutch_date(dt.date(2026, 3, 5)) == "5 March 2026"


def test_the_parsed_files_are_cached_and_an_edit_is_seen(tmp_path, monkeypatch):
    folder = tmp_path / "translations"
    folder.mkdir()
    for lang in ("nl", "en"):
        source = messages.translations_dir() / f"{lang}.po"
        (folder / f"{lang}.po").write_bytes(source.read_bytes())
    monkeypatch.setattr(messages, "translations_dir", lambda: folder)
    messages.reload()
    try:
        assert text("menu_file", lang="nl") == "&Bestand"
        cache = messages._cache_path("nl", (folder / "nl.po").read_bytes())
        assert cache.exists()  # the next start reads this instead of parsing the .po file
        po = folder / "nl.po"
        po.write_text(
            po.read_text(encoding="utf-8").replace('msgstr "&Bestand"', 'msgstr "&Archief"'),
            encoding="utf-8",
        )
        messages.reload()
        assert text("menu_file", lang="nl") == "&Archief"  # a translator's edit, not the cache
    finally:
        messages.reload()
