"""Readers beside a writer: one lock that every kg process agrees on, and snapshots to read.

Oxigraph (RocksDB underneath) lets one process write a store folder, and its
``Store.read_only`` is, in its own documentation, undefined behaviour while another process
writes: queries run during a long ``kg extract`` failed 14 times in 119 (missing ``.sst`` files,
a corrupted MANIFEST, ``std::bad_alloc``, one reader that grew to 24 GB). So:

- ``<store>/kg.lock`` is an advisory lock (``flock``). The writer holds it exclusively for as
  long as it has the store open; a reader of the store itself holds it shared while it reads.
  A writer therefore never starts under a reader, nor a reader under a writer.
- While it writes, the writer keeps a *snapshot* of the store: a RocksDB checkpoint (hard links
  to the immutable table files, 5 to 30 ms to make) in ``<store>/snapshots/<n>``, made when it
  opens the store and again at each flush (every 50 documents during an extraction). A reader
  that finds the store being written opens the newest snapshot instead - a consistent state of
  the store a few seconds old, which nobody writes - and says so in a warning. Each snapshot
  has a lock of its own that its readers hold shared, so that the writer removes only
  snapshots nobody reads; what is left over is removed by the next writer or reader that can.
- Only when there is no snapshot yet does a reader beside a writer fail, with one line naming
  the writer's process (exit 4), or wait for it with ``--wait`` (``KG_WAIT=1``).

A writer waits for the readers of the store to finish (they are short); a second writer fails
at once (or waits with ``--wait``). Locks are ``flock`` locks on open file descriptions, so a
process that dies releases them; the descriptors are closed in forked children (extraction
workers), so that a worker outliving a killed writer does not hold the lock on its behalf.
The lock is advisory: a kg older than this one does not take it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgWarning, StoreError

try:  # POSIX; elsewhere kg runs without the lock (and says so in docs/reliability.md)
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LOCK_FILE = "kg.lock"
WRITER_FILE = "kg.writer"
SNAPSHOTS = "snapshots"
WAIT_ENV = "KG_WAIT"
#: Seconds a writer waits for the store's readers before it gives up (without --wait).
READERS_WAIT = 30.0
#: Seconds a reader waits for a starting writer's first snapshot.
SNAPSHOT_WAIT = 3.0
_POLL = 0.05

#: Lock descriptors this process holds: closed in forked children (see the module docstring).
#: Process-wide on purpose - it mirrors what the operating system holds for this process.
_HELD: set[int] = set()


def _close_held_in_child() -> None:
    for fd in list(_HELD):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_held_in_child)


def waiting_wanted(wait: bool | None) -> bool:
    """``wait`` if given, else whether ``$KG_WAIT`` is set to a true value."""
    if wait is not None:
        return wait
    return os.environ.get(WAIT_ENV, "").strip().lower() not in ("", "0", "false", "no")


def _open(path: Path, *, create: bool) -> int | None:
    """A descriptor for the lock file ``path`` (None when it cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDWR | (os.O_CREAT if create else 0), 0o666)
    except FileNotFoundError:
        return None
    except PermissionError:
        try:
            fd = os.open(path, os.O_RDONLY)  # a store we may read but not write
        except OSError:
            return None
    except OSError:
        return None
    _HELD.add(fd)
    return fd


def _close(fd: int | None) -> None:
    if fd is not None:
        _HELD.discard(fd)
        with contextlib.suppress(OSError):
            os.close(fd)  # closing the last descriptor releases the lock


def _try(fd: int, mode: int) -> bool:
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _writer_pid(store: Path) -> str:
    try:
        text = (store / WRITER_FILE).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return "?"
    return text if text.isdigit() else "?"


def _busy(store: Path) -> StoreError:
    return StoreError(
        f"the store at {store} is being written by kg process {_writer_pid(store)}; try again, "
        "or --wait"
    )


# -- the writer --------------------------------------------------------------------------------


@dataclass
class WriterLock:
    """The exclusive right to write the store at ``store``, and its snapshots for readers."""

    store: Path
    fd: int | None
    taken: list[Path] = field(default_factory=list)

    @classmethod
    def acquire(cls, store: Path, *, wait: bool | None = None) -> WriterLock:
        """Take the store's lock for writing, waiting for its readers to finish.

        Raises :class:`StoreError` when another process writes it (unless ``wait``), or when
        its readers have not finished within :data:`READERS_WAIT` seconds.
        """
        wait = waiting_wanted(wait)
        if fcntl is None:
            return cls(store, None)
        try:
            store.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"cannot create the store at {store}: {e.strerror}") from None
        fd = _open(store / LOCK_FILE, create=True)
        if fd is None:
            raise StoreError(f"cannot write the store at {store}: its lock file cannot be opened")
        try:
            cls._wait_for(store, fd, wait)
        except BaseException:
            _close(fd)
            raise
        lock = cls(store, fd)
        with contextlib.suppress(OSError):
            (store / WRITER_FILE).write_text(f"{os.getpid()}\n", encoding="ascii")
        lock.prune(keep=0)  # snapshots a killed writer left behind
        return lock

    @staticmethod
    def _wait_for(store: Path, fd: int, wait: bool) -> None:
        if _try(fd, fcntl.LOCK_EX):
            return
        probe = _open(store / LOCK_FILE, create=False)
        try:
            writer = probe is None or not _try(probe, fcntl.LOCK_SH)
        finally:
            _close(probe)  # a shared lock taken to look is given back at once
        if writer and not wait:
            raise _busy(store)
        deadline = None if wait else time.monotonic() + READERS_WAIT
        while not _try(fd, fcntl.LOCK_EX):
            if deadline is not None and time.monotonic() > deadline:
                raise StoreError(
                    f"the store at {store} is still being read by another kg process after "
                    f"{READERS_WAIT:g} s; try again, or --wait"
                )
            time.sleep(_POLL)

    def snapshot(self, make) -> None:
        """Make a new snapshot with ``make(folder)`` (the store's backup) and remove the
        older ones nobody reads. A failure costs readers their snapshot, never the write."""
        if self.fd is None:
            return
        folder = self.store / SNAPSHOTS
        try:
            folder.mkdir(exist_ok=True)
            number = max((_number(p) for p in folder.iterdir()), default=0) + 1
            target = folder / f"{number:08d}"
            make(target)
            (folder / f"{number:08d}.lock").touch()
            ready = folder / f"{number:08d}.ready"
            ready.with_suffix(".tmp").write_text(f"{time.time():.3f}\n", encoding="ascii")
            ready.with_suffix(".tmp").replace(ready)
        except OSError:
            return
        self.prune(keep=1)

    def prune(self, *, keep: int) -> None:
        """Remove all but the ``keep`` newest snapshots, leaving those being read."""
        prune_snapshots(self.store, keep=keep)

    def release(self) -> None:
        """Remove the snapshots nobody reads, then give the store up."""
        if self.fd is None:
            return
        self.prune(keep=0)
        with contextlib.suppress(OSError):
            (self.store / WRITER_FILE).unlink()
        _close(self.fd)
        self.fd = None


def _number(path: Path) -> int:
    stem = path.name.split(".")[0]
    return int(stem) if stem.isdigit() else 0


def prune_snapshots(store: Path, *, keep: int) -> None:
    """Remove the snapshots of ``store`` but the ``keep`` newest, skipping those being read."""
    if fcntl is None:
        return
    folder = store / SNAPSHOTS
    try:
        numbers = sorted({_number(p) for p in folder.iterdir() if _number(p)}, reverse=True)
    except OSError:
        return
    for number in numbers[keep:]:
        name = f"{number:08d}"
        fd = _open(folder / f"{name}.lock", create=True)
        if fd is None:
            continue
        try:
            if not _try(fd, fcntl.LOCK_EX):
                continue  # a reader has it open
            with contextlib.suppress(OSError):
                (folder / f"{name}.ready").unlink()
            shutil.rmtree(folder / name, ignore_errors=True)
            with contextlib.suppress(OSError):
                (folder / f"{name}.lock").unlink()
        finally:
            _close(fd)
    with contextlib.suppress(OSError):
        folder.rmdir()  # only when empty


# -- readers -----------------------------------------------------------------------------------


@dataclass
class ReaderLease:
    """Where a reader reads - the store itself, or a snapshot of it - and the lock it holds
    while it does."""

    store: Path
    folder: Path
    fd: int | None
    #: When the snapshot was taken (seconds since the epoch); None when reading the store.
    taken: float | None = None

    @classmethod
    def acquire(cls, store: Path, *, wait: bool | None = None) -> ReaderLease:
        """Take a shared lock on the store, or on the newest snapshot when it is being
        written; raise :class:`StoreError` (exit 4) when neither is possible and not ``wait``."""
        wait = waiting_wanted(wait)
        if fcntl is None:
            return cls(store, store, None)
        fd = _open(store / LOCK_FILE, create=True)
        if fd is None:
            return cls(store, store, None)  # nobody can write it here either
        if _try(fd, fcntl.LOCK_SH):
            return cls(store, store, fd)
        deadline = time.monotonic() + SNAPSHOT_WAIT
        while True:
            lease = cls._snapshot(store)
            if lease is not None:
                if wait:  # the finished store is wanted, not a snapshot
                    lease.release()
                    break
                _close(fd)
                age = time.time() - (lease.taken or time.time())
                warnings.warn(
                    f"kg process {_writer_pid(store)} is writing the store; this answer is from "
                    f"its snapshot of {max(age, 0):.0f} s ago (--wait for the finished store)",
                    KgWarning,
                    stacklevel=3,
                )
                return lease
            if _try(fd, fcntl.LOCK_SH):  # the writer finished meanwhile
                return cls(store, store, fd)
            if time.monotonic() > deadline:
                break
            time.sleep(_POLL)
        if not wait:
            _close(fd)
            raise _busy(store)
        fcntl.flock(fd, fcntl.LOCK_SH)  # wait for the writer to finish
        return cls(store, store, fd)

    @classmethod
    def _snapshot(cls, store: Path) -> ReaderLease | None:
        folder = store / SNAPSHOTS
        try:
            ready = sorted(folder.glob("*.ready"), reverse=True)
        except OSError:
            return None
        for marker in ready:
            name = marker.name.split(".")[0]
            fd = _open(folder / f"{name}.lock", create=False)
            if fd is None:
                continue
            if not _try(fd, fcntl.LOCK_SH) or not marker.exists():
                _close(fd)  # being removed
                continue
            try:
                taken = float(marker.read_text(encoding="ascii"))
            except (OSError, ValueError):
                taken = None
            return cls(store, folder / name, fd, taken)
        return None

    def release(self) -> None:
        """Give the lock back; a reader of a snapshot left over by a writer that has finished
        removes it when nobody else reads it."""
        _close(self.fd)
        self.fd = None
        if self.taken is not None and fcntl is not None:
            probe = _open(self.store / LOCK_FILE, create=False)
            try:
                if probe is not None and _try(probe, fcntl.LOCK_SH):
                    prune_snapshots(self.store, keep=0)  # no writer: every snapshot is stale
            finally:
                _close(probe)
