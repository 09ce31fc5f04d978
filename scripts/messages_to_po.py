"""Move message dictionaries left in ``wijkkaart/messages.py`` into the translation files.

The texts live in ``resources/translations/nl.po`` and ``en.po`` (gettext, read with babel). Older
code kept them in Python dictionaries (``MESSAGES``, ``UI``, ``MISSING_REASONS``, ``LEVELS`` or
any other module-level ``{key: {"nl": ..., "en": ...}}`` literal). Run this script after a rebase
that brought such a dictionary back:

    python scripts/messages_to_po.py            # move them and rewrite messages.py
    python scripts/messages_to_po.py --check    # exit 1 when something is left to move

Keys that are new are appended (with their section comment). A key that is already in the files
keeps the text there (the files are the source now; a rebase may bring back old dictionaries) and
is listed when the dictionary says something else; ``--overwrite`` takes the dictionary's text.
The dictionaries are then cut out of ``messages.py``. Re-running is harmless.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
MESSAGES_PY = ROOT / "wijkkaart" / "messages.py"
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("nl", "en")
# dictionaries whose keys collide with the main namespace get a gettext context
CONTEXTS = {
    "MISSING_REASONS": "reason",
    "LEVELS": "level",
    "ARGPARSE": "argparse",
    "STRATEGIES": "strategy",
    "SCHEMA_NAMES": "schema",
    "UNITS": "unit",
}


def load_catalog(language: str) -> Catalog:
    path = TRANSLATIONS / f"{language}.po"
    if path.exists():
        with path.open("rb") as f:
            return read_po(f, locale=language, domain="wijkkaart")
    return Catalog(locale=language, domain="wijkkaart", project="wijkkaart", fuzzy=False)


def save_catalog(catalog: Catalog, language: str) -> None:
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    path = TRANSLATIONS / f"{language}.po"
    tmp = path.with_suffix(".po.tmp")
    with tmp.open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False, include_previous=False)
    tmp.replace(path)


def _is_text_dict(node: ast.AST) -> bool:
    """A ``{key: {"nl": ..., "en": ...}}`` literal."""
    if not isinstance(node, ast.Dict) or not node.values:
        return False
    for value in node.values:
        if not isinstance(value, ast.Dict):
            return False
        keys = {k.value for k in value.keys if isinstance(k, ast.Constant)}
        if "nl" not in keys:
            return False
    return True


def _section_comments(lines: list[str]) -> dict[int, str]:
    """Line number -> the section comment ('# --- reading files ---') in force at that line."""
    section = ""
    out: dict[int, str] = {}
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("# ---") or (
            stripped.startswith("# ") and line.startswith("    # ") and stripped.endswith("---")
        ):
            section = stripped.strip("#- ").strip()
        elif stripped.startswith("# (end of") or (line[:1].isalpha() and "=" in line):
            section = ""
        out[number] = section
    return out


def find_dicts(source: str) -> list[tuple[str, ast.Dict, int, int]]:
    """(name, dict node, first line incl. leading comments, last line) of every text dict."""
    tree = ast.parse(source)
    lines = source.splitlines()
    found = []
    for node in tree.body:
        target = None
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            target, value = node.target.id, node.value
        elif (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
        ):
            target, value = node.targets[0].id, node.value
        if target is None or value is None or not _is_text_dict(value):
            continue
        start = node.lineno
        while start > 1 and lines[start - 2].startswith("#"):
            start -= 1
        found.append((target, value, start, node.end_lineno or node.lineno))
    return found


def _plural_pair(text: object) -> str | tuple[str, str]:
    """A text, or (singular, plural) from a {"one": ..., "other": ...} dict."""
    if isinstance(text, dict):
        return (str(text["one"]), str(text["other"]))
    return str(text)


def move(check: bool = False, overwrite: bool = False) -> int:
    source = MESSAGES_PY.read_text(encoding="utf-8")
    dicts = find_dicts(source)
    if check:
        for name, _node, start, _end in dicts:
            print(f"{MESSAGES_PY.name}:{start}: {name} still holds texts; run {__file__}")
        return 1 if dicts else 0
    if not dicts:
        print("messages.py holds no text dictionaries; nothing to move")
        return 0
    sections = _section_comments(source.splitlines())
    catalogs = {lang: load_catalog(lang) for lang in LANGUAGES}
    added = updated = 0
    for name, node, _start, _end in dicts:
        context = CONTEXTS.get(name)
        entries = ast.literal_eval(node)
        for key_node, (key, texts) in zip(node.keys, entries.items(), strict=True):
            section = sections.get(getattr(key_node, "lineno", 0), "")
            nl = _plural_pair(texts["nl"])
            for lang, catalog in catalogs.items():
                text = _plural_pair(texts.get(lang) or texts["nl"])
                comments = [f"section: {section}"] if section else []
                if lang != "nl":
                    shown = nl if isinstance(nl, str) else " | ".join(nl)
                    comments.append(f"nl: {shown}")
                msgid: str | tuple[str, str] = (key, key) if isinstance(text, tuple) else key
                old = catalog.get(key, context=context)
                if old is not None:
                    if old.string == text:
                        continue
                    if not overwrite:
                        print(f"kept the .po text of {key!r} ({lang}); the dictionary differs")
                        continue
                    updated += lang == "nl"
                    old.id, old.string, old.auto_comments = msgid, text, comments  # keeps order
                    continue
                added += lang == "nl"
                catalog.add(msgid, text, context=context, auto_comments=comments)
    for lang, catalog in catalogs.items():
        save_catalog(catalog, lang)
    lines = source.splitlines(keepends=True)
    for _name, _node, start, end in sorted(dicts, key=lambda d: -d[2]):
        del lines[start - 1 : end]
    text = "".join(lines)
    while "\n\n\n\n" in text:
        text = text.replace("\n\n\n\n", "\n\n\n")
    MESSAGES_PY.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
    names = ", ".join(d[0] for d in dicts)
    print(f"moved {names}: {added} new keys, {updated} changed texts -> {TRANSLATIONS}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report what is left to move")
    parser.add_argument("--overwrite", action="store_true", help="dictionary texts win")
    args = parser.parse_args()
    return move(check=args.check, overwrite=args.overwrite)


if __name__ == "__main__":
    sys.exit(main())
