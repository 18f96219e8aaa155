"""Safe reading of user input and atomic writing of output.

Reading refuses what would silently produce garbage: binary files, text that is not UTF-8,
empty documents and documents too large to be news. Writing goes to a temporary file in the
target folder and is renamed over the target only when complete, so a failure never leaves a
half-written file or destroys the previous one.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from kg.errors import InputError, KgError

#: Largest document accepted, in bytes. A long feature article is ~100 kB; 5 MB is a book.
MAX_DOCUMENT_BYTES = 5_000_000
_SNIFF_BYTES = 8192


def check_text_bytes(data: bytes, where: str, *, max_bytes: int = MAX_DOCUMENT_BYTES) -> str:
    """Decode ``data`` as a document's text, or raise :class:`InputError` saying why not."""
    if len(data) > max_bytes:
        raise InputError(
            f"{where}: {len(data):,} bytes is larger than the {max_bytes:,}-byte limit for one "
            "document; split it into articles"
        )
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise InputError(f"{where}: looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(
            f"{where}: not valid UTF-8 (byte {e.start}); convert it, e.g. "
            "`iconv -f latin1 -t utf-8`"
        ) from None
    if not text.strip():
        raise InputError(f"{where}: empty document")
    return text


def check_unicode(text: str, where: str) -> None:
    """Refuse a string that is not Unicode text: a lone surrogate (``\\ud800``, which JSON's
    ``\\u`` escapes and undecodable command-line bytes can produce) has no UTF-8 form, so no
    store, file or parser can take it."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        code = ord(text[e.start])
        raise InputError(
            f"{where} holds a lone surrogate (U+{code:04X} at character {e.start}), which is "
            "not text; fix the escape or encoding that wrote it"
        ) from None


def read_text_file(path: Path, *, max_bytes: int = MAX_DOCUMENT_BYTES) -> str:
    """Read a UTF-8 text file with the checks of :func:`check_text_bytes`."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{path}: {size:,} bytes is larger than the {max_bytes:,}-byte limit for one "
                "document; split it into articles"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    return check_text_bytes(data, str(path), max_bytes=max_bytes)


@contextlib.contextmanager
def atomic_writer(path: Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a temporary file beside ``path``; rename it onto ``path`` only if the block succeeds.

    What is at ``path`` decides how it is written:

    - nothing, or a regular file: a temporary file in the same folder, renamed over it when
      complete, so that a failure (a full disk) leaves the previous file byte for byte;
    - a symbolic link: its target is written that way, and the link stays a link;
    - a FIFO, a device, ``/dev/stdout``: written directly (a rename would replace the
      device with a regular file, as it did for ``/dev/full`` as root);
    - a folder (``-o DIR``, ``-o ''``): refused.

    Any failure to write is an :class:`InputError` naming the file, in one line.

    >>> with atomic_writer(Path("out.ttl")) as f:   # doctest: +SKIP
    ...     f.write(turtle)
    """
    path = Path(path)
    if str(path) in ("", "."):
        raise InputError("-o: give a file name, not an empty one")
    try:
        info = path.stat()  # follows symbolic links
    except FileNotFoundError:
        info = None
    except OSError as e:
        raise InputError(f"{path}: cannot write ({e.strerror})") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path}: is a folder; give a file name")
    binary = "b" in mode
    if info is not None and not stat.S_ISREG(info.st_mode):
        with _writing(path, "into"), open(path, mode, encoding=None if binary else encoding) as f:
            yield f
        return
    if path.is_symlink():  # a link to a file, or to a file yet to be made
        path = Path(os.path.realpath(path))
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise InputError(f"{path}: cannot write ({e.strerror})") from None
    try:
        with _writing(path, "to", keeps=info is not None):
            with os.fdopen(fd, mode, encoding=None if binary else encoding) as f:
                yield f
                f.flush()
                os.fsync(f.fileno())
            # mkstemp makes the file private (0600); give it the permissions a plain open()
            # would
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
            os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def _writing(path: Path, how: str, *, keeps: bool = False) -> Iterator[None]:
    """Turn a failure to write (a full disk, a closed pipe, a read-only file system) into one
    line naming the file."""
    try:
        yield
    except OSError as e:
        if isinstance(e, KgError) or e.errno is None:
            raise
        kept = "; the previous file is kept as it was" if keeps else ""
        raise InputError(f"cannot write {how} {path} ({e.strerror}){kept}") from None
