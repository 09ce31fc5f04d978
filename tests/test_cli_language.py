"""The CLI's help and headings follow --lang: Dutch by default, English with --lang en."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest

from wijkkaart import cli, messages
from wijkkaart.paths import sample_project

SUBCOMMANDS = sorted(cli._parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


def _help(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as done:
        cli.main([*argv, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def _cli_texts(lang: str) -> set[str]:
    """Every CLI help text (keys cli_*) that reads differently in the other language."""
    own, other = messages._load(lang).texts, messages._load("en" if lang == "nl" else "nl").texts
    return {
        value
        for (context, key), value in own.items()
        if context is None
        and key.startswith("cli_")
        and isinstance(value, str)
        and "{" not in value
        and other.get((None, key)) != value
        and len(value) > 12
    }


def test_export_help_is_english_with_lang_en_and_dutch_without(capsys):
    english = _help(capsys, "--lang", "en", "export")
    assert english.startswith("usage: wijkkaart export")
    assert "options:" in english and "show this help message and exit" in english
    assert "paper size" in english and "indicator on the map (catalogue id)" in english
    assert "papierformaat" not in english and "opties" not in english
    messages.set_language("nl")
    dutch = _help(capsys, "export")
    assert dutch.startswith("gebruik: wijkkaart export")
    assert "opties:" in dutch and "toon deze hulp en sluit af" in dutch
    assert "papierformaat" in dutch and "indicator op de kaart (catalogus-id)" in dutch
    assert "paper size" not in dutch and "usage:" not in dutch


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_help_is_in_one_language(capsys, command):
    dutch_only, english_only = _cli_texts("nl"), _cli_texts("en")
    english = _help(capsys, "--lang", "en", command)
    messages.set_language("nl")
    dutch = _help(capsys, command)
    flat_en, flat_nl = " ".join(english.split()), " ".join(dutch.split())
    assert not [t for t in dutch_only if t in flat_en], command
    assert not [t for t in english_only if t in flat_nl], command
    assert english != dutch


def test_argparse_errors_are_dutch_by_default_and_english_with_lang_en(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["export"])
    assert done.value.code == 2
    assert "fout: deze argumenten zijn verplicht: project, --out" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["--lang", "en", "export", "--paper", "A9", "x.wijkkaart", "--out", "x.pdf"])
    assert "error: argument --paper: invalid choice: 'A9'" in capsys.readouterr().err


def test_report_headings_follow_the_language(capsys):
    assert cli.main(["--lang", "en", "info", str(sample_project())]) == 0
    english = capsys.readouterr().out
    assert "\nFile: " in english and "Bestand:" not in english
    messages.set_language("nl")
    assert cli.main(["info", str(sample_project())]) == 0
    dutch = capsys.readouterr().out
    assert "\nBestand: " in dutch and "File:" not in dutch


def test_help_in_a_real_process():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop("WIJKKAART_LANG", None)
    run = [sys.executable, "-m", "wijkkaart"]
    english = subprocess.run(
        [*run, "--lang", "en", "export", "--help"], capture_output=True, text=True, env=env
    )
    dutch = subprocess.run([*run, "export", "--help"], capture_output=True, text=True, env=env)
    assert english.returncode == dutch.returncode == 0
    assert "usage:" in english.stdout and "paper size" in english.stdout
    assert "gebruik:" in dutch.stdout and "papierformaat" in dutch.stdout


def _helps(lang: str) -> dict[tuple[str, str], str]:
    """Every help text of the parser built in ``lang``: options and subcommands."""
    messages.set_language(lang)
    parser = cli._parser()
    found: dict[tuple[str, str], str] = {}
    parsers = [("", parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            parsers += sorted(action.choices.items())
            for pseudo in action._choices_actions:
                found[("", pseudo.dest)] = str(pseudo.help)
    for name, sub in parsers:
        for action in sub._actions:
            if action.help and action.help != argparse.SUPPRESS:
                found[(name, action.dest)] = str(action.help)
    return found


def test_no_help_text_is_written_in_the_code():
    dutch, english = _helps("nl"), _helps("en")
    assert dutch.keys() == english.keys()
    same = {
        value
        for key, value in messages._load("nl").texts.items()
        if messages._load("en").texts.get(key) == value
    }
    literal = sorted(
        f"{command or 'wijkkaart'} {dest}: {text!r}"
        for (command, dest), text in dutch.items()
        if english[(command, dest)] == text and text not in same
    )
    assert not literal, "help texts belong in resources/translations/:\n" + "\n".join(literal)


def test_help_texts_survive_argparse_formatting():
    # argparse fills in %(default)s and friends: a lone % in a help text crashes --help
    params = {"prog": "wijkkaart", "default": None, "dest": "x", "choices": "", "metavar": "X"}
    for lang in ("nl", "en"):
        for (context, key), value in messages._load(lang).texts.items():
            if context is None and key.startswith("cli_") and isinstance(value, str):
                try:
                    value % params
                except (ValueError, TypeError, KeyError) as error:
                    pytest.fail(f"{lang} {key}: {value!r}: {error}")
