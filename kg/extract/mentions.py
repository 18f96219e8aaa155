"""Actor mentions: which tokens of a parsed document stand for which actor.

English names actors in a few regular ways, each handled by one rule below:

* by name: "Russia", "the US", "Taliban" (dictionary phrase patterns; the statistical
  recogniser's ORG and PERSON entities for names the dictionary lacks);
* by a country (or group) modifier plus a head noun that names a body: "Afghan government",
  "US military", "Afghanistan's special forces", "NATO forces";
* by a title: "US President Joe Biden" is a person holding a post in a state's government;
* by a representative noun with a from/of phrase: "officials from the Afghan government",
  "Representatives from Troika" stand for the body they come from;
* by a definite description that repeats an earlier body without its country:
  "government forces", "the ministry";
* by a quantified collective: "all parties involved in the conflict" (a generic actor, kept
  apart per document so that two conflicts' "both sides" never merge).

spaCy objects stop at this module and :mod:`kg.extract.events`: what leaves is :class:`Actor`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.dictionary import Dictionary, slugify
from kg.model import Actor

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Dependencies by which a word modifies the noun it names a body with.
MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod"})
#: Determiners under which a bare body noun refers back to one already named.
DEFINITE_DETS = frozenset({"the", "this", "these", "those"})
#: spaCy entity labels that name actors the dictionary may lack.
#: (GPE is left out: a place the dictionary does not know is a place, not an actor.)
UNKNOWN_ACTOR_LABELS = frozenset({"ORG", "PERSON", "NORP"})
#: Pronouns that refer back to an actor, and what kind of actor each can refer to.
PRONOUNS = {
    "it": "thing",
    "its": "thing",
    "itself": "thing",
    "they": "plural",
    "them": "plural",
    "their": "plural",
    "themselves": "plural",
    "he": "person",
    "him": "person",
    "his": "person",
    "himself": "person",
    "she": "person",
    "her": "person",
    "herself": "person",
}
#: First words that make a recognised "name" a place phrase ("Near Ar Raqqah").
PLACE_WORDS = frozenset(
    {
        "near",
        "in",
        "at",
        "outside",
        "inside",
        "around",
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
    }
)
FIRST_PERSON_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
FIRST_PERSON_SINGULAR = frozenset({"i", "me", "my", "mine", "myself"})
REPORTING_LEMMAS = frozenset(
    {
        "say",
        "tell",
        "add",
        "note",
        "state",
        "write",
        "explain",
        "declare",
        "stress",
        "announce",
        "insist",
        "warn",
    }
)
#: Mentions whose words are another name for their actor (skos:altLabel); pronouns and
#: descriptions ("the bloc") are not.
SURFACE_KINDS = frozenset({"name", "body", "person"})
#: Group nouns that name the whole group in the singular.
COLLECTIVE_NOUNS = frozenset({"opposition", "militia", "insurgency", "alliance", "movement"})
#: How many sentences back a pronoun or definite description may reach.
COREFERENCE_WINDOW = 2
NOUNS = frozenset({"NOUN", "PROPN"})
#: Longest multi-word head in sectors.yaml, in tokens ("ministry of the interior").
_LONGEST_PHRASE = 4


@dataclass(frozen=True, slots=True)
class Mention:
    """Tokens ``start``..``end`` (exclusive) that stand for one or more actors.

    A representative mention ("officials from X and Y") is a proxy: ``proxy`` is the index of
    the token whose actors it stands for, so coordination inside the from-phrase carries over.
    """

    start: int
    end: int
    head: int
    kind: str
    actors: tuple[Actor, ...] = ()
    proxy: int | None = None


class MentionIndex:
    """The mentions of one document, looked up by token."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._by_token: dict[int, Mention] = {}
        self.mentions: list[Mention] = []
        # computed once: spaCy rebuilds doc.sents and doc.ents on every access
        #: the tokens, made once: iterating a Doc builds new Token objects every time
        self.tokens: list[Token] = list(doc)
        self.sents: list[Span] = list(doc.sents)
        self.ents: list[Span] = list(doc.ents)
        self._ent_of: dict[int, Span] = {i: e for e in self.ents for i in range(e.start, e.end)}
        self._sent_of: list[int] = [0] * len(doc)
        for number, sent in enumerate(self.sents):
            for i in range(sent.start, sent.end):
                self._sent_of[i] = number

    def ent_at(self, i: int) -> Span | None:
        """The named entity covering token ``i``, if any."""
        return self._ent_of.get(i)

    def sentence_of(self, i: int) -> Span:
        """The sentence holding token ``i``."""
        return self.sents[self._sent_of[i]]

    def add(self, mention: Mention) -> None:
        """Record a mention; tokens already covered keep their earlier mention."""
        self.mentions.append(mention)
        for i in range(mention.start, mention.end):
            self._by_token.setdefault(i, mention)

    def covered(self, i: int) -> bool:
        """Whether token ``i`` is already part of a mention."""
        return i in self._by_token

    def at(self, token: Token) -> Mention | None:
        """The mention that covers ``token``, if any."""
        return self._by_token.get(token.i)

    def actors_of(self, token: Token, _depth: int = 0) -> list[Actor]:
        """The actors a token stands for: its own mention and those coordinated with it.

        "Russia, the US, China, and Pakistan" -> four actors from any one of the tokens.
        """
        found: list[Actor] = []
        for t in (token, *token.conjuncts):
            mention = self._by_token.get(t.i)
            if mention is None:
                continue
            if mention.proxy is not None and _depth < 3:
                found.extend(self.actors_of(self.doc[mention.proxy], _depth + 1))
            else:
                found.extend(mention.actors)
        return _unique(found)

    def actors_in(self, tokens: Iterable[Token]) -> list[Actor]:
        """Every actor mentioned among ``tokens``, in text order."""
        found: list[Actor] = []
        for t in tokens:
            mention = self._by_token.get(t.i)
            if mention is not None and mention.proxy is None:
                found.extend(mention.actors)
        return _unique(found)

    def spans(self) -> list[tuple[int, int, tuple[str, ...]]]:
        """Each mention as (start char, end char, actor keys), proxies resolved."""
        found = []
        for m in self.mentions:
            head = self.doc[m.head]
            actors = self.actors_of(head) if m.proxy is not None else list(m.actors)
            if actors:
                last = self.doc[m.end - 1]
                found.append(
                    (self.doc[m.start].idx, last.idx + len(last.text), tuple(a.key for a in actors))
                )
        return found

    def surfaces(self) -> dict[str, set[str]]:
        """Surface forms seen for each actor key (for skos:altLabel)."""
        seen: dict[str, set[str]] = {}
        for m in self.mentions:
            if m.proxy is not None or len(m.actors) != 1 or m.kind not in SURFACE_KINDS:
                continue
            if any(t.pos_ == "PRON" for t in self.doc[m.start : m.end]):
                continue  # "its troops" names no one outside its sentence
            text = self.doc[m.start : m.end].text.strip()
            seen.setdefault(m.actors[0].key, set()).add(_strip_article(text))
        return seen


def _unique(actors: Iterable[Actor]) -> list[Actor]:
    seen: set[str] = set()
    out = []
    for a in actors:
        if a.key not in seen:
            seen.add(a.key)
            out.append(a)
    return out


def _strip_article(text: str) -> str:
    for article in ("the ", "The "):
        if text.startswith(article):
            return text[len(article) :]
    return text


def _dictionary_actor(token: Token, d: Dictionary) -> Actor | None:
    key = token.ent_id_
    return d.actors.get(key) if key else None


class _Finder:
    """Runs the rules over one document, sentence by sentence, in text order."""

    def __init__(
        self,
        doc: Doc,
        d: Dictionary,
        scope: str,
        publisher: Actor | None = None,
        text: str | None = None,
    ) -> None:
        self.doc = doc
        self.d = d
        self.scope = scope
        self.publisher = publisher
        self.index = MentionIndex(doc)
        self.text = text if text is not None else doc.text
        self.phrases, self._first_words = _phrase_table(d)
        self._lower = [t.lower_ for t in self.index.tokens]
        self._lemma = [t.lemma_.lower() for t in self.index.tokens]

    def run(self) -> MentionIndex:
        sents = self.index.sents
        self._sentence_starts = [sent.start for sent in sents]
        for number, sent in enumerate(sents):
            self._sentence_number = number
            self._bodies(sent)
            self._names(sent)
            self._representatives(sent)
            self._parties(sent)
            self._coreference(sent)
        self._first_person()
        return self.index

    # -- first person: the speaker of a quotation, or the document's publisher -------------------

    def _first_person(self) -> None:
        """ "we" and "our" inside a quotation are the speaker's organisation ("I" the speaker);
        outside quotations, in a press release, they are its publisher."""
        quotes = _quotations(self.text)
        speakers = [self._speaker(start, end) for start, end in quotes]
        publisher = self._publisher_actor()
        for token in self.index.tokens:
            person = token.lower_ in FIRST_PERSON_SINGULAR
            if token.pos_ != "PRON" or not (person or token.lower_ in FIRST_PERSON_PLURAL):
                continue
            if self.index.covered(token.i):
                continue
            actor: Actor | None = None
            inside = [n for n, (s, e) in enumerate(quotes) if s <= token.idx < e]
            if inside:
                speaker = speakers[inside[0]]
                if speaker is not None:
                    body = self.d.actor(speaker.part_of) if speaker.part_of else None
                    actor = speaker if person or speaker.cls != "Person" else body
            elif not person:
                actor = publisher
            if actor is not None:
                self.index.add(Mention(token.i, token.i + 1, token.i, "coref", (actor,)))

    def _speaker(self, start: int, end: int) -> Actor | None:
        """Who says a quotation: the subject of a reporting verb just outside it."""
        span_sents = [s for s in self.index.sents if s.start_char < end and s.end_char > start]
        for sent in span_sents[:1] + span_sents[-1:]:
            for token in self.index.tokens[sent.start : sent.end]:
                if token.idx >= start and token.idx < end:
                    continue
                if token.lemma_.lower() not in REPORTING_LEMMAS or token.pos_ not in ("VERB",):
                    continue
                for c in token.children:
                    if c.dep_ == "nsubj":
                        found = self.index.actors_of(c)
                        if found:
                            return found[0]
        return None

    def _publisher_actor(self) -> Actor | None:
        return self.publisher

    # -- coreference: pronouns and definite descriptions ------------------------------------------

    def _coreference(self, sent: Span) -> None:
        """ "its", "they", "he" and "the bloc", "the militants", "the country" refer back to the
        nearest earlier actor of a fitting kind, in this sentence or the two before it."""
        for token in self.index.tokens[sent.start : sent.end]:
            if self.index.covered(token.i):
                continue
            kind = PRONOUNS.get(token.lower_) if token.pos_ == "PRON" else None
            if kind is not None:
                actor = self._antecedent(token, lambda a, k=kind: _fits_pronoun(a, k))
            elif token.pos_ in NOUNS and token.lemma_.lower() in self.d.descriptions:
                if any(_dictionary_actor(c, self.d) for c in token.children):
                    continue
                sentence_start = self.index.sentence_of(token.i).start
                if (
                    any(c.dep_ == "det" and c.lower_ in DEFINITE_DETS for c in token.children)
                    or (token.text[:1].isupper() and token.i > sentence_start)
                    or (token.dep_ == "compound" and token.head.pos_ in NOUNS)
                ):
                    # "the bloc"; "Coalition efforts" (capitalised mid-sentence, as a name);
                    # "coalition operations", "enemy fighters" (describing another noun)
                    actor = self._describe(token)
                elif token.lemma_.lower() in self.d.armed_group_nouns:
                    actor = self._generic_group(token)  # "militants attacked a checkpoint"
                else:
                    continue
            elif token.pos_ in NOUNS and token.lemma_.lower() in self.d.armed_group_nouns:
                if any(_dictionary_actor(c, self.d) for c in token.children):
                    continue
                actor = self._generic_group(token)
            elif token.pos_ in NOUNS and token.lemma_.lower() in self.d.civilian_nouns:
                actor = self._generic_civilians(token)
            else:
                continue
            if actor is not None:
                start = (
                    min(c.i for c in token.children if c.dep_ == "det")
                    if kind is None and any(c.dep_ == "det" for c in token.children)
                    else token.i
                )
                self.index.add(Mention(start, token.i + 1, token.i, "coref", (actor,)))

    def _describe(self, token: Token) -> Actor | None:
        """A definite description: the same head noun before, else the latest actor of a
        fitting class, else (for groups and coalitions) a generic one of this document."""
        lemma = token.lemma_.lower()
        classes = self.d.descriptions.get(lemma, frozenset())
        actor = self._same_head(token) or self._antecedent(token, lambda a: a.cls in classes)
        if actor is None and (classes & {"Coalition", "ArmedGroup"}):
            actor = self._generic_group(token)
        return actor

    def _generic_civilians(self, token: Token) -> Actor:
        """Civilians the text names without a country: generic, per document, sector CVL."""
        label = _plural(token)
        return Actor(
            key=f"{slugify(self.scope)}--{slugify(label)}",
            label=label,
            cls="Actor",
            sector="CVL",
            from_dictionary=False,
        )

    def _generic_group(self, token: Token) -> Actor:
        """An unnamed group the text refers to ("militants", "the coalition"), kept apart per
        document so that two articles' "militants" never merge."""
        lemma = token.lemma_.lower()
        classes = self.d.descriptions.get(lemma, frozenset({"ArmedGroup"}))
        cls = "Coalition" if "Coalition" in classes else "ArmedGroup"
        if cls == "Coalition":
            label = lemma.capitalize()
        elif lemma in COLLECTIVE_NOUNS:
            label = lemma  # "the opposition", "a militia": not "oppositions"
        else:
            label = _plural(token)
        return Actor(
            key=f"{slugify(self.scope)}--{slugify(label)}",
            label=label,
            cls=cls,
            sector="REB" if cls == "ArmedGroup" else None,
            from_dictionary=False,
        )

    def _same_head(self, token: Token) -> Actor | None:
        """ "the ministry" after "Afghanistan's Ministry of Defence": the latest earlier mention
        with the same head noun, anywhere before in the document."""
        lemma = token.lemma_.lower()
        for mention in sorted(self.index.mentions, key=lambda m: m.start, reverse=True):
            if mention.start >= token.i or mention.proxy is not None or len(mention.actors) != 1:
                continue
            if self.doc[mention.head].lemma_.lower() == lemma:
                return mention.actors[0]
        return None

    def _antecedent(self, token: Token, accept) -> Actor | None:
        """The nearest actor before ``token`` that ``accept`` allows."""
        sent = self.index.sentence_of(token.i)
        for t in reversed(self.doc[sent.start : token.i]):
            mention = self.index.at(t)
            if mention is not None:
                if (
                    mention.head == t.i
                    and mention.proxy is None
                    and len(mention.actors) == 1
                    and mention.kind != "party"
                    and accept(mention.actors[0])
                ):
                    return mention.actors[0]
                continue
            actor = self._pending_name(t)
            if actor is not None and accept(actor):
                return actor
        first = self._sentence_starts[max(0, self._sentence_number - COREFERENCE_WINDOW)]
        earlier = [
            m
            for m in self.index.mentions
            if first <= m.start < sent.start
            and m.proxy is None
            and len(m.actors) == 1
            and m.kind != "party"
        ]

        # earlier sentences, the latest first; within one, its subjects before anything else
        # (a pronoun usually continues the topic, which English puts in subject position)
        def salience(m: Mention) -> tuple[int, bool, int]:
            sentence = self.doc[m.head].sent.start
            subject = self.doc[m.head].dep_ in ("nsubj", "nsubjpass")
            return (sentence, subject, m.start)

        for mention in sorted(earlier, key=salience, reverse=True):
            if accept(mention.actors[0]):
                return mention.actors[0]
        return None

    def _pending_name(self, token: Token) -> Actor | None:
        """A dictionary name not yet indexed because its sentence is still being read."""
        actor = _dictionary_actor(token, self.d)
        if actor is None or token.ent_iob_ == "" or token.text in self.d.modifiers:
            return None
        ent = self.index.ent_at(token.i)
        if ent is None or ent.root.i != token.i:
            return None
        if ent.text in self.d.capitals and actor.cls == "State":
            return self.d.state_body(actor, "GOV") or actor
        return actor

    # -- bodies of states: "Afghan government forces", "Afghanistan's special forces" --------

    def _bodies(self, sent: Span) -> None:
        i = sent.start
        while i < sent.end:
            matched = self._match_phrase(i, sent.end)
            if matched is not None:
                length, kind, value = matched
                span = self.doc[i : i + length]
                self._body(span.root, set(range(i, i + length)), kind, value)
                i += length
                continue
            token = self.doc[i]
            code = self.d.sector_heads.get(token.lemma_.lower())
            if code and token.pos_ in NOUNS and not self._names_a_body_itself(token):
                self._body(token, {i}, "sector", code)
            i += 1

    def _match_phrase(self, i: int, end: int) -> tuple[int, str, str] | None:
        """The longest multi-word head starting at token ``i`` (its last word may be
        inflected: "defence ministries" matches "defence ministry")."""
        if self._lower[i] not in self._first_words:
            return None
        for length in range(min(_LONGEST_PHRASE, end - i), 1, -1):
            words = self._lower[i : i + length]
            for key in (tuple(words), (*words[:-1], self._lemma[i + length - 1])):
                if key in self.phrases:
                    kind, value = self.phrases[key]
                    return length, kind, value
        return None

    def _names_a_body_itself(self, token: Token) -> bool:
        """A sector noun that only modifies another ("government" in "government spokesman")."""
        return token.dep_ == "compound" and token.head.pos_ in NOUNS

    def _body(self, head: Token, phrase: set[int], kind: str, value: str) -> None:
        actors: list[Actor] = []
        used: list[Token] = []
        refers_back = False
        foreign = False
        for mod in head.children:
            if mod.i in phrase or mod.dep_ not in MODIFIER_DEPS:
                continue
            for x in (mod, *mod.conjuncts):
                if x.i in phrase or x.lemma_.lower() in self.d.sector_heads:
                    refers_back = True  # "[the Taliban and government] forces"
                    continue
                actor = self._modifier_body(x, kind, value)
                if actor is not None:
                    actors.append(actor)
                    used.append(x)
                elif mod.dep_ in ("amod", "compound") and x is mod:
                    foreign = True  # "foreign troops": unless an actor is named too
        if foreign and not actors:
            leader = self._leaders_body(head, kind, value)
            if leader is None:
                return
            actors.append(leader)
            used.append(head)
        described = [
            a
            for a, x in zip(actors, used, strict=True)
            if x.lemma_.lower() in self.d.descriptions and a.cls in ("ArmedGroup", "Coalition")
        ]
        if described:
            # "Syrian opposition forces", "Iraqi rebel forces": the group the noun names owns
            # the forces; the country adjective only says where it fights
            keep = {a.key for a in described} | {
                a.key for a in actors if a.cls != "ArmedForces" or a.country is None
            }
            pairs = [(a, x) for a, x in zip(actors, used, strict=True) if a.key in keep]
            actors, used = [a for a, _ in pairs], [x for _, x in pairs]
        for prep in head.children:  # "forces of Afghanistan", "Government of the US"
            if prep.dep_ == "prep" and prep.lower_ in ("of", "from") and not actors:
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        actor = self._modifier_body(obj, kind, value)
                        if actor is not None:
                            actors.append(actor)
                            used.append(obj)
        if refers_back or (not actors and self._is_definite(head, phrase)):
            # "[the Taliban and government] forces": the bare part names an earlier body
            earlier = self._earlier_body(head, kind, value)
            if earlier is not None:
                actors.append(earlier)
        if not actors:
            return
        start = min([head.i, *phrase, *(t.left_edge.i for t in used)])
        end = max([head.i, *phrase, *(t.right_edge.i for t in used)]) + 1
        self.index.add(
            Mention(start=start, end=end, head=head.i, kind="body", actors=tuple(actors))
        )

    def _leaders_body(self, head: Token, kind: str, value: str) -> Actor | None:
        """ "the Asad regime", "the Biden administration": a government named by its leader."""
        if kind != "sector" or value != "GOV":
            return None
        for mod in head.children:
            ent = self.index.ent_at(mod.i)
            if mod.dep_ == "compound" and ent is not None and ent.label_ in ("PERSON", "ORG"):
                label = f"{ent.text.strip()} {head.lemma_.lower()}"
                return Actor(
                    key=slugify(label),
                    label=label,
                    cls="Government",
                    sector="GOV",
                    from_dictionary=False,
                )
        return None

    def _modifier_body(self, token: Token, kind: str, value: str) -> Actor | None:
        """The body a modifier names with this head: a state's body, or a group itself.

        A possessive pronoun stands for its antecedent: "its troops" after "the US" are the
        Armed Forces of the United States."""
        if token.pos_ == "PRON" and PRONOUNS.get(token.lower_) in ("thing", "plural"):
            actor = self._antecedent(token, lambda a: a.cls != "Person")
        elif (
            token.pos_ in NOUNS
            and token.lemma_.lower() in self.d.descriptions
            and (token.ent_id_ == "")
        ):
            # "Coalition forces", "rebel forces": the group the word describes
            actor = self._describe(token)
            if actor is not None and actor.cls == "State":
                return self.d.state_body(actor, value)
            return actor
        else:
            actor = _dictionary_actor(token, self.d)
        if actor is None:
            return None
        if actor.cls == "State":
            return self.d.state_body(actor, value)
        return actor  # "NATO forces", "Taliban forces": the group acts

    def _is_definite(self, head: Token, phrase: set[int]) -> bool:
        if len(phrase) > 1:
            return True  # "government forces", "the ministry of defence"
        return any(c.dep_ == "det" and c.lower_ in DEFINITE_DETS for c in head.children)

    def _earlier_body(self, head: Token, kind: str, value: str) -> Actor | None:
        """The most recent body with the same head noun, else with the same sector and class."""
        lemma = head.lemma_.lower()
        same_sector: Actor | None = None
        for m in reversed(self.index.mentions):
            if m.kind != "body" or m.start >= head.i or len(m.actors) != 1:
                continue
            actor = m.actors[0]
            if not actor.from_dictionary or actor.cls == "State":
                continue
            if self.doc[m.head].lemma_.lower() == lemma:
                return actor
            if same_sector is None and kind == "sector" and actor.sector == value:
                same_sector = actor
        return same_sector

    # -- names: dictionary entries, people with titles, unknown organisations ---------------

    def _names(self, sent: Span) -> None:
        for ent in (e for e in self.index.ents if sent.start <= e.start < sent.end):
            if any(self.index.covered(i) for i in range(ent.start, ent.end)):
                continue
            actor = _dictionary_actor(ent.root, self.d)
            if actor is not None:
                if ent.text in self.d.modifiers and not _noun_use(ent):
                    continue  # "Afghan conflict": an adjective alone names no actor
                if ent.text in self.d.capitals and actor.cls == "State":
                    body = self.d.state_body(actor, "GOV")
                    actor = body or actor  # "Washington said": the government acts
                self.index.add(Mention(ent.start, ent.end, ent.root.i, "name", (actor,)))
            elif ent.label_ == "PERSON" and self._looks_like_an_actor(ent):
                self._person(ent)
            elif ent.label_ == "NORP" and ent.root.pos_ not in NOUNS:
                continue  # "Kurdish", "Sunni": an adjective names no actor
            elif ent.label_ in UNKNOWN_ACTOR_LABELS and self._looks_like_an_actor(ent):
                known = self._named_before(ent)  # the recogniser may tag a lone surname ORG
                if known is not None:
                    self.index.add(Mention(ent.start, ent.end, ent.root.i, "person", (known,)))
                    continue
                label = _strip_article(ent.text.strip())
                actor = self.d.unknown(label)
                self.index.add(Mention(ent.start, ent.end, ent.root.i, "name", (actor,)))

    def _looks_like_an_actor(self, ent: Span) -> bool:
        """A name the recogniser found that is not obviously something else: not a weapon
        acronym ("VBIED"), not a place phrase it swallowed a preposition into ("Near Raqqa")."""
        if not _looks_like_a_name(ent):
            return False
        words = ent.text.split()
        if any(w.strip("-") in self.d.not_actors for w in words):
            return False
        return words[0].lower() not in PLACE_WORDS

    def _person(self, ent: Span) -> None:
        """A named person; a title before the name ("US President") gives the post's body."""
        prefix = [t for t in ent.root.subtree if t.i < ent.start and t.dep_ == "compound"]
        prefix_set = {t.i for t in prefix}
        title_sector: str | None = None
        for t in prefix:
            nxt = self.doc[t.i + 1] if t.i + 1 < len(self.doc) else None
            two = f"{t.lower_} {nxt.lower_}" if nxt is not None and nxt.i in prefix_set else None
            if two and two in self.d.titles:
                title_sector = self.d.titles[two]
            elif t.lower_ in self.d.titles and title_sector is None:
                title_sector = self.d.titles[t.lower_]
        state = group = None
        for t in prefix:
            for x in (t, *(c for c in t.children if c.dep_ in MODIFIER_DEPS)):
                actor = _dictionary_actor(x, self.d)
                if actor is not None and actor.cls == "State":
                    state = actor
                elif actor is not None:
                    group = actor  # "NATO spokesman Tom Smith", "Taliban commander X"
        body = self.d.state_body(state, title_sector) if state and title_sector else None
        if body is None and group is not None and title_sector:
            body = group
        if body is None:
            body = self._appositive_post(ent)
        earlier = self._named_before(ent) if body is None else None
        person = earlier or self.d.person(ent.text.strip(), body)
        start = min([ent.start, *(t.left_edge.i for t in prefix)]) if title_sector else ent.start
        self.index.add(Mention(start, ent.end, ent.root.i, "person", (person,)))

    def _named_before(self, ent: Span) -> Actor | None:
        """A surname alone ("Cook said") is the person named in full earlier in the document
        ("Pentagon Press Secretary Peter Cook")."""
        words = ent.text.split()
        if len(words) != 1:
            return None
        for mention in reversed(self.index.mentions):
            if mention.kind == "person" and mention.start < ent.start:
                person = mention.actors[0]
                if person.label.split()[-1] == words[0] and person.label != words[0]:
                    return person
        return None

    def _appositive_post(self, ent: Span) -> Actor | None:
        """ "Joseph Votel, commander of U.S. Central Command": the body a person's post is in."""
        for appos in ent.root.children:
            if appos.dep_ != "appos" or appos.lemma_.lower() not in (
                self.d.representatives | set(self.d.titles)
            ):
                continue
            for prep in appos.children:
                if prep.dep_ == "prep" and prep.lower_ in ("of", "at", "for"):
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            actor = self._actor_named_by(obj)
                            if actor is not None:
                                return actor
        return None

    def _actor_named_by(self, token: Token) -> Actor | None:
        """The actor a name token denotes, whether or not its mention is indexed yet."""
        mention = self.index.at(token)
        if mention is not None and len(mention.actors) == 1:
            return mention.actors[0]
        ent = self.index.ent_at(token.i)
        if ent is None:
            return None
        actor = _dictionary_actor(ent.root, self.d)
        if actor is not None:
            return actor
        if ent.label_ == "ORG" and self._looks_like_an_actor(ent):
            return self.d.unknown(_strip_article(ent.text.strip()))
        return None

    # -- representatives and members: "officials from X", "Taliban fighters" -----------------

    def _representatives(self, sent: Span) -> None:
        for token in self.index.tokens[sent.start : sent.end]:
            if token.pos_ not in NOUNS or self.index.covered(token.i):
                continue
            lemma = token.lemma_.lower()
            if (
                lemma in self.d.representatives
                or lemma in self.d.possessions
                or lemma in self.d.quantities
            ):
                for prep in token.children:
                    if prep.dep_ == "prep" and prep.lower_ in ("from", "of"):
                        for obj in prep.children:
                            if obj.dep_ == "pobj" and self.index.actors_of(obj):
                                self.index.add(
                                    Mention(token.i, token.i + 1, token.i, "proxy", proxy=obj.i)
                                )
                                break
                if self.index.covered(token.i):
                    continue
            if (
                lemma in self.d.representatives
                or lemma in self.d.members
                or lemma in self.d.possessions
            ):
                for mod in token.children:
                    if mod.dep_ not in MODIFIER_DEPS:
                        continue
                    mention = self.index.at(mod)
                    if mention is not None and mention.proxy is None and len(mention.actors) == 1:
                        actor = mention.actors[0]  # "government positions", "ISIS targets"
                    elif mod.lemma_.lower() in self.d.descriptions and mod.ent_id_ == "":
                        actor = self._describe(mod)  # "enemy fighters", "coalition advisers"
                    else:
                        actor = _dictionary_actor(mod, self.d)
                    if actor is None:
                        continue
                    if actor.cls == "State" and lemma in self.d.representatives:
                        actor = self.d.state_body(actor, "GOV") or actor  # "Afghan officials"
                    elif actor.cls == "State" and lemma not in self.d.possessions:
                        continue
                    start = min(mod.left_edge.i, token.i)
                    self.index.add(Mention(start, token.i + 1, token.i, "body", (actor,)))
                    break

    # -- collective parties: "all parties", "both sides" ------------------------------------

    def _parties(self, sent: Span) -> None:
        for token in self.index.tokens[sent.start : sent.end]:
            if token.lemma_.lower() not in self.d.party_heads or self.index.covered(token.i):
                continue
            dets = {
                c.lower_ for c in token.children if c.dep_ in ("det", "predet", "nummod", "amod")
            }
            if not dets & self.d.party_determiners:
                continue
            # the noun phrase, without a relative clause ("all parties that attended ...")
            cut = {t.i for c in token.children if c.dep_ == "relcl" for t in c.subtree}
            tokens = [t for t in token.subtree if t.i not in cut]
            text = self.doc[tokens[0].i : tokens[-1].i + 1].text.strip(" ,.;:")
            actor = Actor(
                key=f"{slugify(self.scope)}--{slugify(text)}",
                label=text,
                cls="Actor",
                from_dictionary=False,
            )
            self.index.add(Mention(tokens[0].i, tokens[-1].i + 1, token.i, "party", (actor,)))


_PHRASE_TABLES: dict[int, tuple[dict[tuple[str, ...], tuple[str, str]], set[str]]] = {}


def _phrase_table(d: Dictionary) -> tuple[dict[tuple[str, ...], tuple[str, str]], set[str]]:
    """Multi-word heads of the dictionary by their words, and their first words (per dictionary,
    built once)."""
    table = _PHRASE_TABLES.get(id(d))
    if table is None:
        phrases: dict[tuple[str, ...], tuple[str, str]] = {}
        for phrase in d.units:
            phrases[tuple(phrase.split())] = ("unit", phrase)
        for phrase, code in d.sector_phrases.items():
            phrases[tuple(phrase.split())] = ("sector", code)
        table = _PHRASE_TABLES[id(d)] = (phrases, {words[0] for words in phrases})
    return table


_QUOTE_CHARS = re.compile(r'[“”"]|\n\n')


def _quotations(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations: curly quotes pair up; straight quotes alternate."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for match in _QUOTE_CHARS.finditer(text):
        ch, i = match.group(), match.start()
        if ch == "\n\n":
            start = None  # a quotation does not run over a paragraph break unclosed
        elif ch == "“" or (ch == '"' and start is None):
            start = i
        elif start is not None:
            spans.append((start, i + 1))
            start = None
    return spans


def _noun_use(ent: Span) -> bool:
    """A demonym used as a plural noun ("the Iraqis cleared the city") names its state."""
    root = ent.root
    return root.tag_ in ("NNS", "NNPS") and root.dep_ not in ("amod", "compound", "nmod", "poss")


def _plural(token: Token) -> str:
    """The plural form of a group noun, as a label: "militant" -> "militants"."""
    text = token.lower_
    if token.tag_ in ("NNS", "NNPS"):
        return text
    return text + ("s" if not text.endswith("s") else "")


def _fits_pronoun(actor: Actor, kind: str) -> bool:
    if kind == "person":
        return actor.cls == "Person"
    return actor.cls != "Person"


def _looks_like_a_name(ent: Span) -> bool:
    text = ent.text.strip()
    return any(ch.isupper() for ch in text[:1]) and any(ch.isalpha() for ch in text)


def find_mentions(
    doc: Doc,
    d: Dictionary,
    scope: str = "",
    publisher: Actor | None = None,
    text: str | None = None,
) -> MentionIndex:
    """Find every actor mention in a parsed document.

    ``scope`` (the document identifier) keeps generic actors such as "both sides" apart
    between documents; ``publisher`` is who speaks as "we" outside quotations.
    """
    return _Finder(doc, d, scope, publisher, text).run()
