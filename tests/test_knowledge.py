"""The actor knowledge base (kg.knowledge): the shipped files load, the base never changes once
built, and every loader refuses a mistake with the file and line where it is.

Loader tests write tiny files of their own into tmp_path and call the loaders of
``kg/knowledge/*`` directly; nothing here needs the spaCy model.
"""

from __future__ import annotations

import dataclasses
import shutil
import textwrap
from pathlib import Path

import pytest

from kg.errors import DataError
from kg.knowledge import ACTOR_CLASSES, load_knowledge
from kg.knowledge.groups import load_groups
from kg.knowledge.organisations import load_organisations
from kg.knowledge.persons import load_persons
from kg.knowledge.places import load_regions
from kg.knowledge.sectors import load_sectors
from kg.knowledge.states import load_states
from kg.resources import ontology_dir

# -- the shipped base -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


def test_the_shipped_base_covers_the_world_and_its_history(kb):
    assert len(kb.states) >= 250
    # the historic states news archives speak of
    assert {"SUN", "YUG", "CSK", "DDR", "ZAR", "RHO"} <= set(kb.states)
    assert kb.state_actor("SUN").label == "Soviet Union"
    assert len(kb.persons) >= 1000
    assert len(kb.organisations) >= 500
    assert kb.groups and kb.places


def test_the_base_cannot_be_changed_once_loaded(kb):
    """Frozen: extracting one document must never change what the next one reads (issue 9)."""
    with pytest.raises(TypeError):
        kb.states["XXX"] = kb.states["EGY"]  # type: ignore[index]
    with pytest.raises(TypeError):
        kb.surfaces["Atlantis"] = ()  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        kb.words = None  # type: ignore[misc]
    assert load_knowledge() is kb  # one copy per process, shared safely


def test_bodies_of_a_state_and_the_way_back_from_their_keys(kb):
    police = kb.body("EGY", "COP")
    assert (police.label, police.country, police.sector) == ("Police of Egypt", "EGY", "COP")
    government = kb.body("USA", "GOV")
    assert government.label == "Government of the United States"  # "the" where English says it
    assert kb.actor_by_key(police.key) == police
    assert kb.actor_by_key("egypt") == kb.state_actor("EGY")
    assert [a.key for a in kb.ancestors(police)][-1] == "egypt"
    assert kb.body("EGY", "NOPE") is None


def test_organisations_and_their_members(kb):
    nato = kb.org_actor("nato")
    assert nato.cls == "InternationalOrganization" and nato.country is None
    assert "nato" in kb.state_actor("USA").member_of
    taliban = kb.org_actor("taliban")
    assert (taliban.cls, taliban.country) == ("ArmedGroup", "AFG")


def test_a_person_holds_the_post_of_the_year(kb):
    assert kb.person_actor("vladimir-putin", 2010).post == "prime minister"
    assert kb.person_actor("vladimir-putin", 2018).post == "president"
    biden = kb.person_actor("joe-biden", 2021)
    assert (biden.country, biden.sector, biden.part_of) == (
        "USA",
        "GOV",
        "government-of-the-united-states",
    )


def test_every_actor_class_of_the_base_is_an_ontology_class(kb):
    from kg.knowledge.organisations import CLASSES

    assert set(CLASSES) <= ACTOR_CLASSES
    assert {s.cls for s in kb.lexicon.sectors.values()} <= ACTOR_CLASSES


def test_a_surface_form_names_in_reading_order(kb):
    (ref,) = kb.refs("Kabul")
    assert (ref.kind, ref.key) == ("capital", "AFG")
    assert kb.refs("Ruritania") == ()
    assert kb.entity_label("Taliban") == "ORG"


# -- loaders refuse mistakes with the file and line -------------------------------------------


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


STATES = """\
    states:
      - code: AAA
        name: Atlantis
        adjectives: [Atlantean]
      - code: BBB
        name: Borduria
        capitals: [Szohod]
"""


@pytest.fixture
def states(tmp_path):
    return load_states(write(tmp_path, "states.yaml", STATES))


def refused(load, *args) -> str:
    with pytest.raises(DataError) as info:
        load(*args)
    return str(info.value)


def test_tiny_files_load(tmp_path, states):
    assert set(states) == {"AAA", "BBB"} and states["BBB"].capitals == ("Szohod",)
    orgs = write(
        tmp_path,
        "organisations.yaml",
        """\
        organisations:
          - name: Atlantean Liberation Army
            names: [ALA]
            class: ArmedGroup
            sector: REB
            country: AAA
        """,
    )
    loaded = load_organisations(orgs, states, frozenset({"REB"}))
    assert loaded["atlantean-liberation-army"].country == "AAA"


def test_an_unknown_field_is_refused_with_file_and_line(tmp_path):
    path = write(tmp_path, "states.yaml", STATES.replace("capitals:", "capitol:"))
    message = refused(load_states, path)
    assert message.startswith(f"{path}:5: Borduria: unknown field 'capitol'")
    assert "capitals" in message  # what was expected


def test_a_misspelt_field_of_a_person_is_refused_with_file_and_line(tmp_path, states):
    folder = tmp_path / "persons"
    path = write(
        tmp_path,
        "persons/atlantis.yaml",
        """\
        persons:
          - name: Ada Atlas
            posts:
              - {post: president, country: AAA, sector: GOV, start: 1990, end: 1999}
          - name: Bo Borduro
            postss:
              - {post: president, country: BBB, sector: GOV, start: 1991}
        """,
    )
    message = refused(
        load_persons, folder, states, {}, frozenset({"president"}), frozenset({"GOV"})
    )
    assert message.startswith(f"{path}:5: Bo Borduro: unknown field 'postss'")


def test_a_misspelt_field_of_a_post_is_refused_with_its_line(tmp_path, states):
    path = write(
        tmp_path,
        "persons/atlantis.yaml",
        """\
        persons:
          - name: Ada Atlas
            posts:
              - {post: president, country: AAA, sector: GOV, start: 1990}
              - {post: president, countri: AAA, sector: GOV, start: 1995}
        """,
    )
    message = refused(
        load_persons, path.parent, states, {}, frozenset({"president"}), frozenset({"GOV"})
    )
    assert message.startswith(f"{path}:5: president: unknown field 'countri'")


def test_a_wrong_type_is_refused_with_file_and_line(tmp_path, states):
    path = write(
        tmp_path,
        "groups.yaml",
        """\
        groups:
          - {name: Atlanteans, kind: ethnic, adjectives: [Atlantean]}
          - {name: Bordurians, kind: ethnic, adjectives: Bordurian}
        """,
    )
    message = refused(load_groups, path, states)
    assert message.startswith(f"{path}:3: Bordurians: adjectives must be a list of texts")


def test_a_year_that_is_not_a_number_is_refused(tmp_path, states):
    path = write(
        tmp_path,
        "persons/atlantis.yaml",
        """\
        persons:
          - name: Ada Atlas
            posts:
              - {post: president, country: AAA, sector: GOV, start: "1990"}
        """,
    )
    message = refused(
        load_persons, path.parent, states, {}, frozenset({"president"}), frozenset({"GOV"})
    )
    assert message.startswith(f"{path}:4: president: start must be a four-digit year")


@pytest.mark.parametrize(
    "name,text,line",
    [
        (
            "organisations.yaml",
            """\
            organisations:
              - {name: Atlantean Navy Club, class: NonGovernmentalOrganization, country: AAA}
              - {name: Zembla Front, class: ArmedGroup, sector: REB, country: ZZZ}
            """,
            3,
        ),
        (
            "groups.yaml",
            """\
            groups:
              - {name: Zemblans, kind: ethnic, country: ZZZ}
            """,
            2,
        ),
        (
            "regions.yaml",
            """\
            regions:
              - {name: Atlantic Shelf, country: AAA}
              - {name: Zembla Marches, country: ZZZ}
            """,
            3,
        ),
    ],
)
def test_an_unknown_country_is_refused_with_file_and_line(tmp_path, states, name, text, line):
    path = write(tmp_path, name, text)
    load = {
        "organisations.yaml": lambda: load_organisations(path, states, frozenset({"REB"})),
        "groups.yaml": lambda: load_groups(path, states),
        "regions.yaml": lambda: load_regions(path, states),
    }[name]
    message = refused(load)
    assert message.startswith(f"{path}:{line}:") and "unknown country 'ZZZ'" in message


def test_an_unknown_country_of_a_post_is_refused_with_its_line(tmp_path, states):
    path = write(
        tmp_path,
        "persons/atlantis.yaml",
        """\
        persons:
          - name: Ada Atlas
            posts:
              - {post: president, country: ZZZ, sector: GOV, start: 1990}
        """,
    )
    message = refused(
        load_persons, path.parent, states, {}, frozenset({"president"}), frozenset({"GOV"})
    )
    assert message.startswith(f"{path}:4:") and "unknown country 'ZZZ'" in message


def test_an_unknown_sector_of_a_head_noun_file_is_refused(tmp_path):
    path = write(
        tmp_path,
        "sectors.yaml",
        """\
        sectors:
          GOV:
            name: government
            class: Government
            label: "Government of {country}"
            heads: [government]
            colour: blue
        """,
    )
    message = refused(load_sectors, path, ACTOR_CLASSES)
    assert message.startswith(f"{path}:3:") and "unknown field 'colour'" in message


@pytest.mark.parametrize("name", ["groups.yaml", "regions.yaml"])
def test_a_misspelt_top_level_key_is_refused(tmp_path, states, name):
    section = name.removesuffix(".yaml")
    entry = "{name: Atlanteans, kind: ethnic}" if section == "groups" else "{name: Atlantic Shelf}"
    path = write(tmp_path, name, f"{section[:-1]}:\n  - {entry}\n")
    load = load_groups if name == "groups.yaml" else load_regions
    message = refused(load, path, states)
    assert message.startswith(f"{path}:1:") and f"{section[:-1]!r}" in message


def test_a_name_given_to_two_entries_is_refused(tmp_path):
    """The whole base, copied and given one clash: two organisations named alike."""
    folder = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), folder, ignore=shutil.ignore_patterns("training", "*.gz"))
    orgs = folder / "organisations.yaml"
    orgs.write_text(
        orgs.read_text(encoding="utf-8")
        + "  - {name: Borduria Relief, names: [Taliban], class: NonGovernmentalOrganization}\n",
        encoding="utf-8",
    )
    message = refused(load_knowledge, folder)
    assert "'Taliban'" in message and "several entries" in message
