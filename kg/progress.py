"""How a long run reports and stops: a progress bar on a terminal, and Ctrl-C between documents.

The bar (rich.progress) shows documents done of the total, words per second and time left. It
is drawn on stderr only when stderr is a terminal, so piped output and logs stay clean and
stdout is never touched.

Ctrl-C must stop a corpus run between two documents, never half-way through storing one:
:func:`deferred_interrupt` holds a Ctrl-C that arrives while a document is being stored and
raises it once the document and its count are complete.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Task

#: advance(words) after each document
Advance = Callable[[int], None]


def _words_per_second(task: Task) -> str:
    elapsed = task.elapsed or 0.0
    words = task.fields.get("words", 0)
    if elapsed <= 0 or not words:
        return "- words/s"
    return f"{words / elapsed:,.0f} words/s"


@contextlib.contextmanager
def progress_bar(total: int, label: str, *, enabled: bool | None = None) -> Iterator[Advance]:
    """A bar of ``total`` documents; yields ``advance(words)`` to call after each document.

    ``enabled=None`` draws it only when stderr is a terminal.
    """
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled or total <= 0:
        yield lambda words: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class WordsPerSecond(ProgressColumn):
        def render(self, task: Task) -> Text:
            return Text(_words_per_second(task), style="progress.data.speed")

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("documents"),
        WordsPerSecond(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with bar:
        # the clock starts with the first document, not while the model loads
        task = bar.add_task(label, total=total, words=0, start=False)
        words_done = 0

        def advance(words: int) -> None:
            nonlocal words_done
            if not words_done:
                bar.start_task(task)
            words_done += words
            bar.update(task, advance=1, words=words_done)

        yield advance


@contextlib.contextmanager
def deferred_interrupt() -> Iterator[None]:
    """Hold a Ctrl-C (SIGINT) until the block is done, then raise KeyboardInterrupt.

    Only Python's own Ctrl-C handling is deferred: in another thread, or where SIGINT is
    ignored or handled by someone else, this does nothing.
    """
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        yield
        return
    received: list[object] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: received.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if received:
        raise KeyboardInterrupt
