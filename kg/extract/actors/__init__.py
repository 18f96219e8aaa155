"""The actor side of extraction: which phrases of a parsed document name which actors.

:func:`find_mentions` reads a document with the knowledge base (:mod:`kg.knowledge`) and returns
its :class:`~kg.extract.actors.mentions.MentionIndex`. The modules each hold one concept:
:mod:`~kg.extract.actors.ruler` (names as an entity ruler), :mod:`~kg.extract.actors.phrases`
(heads and modifiers of noun phrases), :mod:`~kg.extract.actors.persons` (persons and titles),
:mod:`~kg.extract.actors.coreference` (pronouns, descriptions, surnames, acronyms),
:mod:`~kg.extract.actors.context` (what one document teaches, generic actors) and
:mod:`~kg.extract.actors.reader` (the walk over a document that ties them together).
"""

from kg.extract.actors.mentions import ActorMention, MentionIndex
from kg.extract.actors.reader import find_mentions

__all__ = ["ActorMention", "MentionIndex", "find_mentions"]
