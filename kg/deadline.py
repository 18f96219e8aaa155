"""Run a function in a child process: under a time limit that really stops it, and apart from
the caller so that a crash of the query engine cannot take the caller down.

pyoxigraph's ``Store.query`` takes no time limit and holds the work in Rust, where a Python
thread cannot be interrupted: a thread that missed its deadline would keep a core busy until the
query ends. So a bounded call runs in a child process, and at the deadline the child is killed:
the work stops, its memory is returned, and the caller gets a :class:`DeadlineExceeded`.

The same child keeps the caller alive when the engine aborts: Oxigraph 0.5 panics in its sort
("comparison does not implement a total order", exit 134) when ORDER BY meets numbers and text
that compare in a cycle, and a panic there aborts the whole process. Here the child dies, and
the caller gets a :class:`WorkerCrashed` naming the signal.

How the child starts (``method="auto"``): by ``fork`` when this process runs a single thread
(it starts at once and shares the loaded modules; the ``kg`` command forks before it opens any
store), else from a fork server (a clean process started once, which forks each child): forking a
process that has threads - RocksDB's background threads once a store was opened, BLAS thread
pools - can deadlock the child. ``spawn`` (a fresh interpreter, a few tenths of a second) is the
fallback where neither exists.

A result can also stream out of the child (``stream=``): the child writes it into a pipe as it
is produced, a chunk of :data:`CHUNK` bytes at a time, and the caller copies each chunk to its
own stream as it arrives. So ``kg query --format csv`` keeps both guarantees: rows reach
standard output while the engine still produces them, neither process gathers them, and an
engine abort is still one error in the caller (after whatever rows were already written).
"""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
import warnings
from collections.abc import Callable
from typing import Any

from kg.errors import KgError

#: Bytes the child gathers before it sends them to the caller's stream: large enough that the
#: pipe costs little (40,000 rows of CSV are a few hundred sends), small enough to stream.
CHUNK = 1 << 16


class DeadlineExceeded(Exception):
    """The function did not finish within its time limit (it has been stopped)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"did not finish within {seconds:g} s")
        self.seconds = seconds


class WorkerCrashed(Exception):
    """The child process died without an answer (a signal: an engine abort, a segmentation
    fault, the kernel's out-of-memory killer)."""

    def __init__(self, exitcode: int | None) -> None:
        self.exitcode = exitcode
        self.signal = -exitcode if exitcode is not None and exitcode < 0 else None
        name = signal.Signals(self.signal).name if self.signal else f"exit code {exitcode}"
        super().__init__(f"the worker process ended without an answer ({name})")


class _PipeWriter(io.RawIOBase):
    """The write end of a stream to the caller: each write is one message on ``conn``."""

    def __init__(self, conn) -> None:
        self._conn = conn

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        view = memoryview(data).cast("B")
        if len(view):
            self._conn.send_bytes(view)
        return len(view)

    def close(self) -> None:
        if not self.closed:
            self._conn.close()
        super().close()


def _child(
    conn,
    place: tuple[str, dict],
    fn: Callable[..., Any],
    args: tuple,
    kwargs: dict,
    stream_conn=None,
) -> None:
    # a fork server's child starts in the server's folder and environment, not the caller's
    folder, env = place
    os.chdir(folder)
    os.environ.clear()
    os.environ.update(env)
    # what the engine writes when it aborts (a Rust panic message and backtrace) is not for
    # users: the caller says what happened in one line; Python's warnings come back in order
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
    out = None
    if stream_conn is not None:
        out = io.BufferedWriter(_PipeWriter(stream_conn), buffer_size=CHUNK)
        kwargs = {**kwargs, "out": out}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            try:
                outcome: tuple = ("ok", fn(*args, **kwargs))
            finally:
                if out is not None:
                    out.close()  # what was written reaches the caller before the outcome
        except KgError as e:
            outcome = ("error", e)
        except BaseException:
            outcome = ("crash", traceback.format_exc())
    said = [(w.category, str(w.message)) for w in caught]
    try:
        conn.send((*outcome, said))
    finally:
        conn.close()


def _single_threaded() -> bool:
    """Whether this process runs one thread only, native threads included (Linux)."""
    if threading.active_count() != 1:
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def start_method(method: str = "auto") -> str:
    """The multiprocessing start method for a child (see the module's docstring)."""
    if method != "auto":
        return method
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and _single_threaded():
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def call_with_deadline(
    fn: Callable[..., Any],
    *args: Any,
    seconds: float | None,
    method: str = "auto",
    stream: Any = None,
    **kwargs: Any,
) -> Any:
    """``fn(*args, **kwargs)`` in a child process, stopped after ``seconds`` (None: no limit).

    ``fn``, its arguments and its result must be picklable (a module-level function returning
    plain data). The child works in the caller's current folder with the caller's environment
    variables as they are now (they carry the store's and the endpoint's settings). A
    :class:`kg.errors.KgError` raised in the child is raised again here, and the warnings it
    gave are given again; a child that dies without an answer raises :class:`WorkerCrashed`;
    any other failure in the child is a bug and raises RuntimeError with its traceback.

    With ``stream`` (a binary stream of the caller's), ``fn`` is also given ``out=``, a binary
    stream whose bytes are written to ``stream`` here as they come (see the module docstring);
    the time limit covers the writing too.

    >>> call_with_deadline(sum, [1, 2, 3], seconds=30)                      # doctest: +SKIP
    6
    """
    ctx: Any = multiprocessing.get_context(start_method(method))
    if ctx.get_start_method() == "forkserver":
        # the server imports kg once, so each child starts with it loaded
        ctx.set_forkserver_preload(["kg.api"])
    receiver, sender = ctx.Pipe(duplex=False)
    data_in, data_out = ctx.Pipe(duplex=False) if stream is not None else (None, None)
    process = ctx.Process(
        target=_child,
        args=(sender, (os.getcwd(), dict(os.environ)), fn, args, kwargs, data_out),
        daemon=True,
    )
    deadline = None if seconds is None else time.monotonic() + seconds

    def left() -> float | None:
        return None if deadline is None else max(0.0, deadline - time.monotonic())

    process.start()
    sender.close()
    if data_out is not None:
        data_out.close()  # the child holds the only write end: its end is the stream's end
    try:
        if data_in is not None:
            _relay(data_in, stream, left, seconds)
        if not receiver.poll(left()):
            raise DeadlineExceeded(seconds or 0)
        try:
            status, payload, said = receiver.recv()
        except EOFError:
            process.join()
            raise WorkerCrashed(process.exitcode) from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
        if data_in is not None:
            data_in.close()
    for category, message in said:
        warnings.warn(message, category, stacklevel=2)
    if status == "error":
        raise payload
    if status == "crash":
        raise RuntimeError(f"the worker process failed:\n{payload}")
    return payload


def _relay(data_in, stream, left: Callable[[], float | None], seconds: float | None) -> None:
    """Copy what the child writes to ``stream`` until the child closes its end (it finished,
    or died), or raise :class:`DeadlineExceeded` at the deadline."""
    while True:
        if not data_in.poll(left()):
            raise DeadlineExceeded(seconds or 0)
        try:
            chunk = data_in.recv_bytes()
        except EOFError:
            return
        stream.write(chunk)
