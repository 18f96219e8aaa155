"""Extraction in several processes: each worker parses and extracts whole batches of documents.

Why not spaCy's own ``nlp.pipe(n_process=N)``: on Ctrl-C it can hang for good, because each
forked worker inherits the other workers' pipe ends, so closing them in the parent does not
unblock a worker that is writing a large batch back (seen with two workers); and it returns
parsed Docs, so the calling process would deserialise them and run every extraction rule
itself. Here a worker runs the whole of :func:`kg.extract.extract_doc` on a batch (with
``nlp.pipe`` inside) and sends back small, picklable :class:`~kg.model.Extraction` records; the
caller keeps only the storing, so it stays a small share of the work.

Documents are streamed: at most ``2 * workers`` batches are in flight, so memory does not grow
with the corpus, and results come back in input order. Workers ignore Ctrl-C; the caller's
process gets it and terminates them.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING

from kg.model import Extraction, Source

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool


def _start_worker() -> None:
    """Runs first in each worker: Ctrl-C is for the parent; load the pipeline once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from kg.extract import pipeline_parts

    pipeline_parts()


def _extract_batch(sources: list[Source], batch_size: int) -> list[Extraction]:
    from kg.extract import extract_doc, pipeline_parts
    from kg.extract.events.model import load_model
    from kg.nlp import parsable

    nlp, kb, lex = pipeline_parts()
    model = load_model()
    docs = nlp.pipe((parsable(s.text) for s in sources), batch_size=batch_size)
    return [
        extract_doc(doc, source, kb=kb, lex=lex, model=model)
        for doc, source in zip(docs, sources, strict=True)
    ]


def _context() -> multiprocessing.context.BaseContext:
    """fork where the platform has it (the parent's loaded model is shared, workers start at
    once), spawn elsewhere."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def extract_in_workers(
    sources: Iterable[Source], workers: int, *, batch_size: int
) -> Iterator[Extraction]:
    """Parse and extract ``sources`` in ``workers`` processes; yield results in input order."""
    from kg.extract import pipeline_parts

    pipeline_parts()  # loaded once here, inherited by forked workers
    batches = _batches(iter(sources), batch_size)
    pool: Pool = _context().Pool(processes=workers, initializer=_start_worker)
    in_flight: deque[AsyncResult] = deque()
    try:
        for batch in islice(batches, 2 * workers):
            in_flight.append(pool.apply_async(_extract_batch, (batch, batch_size)))
        while in_flight:
            done = in_flight.popleft().get()
            for batch in islice(batches, 1):
                in_flight.append(pool.apply_async(_extract_batch, (batch, batch_size)))
            yield from done
    except BaseException:
        pool.terminate()
        raise
    else:
        pool.close()
    finally:
        pool.join()


def _batches(sources: Iterator[Source], size: int) -> Iterator[list[Source]]:
    while batch := list(islice(sources, size)):
        yield batch
