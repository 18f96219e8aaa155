"""Features of a candidate pair: what the sentence says between and around its two actors.

Each feature is a short string (its presence is its value), so the model is a table of weights a
person can read: ``path=nsubj|VERB|dobj`` (the first actor is the subject and the second the
object of a verb), ``trigger=attack``, ``trigger_root=19`` (the lexicon's root for the verb),
``pattern>=19`` (a pattern of patterns.yaml fits with the first actor as source), ``neg``,
``speech=say``. The same function serves training and extraction, so what the model learned
from is what it sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.events.arguments import (
    NOUNS,
    VERBS,
    clause_head,
    conjunct_top,
    conjuncts,
    direct_objects,
    has_particle,
    is_passive,
    kids,
    path_between,
    role,
    sentence_start,
    steps,
    tokens,
)
from kg.extract.events.candidates import Candidate, Item
from kg.extract.events.lexicon import EventLexicon
from kg.extract.events.mood import Mood, read_mood

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Token distances are bucketed so that the model generalises over them.
DISTANCE_BUCKETS = (1, 3, 6, 10, 16, 25)
#: Roles of a verb's source: its subject, or its by-agent when passive.
SUBJECT_ROLES = frozenset({"nsubj", "csubj"})


@dataclass(frozen=True, slots=True)
class Trigger:
    """The word the pair's path turns on: a verb, or an event noun with the verb that carries
    it ("held talks": hold + talk)."""

    token: Token
    verb: Token
    noun: Token | None = None


def bucket(n: int) -> str:
    for limit in DISTANCE_BUCKETS:
        if n <= limit:
            return f"<={limit}"
    return ">25"


def heads(doc: Doc, a: Item, b: Item) -> tuple[Token, Token]:
    """The tokens whose place in the clause the two actors hold: a coordinated actor holds the
    place of the first of its conjuncts ("China" in "Russia, the US and China have called on"
    is a subject like "Russia"), unless the two are coordinated with each other."""
    ta, tb = doc[a.head], doc[b.head]
    top_a, top_b = conjunct_top(ta), conjunct_top(tb)
    if top_a.i == top_b.i:
        return ta, tb
    return top_a, top_b


def find_trigger(doc: Doc, a: Item, b: Item, lex: EventLexicon) -> Trigger:
    """The trigger of a pair: the verb of the clause at the top of the path between them (the
    relative clause's verb when one actor is the noun it hangs on), and the event noun on the
    path or as that verb's object, if any."""
    ta, tb = heads(doc, a, b)
    p = path_between(ta, tb)
    verb = clause_head(p.top)
    top = conjunct_top(ta)
    if top.i == conjunct_top(tb).i and top.dep_ == "pobj" and top.head.lower_ == "between":
        # "clashes between X and Y": the noun (or verb) the between-phrase hangs on
        governor = top.head.head
        if governor.pos_ in NOUNS:
            return Trigger(token=governor, verb=clause_head(governor), noun=governor)
        return Trigger(token=governor, verb=governor)
    low = next((t for t in p.down if t.pos_ in VERBS), None)
    if low is not None and low.i != verb.i and _controlled(low, verb):
        # "called on ..., urging the Taliban", "accused Iran of arming Hamas": the verb nearest
        # the second actor, whose subject the verb above controls, is what happens to it
        verb = low
    if p.top.i in (ta.i, tb.i) and p.top.pos_ not in VERBS:
        below = [t for t in (*reversed(p.up), *reversed(p.down)) if t.pos_ in VERBS]
        if below:
            verb = below[0]
    noun = None
    for t in (p.top, *p.up, *p.down):
        if t.pos_ in NOUNS and _event_noun(t, lex):
            noun = t
            break
    if noun is None:
        for obj in direct_objects(verb):
            if _event_noun(obj, lex):
                noun = obj
                break
    return Trigger(
        token=noun if noun is not None and verb.lemma_ in lex.light_verbs else verb,
        verb=verb,
        noun=noun,
    )


#: "acomp": a predicative adjective's clause has the copula's subject for its own ("is willing
#: to send", "is responsible for attacking")
CONTROL_LINKS = frozenset({"xcomp", "advcl", "pcomp", "conj", "prep", "acomp"})


def _controlled(low: Token, top: Token) -> bool:
    """Whether ``low`` is a subjectless clause under ``top`` (by infinitive, participle, gerund
    or coordination), so that ``top``'s subject or object is its subject."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in kids(low)):
        return False
    t = low
    while t.i != top.i:
        if t.dep_ not in CONTROL_LINKS or t.head.i == t.i:
            return False
        t = t.head
    return True


def _event_noun(token: Token, lex: EventLexicon) -> bool:
    lemma = token.lemma_.lower()
    return lemma in lex.nouns or lemma in lex.noun_roots


def pair_features(doc: Doc, cand: Candidate, lex: EventLexicon) -> list[str]:
    """Features of an unordered pair (first, second in text order) for the event decision."""
    a, b = cand.first, cand.second
    ta, tb = heads(doc, a, b)
    p = path_between(ta, tb)
    trig = find_trigger(doc, a, b, lex)
    verb = trig.verb
    up, down = steps(p.up), steps(p.down)
    top = p.top
    f = [
        "bias",
        f"path={'/'.join(up[:3])}|{top.pos_}|{'/'.join(down[:3])}",
        f"lpath={'/'.join(up[:2])}|{top.lemma_.lower()}|{'/'.join(down[:2])}",
        f"up1={up[0] if up else '-'}",
        f"down1={down[0] if down else '-'}",
        f"top={top.lemma_.lower()}",
        f"top_pos={top.pos_}",
        f"plen={min(p.length, 8)}",
    ]
    f += _trigger_features(trig, lex, "")
    ra, rb = role(ta, verb), role(tb, verb)
    f += [f"ra={ra}", f"rb={rb}", f"ra_rb={ra}|{rb}", f"v_ra_rb={verb.lemma_.lower()}|{ra}|{rb}"]
    # the roles and path shape for the class of the trigger, so that what is learnt of one verb
    # of a class carries over to the others ("urged", "called on", "appealed to" are all 02)
    shape = f"{'/'.join(up[:2])}|{top.pos_}|{'/'.join(down[:2])}"
    classes = _trigger_classes(trig, lex) or ("none",)
    for root in classes:
        f += [f"cls_ra_rb={root}|{ra}|{rb}", f"cls_path={root}|{shape}"]
    if is_passive(verb):
        f += ["passive", f"passive_ra_rb={ra}|{rb}"]
    f += _pattern_features(doc, trig, ta, tb, ra, rb, lex)
    f += _mood_features(read_mood(trig.token, lex), ta, tb)
    f += _between_features(doc, ta, tb, a, b, verb)
    f += _linear_features(doc, a, b, lex)
    f += _item_features(a, "a") + _item_features(b, "b")
    f += _kinship(a, b)
    f += _low_verb_features(p, tb, "b", lex) + _low_verb_features(p, ta, "a", lex, up=True)
    if a.mention is b.mention:
        f.append("same_mention")
    elif ta.i in conjuncts(tb):
        f.append("coordinated")
        f += _coordination_features(ta, lex)
    if verb.i < min(ta.i, tb.i):
        f.append("order=v<a<b")
    elif verb.i > max(ta.i, tb.i):
        f.append("order=a<b<v")
    else:
        f.append("order=a<v<b")
    return f


def _low_verb_features(
    p, token: Token, side: str, lex: EventLexicon, up: bool = False
) -> list[str]:
    """The verb nearest to one actor on the path, and the actor's role for it: in "called on
    all parties, urging the Taliban to ...", the Taliban is the object of "urge", a verb below
    the top of the path whose subject is controlled by the top's subject."""
    chain = p.up if up else p.down
    verbs = [t for t in chain if t.pos_ in VERBS]
    if not verbs:
        return []
    low = verbs[0]
    lemma = low.lemma_.lower()
    r = role(token, low)
    f = [f"{side}_low_v={lemma}", f"{side}_low_r={r}", f"{side}_low_vr={lemma}|{r}"]
    for root in lex.verb_roots.get(lemma, ()):
        f.append(f"{side}_low_root={root}")
    passive = is_passive(low)
    for pattern in lex.verbs.get(lemma, ()):
        if pattern.particle and not has_particle(low, pattern.particle):
            continue
        if r in {_slot(s, passive) for s in pattern.target}:
            f.append(f"{side}_low_pat={pattern.root}")
        break
    return f


def _coordination_features(token: Token, lex: EventLexicon) -> list[str]:
    """Two coordinated actors act on each other only as "clashes between X and Y" or "X and Y
    met" (a symmetric verb with no object)."""
    top = conjunct_top(token)
    f = []
    if top.dep_ == "pobj" and top.head.lower_ == "between":
        governor = top.head.head
        lemma = governor.lemma_.lower()
        f += ["between", f"between={lemma}"]
        for root in (*lex.noun_roots.get(lemma, ()), *lex.verb_roots.get(lemma, ())):
            f.append(f"between_root={root}")
    if top.dep_ in ("nsubj", "nsubjpass"):
        verb = top.head
        objects = [c for c in kids(verb) if c.dep_ in ("dobj", "prep")]
        lemma = verb.lemma_.lower()
        f += [f"coord_subj={lemma}", f"coord_subj_obj={bool(objects)}"]
        for root in lex.verb_roots.get(lemma, ()):
            f.append(f"coord_subj_root={root}")
    return f


def _trigger_classes(trig: Trigger, lex: EventLexicon) -> tuple[str, ...]:
    """The CAMEO roots the lexicon gives the trigger: its event noun's when a light verb
    carries one ("held talks"), else the verb's."""
    verb_lemma = trig.verb.lemma_.lower()
    if trig.noun is not None and verb_lemma in lex.light_verbs:
        found = lex.noun_roots.get(trig.noun.lemma_.lower(), ())
        if found:
            return found
    return lex.verb_roots.get(verb_lemma, ())


def _trigger_features(trig: Trigger, lex: EventLexicon, prefix: str) -> list[str]:
    verb = trig.verb
    lemma = verb.lemma_.lower()
    f = [f"{prefix}v={lemma}"]
    for root in lex.verb_roots.get(lemma, ()):
        f.append(f"{prefix}vroot={root}")
    if lemma in lex.light_verbs:
        f.append(f"{prefix}light")
    if lemma in lex.reporting_verbs:
        f.append(f"{prefix}v_reporting")
    if trig.noun is not None:
        noun = trig.noun.lemma_.lower()
        f += [f"{prefix}n={noun}", f"{prefix}vn={lemma}+{noun}"]
        for root in lex.noun_roots.get(noun, ()):
            f.append(f"{prefix}nroot={root}")
        pattern = lex.nouns.get(noun)
        if pattern is not None:
            f.append(f"{prefix}npat={pattern.root}")
    for c in kids(verb):
        if c.dep_ == "prt":
            f.append(f"{prefix}prt={lemma}+{c.lower_}")
        if c.dep_ == "dobj":
            f.append(f"{prefix}obj={lemma}+{c.lemma_.lower()}")
    return f


def _pattern_features(
    doc: Doc, trig: Trigger, ta: Token, tb: Token, ra: str, rb: str, lex: EventLexicon
) -> list[str]:
    """Whether a pattern of patterns.yaml fits the pair, and in which direction: the verb
    pattern's source is the subject (the by-agent of a passive), its target in one of the
    pattern's slots; the noun pattern's target slot is a preposition of the noun."""
    f = []
    verb = trig.verb
    passive = is_passive(verb)
    src_roles = {"agent"} if passive else SUBJECT_ROLES
    for pattern in lex.verbs.get(verb.lemma_.lower(), ()):
        if pattern.particle and not has_particle(verb, pattern.particle):
            continue
        if pattern.object and not any(
            o.lemma_.lower() in pattern.object
            or any(c.lemma_.lower() in pattern.object for c in kids(o))
            for o in direct_objects(verb)
        ):
            continue
        slots = {_slot(s, passive) for s in pattern.target}
        f.append(f"pat={pattern.root}")
        if ra in src_roles and rb in slots:
            f += [f"pat>={pattern.root}", f"patrel>={pattern.relation}"]
        if rb in src_roles and ra in slots:
            f += [f"pat<={pattern.root}", f"patrel<={pattern.relation}"]
        break
    if trig.noun is not None:
        noun_pattern = lex.nouns.get(trig.noun.lemma_.lower())
        if noun_pattern is not None:
            slots = {f"pobj:{s}" for s in noun_pattern.target}
            da = role(ta, trig.noun)
            db = role(tb, trig.noun)
            if db in slots:
                f.append(f"npat_tb={noun_pattern.root}")
            if da in slots:
                f.append(f"npat_ta={noun_pattern.root}")
    return f


def _slot(slot: str, passive: bool) -> str:
    if slot == "dobj":
        return "nsubjpass" if passive else "dobj"
    if slot == "dative":
        return "dative"
    return f"pobj:{slot}"


def _mood_features(mood: Mood, ta: Token, tb: Token) -> list[str]:
    f = [f"modality={mood.modality}"]
    if mood.negated:
        f.append("neg")
    if mood.governor:
        f += [f"gov={mood.governor}", f"gov_kind={mood.governor_kind}"]
    if mood.modal:
        f.append(f"modal={mood.modal}")
    if mood.speech:
        f.append(f"speech={mood.speech}")
        if ta.i in mood.speakers:
            f.append("a_speaker")
        if tb.i in mood.speakers:
            f.append("b_speaker")
    return f


def _between_features(doc: Doc, ta: Token, tb: Token, a: Item, b: Item, verb: Token) -> list[str]:
    start, end = sorted((a.mention.end, b.mention.start))
    between = tokens(doc)[start:end]
    f = [f"dist={bucket(len(between))}"]
    verbs = [t.lemma_.lower() for t in between if t.pos_ in VERBS and t.dep_ != "aux"]
    for lemma in verbs[:4]:
        f.append(f"vb={lemma}")
    if not verbs:
        f.append("no_verb_between")
    words = {t.lower_ for t in between}
    if between and words <= {"and", ",", "or", "the", "its", "their"}:
        f.append("only_and_between")
    if ";" in words or ":" in words:
        f.append("semicolon_between")
    if sentence_start(ta) != sentence_start(tb):
        f.append("other_sentence")
    return f


def _kinship(a: Item, b: Item) -> list[str]:
    """How the two actors are related before the sentence says anything: one part of the other
    (a state and its army), the same country (a domestic dyad), or neither."""
    x, y = a.actor, b.actor
    if x.part_of == y.key or (x.part_of and x.part_of == y.part_of and x.cls == "Person"):
        return ["a_part_of_b"]
    if y.part_of == x.key:
        return ["b_part_of_a"]
    if x.country and x.country == y.country:
        return ["same_country"]
    return ["other_countries" if x.country and y.country else "country_unknown"]


def _linear_features(doc: Doc, a: Item, b: Item, lex: EventLexicon) -> list[str]:
    """Word-order evidence that survives a wrong parse: the verbs between the two actors and
    the roots the lexicon gives them, the preposition just before the second actor, and
    whether the first actor opens the sentence."""
    f = []
    between = tokens(doc)[a.mention.end : b.mention.start]
    verbs = [t for t in between if t.pos_ in VERBS and t.dep_ not in ("aux", "auxpass")]
    if verbs:
        first = verbs[0].lemma_.lower()
        f.append(f"v1={first}")
        for root in lex.verb_roots.get(first, ()):
            f.append(f"v1root={root}")
        if len(verbs) == 1:
            f.append("one_verb_between")
    for t in verbs[1:3]:
        for root in lex.verb_roots.get(t.lemma_.lower(), ()):
            f.append(f"vbroot={root}")
    if b.mention.start > 0:
        before = doc[b.mention.start - 1]
        if before.pos_ == "ADP":
            f.append(f"b_after={before.lower_}")
            if verbs:
                f.append(f"v1_b_after={verbs[0].lemma_.lower()}+{before.lower_}")
        elif (
            before.pos_ == "DET" and b.mention.start > 1 and doc[b.mention.start - 2].pos_ in VERBS
        ) or before.pos_ in VERBS:
            f.append("b_after_verb")
    sent_start = sentence_start(doc[a.head])
    if a.mention.start - sent_start <= 1:
        f.append("a_opens")
    return f


def _item_features(item: Item, side: str) -> list[str]:
    actor = item.actor
    f = [
        f"{side}_cls={actor.cls}",
        f"{side}_kind={item.mention.kind}",
        f"{side}_sector={actor.sector or '-'}",
    ]
    if item.is_place:
        f.append(f"{side}_place")
    if actor.country is None:
        f.append(f"{side}_nocountry")
    return f


def root_features(doc: Doc, source: Item, target: Item, lex: EventLexicon) -> list[str]:
    """Features of an oriented pair for choosing its CAMEO root: the trigger and its words,
    the roles of source and target, mood and speech."""
    first, second = (source, target) if source.head <= target.head else (target, source)
    t1, t2 = heads(doc, first, second)
    ts, tt = (t1, t2) if first is source else (t2, t1)
    trig = find_trigger(doc, first, second, lex)
    verb = trig.verb
    rs, rt = role(ts, verb), role(tt, verb)
    f = ["bias", f"rs={rs}", f"rt={rt}", f"rs_rt={rs}|{rt}"]
    f += _trigger_features(trig, lex, "")
    f += [f"v_rt={verb.lemma_.lower()}|{rt}"]
    mood = read_mood(trig.token, lex)
    f += _mood_features(mood, ts, tt)
    passive = is_passive(verb)
    for pattern in lex.verbs.get(verb.lemma_.lower(), ()):
        if pattern.particle and not has_particle(verb, pattern.particle):
            continue
        f.append(f"pat={pattern.root}")
        f.append(f"patrel={pattern.relation}")
        if rt in {_slot(s, passive) for s in pattern.target}:
            f.append(f"pat_slot={pattern.root}")
    # the content words of the clause: "fired tear gas at", "imposed sanctions on"
    for c in kids(verb):
        if c.dep_ in ("dobj", "prep", "prt", "xcomp", "ccomp", "acomp", "advmod"):
            f.append(f"c_{c.dep_}={c.lemma_.lower()}")
            for g in kids(c):
                if g.dep_ in ("pobj", "dobj", "compound", "amod"):
                    f.append(f"c_{c.dep_}_{g.dep_}={g.lemma_.lower()}")
    f += _item_features(source, "s") + _item_features(target, "t")
    return f
