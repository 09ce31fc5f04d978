"""``wijkkaart export`` chooses the extent, scale and template like the export dialog (issue 12);
bad choices are a Dutch message and exit code 2."""

import shutil
import subprocess

import pytest

needs_poppler = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils")


@pytest.fixture
def project(sample, tmp_path):
    folder = tmp_path / "project"
    shutil.copytree(sample, folder)
    return folder / "utrecht.wijkkaart"


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--extent", "buurt:1", "Onbekende kaartuitsnede"),
        ("--extent", "wijk:Nergenshuizen", "De wijk 'Nergenshuizen' zit niet in dit project"),
        ("--extent", "focus:Onbekend", "Focusgebieden: Overvecht"),
        ("--scale", "1:12,5", "kies 1:1.000 tot 1:1.000.000"),
        ("--scale", "1:50", "kies 1:1.000 tot 1:1.000.000"),
        ("--template", "a5-folder", "Onbekend opmaaksjabloon"),
        ("--margin", "-5", "kies een percentage van 0 tot 200"),
    ],
)
def test_bad_print_choices_are_a_dutch_message(run_cli, project, tmp_path, option, value, words):
    extra = ["--extent", "wijk:WK034403"] if option == "--margin" else []
    done = run_cli("export", project, "--out", tmp_path / "k.pdf", option, value, *extra)
    assert done.returncode == 2, done.stderr
    assert words in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "k.pdf").exists()


@needs_poppler
def test_template_and_wijk_extent_from_the_command_line(run_cli, project, tmp_path):
    out = tmp_path / "overvecht.pdf"
    done = run_cli(
        "export",
        project,
        "--out",
        out,
        "--template",
        "a4-rapport",
        "--extent",
        "wijk:Overvecht",
        "--scale",
        "1:25.000",
        "--dpi",
        "72",
    )
    assert done.returncode == 0, done.stderr
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert "595 x 842 pts (A4)" in info  # the template's paper, portrait
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    # at 1:25.000 the scale bar of a ~190 mm frame is a round length in km
    assert "1 km" in text or "2 km" in text
