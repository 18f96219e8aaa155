"""The knowledge base's names as entities, found before spaCy's statistical recogniser.

A phrase matcher finds every name, adjective, demonym, capital, seat, organisation, person,
group and place of the base at about a million words a second. Each match becomes an entity
labelled as the recogniser would label it (GPE, NORP, ORG, PERSON, LOC) whose ``ent_id_`` is
the surface form, the key into :attr:`KnowledgeBase.surfaces
<kg.knowledge.KnowledgeBase.surfaces>`; the longest match wins. The recogniser then labels
what is left around them.

spaCy's own entity ruler does the same but counts its patterns on every document (5 ms a
sentence with the base's 27,000 names), so this component holds a PhraseMatcher itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.knowledge import KnowledgeBase

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc

COMPONENT = "kg_names"


def surface_variants(kb: KnowledgeBase) -> list[tuple[str, str]]:
    """(text to match, surface form) for every surface form and its other apostrophe."""
    found = []
    for surface in sorted(kb.surfaces):
        for variant in sorted({surface, surface.replace("'", "’"), surface.replace("’", "'")}):
            found.append((variant, surface))
    return found


class NameMatcher:
    """A pipeline component that sets the base's names as the document's entities."""

    def __init__(self, nlp: Language, kb: KnowledgeBase) -> None:
        from spacy.matcher import PhraseMatcher

        self.labels: dict[str, str] = {}
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        by_surface: dict[str, list] = {}
        variants = surface_variants(kb)
        tokenizer: Tokenizer = nlp.tokenizer  # a Tokenizer in every pipeline we load
        for (_variant, surface), doc in zip(
            variants, tokenizer.pipe(v for v, _ in variants), strict=True
        ):
            by_surface.setdefault(surface, []).append(doc)
        #: one-word names that are also parts of persons' names: adjectives and groups
        #: ("Qari Yussouf Ahmadi"), and cities ("Bello Musa Garba")
        #: surface -> whether the name may also open a person's name (a city: "Bello Musa
        #: Garba") or only end one (an adjective: "Qari Yussouf Ahmadi", not "Kenyan Interior
        #: Minister")
        self.name_parts: dict[str, bool] = {}
        for surface, docs in by_surface.items():
            self.labels[surface] = kb.entity_label(surface)
            self.matcher.add(surface, docs)
            kind = kb.refs(surface)[0].kind
            if kind in ("adjective", "group-adjective", "group", "place"):
                self.name_parts[surface] = kind == "place"
        #: words that follow a name without being part of a person's name ("Aleppo Governor")
        self.common = frozenset(w for words in kb.lexicon.titles for w in words) | frozenset(
            kb.lexicon.heads
        )

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens import Span
        from spacy.util import filter_spans

        vocab = doc.vocab.strings
        spans = []
        matches = self.matcher(doc)
        starts = {start for _, start, _ in matches}
        ends = {end for _, _, end in matches}
        for match_id, start, end in matches:
            surface = vocab[match_id]
            label = self.labels[surface]
            if end - start == 1 and surface in self.name_parts:
                after = self.name_parts[surface]
                if _inside_name(doc, start, starts, ends, after, self.common):
                    continue
            spans.append(Span(doc, start, end, label=label, span_id=surface))
        doc.set_ents(filter_spans(spans), default="unmodified")
        return doc


def _inside_name(
    doc: Doc, i: int, starts: set[int], ends: set[int], after: bool, common: frozenset[str]
) -> bool:
    """Whether a one-word adjective, group or city name is part of a person's name: "Qari
    Yussouf Ahmadi" is no Ahmadi, "Bello Musa Garba" no city of Colombia. A capitalised proper
    noun that is no name of the base (nor a title or head noun) stands right before it, or,
    for a city, right after it."""

    def name_word(j: int) -> bool:
        if j < 0 or j >= len(doc) or j in starts or (j + 1) in ends:
            return False
        t = doc[j]
        return t.is_title and t.pos_ == "PROPN" and t.lower_ not in common

    return name_word(i - 1) or (after and name_word(i + 1) and doc[i].pos_ == "PROPN")


def add_knowledge_ruler(nlp: Language) -> None:
    """Add the name matcher, with the knowledge base of ontology/, before the recogniser."""
    from spacy.language import Language as SpacyLanguage

    if not SpacyLanguage.has_factory(COMPONENT):

        @SpacyLanguage.factory(COMPONENT)
        def make_name_matcher(nlp: Language, name: str) -> NameMatcher:
            from kg.knowledge import load_knowledge

            return NameMatcher(nlp, load_knowledge())

    nlp.add_pipe(COMPONENT, before="ner")
