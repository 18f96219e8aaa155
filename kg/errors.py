"""One family of errors, each with a message that says what went wrong and how to fix it.

The library raises these; only :mod:`kg.cli` turns them into a one-line ``Error: ...`` on stderr
and an exit code. Anything else that escapes is a bug and stays loud.
"""

from __future__ import annotations


class KgError(Exception):
    """Base of every error a user can cause and fix."""

    exit_code = 1


class InputError(KgError):
    """An input file or text is missing, empty, binary, badly encoded, too large or malformed."""

    exit_code = 2


class QueryError(KgError):
    """A SPARQL query is malformed, unknown, or given parameters it does not use."""

    exit_code = 3


class StoreError(KgError):
    """The store cannot be opened, read or written (locked, corrupt, endpoint down)."""

    exit_code = 4


class ModelError(KgError):
    """The spaCy language model is missing or cannot be loaded."""

    exit_code = 5


class DataError(KgError):
    """A data file in ontology/ (dictionary, patterns, shapes) is invalid."""

    exit_code = 6


class KgWarning(UserWarning):
    """Something a user should know that did not stop the command (a folder that could not be
    read, a snapshot read while another process writes). The ``kg`` command prints each as one
    ``Warning: ...`` line on stderr; the library issues them through :mod:`warnings`."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C stopped a run between two documents; the message says what was kept.

    A KeyboardInterrupt (not a KgError), so code that catches Ctrl-C still catches it.
    """
