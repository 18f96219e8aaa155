"""Reading a parsed document's actors: every phrase that names one, resolved to who it is.

The reader walks each sentence's noun phrases in text order. A phrase headed by a name is the
named entry of the knowledge base (a state, organisation, person, group) or, when the base lacks
it, an actor built from what the name and its modifiers say. A phrase headed by a common noun is
read by :mod:`kg.extract.actors.phrases`: the head gives the sector, the modifiers whose it is.
What no phrase consumed (a name modifying another noun: "Taliban hideouts") is read last.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.actors.context import DocContext
from kg.extract.actors.coreference import (
    description_antecedent,
    learn_acronyms,
    pronoun_antecedent,
    recent_country,
    same_head_antecedent,
    sentence_country,
)
from kg.extract.actors.mentions import ActorMention, MentionIndex, unique
from kg.extract.actors.persons import (
    find_title,
    former,
    kb_person,
    named_person,
    post_holder,
)
from kg.extract.actors.phrases import (
    NOMINAL,
    QUANTITY_POS,
    Head,
    appositions,
    conjuncts,
    owner_phrases,
    plural_noun,
    possessor,
    premodifiers,
    read_head,
)
from kg.iri import slugify
from kg.knowledge import KnowledgeBase
from kg.knowledge.records import Place, Ref
from kg.model import Actor

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Entity labels of the statistical recogniser that may name an actor the base lacks.
ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP"})
#: Entity labels that name places.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Sectors whose members fight: an ethnic group with one of these heads is an armed group.
ARMED = frozenset({"REB", "INS", "SEP", "UAF", "MIL"})
#: Adjectives that count rather than describe: no part of a group's label ("more than 100
#: insurgents" are insurgents).
QUANTIFIERS = frozenset(
    {
        "more",
        "than",
        "less",
        "fewer",
        "some",
        "many",
        "several",
        "few",
        "another",
        "other",
        "most",
        "all",
        "both",
        "about",
        "around",
        "nearly",
        "almost",
        "at",
        "least",
        "over",
        "remaining",
        "additional",
        "further",
        "dozens",
        "hundreds",
        "thousands",
        "scores",
    }
)
#: Dependencies by which a word modifies a noun.
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss"})


#: An owner: what kind of thing says whose a head is, and the thing.
Owner = tuple[str, "str | Actor"]


def find_mentions(
    doc: Doc,
    kb: KnowledgeBase,
    *,
    scope: str,
    year: int | None = None,
    publisher: Actor | None = None,
) -> MentionIndex:
    """Every actor and place mention of ``doc``.

    ``scope`` names the document (generic actors are kept apart per document) and ``year`` is
    its publication year (persons hold the post of that year).
    """
    ctx = DocContext(doc=doc, kb=kb, scope=scope, year=year, publisher=publisher)
    for sent in doc.sents:
        for token in sent:
            if token.i not in ctx.consumed and _is_phrase_head(ctx, token):
                read_phrase(ctx, token)
        _leftover_names(ctx, sent)
        learn_acronyms(ctx, sent)
    return ctx.index


def _is_phrase_head(ctx: DocContext, token: Token) -> bool:
    ent = ctx.entity_at.get(token.i)
    if ent is not None:
        return token.i == ent.root.i and not _modifies_noun(ent.root)
    if token.pos_ == "PRON" and (
        token.lower_ in ctx.kb.words.pronouns or _first_person(ctx, token)
    ):
        return token.dep_ != "poss"
    # a quantity word heads its of-phrase ("dozens of students"); without one it may head a
    # phrase of its own ("a rebel group"), read below as any noun
    if (
        token.pos_ in QUANTITY_POS
        and token.lower_ in ctx.kb.words.quantities
        and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)
    ):
        return True
    if token.dep_ == "poss" and token.pos_ in NOMINAL:
        return True  # "the Afghan government's efforts": a whole phrase of its own
    return token.pos_ in NOMINAL and not _modifies_noun(token)


def _modifies_noun(token: Token) -> bool:
    """Whether ``token`` modifies a noun ("Afghan" in "Afghan forces"), also as the second of
    coordinated modifiers ("government" in "the Taliban and government forces")."""
    if token.dep_ == "conj" and token.head.i != token.i and token.i < _noun_of(token.head):
        return _modifies_noun(token.head)
    return token.dep_ in MODIFIER_DEPS and token.head.pos_ in NOMINAL and token.head.i != token.i


def _noun_of(token: Token) -> int:
    """Index of the noun a modifier modifies (its own index when it modifies none)."""
    t = token
    while t.dep_ in MODIFIER_DEPS | {"conj"} and t.head.i != t.i:
        t = t.head
    return t.i


def read_phrase(ctx: DocContext, head: Token) -> tuple[Actor, ...]:
    """The actors the phrase headed by ``head`` names (read once; later calls reuse it)."""
    if head.i in ctx.resolved:
        return ctx.resolved[head.i]
    ctx.resolved[head.i] = ()  # a phrase that reaches itself through its modifiers names nobody
    if head.pos_ == "PRON" and head.lower_ in ctx.kb.words.pronouns:
        found = _pronoun(ctx, head)
    elif head.pos_ == "PRON" and _first_person(ctx, head):
        actor = speaker(ctx, head)
        found = (actor,) if actor is not None else ()
        _add(ctx, head.i, head.i + 1, head.i, found, "pronoun")
    elif head.text in ctx.acronyms and not ctx.entity_at.get(head.i):
        # an acronym the document defined, which the recogniser did not take for a name
        found = (ctx.acronyms[head.text],)
        _add(ctx, head.i, head.i + 1, head.i, found, "name")
    elif head.i in ctx.entity_at:
        found = _name(ctx, head, ctx.entity_at[head.i])
    else:
        found = _common(ctx, head)
    ctx.resolved[head.i] = found
    return found


def _add(
    ctx: DocContext,
    start: int,
    end: int,
    head: int,
    actors: tuple[Actor, ...],
    kind: str,
    place: Place | None = None,
) -> None:
    if actors or place is not None:
        ctx.index.add(ActorMention(start, end, head, actors, kind, place))


# -- pronouns -----------------------------------------------------------------------------


def _first_person(ctx: DocContext, token: Token) -> bool:
    words = ctx.kb.words
    return token.lower_ in words.first_person_plural or token.lower_ in words.first_person_singular


def speaker(ctx: DocContext, token: Token) -> Actor | None:
    """Who a first-person pronoun stands for: the subject of the reporting verb whose clause
    holds it ("'We will not negotiate,' the minister said": "we" is the minister's government,
    "I" the minister), else, for "we" and "our", the publisher of a document that speaks for
    itself (a ministry's or a command's press release; not a news agency's)."""
    plural = token.lower_ in ctx.kb.words.first_person_plural
    t = token
    for _ in range(10):
        if t.head.i == t.i:
            break
        if t.dep_ in ("ccomp", "parataxis") and t.head.lemma_.lower() in ctx.kb.words.reporting:
            subjects = [c for c in t.head.children if c.dep_ == "nsubj"]
            found = read_phrase(ctx, subjects[0]) if subjects else ()
            if len(found) != 1:
                return None
            who = found[0]
            if who.cls != "Person":
                return who if plural else None
            if not plural:
                return who
            body = ctx.kb.actor_by_key(who.part_of) if who.part_of else None
            return body
        t = t.head
    publisher = ctx.publisher
    if plural and publisher is not None and publisher.sector != "MED" and publisher.cls != "Person":
        return publisher
    return None


def _pronoun(ctx: DocContext, token: Token) -> tuple[Actor, ...]:
    actor = pronoun_antecedent(ctx, token)
    if actor is None:
        return ()
    _add(ctx, token.i, token.i + 1, token.i, (actor,), "pronoun")
    return (actor,)


# -- names --------------------------------------------------------------------------------


def _name(ctx: DocContext, head: Token, ent: Span) -> tuple[Actor, ...]:
    """A phrase headed by a name: the base's entry, or an actor built from the name."""
    surface = ent.ent_id_ or ""
    refs = ctx.kb.refs(surface) if surface else ()
    premods = [t for t in premodifiers(head) if t.i < ent.start]
    if ent.text in ctx.acronyms and not refs:
        actor = ctx.acronyms[ent.text]
        _add(ctx, _start(premods, ent.start), ent.end, head.i, (actor,), "name")
        return (actor,)
    if refs:
        return _known_name(ctx, head, ent, refs, premods)
    if any(t.text in ctx.kb.words.not_actors for t in ent):
        return ()
    if ent[0].lower_ in ctx.kb.words.place_words:
        return ()  # "Near Palmyra", "In Mosul": a place phrase the recogniser took for a name
    named = _bracketed_after(ctx, ent)
    if named is not None:
        # "the Central African Republic (CAR)": the acronym names what it follows
        found = _name(ctx, named.root, named)
        if found and len(found) == 1:
            ctx.acronyms.setdefault(ent.text, found[0])
            _add(ctx, ent.start, ent.end, head.i, found, "name")
        return found
    if ent.label_ in ("ORG", "NORP") and _title_before(ctx, ent, premods):
        # "Cuban Parliament President Esteban Lazo": a title makes the name a person's
        return _person(ctx, head, ent, premods)
    if ent.label_ == "PERSON" and ent[0].text in ctx.kb.words.place_name_words:
        return ()  # "Camp Antonik", "Fort Hood": a place the recogniser took for a person
    if ent.label_ == "PERSON" or (ent.label_ in ACTOR_LABELS and ent.text in ctx.persons):
        return _person(ctx, head, ent, premods)
    if ent.label_ in ("ORG", "NORP"):
        h = read_head(head, ctx.kb)
        if h.kind and _owners(ctx, head, premods, peek=True):
            return _common(ctx, head)
        if len(ent) == 1 and h.kind == "sector":
            # "Congress passed the bill", "Parliament voted": a capitalised body noun is that
            # body of the state the text speaks of, not an organisation called "Congress"
            return _common(ctx, head)
        if ent.label_ == "ORG" and ent.text not in ctx.kb.words.not_actors:
            actor = _unknown_organisation(ctx, ent)
            _add(ctx, _start(premods, ent.start), ent.end, head.i, (actor,), "name")
            return (actor,)
    return ()


def _bracketed_after(ctx: DocContext, ent: Span) -> Span | None:
    """The name an acronym in brackets follows: "Rapid Support Forces (RSF)"."""
    doc = ctx.doc
    if ent.start < 2 or ent.end >= len(doc) or doc[ent.start - 1].text != "(":
        return None
    if doc[ent.end].text != ")" or not ent.text.isupper():
        return None
    return ctx.entity_at.get(ent.start - 2)


def _title_before(ctx: DocContext, ent: Span, premods: list[Token]) -> bool:
    """Whether a title stands right before a name ("President Esteban Lazo")."""
    found = find_title([t for t in premods if t.i < ent.start], ctx)
    return found is not None and found[1][-1].i == ent.start - 1


def _known_name(
    ctx: DocContext, head: Token, ent: Span, refs: tuple[Ref, ...], premods: list[Token]
) -> tuple[Actor, ...]:
    kb = ctx.kb
    ref = refs[0]
    start = _start(premods, ent.start)
    if ref.kind == "person":
        return _person(ctx, head, ent, premods)
    if ref.kind in ("region", "place"):
        _add(ctx, ent.start, ent.end, head.i, (), "place", kb.places[ref.key])
        return ()
    if ref.kind == "capital":
        code = ctx.state(ref.key)
        place = Place(ent.text, code, "city")
        if _is_location(ctx, head):
            _add(ctx, ent.start, ent.end, head.i, (), "place", place)
            return ()
        actor = kb.body(code, "GOV") or kb.state_actor(code)
        _add(ctx, start, ent.end, head.i, (actor,), "name", place)
        return (actor,)
    named = _ref_actor(ctx, ref, ent.text)
    if named is None:
        return ()
    actor = named
    if ref.kind in ("demonym", "group"):
        # "Kosovo Serbs", "ethnic Hungarians in Romania", "Sunni Arabs in Anbar": a people
        # where the phrase puts them, an ethnic group rather than the people of their kin state
        where = [o for o in _owners(ctx, head, premods) if o[0] == "state"]
        ethnic = any(t.lower_ == "ethnic" for t in premods)
        elsewhere = bool(where) and where[0][1] != actor.country
        if ethnic or elsewhere:
            country = where[0][1] if where else actor.country
            actor = Actor(
                key=slugify(f"{actor.label} {country or ''}"),
                label=ctx.doc[start : ent.end].text,
                cls="EthnicGroup",
                country=country if isinstance(country, str) else None,
            )
    _add(ctx, start, ent.end, head.i, (actor,), "name")
    return (actor,)


def _ref_actor(ctx: DocContext, ref: Ref, surface: str) -> Actor | None:
    """The actor a reference of the base names when it stands alone."""
    kb = ctx.kb
    if ref.kind == "state":
        return kb.state_actor(ctx.state(ref.key))
    if ref.kind == "seat":
        return kb.body(ctx.state(ref.key), ref.sector or "GOV")
    if ref.kind == "capital":
        return kb.body(ctx.state(ref.key), "GOV")
    if ref.kind == "org":
        return kb.org_actor(ref.key)
    if ref.kind in ("group", "group-adjective"):
        return kb.group_actor(ref.key)
    if ref.kind == "adjective":
        # an adjective that heads its phrase ("the Irish donated") names the state
        return kb.state_actor(ctx.state(ref.key))
    if ref.kind == "demonym":
        # "Afghans" are the people of Afghanistan, not its state
        return Actor(
            key=slugify(surface),
            label=surface,
            cls="SocialGroup",
            country=ctx.state(ref.key),
            sector="CVL",
        )
    if ref.kind == "person":
        return kb_person(ctx, surface)
    return None


def _given_names(
    ctx: DocContext, ent: Span, premods: list[Token], title_tokens: set[int]
) -> list[Token]:
    """Capitalised names just before a surname the base knows, which the recogniser left out of
    it: "Maria" in "Maria Lavrov" makes her someone other than Sergei Lavrov."""
    inside = {t.i for t in premods}
    lex = ctx.kb.lexicon
    found: list[Token] = []
    i = ent.start - 1
    while i >= 0 and i in inside and i not in title_tokens and i not in ctx.entity_at:
        t = ctx.doc[i]
        if t.pos_ != "PROPN" or t.dep_ != "compound" or not t.text[:1].isupper():
            break
        if t.text in ctx.kb.words.honorifics or (t.lower_,) in lex.titles or t.lower_ in lex.heads:
            break  # "Mr.", "General", "Army": a form of address, a rank or a body
        found.insert(0, t)
        i -= 1
    return found


def _is_location(ctx: DocContext, token: Token) -> bool:
    """A capital is a place where it says where ("talks in Kabul"), the government elsewhere
    ("Kabul rejected the offer")."""
    if token.dep_ == "pobj" and token.head.lower_ in ctx.kb.words.locative_prepositions:
        return True
    return token.dep_ in ("compound", "npadvmod", "appos")


def _person(ctx: DocContext, head: Token, ent: Span, premods: list[Token]) -> tuple[Actor, ...]:
    """A person named by ``ent``, with the title and owner its phrase gives."""
    found = find_title(premods, ctx)
    title = found[0] if found else None
    title_tokens = {t.i for t in found[1]} if found else set()
    rest = [t for t in premods if t.i not in title_tokens]
    owners = _owners(ctx, head, rest)
    for appos in appositions(head):
        # "Mahmoud Abbas, the Palestinian president": the apposition's title and owner
        a_premods = premodifiers(appos)
        a_title = find_title([*a_premods, appos], ctx)
        if a_title and title is None:
            title = a_title[0]
            owners = owners or _owners(ctx, appos, a_premods)
            ctx.resolved[appos.i] = ()
    if title is None and head.dep_ == "appos":
        # "A spokesman for the Taliban, Qari Yussouf Ahmadi": the title the name is apposed to
        above = head.head
        a_title = find_title([*premodifiers(above), above], ctx)
        if a_title:
            title = a_title[0]
            owners = owners or _owners(ctx, above, premodifiers(above), head_kind="title")
    owner = _owner_actor(ctx, owners[0]) if owners else None
    if owner is None and title is not None:
        code = sentence_country(ctx, head)
        owner = ctx.kb.state_actor(code) if code else None
    given = _given_names(ctx, ent, premods, title_tokens)
    name = " ".join([*(t.text for t in given), ent.text.strip()])
    actor = named_person(ctx, ent, title, owner, name=name)
    if any(t.lower_ in ctx.kb.words.former_modifiers for t in premods):
        actor = former(ctx, actor, owner)
    ctx.consumed.update(title_tokens)
    _add(ctx, _start(premods, ent.start), ent.end, head.i, (actor,), "person")
    return (actor,)


def _unknown_organisation(ctx: DocContext, ent: Span) -> Actor:
    """An organisation the base lacks: its country from a state's name or adjective inside its
    name ("Syrian Observatory for Human Rights"), its sector from the words of its name."""
    kb = ctx.kb
    country = None
    for token in ent:
        for ref in kb.refs(token.text):
            if ref.kind in ("state", "adjective", "demonym"):
                country = country or ctx.state(ref.key)
    sector = None
    for token in ent:
        sector = kb.words.organisation_words.get(token.lower_, sector)
    cls = kb.lexicon.sectors[sector].cls if sector in kb.lexicon.sectors else "Actor"
    if cls == "SocialGroup":
        cls = "Actor"
    name = ent.text.strip()
    if name.lower().startswith("the "):
        name = name[4:]
    return Actor(
        key=slugify(name),
        label=name,
        cls=cls,
        country=country,
        sector=sector,
        from_dictionary=False,
    )


# -- common nouns -------------------------------------------------------------------------


def _common(ctx: DocContext, head: Token) -> tuple[Actor, ...]:
    """A phrase headed by a common noun: a body, group, post or description. The names it
    read as owners belong to it only if it names an actor or a place; otherwise they stay
    free to be read on their own ("the Troika [...] meeting", "meeting in Qatar")."""
    before = set(ctx.consumed)
    had = len(ctx.index.headed_by(head.i))
    found = _common_phrase(ctx, head)
    if not found and len(ctx.index.headed_by(head.i)) == had:
        ctx.consumed.intersection_update(before)
    return found


def _common_phrase(ctx: DocContext, head: Token) -> tuple[Actor, ...]:
    kb = ctx.kb
    h = read_head(head, kb)
    if not h.kind and not any(c.dep_ in ("compound", "nmod") for c in head.children):
        return ()
    premods = premodifiers(head)
    if h.kind == "quantity":
        return _quantity(ctx, head)
    if h.kind == "description":
        return _description(ctx, head, premods)
    if h.kind == "collective":
        return _collective(ctx, head, premods)
    if h.kind == "title":
        for appos in appositions(head):
            ent = ctx.entity_at.get(appos.i)
            if ent is not None and ent.label_ == "PERSON":
                # "the Taliban spokesman, Zabihullah Mujahid": the named person
                found = read_phrase(ctx, appos)
                if found:
                    start = _start(premods, h.start)
                    _add(ctx, start, head.i + 1, head.i, found, "title")
                    return found
    owners = _owners(ctx, head, premods, head_kind=h.kind)
    if h.kind in ("possession", "", "member"):
        # "Afghan army positions", "Syrian government missiles", "15 Afghan Army trainees":
        # the noun names no actor, the noun modifying it does, with the phrase's other modifiers;
        # "Saudi intelligence officials", "gang members": members of the body the noun names
        for child in sorted(head.children, key=lambda c: -c.i):
            if h.kind == "member" and child.dep_ not in ("compound",):
                continue
            inner = read_head(child, kb) if child.dep_ in ("compound", "nmod") else None
            if inner is not None and inner.kind in ("sector", "unit", "title", "member"):
                head, h = child, inner
                owners = _owners(ctx, head, premods, head_kind=h.kind)
                break
        else:
            if not h.kind:
                return ()
        if h.kind == "member" and not owners:
            owners = []
    if h.kind == "place":
        # "a Syrian village", "the southern Helmand province": a place of that state
        for kind, value in owners:
            code = value if kind == "state" else getattr(value, "country", None)
            if isinstance(code, str):
                label = ctx.doc[_start(premods, head.i) : head.i + 1].text
                place = Place(label, code, "area")
                _add(ctx, _start(premods, head.i), head.i + 1, head.i, (), "place", place)
                break
        return ()
    if not owners and head.dep_ == "conj" and head.head.pos_ in NOMINAL and head.head.i < head.i:
        # "Turkish police and soldiers": the soldiers are Turkish too
        first = head.head
        owners = _owners(ctx, first, premodifiers(first), peek=True, head_kind=h.kind)
    ethnic = [o for o in owners if o[0] == "actor" and getattr(o[1], "cls", "") == "EthnicGroup"]
    states = [o for o in owners if o[0] == "state"]
    if ethnic and states:
        # "Syrian Kurdish forces": Kurds of Syria
        group, code = ethnic[0][1], states[0][1]
        assert isinstance(group, Actor) and isinstance(code, str)
        combined = _ethnic_owned(ctx, head, h, group, code)
        owners = [o for o in owners if o not in ethnic and o not in states]
        actors: list[Actor] = [combined] if combined is not None else []
    else:
        actors = []
    for owner in owners:
        actor = _owned(ctx, head, h, owner)
        if actor is not None:
            actors.append(actor)
    if not owners:
        actor = _ownerless(ctx, head, h, premods)
        if actor is not None:
            actors.append(actor)
    found = unique(actors)
    if found:
        kind = "title" if h.kind == "title" else ("body" if owners or actors else "group")
        start = _start(_own_words(ctx, premods), h.start)
        end = max(_end(ctx, head, owners), (h.end or head.i) + 1)
        _add(ctx, start, end, head.i, found, kind)
    return found


def _own_words(ctx: DocContext, premods: list[Token]) -> list[Token]:
    """The premodifiers that belong to the phrase: without a name coordinated with one of its
    nouns ("the Taliban and" of "the Taliban and government forces")."""
    cut = -1
    for t in premods:
        ent = ctx.entity_at.get(t.i)
        if ent is not None and _coordinated_with_noun(ctx, ent):
            cut = max(cut, ent.end - 1)
            for c in ent.root.children:
                if c.dep_ == "cc":
                    cut = max(cut, c.i)
    return [t for t in premods if t.i > cut]


def _owned(ctx: DocContext, head: Token, h: Head, owner: Owner) -> Actor | None:
    """The actor a head names given whose it is."""
    kb = ctx.kb
    kind, value = owner
    if kind == "actor":
        assert isinstance(value, Actor)
        if h.kind == "":
            return value
        if h.kind == "title" and value.cls != "Person":
            return post_holder(ctx, h.title, value) if h.title else value
        if value.cls == "State" and value.country is not None and value.country in kb.states:
            return _owned(ctx, head, h, ("state", value.country))
        if value.cls == "EthnicGroup":
            return _ethnic_owned(ctx, head, h, value, value.country)
        return value
    assert isinstance(value, str)
    code = value
    if h.kind == "unit" and h.unit is not None:
        return kb.unit(code, h.unit)
    if h.kind == "title" and h.title is not None:
        return post_holder(ctx, h.title, kb.state_actor(code))
    if h.kind == "member":
        return kb.body(code, "GOV")
    if h.kind in ("possession", ""):
        return kb.state_actor(code)
    sector = h.sector or "GOV"
    spec = kb.lexicon.sectors[sector]
    if spec.label:
        return kb.body(code, sector)
    adjective = (
        kb.states[code].adjectives[0] if kb.states[code].adjectives else kb.states[code].name
    )
    return _group_actor(ctx, head, sector, code, adjective, spec.cls)


def _ethnic_owned(
    ctx: DocContext, head: Token, h: Head, group: Actor, country: str | None
) -> Actor | None:
    """A head owned by an ethnic or religious group: "Kurdish fighters" are an armed group of
    Kurds, "Rohingya refugees" refugees, "the Catalan regional government" a body of the state
    the group lives in; any other noun ("Kurdish civilians") names the group itself."""
    kb = ctx.kb
    entry = kb.groups.get(group.key)
    modifier = entry.adjectives[0] if entry and entry.adjectives else group.label
    country = country or group.country or sentence_country(ctx, head)
    sector = h.sector
    if sector is None or h.kind not in ("sector", "unit"):
        return group
    spec = kb.lexicon.sectors[sector]
    if sector in ARMED:
        # a people's own forces are no state's army: "Tigrayan forces" are rebels
        armed = "REB" if sector == "MIL" else sector
        return _group_actor(ctx, head, armed, country, modifier, "ArmedGroup")
    if spec.label and country:
        return kb.body(country, sector)
    if spec.label:
        return group
    return _group_actor(ctx, head, sector, country, modifier, spec.cls)


def _group_actor(
    ctx: DocContext, head: Token, sector: str | None, country: str | None, modifier: str, cls: str
) -> Actor:
    """A group named by a modifier and a noun: "Egyptian protesters", "Kurdish fighters"."""
    noun = plural_noun(head)
    before = head.doc[head.i - 1] if head.i > 0 else None
    if (
        _lemma_of(head) in ctx.kb.words.quantities
        and before is not None
        and before.head.i == head.i
        and before.dep_ in ("amod", "compound")
        and not before.ent_type_
    ):
        noun = f"{before.lower_} {noun}"  # "a rebel group": "group" alone says nothing
    label = f"{modifier} {noun}"
    return Actor(key=slugify(label), label=label, cls=cls, country=country, sector=sector)


def _ownerless(ctx: DocContext, head: Token, h: Head, premods: list[Token]) -> Actor | None:
    """A head with no owner: a body of the state the text speaks of ("the government",
    "government forces"), or a generic actor of this document ("protesters")."""
    kb = ctx.kb
    if h.kind in ("member", "possession"):
        return None
    if _lemma_of(head) in kb.words.need_owner and h.start == head.i and h.end is None:
        return None
    local = not any(t.lower_ in kb.words.non_local_modifiers for t in premods)
    if h.kind == "title":
        code = (recent_country(ctx, head) or sentence_country(ctx, head)) if local else None
        if code and h.title is not None:
            return post_holder(ctx, h.title, kb.state_actor(code))
        return None
    sector = h.sector
    if sector is None:
        return None
    spec = kb.lexicon.sectors[sector]
    text = _phrase_text(ctx, head, premods)
    if spec.label or h.kind == "unit":
        definite = any(
            t.dep_ == "det" and t.lower_ in kb.words.definite_determiners for t in premods
        )
        if definite and local:
            # "the ministry", "the army": the body of that kind the text named last
            earlier = same_head_antecedent(ctx, head)
            if earlier is not None:
                return earlier
        code = (recent_country(ctx, head) or sentence_country(ctx, head)) if local else None
        if code is not None:
            return kb.unit(code, h.unit) if h.unit else kb.body(code, sector)
        cls = h.unit.cls if h.unit else spec.cls
        return ctx.generic(text, cls, sector)
    code = sentence_country(ctx, head) if local else None
    if code is not None and code in kb.states:
        # "gunmen attacked a hotel in Mogadishu": the sentence speaks of one country only
        state = kb.states[code]
        modifier = state.adjectives[0] if state.adjectives else state.name
        return _group_actor(ctx, head, sector, code, modifier, spec.cls)
    return ctx.generic(text, spec.cls, sector)


def _lemma_of(token: Token) -> str:
    lemma = token.lemma_.lower()
    return lemma[:-1] if lemma == token.lower_ and lemma.endswith("s") else lemma


def _phrase_text(ctx: DocContext, head: Token, premods: list[Token]) -> str:
    """The phrase as a label: its words without determiners and numbers ("protesters",
    "government forces")."""
    skip = {"det", "predet", "nummod", "quantmod", "poss", "case"}
    words = [
        t.text
        for t in premods
        if t.dep_ not in skip
        and t.i >= head.i - 3
        and t.pos_ in ("ADJ", "NOUN", "PROPN", "VERB")
        and t.lower_ not in ctx.kb.words.quantities
        and t.lower_ not in QUANTIFIERS
    ]
    words.append(plural_noun(head) if head.tag_ in ("NNS", "NNPS") else head.lower_)
    return " ".join(words).strip() or head.lower_


def _quantity(ctx: DocContext, head: Token) -> tuple[Actor, ...]:
    """ "dozens of protesters", "a group of soldiers": the of-phrase's actors."""
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    found = read_phrase(ctx, pobj)
                    if found:
                        start = _start(premodifiers(head), head.i)
                        _add(ctx, start, pobj.right_edge.i + 1, head.i, found, "group")
                    return found
    return ()


def _description(ctx: DocContext, head: Token, premods: list[Token]) -> tuple[Actor, ...]:
    """ "the bloc", "the country": the earlier actor of a fitting class."""
    classes = ctx.kb.words.descriptions[head.lemma_.lower()]
    participles = ctx.kb.words.backer_participles
    backers = [
        t
        for t in premods
        if ((ent := ctx.entity_at.get(t.i)) is not None and t.i == ent.start and _backer(ctx, ent))
        or ("-" in t.text[1:] and t.text.rsplit("-", 1)[1].lower() in participles)  # "U.S.-led"
    ]
    if backers and "Coalition" in classes:
        # "the U.S.-led coalition", "a Saudi-led alliance" that the base does not know: a
        # coalition of this story, named by who leads it (which one, the story does not say)
        start = _start(premods, head.i)
        label = ctx.doc[start : head.i + 1].text
        actor = ctx.generic(label, "Coalition", None)
        _add(ctx, start, head.i + 1, head.i, (actor,), "description")
        ctx.consumed.update(range(start, head.i + 1))
        return (actor,)
    if not any(t.dep_ == "det" and t.lower_ in ctx.kb.words.definite_determiners for t in premods):
        return ()
    if any(t.i in ctx.entity_at for t in premods):
        return ()
    earlier = description_antecedent(ctx, head, classes)
    if earlier is None and head.lemma_.lower() in ("coalition", "alliance"):
        # "the coalition" with none named before: still a coalition, this story's own
        start = _start(premods, head.i)
        earlier = ctx.generic(ctx.doc[start : head.i + 1].text.lower(), "Coalition", None)
        _add(ctx, start, head.i + 1, head.i, (earlier,), "description")
        return (earlier,)
    if earlier is None:
        return ()
    _add(ctx, head.i, head.i + 1, head.i, (earlier,), "description")
    return (earlier,)


def _collective(ctx: DocContext, head: Token, premods: list[Token]) -> tuple[Actor, ...]:
    """ "all parties involved in the conflict", "both sides": a generic actor named by the
    phrase, never guessed."""
    words = ctx.kb.words
    if not any(t.lower_ in words.collective_determiners for t in premods):
        return ()
    tokens = [t for t in head.subtree]
    text = ctx.doc[tokens[0].i : tokens[-1].i + 1].text
    actor = ctx.generic(text, "Actor", None)
    _add(ctx, tokens[0].i, tokens[-1].i + 1, head.i, (actor,), "group")
    return (actor,)


# -- owners -------------------------------------------------------------------------------


def _owners(
    ctx: DocContext,
    head: Token,
    premods: list[Token],
    *,
    peek: bool = False,
    head_kind: str = "",
) -> list[Owner]:
    """Whose a head is: the states, organisations, bodies and groups its modifiers, possessor
    and of/from/in phrases name, each once, in text order."""
    owners: list[Owner] = []
    seen_ents: set[int] = set()
    own = ctx.entity_at.get(head.i)
    for token in premods:
        ent = ctx.entity_at.get(token.i)
        if ent is None and token.dep_ == "compound" and token.lemma_.lower() == "coalition":
            # "Coalition aircraft", "coalition forces": the coalition's, the one named before
            # or this story's own
            coalition = description_antecedent(ctx, token, frozenset({"Coalition"})) or ctx.generic(
                "coalition", "Coalition", None
            )
            owners.append(("actor", coalition))
            if not peek:
                ctx.consumed.add(token.i)
            continue
        if ent is None or ent.start in seen_ents or (own is not None and ent.start == own.start):
            continue
        if _coordinated_with_noun(ctx, ent):
            continue  # "the Taliban and government forces": two phrases, not one owner
        if _backer(ctx, ent):
            continue  # "Rwandan-backed rebels": Rwanda backs them, they are not Rwanda's
        owner = _entity_owner(ctx, ent)
        if owner is not None:
            seen_ents.add(ent.start)
            owners.append(owner)
            if not peek:
                ctx.consumed.update(range(ent.start, ent.end))
    poss = possessor(head)
    before_possessor = len(owners)
    if poss is not None and poss.i not in ctx.entity_at and not peek:
        if poss.pos_ == "PRON":
            # "its troops": whose the pronoun stands for (no mention of its own); "our
            # partners": the speaker's
            first = _first_person(ctx, poss)
            antecedent = speaker(ctx, poss) if first else pronoun_antecedent(ctx, poss)
            owners.extend([("actor", antecedent)] if antecedent else [])
        else:
            owners.extend(("actor", a) for a in read_phrase(ctx, poss))
    # a possessor says whose it is: "its ambassador from Germany" is its own ambassador, posted
    # in Germany, and Germany is named for itself
    phrases = owner_phrases(head) if len(owners) == before_possessor else []
    for pobj in phrases:
        ent = ctx.entity_at.get(pobj.i)
        preposition = pobj.head.lower_
        if own is not None and ent is not None and ent.start == own.start:
            continue
        if head_kind == "possession" and preposition != "of":
            continue  # "a base in Afghanistan" is where the base is, not whose
        if ent is not None:
            owner = _entity_owner(ctx, ent)
            if owner is None:
                continue
            people = head_kind in ("title", "member")
            if (
                preposition not in ("of", "from")
                and owner[0] != "state"
                and not (people and preposition == "for")
            ):
                continue  # "rebels in Darfur": a place; "the envoy at the UN" is not whose
            owners.append(owner)
            if not peek:
                ctx.consumed.update(range(ent.start, ent.end))
        elif preposition in ("of", "from") and not peek:
            # "officials from the Afghan government and the Taliban": every conjunct
            for conjunct in conjuncts(pobj):
                owners.extend(("actor", a) for a in read_phrase(ctx, conjunct))
        if owners:
            break
    unique_owners: list[Owner] = []
    for owner in owners:
        if owner not in unique_owners:
            unique_owners.append(owner)
    return unique_owners


def _backer(ctx: DocContext, ent: Span) -> bool:
    """Whether a name is joined by a hyphen to a participle that makes it a backer ("Rwandan-
    backed", "US-led", "Iranian-funded")."""
    doc = ctx.doc
    end = ent.end
    return (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and doc[end + 1].lower_ in ctx.kb.words.backer_participles
    )


def _coordinated_with_noun(ctx: DocContext, ent: Span) -> bool:
    """Whether a name before a head is coordinated with a common noun of the phrase ("the
    Taliban and government forces"): then it is a phrase of its own."""
    root = ent.root
    for t in (*root.children, root.head):
        linked = (t.dep_ == "conj" and t.head.i == root.i) or (
            root.dep_ == "conj" and t.i == root.head.i
        )
        if linked and t.pos_ == "NOUN" and t.i not in ctx.entity_at:
            return True
    return False


def _entity_owner(ctx: DocContext, ent: Span) -> Owner | None:
    """What an entity modifying a head says about whose the head is."""
    kb = ctx.kb
    refs = kb.refs(ent.ent_id_) if ent.ent_id_ else ()
    if refs:
        ref = refs[0]
        if ref.kind in ("state", "adjective", "demonym", "capital"):
            return ("state", ctx.state(ref.key))
        if ref.kind in ("region", "place"):
            country = kb.places[ref.key].country
            return ("state", ctx.state(country)) if country else None
        actor = _ref_actor(ctx, ref, ent.text)
        return ("actor", actor) if actor is not None else None
    if ent.text in ctx.acronyms:
        return ("actor", ctx.acronyms[ent.text])
    if ent.label_ == "ORG" and ent.text not in kb.words.not_actors:
        return ("actor", _unknown_organisation(ctx, ent))
    return None


def _owner_actor(ctx: DocContext, owner: Owner) -> Actor | None:
    kind, value = owner
    if kind == "state":
        assert isinstance(value, str)
        return ctx.kb.state_actor(value)
    assert isinstance(value, Actor)
    return value


# -- names no phrase consumed ---------------------------------------------------------------


def _leftover_names(ctx: DocContext, sent: Span) -> None:
    """Names that modify a noun that names no actor ("Taliban hideouts", "Iraq's decision",
    "a Syrian village"): the named actor, with the noun when it is something the actor holds."""
    kb = ctx.kb
    for ent in ctx.ents_in(sent.start, sent.end):
        if any(ctx.index.covered(i) or i in ctx.consumed for i in range(ent.start, ent.end)):
            continue
        refs = kb.refs(ent.ent_id_) if ent.ent_id_ else ()
        noun = ent.root.head if _modifies_noun(ent.root) else None
        holds = noun is not None and noun.lemma_.lower() in kb.words.possessions
        if refs:
            ref = refs[0]
            if ref.kind in ("region", "place", "capital"):
                place = kb.places.get(ref.key) or Place(ent.text, ref.key, "city")
                _add(ctx, ent.start, ent.end, ent.root.i, (), "place", place)
                continue
            if ref.kind in ("adjective", "group-adjective") and not holds:
                continue  # an adjective alone names no actor: "the Afghan peace process"
            actor = _ref_actor(ctx, ref, ent.text)
            if ref.kind == "adjective":
                actor = kb.state_actor(ctx.state(ref.key))
            if actor is None:
                continue
            if holds and noun is not None and not ctx.index.covered(noun.i):
                _add(ctx, ent.start, noun.i + 1, noun.i, (actor,), "name")
            else:
                _add(ctx, ent.start, ent.end, ent.root.i, (actor,), "name")
        elif (
            ent.label_ in ("PERSON", "ORG")
            and not any(t.text in kb.words.not_actors for t in ent)
            and ent[0].lower_ not in kb.words.place_words
        ):
            if ent.label_ == "PERSON" and ent[0].text in kb.words.place_name_words:
                continue
            if ent.label_ == "PERSON":
                _person(ctx, ent.root, ent, [])
            else:
                actor = _unknown_organisation(ctx, ent)
                _add(ctx, ent.start, ent.end, ent.root.i, (actor,), "name")


# -- spans --------------------------------------------------------------------------------


def _start(premods: list[Token], default: int) -> int:
    """First token of a phrase: its first modifier that is not a determiner."""
    skip = {"det", "predet", "case"}
    starts = [t.i for t in premods if t.dep_ not in skip]
    return min([*starts, default])


def _end(ctx: DocContext, head: Token, owners: list[Owner]) -> int:
    """Last token (exclusive) of a phrase: the head, or its owner phrase when one was read."""
    end = head.i + 1
    for pobj in owner_phrases(head):
        if any(m.head == pobj.i for m in ctx.index.mentions) or pobj.i in ctx.consumed:
            end = max(end, pobj.right_edge.i + 1)
    return end
