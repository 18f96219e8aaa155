"""The actor dictionary: the whole world's states, the organizations and armed groups in the
news, each resolved to one actor, and a loader that refuses a file with mistakes in it."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from kg.dictionary import ACTOR_CLASSES, CODE, QID, load_dictionary
from kg.errors import DataError
from kg.resources import ontology_file

ACTORS = ontology_file("actors.yaml")
SECTORS = ontology_file("sectors.yaml")


@pytest.fixture(scope="module")
def d():
    return load_dictionary()


@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load(ACTORS.read_text(encoding="utf-8"))


def _key(d, surface: str) -> str | None:
    return d.names.get(surface)


# -- coverage -------------------------------------------------------------------------------


def test_every_un_member_and_observer_state_is_listed(d):
    assert len(d.states) == 195  # 193 members, the Holy See and Palestine
    assert {"VAT", "PSE"} <= set(d.states)
    assert not {"TWN", "XKX", "ESH"} & set(d.states)  # not UN members or observers


def test_iso_codes_are_valid_and_unique(raw):
    codes = [s["code"] for s in raw["states"]]
    assert all(CODE.match(c) for c in codes)
    assert len(codes) == len(set(codes))


def test_iso_codes_are_iso_3166(raw):
    pycountry = pytest.importorskip("pycountry")
    for state in raw["states"]:
        assert pycountry.countries.get(alpha_3=state["code"]) is not None, state["name"]


def test_walking_skeleton_keys_are_kept(d):
    """Actor IRIs are a public contract: labels of existing actors are never renamed."""
    for key in ("afghanistan", "united-states", "russia", "china", "pakistan", "qatar",
                "united-kingdom", "turkey", "taliban", "troika", "extended-troika", "nato",
                "united-nations", "european-union", "islamic-state", "hamas"):  # fmt: skip
        assert key in d.actors


def test_wikidata_identifiers_are_well_formed(d):
    ids = [a.wikidata for a in d.actors.values() if a.wikidata]
    assert all(QID.match(q) for q in ids)
    assert len(ids) == len(set(ids)), "two actors share a Wikidata entity"
    assert sum(1 for a in d.actors.values() if a.cls == "State" and a.wikidata) == 195


def test_checked_identifiers(d):
    assert d.lookup("United States").wikidata == "Q30"
    assert d.lookup("Netherlands").wikidata == "Q29999"  # the kingdom, the UN member
    assert d.lookup("Holy See").wikidata == "Q159583"  # the observer state, not Vatican City
    assert d.lookup("IAEA").wikidata == "Q41984"


def test_groups_have_known_classes_sectors_and_countries(d):
    for actor in d.actors.values():
        assert actor.cls in ACTOR_CLASSES
        assert actor.sector is None or CODE.match(actor.sector)
        assert actor.country is None or actor.country in d.states


def test_memberships_and_parts_resolve(d):
    for actor in d.actors.values():
        for group in actor.member_of:
            assert d.actors[group].cls in ("Coalition", "InternationalOrganization")
        if actor.part_of:
            assert actor.part_of in d.actors
    assert [a.label for a in d.ancestors(d.lookup("ISIS-K"))] == ["Islamic State"]
    assert d.lookup("UNSC").part_of == "united-nations"


def test_coalition_members_are_as_documented(d):
    def members(key: str) -> set[str]:
        return {a.country or a.key for a in d.actors.values() if key in a.member_of}

    assert members("extended-troika") == {"USA", "RUS", "CHN", "PAK"}
    assert members("quartet") == {"USA", "RUS", "european-union", "united-nations"}
    assert members("troika") == set()  # "Troika" names several groupings: the text says which
    assert len(members("european-union")) == 27
    assert "european-union" in members("g20")


# -- surface forms --------------------------------------------------------------------------


def test_no_surface_form_belongs_to_two_actors(raw):
    seen: Counter[str] = Counter()
    for entry in raw["states"]:
        forms = {entry["name"], *(entry.get("names") or []), *(entry.get("adjectives") or [])}
        forms |= {*(entry.get("demonyms") or []), *(entry.get("capitals") or [])}
        seen.update(forms)
    for entry in raw["groups"]:
        seen.update({entry["name"], *(entry.get("names") or [])})
    seen.update({*raw["places"]["places"], *raw["places"]["organizations"]})
    assert [form for form, n in seen.items() if n > 1] == []


@pytest.mark.parametrize(
    ("surface", "key"),
    [
        ("Türkiye", "turkey"),
        ("Burma", "myanmar"),
        ("Czechia", "czech-republic"),
        ("Nigerien", "niger"),
        ("Nigerian", "nigeria"),
        ("Sudanese", "sudan"),
        ("South Sudanese", "south-sudan"),
        ("Georgia", "georgia"),  # the state, not the US state
        ("Dominican", "dominican-republic"),  # not Dominica
        ("DRC", "democratic-republic-of-the-congo"),
        ("Congo-Brazzaville", "republic-of-the-congo"),
        ("North Korean", "north-korea"),
        ("Washington", "united-states"),
        ("Kremlin", "russia"),
        ("Northern Ireland", "united-kingdom"),  # not Ireland
        ("Taleban", "taliban"),
        ("Daesh", "islamic-state"),
        ("Hizballah", "hezbollah"),
        ("al-Qaida", "al-qaeda"),
        ("Ansar Allah", "houthis"),
        ("Pakistani Taliban", "ttp"),
        ("UN nuclear watchdog", "iaea"),
    ],
)
def test_tricky_names_resolve_as_documented(d, surface, key):
    assert _key(d, surface) == key


@pytest.mark.parametrize(
    "surface",
    ["Congo", "Congolese", "Korea", "Korean", "Macedonia", "Security Council", "General Assembly",
     "RSF", "ICC", "PA", "SNA", "ADF", "Emirates", "Victoria", "Brussels", "Tripoli", "Jerusalem"],
)  # fmt: skip
def test_ambiguous_names_are_left_out(d, surface):
    assert _key(d, surface) is None


def test_capitals_and_modifiers_are_told_apart(d):
    assert {"Kabul", "Moscow", "White House", "Port Sudan"} <= d.capitals
    assert {"Afghan", "Americans", "Ivorian"} <= d.modifiers
    assert "US" not in d.modifiers  # a name first: "the US" acts
    assert d.the_names[_key(d, "Netherlands")] == "the Netherlands"
    assert d.the_names[_key(d, "Philippines")] == "the Philippines"
    assert d.the_names[_key(d, "Iran")] == "Iran"


def test_places_that_contain_an_actor_name_are_not_actors(d):
    assert d.places["Latin America"] == "LOC"
    assert d.places["Washington Post"] == "ORG"
    assert not set(d.places) & set(d.names)


# -- the sector lexicon ---------------------------------------------------------------------


def test_generic_fighters_are_no_state_body(d):
    assert {"insurgent", "militant", "rebel", "fighter"} <= d.rebel_heads
    assert not d.rebel_heads & set(d.sector_heads)
    assert "armed group" in d.rebel_phrases


def test_titles_and_units(d):
    assert d.titles["supreme leader"] == "GOV"
    assert d.titles["secretary general"] == "IGO"
    assert d.units["intelligence service"].sector == "SPY"
    assert all(re.fullmatch(r"[A-Z]{3}", code) for code in d.titles.values())


# -- the loader refuses a file with a mistake in it -----------------------------------------

GOOD_STATE = "  - {code: AFG, name: Afghanistan, names: [Afghan Republic]}\n"


@pytest.mark.parametrize(
    ("states", "groups", "message"),
    [
        ("  - {code: afg, name: Afghanistan}\n", "", "ISO 3166-1"),
        ("  - {code: AFG, name: Afghanistan, wikidata: 889}\n", "", "Wikidata"),
        (GOOD_STATE + "  - {code: AFG, name: Kabulistan}\n", "", "already"),
        (GOOD_STATE + "  - {code: PAK, name: Pakistan, names: [Afghan Republic]}\n", "", "both"),
        (GOOD_STATE, "  - {name: X, class: Tribe}\n", "unknown class"),
        (GOOD_STATE, "  - {name: X, class: Coalition, sector: igo}\n", "sector"),
        (GOOD_STATE, "  - {name: X, class: Coalition, country: PAK}\n", "not a listed state"),
        (GOOD_STATE, "  - {name: X, class: Coalition, members: [PAK]}\n", "unknown member"),
        (GOOD_STATE, "  - {name: X, class: ArmedGroup, part_of: y}\n", "unknown part_of"),
        (GOOD_STATE, "  - {name: X, class: ArmedGroup, names: Y}\n", "list of names"),
        (GOOD_STATE, "  - {name: Afghan Republic, class: Actor}\n", "both"),
    ],
)
def test_invalid_dictionaries_are_refused(tmp_path: Path, states, groups, message):
    path = tmp_path / "actors.yaml"
    path.write_text(f"states:\n{states}groups:\n{groups}", encoding="utf-8")
    with pytest.raises(DataError, match=message):
        load_dictionary.__wrapped__(path, SECTORS)


def test_a_place_may_not_be_an_actor_name(tmp_path: Path):
    path = tmp_path / "actors.yaml"
    path.write_text(f"states:\n{GOOD_STATE}places:\n  places: [Afghanistan]\n", encoding="utf-8")
    with pytest.raises(DataError, match="places"):
        load_dictionary.__wrapped__(path, SECTORS)


def test_unit_phrases_longer_than_the_rules_look_are_refused(tmp_path: Path):
    sectors = tmp_path / "sectors.yaml"
    text = SECTORS.read_text(encoding="utf-8").replace(
        "phrases: [coast guard]", "phrases: [coast guard of the republic]"
    )
    sectors.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match="words"):
        load_dictionary.__wrapped__(ACTORS, sectors)


# -- with the model: new names are recognised as actors in sentences of their own ----------


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The African Union urged Ethiopia and the TPLF to talk.",
            {
                ("African Union", "urged", "Ethiopia"),
                ("African Union", "urged", "Tigray People's Liberation Front"),
            },
        ),
        (
            "The UN Security Council called on the Rapid Support Forces to stop the fighting.",
            {("UN Security Council", "calledOn", "Rapid Support Forces")},
        ),
        (
            "Hezbollah fighters attacked Israeli troops in southern Lebanon.",
            {("Hezbollah", "attacked", "Armed Forces of Israel")},
        ),
        (
            "Ivorian officials met Nigerien envoys in Abuja.",
            {("Government of Ivory Coast", "metWith", "Government of Niger")},
        ),
        (
            "ISIS-K attacked the Taliban in Kabul.",
            {("Islamic State Khorasan Province", "attacked", "Taliban")},
        ),
        (
            "The Democratic Republic of the Congo accused Rwanda of backing M23.",
            {("Democratic Republic of the Congo", "accused", "Rwanda")},
        ),
        (
            "Ukrainian border guards clashed with Belarusian troops.",
            {("Border Guard of Ukraine", "clashedWith", "Armed Forces of Belarus")},
        ),
    ],
)
def test_new_names_are_recognised_as_actors(read, text, expected):
    found = {(s, r, t) for s, r, t, negated in read(text) if not negated}
    assert expected <= found


@pytest.mark.model
def test_names_inside_places_and_media_are_not_actors(read):
    labels = {s for s, *_ in read("The Washington Post said Russia urged Latin America to act.")}
    labels |= {
        t for *_, t, _ in read("The Washington Post said Russia urged Latin America to act.")
    }
    assert not {"United States", "Government of the United States"} & labels
