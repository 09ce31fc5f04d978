"""The HTML map and the print of one saved project carry the same title (export/title.py).

Before, the HTML fell back to the project's file name ("utrecht") while the print took the top
legend block's title, so the two exports of one project were titled differently.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)


def first_pdf_line(path) -> str:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return next(line.strip() for line in text.splitlines() if line.strip())


def html_title(path) -> str:
    import html

    match = TITLE.search(path.read_text(encoding="utf-8"))
    assert match, "no <title>"
    return html.unescape(match.group(1))


@pytest.fixture
def saved(sample, tmp_path):
    folder = tmp_path / "project"
    shutil.copytree(sample, folder)
    return folder / "utrecht.wijkkaart"


def both(run_cli, project, tmp_path) -> tuple[str, str]:
    pdf, page = tmp_path / "kaart.pdf", tmp_path / "kaart.html"
    for out in (pdf, page):
        result = run_cli("export", project, "--out", out, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    return first_pdf_line(pdf), html_title(page)


def test_html_title_is_the_prints_for_a_saved_project(saved, tmp_path, run_cli):
    name = json.loads(saved.read_text(encoding="utf-8")).get("name") or saved.stem
    printed, page = both(run_cli, saved, tmp_path)
    assert page == printed
    assert page not in (name, saved.stem, "wijkkaart")  # the map's own title, not the file's


def test_saved_print_title_wins_in_both(saved, tmp_path, run_cli):
    data = json.loads(saved.read_text(encoding="utf-8"))
    data["print"] = {**data.get("print", {}), "title": "Woningvoorraad Utrecht & <omgeving>"}
    saved.write_text(json.dumps(data), encoding="utf-8")
    printed, page = both(run_cli, saved, tmp_path)
    assert printed == page == "Woningvoorraad Utrecht & <omgeving>"
