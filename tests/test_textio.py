"""Safe reading and atomic writing."""

from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.sources import check_inputs, iter_sources
from kg.textio import atomic_writer, check_text_bytes


def test_atomic_writer_keeps_the_old_file_on_error(tmp_path):
    target = tmp_path / "x.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_writer(target) as f:
        f.write("new, half")
        raise RuntimeError("boom")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]


def test_atomic_writer_replaces_on_success(tmp_path):
    target = tmp_path / "sub" / "x.txt"
    with atomic_writer(target) as f:
        f.write("new")
    assert target.read_text(encoding="utf-8") == "new"


@pytest.mark.parametrize(
    "data,message",
    [(b"", "empty"), (b"\x00\x01binary", "binary"), (b"caf\xe9", "UTF-8"), (b"x" * 11, "limit")],
)
def test_bad_bytes_are_refused(data, message):
    with pytest.raises(InputError, match=message):
        check_text_bytes(data, "doc", max_bytes=10)


def test_bom_is_dropped():
    assert check_text_bytes("\ufeffhello".encode(), "doc") == "hello"


def test_text_files_take_the_headline_as_title(tmp_path):
    (tmp_path / "a.txt").write_text("Headline here\nBody text. More.", encoding="utf-8")
    (tmp_path / "b.md").write_text("# A title\n\nBody.", encoding="utf-8")
    sources = list(iter_sources([tmp_path]))
    assert [(s.identifier, s.title) for s in sources] == [("a", "Headline here"), ("b", "A title")]


def test_duplicate_identifiers_across_files_are_refused(tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "one" / "a.txt").write_text("Text one.", encoding="utf-8")
    (tmp_path / "two" / "a.txt").write_text("Text two.", encoding="utf-8")
    with pytest.raises(InputError, match="unique"):
        check_inputs([tmp_path])


def test_atomic_writer_gives_ordinary_permissions(tmp_path):
    import os
    import stat

    target = tmp_path / "shared.ttl"
    with atomic_writer(target) as f:
        f.write("x")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
