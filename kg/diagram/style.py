"""How diagrams encode the graph: one palette for every engine and format.

Actors are coloured by class with the Okabe-Ito palette, which stays distinguishable for the
common forms of colour blindness. Relations are coloured by CAMEO quad class, and verbal
relations are also dashed, so the quad class survives a greyscale print: cooperation is
blue-green, conflict orange-red, verbal dashed, material solid, structure (member of, part of)
grey and dotted. An event that is not a fact (shown only when ``--modality`` asks for it: a
claim, a denial, an intention, a hypothesis, a negated event) is drawn dash-dotted, thinner,
and its label says what it is ("claimed: provided military aid to"). The static diagrams, the
Graphviz output, the timeline and the HTML viewer all read these tables, so a legend means
the same thing everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Actor class (local name of the dkg: class) -> (fill colour, text colour, legend name).
CLASSES: dict[str, tuple[str, str, str]] = {
    "State": ("#0072B2", "#ffffff", "state"),
    "Government": ("#56B4E9", "#000000", "government"),
    "ArmedForces": ("#009E73", "#ffffff", "armed forces"),
    "ArmedGroup": ("#D55E00", "#ffffff", "armed group"),
    "Coalition": ("#E69F00", "#000000", "coalition"),
    "InternationalOrganization": ("#F0E442", "#000000", "international organization"),
    "Person": ("#CC79A7", "#000000", "person"),
    "Actor": ("#BBBBBB", "#000000", "other actor"),
    # not an actor: an event, a place or a document in a drawn query result
    "Resource": ("#E8E8E8", "#333333", "other resource"),
}

#: Quad class (local name, "" for structural relations) -> (colour, dashed, legend name).
QUADS: dict[str, tuple[str, bool, str]] = {
    "VerbalCooperation": ("#1b9e77", True, "verbal cooperation"),
    "MaterialCooperation": ("#2c5aa0", False, "material cooperation"),
    "VerbalConflict": ("#d97000", True, "verbal conflict"),
    "MaterialConflict": ("#c0162c", False, "material conflict"),
    "": ("#707070", True, "structure (member of, part of)"),
}


@dataclass(frozen=True, slots=True)
class ClassStyle:
    """How one actor class is drawn."""

    fill: str
    text: str
    name: str


@dataclass(frozen=True, slots=True)
class QuadStyle:
    """How one quad class of relations is drawn."""

    colour: str
    dashed: bool
    name: str


def class_style(cls: str | None) -> ClassStyle:
    """Style of an actor class; unknown classes look like a plain actor."""
    return ClassStyle(*CLASSES.get(cls or "Actor", CLASSES["Actor"]))


def quad_style(quad: str | None) -> QuadStyle:
    """Style of a quad class; anything unknown looks like structure."""
    return QuadStyle(*QUADS.get(quad or "", QUADS[""]))


def class_order(classes: set[str]) -> list[str]:
    """Classes in legend order (the order of :data:`CLASSES`), unknown ones last."""
    known = [c for c in CLASSES if c in classes]
    return known + sorted(classes - set(CLASSES))


def quad_order(quads: set[str]) -> list[str]:
    """Quad classes in legend order."""
    known = [q for q in QUADS if q in quads]
    return known + sorted(quads - set(QUADS))


#: How an edge that is not a fact is drawn: matplotlib's dash pattern (dash, gap, dot, gap),
#: vis-network's, and Graphviz's style, with its legend text.
NOT_FACT_DASHES = (0, (6, 2, 1, 2))
NOT_FACT_VIS_DASHES = [8, 3, 2, 3]
NOT_FACT_GRAPHVIZ = "dotted"
NOT_FACT_LEGEND = "dash-dot: not a fact (claimed, denied, intended, hypothetical or negated)"
