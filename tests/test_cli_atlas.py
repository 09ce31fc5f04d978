"""`wijkkaart atlas` on a big project: progress on stderr, and a page limit with a way out.

The walk's whole-country atlas (2,072 wijken) ran more than 12 minutes without a word."""

import subprocess

from wijkkaart.new_project import open_document


def _wijken(project) -> int:
    from wijkkaart.export.printing import atlas_areas

    return len(atlas_areas(open_document(project), "wijk"))


def test_a_too_large_atlas_is_refused_before_any_work(sample, tmp_path, run_cli):
    project = sample / "utrecht.wijkkaart"
    pages = _wijken(project)
    assert pages >= 3
    out = tmp_path / "atlas.pdf"
    result = run_cli("atlas", project, "--out", out, "--max-pages", pages - 1)
    assert result.returncode == 2
    assert f"{pages} pagina's" in result.stderr and "--gemeente" in result.stderr
    assert f"--max-pages {pages}" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_atlas_progress_on_stderr_and_one_gemeente(sample, tmp_path, run_cli):
    project = sample / "utrecht.wijkkaart"
    pages = _wijken(project)
    out = tmp_path / "atlas.pdf"
    result = run_cli(
        "atlas", project, "--out", out, "--dpi", "40", "--max-pages", pages, "--voortgang"
    )
    assert result.returncode == 0, result.stderr
    lines = [x for x in result.stderr.splitlines() if x.startswith("Atlas: pagina")]
    assert lines[-1].startswith(f"Atlas: pagina {pages} van {pages}")  # not a terminal: lines
    assert 2 <= len(lines) <= 22
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert f"Pages:           {pages}" in info
    result = run_cli("atlas", project, "--out", tmp_path / "x.pdf", "--gemeente", "GM9999")
    assert result.returncode == 2 and "GM9999" in result.stderr
    gemeente = "GM" + next(iter(open_document(project).areas.frame.index))[2:6]
    one = tmp_path / "een.pdf"
    result = run_cli("atlas", project, "--out", one, "--dpi", "40", "--gemeente", gemeente[2:])
    assert result.returncode == 0, result.stderr  # "0344" is read as GM0344
    info = subprocess.run(["pdfinfo", str(one)], capture_output=True, text=True).stdout
    assert f"Pages:           {pages}" in info  # the sample is one gemeente: all its wijken
