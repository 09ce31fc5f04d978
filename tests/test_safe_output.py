"""Outputs are written beside the target and renamed; a failure keeps the previous file."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wijkkaart import safe_output
from wijkkaart.messages import WijkkaartError


def test_write_replaces_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "kaart.html"
    safe_output.write_text(target, "eerste")
    safe_output.write_text(target, "tweede")
    assert target.read_text() == "tweede"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kaart.html"]


def test_disk_full_keeps_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "kaart.png"
    target.write_bytes(b"goede kaart")
    real_fsync = os.fsync

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(WijkkaartError) as info:
        safe_output.write_bytes(target, b"nieuwe kaart die niet past")
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert info.value.key == "output_disk_full"
    assert "schijf is vol" in str(info.value)
    assert target.read_bytes() == b"goede kaart"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kaart.png"]


def test_failed_check_keeps_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "kaart.pdf"
    target.write_bytes(b"%PDF oud")
    with pytest.raises(WijkkaartError) as info, safe_output.atomic_path(target) as tmp:
        tmp.write_bytes(b"")  # a writer that silently produced nothing
    assert info.value.key == "output_incomplete"
    assert target.read_bytes() == b"%PDF oud"
    assert len(list(tmp_path.iterdir())) == 1


def test_error_in_writer_keeps_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "typologie.csv"
    target.write_text("oud")
    with pytest.raises(RuntimeError), safe_output.atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("writer broke")
    assert target.read_text() == "oud"
    assert len(list(tmp_path.iterdir())) == 1


def test_output_is_never_an_input(tmp_path: Path) -> None:
    source = tmp_path / "kerncijfers.csv"
    source.write_text("buurtcode;x\n")
    link = tmp_path / "alias.csv"
    link.symlink_to(source)
    for target in (source, link, tmp_path / "." / "kerncijfers.csv"):
        with pytest.raises(WijkkaartError) as info:
            safe_output.write_text(target, "typologie", inputs=[source])
        assert info.value.key == "output_is_input"
    assert source.read_text() == "buurtcode;x\n"


def test_mode_is_kept_and_new_files_follow_umask(tmp_path: Path) -> None:
    existing = tmp_path / "project.wijkkaart"
    existing.write_text("{}")
    existing.chmod(0o640)
    safe_output.write_text(existing, "{ }")
    assert existing.stat().st_mode & 0o777 == 0o640
    old = os.umask(0o022)
    try:
        fresh = safe_output.write_text(tmp_path / "nieuw.wijkkaart", "{}")
    finally:
        os.umask(old)
    assert fresh.stat().st_mode & 0o777 == 0o644


def test_missing_folder_and_folder_target_are_refused(tmp_path: Path) -> None:
    with pytest.raises(WijkkaartError) as info:
        safe_output.write_text(tmp_path / "bestaat-niet" / "kaart.html", "x")
    assert info.value.key == "output_folder_missing"
    (tmp_path / "map.html").mkdir()
    with pytest.raises(WijkkaartError) as info:
        safe_output.write_text(tmp_path / "map.html", "x")
    assert info.value.key == "output_not_a_file"


def test_leftovers_of_a_killed_writer_are_removed(tmp_path: Path) -> None:
    """A real process is killed with SIGKILL while its temporary file exists."""
    script = (
        "import sys, time\n"
        "from wijkkaart import safe_output\n"
        "with safe_output.atomic_path(sys.argv[1]) as tmp:\n"
        "    tmp.write_bytes(b'x' * 100000)\n"
        "    print('ready', flush=True)\n"
        "    time.sleep(60)\n"
    )
    target = tmp_path / "atlas.pdf"
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(target)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    leftovers = list(tmp_path.glob(f"{safe_output.TEMP_PREFIX}*"))
    assert len(leftovers) == 1
    # The next write to this folder cleans up; a live writer's file would have been kept.
    safe_output.write_text(tmp_path / "kaart.html", "x")
    assert not list(tmp_path.glob(f"{safe_output.TEMP_PREFIX}*"))
    assert not target.exists()


def test_live_writers_temporary_is_kept(tmp_path: Path) -> None:
    mine = tmp_path / f"{safe_output.TEMP_PREFIX}{os.getpid()}-abc.pdf"
    mine.write_bytes(b"busy")
    assert safe_output.remove_stale_temporaries(tmp_path) == []
    old = time.time() - 2 * safe_output.STALE_AFTER_S
    other = tmp_path / f"{safe_output.TEMP_PREFIX}1-abc.pdf"  # pid 1 is alive but the file is old
    other.write_bytes(b"old")
    os.utime(other, (old, old))
    assert safe_output.remove_stale_temporaries(tmp_path) == [other]
    assert mine.exists()
