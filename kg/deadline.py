"""Run a function under a time limit that really stops it.

pyoxigraph's ``Store.query`` takes no time limit and holds the work in Rust, where a Python
thread cannot be interrupted: a thread that missed its deadline would keep a core busy until
the query ends. So a bounded call runs in a child process, and at the deadline the child is
killed: the work stops, its memory is returned, and the caller gets a :class:`DeadlineExceeded`.

Children are started with "spawn" by default: a fresh interpreter that does not inherit the
parent's threads (RocksDB keeps background threads once any store has been opened, and forking
a process with threads can deadlock the child). Starting one costs a few tenths of a second,
paid only when a time limit is asked for. ``method="fork"`` shares the parent's memory instead
(for benchmarks that time an in-memory graph built in the parent).
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable
from typing import Any

from kg.errors import KgError


class DeadlineExceeded(Exception):
    """The function did not finish within its time limit (it has been stopped)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"did not finish within {seconds:g} s")
        self.seconds = seconds


def _child(conn, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
    try:
        outcome = ("ok", fn(*args, **kwargs))
    except KgError as e:
        outcome = ("error", e)
    except BaseException:
        outcome = ("crash", traceback.format_exc())
    try:
        conn.send(outcome)
    finally:
        conn.close()


def call_with_deadline(
    fn: Callable[..., Any],
    *args: Any,
    seconds: float,
    method: str = "spawn",
    **kwargs: Any,
) -> Any:
    """``fn(*args, **kwargs)`` in a child process, stopped after ``seconds``.

    ``fn``, its arguments and its result must be picklable (a module-level function returning
    plain data). A :class:`kg.errors.KgError` raised in the child is raised again here; any
    other failure in the child is a bug and raises RuntimeError with the child's traceback.

    >>> call_with_deadline(sum, [1, 2, 3], seconds=30)                      # doctest: +SKIP
    6
    """
    ctx = multiprocessing.get_context(method)
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(sender, fn, args, kwargs), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise DeadlineExceeded(seconds)
        try:
            status, payload = receiver.recv()
        except EOFError:
            process.join()
            raise RuntimeError(
                f"the worker process ended without an answer (exit code {process.exitcode})"
            ) from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
    if status == "error":
        raise payload
    if status == "crash":
        raise RuntimeError(f"the worker process failed:\n{payload}")
    return payload
