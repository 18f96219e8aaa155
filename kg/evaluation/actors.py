"""Scoring the actor layer alone: does each actor phrase resolve to the right country and sector?

A test set of actor phrases (``tests/data/actor_phrases.jsonl``, written by the project) gives,
for a phrase in a sentence of its own, what a careful analyst says it is: its state (ISO code),
its CAMEO sector, and for persons the post they held at the sentence's date. The extractor reads
the sentence and the actor it finds at the phrase is compared: right when both country and
sector agree (each may be null: "Egypt" has no sector, "the Kurds" no country).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.model import Actor
from kg.sources import jsonl_records

FIELDS = frozenset(
    {"id", "text", "phrase", "date", "country", "sector", "kind", "post", "name", "also", "note"}
)


@dataclass(frozen=True, slots=True)
class Expected:
    country: str | None
    sector: str | None


@dataclass(frozen=True, slots=True)
class ActorPhrase:
    """One phrase of the test set and what it names."""

    identifier: str
    text: str
    phrase: str
    year: int | None
    kind: str
    expected: tuple[Expected, ...]
    post: str | None = None
    name: str | None = None


@dataclass
class ActorScore:
    """How many phrases resolved right, overall and by kind, with the wrong ones."""

    total: int = 0
    right: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=dict)
    posts: int = 0
    posts_right: int = 0
    wrong: list[dict] = field(default_factory=list)
    causes: Counter[str] = field(default_factory=Counter)

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 0.0

    def as_dict(self) -> dict:
        return {
            "phrases": self.total,
            "right": self.right,
            "share": round(self.share, 4),
            "by_kind": {
                k: {"phrases": v[0], "right": v[1]} for k, v in sorted(self.by_kind.items())
            },
            "persons_with_post": self.posts,
            "posts_right": self.posts_right,
            "causes": dict(self.causes.most_common()),
            "wrong": self.wrong,
        }


def load_actor_phrases(path: str | Path) -> list[ActorPhrase]:
    """Read and check the test set."""
    phrases = []
    for where, raw in jsonl_records(Path(path), what="actor phrase file"):
        unknown = set(raw) - FIELDS
        if unknown:
            raise InputError(f"{where}: unknown fields {sorted(unknown)}")
        text, phrase = raw.get("text"), raw.get("phrase")
        if not isinstance(text, str) or not isinstance(phrase, str) or phrase not in text:
            raise InputError(f"{where}: the phrase must occur in the text")
        date = str(raw.get("date") or "")
        expected = [Expected(raw.get("country"), raw.get("sector"))]
        expected += [Expected(a.get("country"), a.get("sector")) for a in raw.get("also") or []]
        phrases.append(
            ActorPhrase(
                identifier=str(raw.get("id") or where.rsplit(":", 1)[1]),
                text=text,
                phrase=phrase,
                year=int(date[:4]) if date[:4].isdigit() else None,
                kind=str(raw.get("kind") or "?"),
                expected=tuple(expected),
                post=raw.get("post"),
                name=raw.get("name"),
            )
        )
    return phrases


def score_actor_phrases(path: str | Path) -> ActorScore:
    """Resolve every phrase of the test set and compare it with what it names."""
    from kg.extract import pipeline_parts
    from kg.extract.actors import find_mentions
    from kg.nlp import parsable

    nlp, kb, _ = pipeline_parts()
    phrases = load_actor_phrases(path)
    result = ActorScore()
    docs = nlp.pipe((parsable(p.text) for p in phrases), batch_size=64)
    for phrase, doc in zip(phrases, docs, strict=True):
        index = find_mentions(doc, kb, scope=phrase.identifier, year=phrase.year)
        start = phrase.text.find(phrase.phrase)
        end = start + len(phrase.phrase)
        actors = _actors_at(doc, index, start, end)
        if len(phrase.expected) > 1:
            # coordinated heads ("Turkish police and soldiers") are one mention each
            for m in index.mentions:
                if start <= doc[m.head].idx < end:
                    actors += [a for a in m.actors if a not in actors]
        got = [Expected(a.country, a.sector) for a in actors]
        right = bool(got) and all(e in got for e in phrase.expected)
        result.total += 1
        result.right += right
        counts = result.by_kind.setdefault(phrase.kind, [0, 0])
        counts[0] += 1
        counts[1] += right
        if phrase.post:
            result.posts += 1
            result.posts_right += any(a.post == phrase.post for a in actors)
        if not right:
            cause = _cause(phrase.expected[0], got)
            result.causes[cause] += 1
            result.wrong.append(
                {
                    "id": phrase.identifier,
                    "phrase": phrase.phrase,
                    "expected": [e.__repr__() for e in phrase.expected],
                    "got": [f"{a.label} ({a.country}, {a.sector})" for a in actors],
                    "cause": cause,
                    "text": phrase.text,
                }
            )
    return result


def _actors_at(doc, index, start: int, end: int) -> list[Actor]:
    """The actors of the mention that best covers characters ``start``..``end``: the one with
    its head inside the phrase and the most characters in common."""
    best = None
    best_key = (-1, -1)
    for m in index.mentions:
        m_start = doc[m.start].idx
        m_end = doc[m.end - 1].idx + len(doc[m.end - 1].text)
        overlap = min(end, m_end) - max(start, m_start)
        if overlap <= 0:
            continue
        head_in = start <= doc[m.head].idx < end
        key = (int(head_in), overlap)
        if key > best_key:
            best, best_key = m, key
    return list(best.actors) if best is not None else []


def _cause(expected: Expected, got: list[Expected]) -> str:
    if not got:
        return "no actor read"
    first = got[0]
    if first.country != expected.country and first.sector != expected.sector:
        return "country and sector wrong"
    if first.country != expected.country:
        return "country wrong" if expected.country else "country given where none is"
    return "sector wrong" if expected.sector else "sector given where none is"


def format_actor_score(score: ActorScore, show: int = 20) -> str:
    """The actor-phrase report as text."""
    lines = [
        f"actor phrases: {score.right}/{score.total} resolved to the right country and sector "
        f"({score.share:.1%})"
    ]
    for kind, (n, right) in sorted(score.by_kind.items()):
        lines.append(f"  {kind:<16} {right}/{n}")
    if score.posts:
        lines.append(f"persons with the right post: {score.posts_right}/{score.posts}")
    if score.causes:
        lines.append("wrong, by cause:")
        lines += [f"  {n:>5}  {c}" for c, n in score.causes.most_common()]
    for w in score.wrong[:show]:
        lines.append(f"  - {w['phrase']!r}: expected {w['expected']}, got {w['got']}")
    return "\n".join(lines) + "\n"
