"""Writing ``-o`` outputs (issue 12): whatever is at the path, and however full the disk.

A regular file is replaced only by a complete new one; a link keeps being a link; a FIFO or a
device is written into, never replaced by a regular file; a folder or an empty name is refused;
a write that fails (a full disk, simulated here by a file-size limit) is one line, and the
previous file is kept byte for byte.
"""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE
from test_cli import one_line_error, run


def test_an_empty_name_or_a_folder_is_refused(runner, seeded_store, tmp_path):
    for target in ("", str(tmp_path)):
        result = run(runner, "--store", seeded_store, "export", "--format", "nt", "-o", target)
        message = one_line_error(result, code=2)
        assert "folder" in message or "file name" in message
    assert tmp_path.is_dir()


def test_a_symbolic_link_stays_a_link_and_its_target_is_written(runner, seeded_store, tmp_path):
    target = tmp_path / "real.ttl"
    target.write_text("previous", encoding="utf-8")
    link = tmp_path / "link.ttl"
    link.symlink_to(target)
    result = run(runner, "--store", seeded_store, "export", "-o", link)
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8").startswith("@prefix")


def test_a_fifo_is_written_into_not_replaced(runner, seeded_store, tmp_path):
    fifo = tmp_path / "pipe.nt"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run(runner, "--store", seeded_store, "export", "--format", "nt", "-o", fifo)
    reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert received and received[0].count(b"\n") > 100


@pytest.mark.skipif(not os.access("/dev/full", os.W_OK), reason="no writable /dev/full")
def test_dev_full_is_one_line_and_stays_a_device(runner, seeded_store, tmp_path):
    # through a link of our own: a kg that renames over its output replaces the link, not the
    # machine's /dev/full (the old one did that to /dev/full itself, as root)
    link = tmp_path / "full.nt"
    link.symlink_to("/dev/full")
    result = run(runner, "--store", seeded_store, "export", "-o", link)
    assert "No space left on device" in one_line_error(result, code=2)
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    assert link.is_symlink()


def _limited(limit: int):
    """For a child process: files may not grow past ``limit`` bytes (a disk that is full)."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def kg_limited(*args, limit: int = 4096):
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        preexec_fn=_limited(limit),
        timeout=300,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["export", "-o", "{dir}/graph.ttl"],
        ["export", "-o", "{dir}/graph.trig"],
        ["export", "-o", "{dir}/graph.graphml"],
        ["export", "--format", "events", "-o", "{dir}/events.csv"],
        ["draw", "-o", "{dir}/graph.svg"],
        ["draw", "-o", "{dir}/graph.html"],
    ],
)
def test_a_full_disk_is_one_line_and_keeps_the_previous_file(seeded_store, tmp_path, args):
    args = [a.format(dir=tmp_path) for a in args]
    target = Path(args[-1])
    target.write_bytes(b"previous bytes\n")
    result = kg_limited("--store", seeded_store, *args, limit=2000)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot write"), result.stderr
    assert "previous file is kept" in lines[0]
    assert target.read_bytes() == b"previous bytes\n"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


@pytest.mark.model
@pytest.mark.skipif(not os.access("/dev/full", os.W_OK), reason="no writable /dev/full")
def test_a_full_disk_after_extracting_says_the_documents_were_stored(runner, tmp_path):
    store = tmp_path / "kg-store"
    out = tmp_path / "run.trig"
    out.symlink_to("/dev/full")  # the extension names the format; the device is full
    result = run(runner, "--store", store, "extract", SAMPLE, "--out", out)
    message = one_line_error(result, code=2)
    assert "No space left on device" in message and "the documents were stored" in message
    result = run(runner, "--store", store, "stats", "--format", "json")
    assert '"documents": 1' in result.stdout
