"""`kg draw` on the sample article as an analyst reads it (tests/sample_reading.py): every format,
every filter, the timeline and each error."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from conftest import store_dump

from kg.cli import cli
from kg.diagram.static import node_text

pytestmark = pytest.mark.model

SAMPLE_ACTORS = {
    "Afghanistan",
    "Armed Forces of Afghanistan",
    "Armed Forces of the United States",
    "China",
    "Government of Afghanistan",
    "NATO",
    "Pakistan",
    "Russia",
    "Special Forces of Afghanistan",
    "Taliban",
    "Troika",
    "United States",
}


def run(runner, *args):
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


def texts(svg) -> set[str]:
    """The SVG's texts, with each actor's label whole again (long ones wrap over lines)."""
    root = ET.parse(svg).getroot()
    found = {"".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")}
    for label in SAMPLE_ACTORS | {"all parties involved in the Afghan conflict"}:
        if all(line in found for line in node_text(label).splitlines()):
            found.add(label)
    return found


def page_data(path) -> dict:
    text = path.read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', text, re.S)
    return json.loads(block.group(1))


def one_line_error(result, code: int) -> str:
    assert result.exit_code == code, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


def test_svg_of_the_sample_names_every_actor_and_relation(runner, analyst_store, tmp_path):
    out = tmp_path / "g.svg"
    result = run(runner, "--store", analyst_store, "draw", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "Drew 14 related actors and 24 relations" in result.stderr
    found = texts(out)
    assert found >= SAMPLE_ACTORS
    assert {"called on", "urged", "met with", "member of", "warned", "trained"} <= found
    assert "clashed with ×3" in found  # two stated one way, one the other: one mutual edge
    assert "Who did what to whom" in found
    assert any("from 1 document" in t for t in found)


@pytest.mark.parametrize("fmt,magic", [("png", b"\x89PNG"), ("pdf", b"%PDF")])
def test_png_and_pdf_of_the_sample(runner, analyst_store, tmp_path, fmt, magic):
    out = tmp_path / f"g.{fmt}"
    assert run(runner, "--store", analyst_store, "draw", "-o", out).exit_code == 0
    assert out.read_bytes().startswith(magic)
    if fmt == "png":
        from PIL import Image

        with Image.open(out) as im:
            assert im.size[0] > 1200 and im.size[1] > 900


def test_html_of_the_sample_carries_sentences_and_documents(runner, analyst_store, tmp_path):
    out = tmp_path / "g.html"
    assert run(runner, "--store", analyst_store, "draw", "-o", out).exit_code == 0
    data = page_data(out)
    assert {n["label"] for n in data["nodes"]} >= SAMPLE_ACTORS
    assert sum(e["count"] for e in data["edges"]) == 24
    warned = next(e for e in data["edges"] if e["relation"] == "warned")
    assert "a warning from the Taliban" in warned["evidence"][0]["sentence"]
    assert warned["evidence"][0]["document"] == "troika-calls-for-calm"
    us = next(n for n in data["nodes"] if n["label"] == "United States")
    assert us["country"] == "USA" and us["className"] == "state" and "US" in us["aliases"]


def test_ego_network(runner, analyst_store, tmp_path):
    out = tmp_path / "ego.svg"
    result = run(
        runner, "--store", analyst_store, "draw", "-o", out, "--actor", "the Taliban", "--hops", 1
    )
    assert result.exit_code == 0, result.stderr
    found = texts(out)
    assert {"Taliban", "Troika", "Armed Forces of the United States", "Russia"} <= found
    assert "NATO" not in found and "withdrew from" not in found  # 2 hops away
    assert "Relations of Taliban (1 hop)" in found


def test_relation_filter_by_label_and_by_broader_relation(runner, analyst_store, tmp_path):
    out = tmp_path / "r.svg"
    result = run(runner, "--store", analyst_store, "draw", "-o", out, "--relation", "called on")
    assert result.exit_code == 0
    found = texts(out)
    assert "called on" in found and "urged" not in found and "Troika" not in found
    result = run(runner, "--store", analyst_store, "draw", "-o", out, "--relation", "appealedTo")
    found = texts(out)
    assert {"called on", "urged"} <= found and "warned" not in found


def test_date_filters_keep_dated_events_only(runner, analyst_store, tmp_path):
    out = tmp_path / "d.svg"
    args = ["--store", analyst_store, "draw", "-o", out]
    result = run(runner, *args, "--since", "2021-05", "--until", "2021-05-31")
    assert result.exit_code == 0, result.stderr
    found = texts(out)
    assert "withdrew from" in found  # "on May 1"
    assert "signed agreement with" not in found  # February 2020
    result = run(runner, *args, "--until", "2020")
    found = texts(out)
    assert "signed agreement with" in found and "withdrew from" not in found


def test_query_construct_and_select_spo(runner, analyst_store, tmp_path):
    construct = tmp_path / "members.rq"
    construct.write_text("CONSTRUCT { ?s dkg:memberOf ?o } WHERE { ?s dkg:memberOf ?o }\n")
    out = tmp_path / "q.html"
    result = run(runner, "--store", analyst_store, "draw", "-o", out, "--query", construct)
    assert result.exit_code == 0, result.stderr
    data = page_data(out)
    assert {n["label"] for n in data["nodes"]} == {"Troika", "Russia", "China", "Pakistan"} | {
        "United States"
    }
    assert all(e["evidence"][0]["sentence"] for e in data["edges"])  # events found behind them
    select = tmp_path / "spo.rq"
    select.write_text(
        "SELECT ?s ?p ?o WHERE { ?s dkg:warned ?o BIND(dkg:warned AS ?p) }\n", encoding="utf-8"
    )
    out = tmp_path / "q.svg"
    assert (
        run(runner, "--store", analyst_store, "draw", "-o", out, "--query", select).exit_code == 0
    )
    assert {"Taliban", "warned", "Armed Forces of the United States"} <= texts(out)


def test_timeline_of_an_actor(runner, analyst_store, tmp_path):
    out = tmp_path / "t.svg"
    result = run(runner, "--store", analyst_store, "draw", "-o", out, "--timeline", "US")
    assert result.exit_code == 0, result.stderr
    assert "of United States" in result.stderr
    found = texts(out)
    assert "Timeline of United States" in found
    assert {"withdrew from", "signed agreement with", "Afghanistan", "Taliban"} <= found


def test_timeline_lists_undated_events(runner, tmp_path, nlp):
    """A text with no publication date and no date of its own: its events are listed."""
    article = tmp_path / "undated.txt"
    article.write_text(
        "Afghan forces clashed with the Taliban.\nThe Taliban clashed with Afghan forces again.\n",
        encoding="utf-8",
    )
    store = tmp_path / "s"
    assert run(runner, "--store", store, "extract", article).exit_code == 0
    out = tmp_path / "t.svg"
    result = run(runner, "--store", store, "draw", "-o", out, "--timeline", "Taliban")
    assert result.exit_code == 0, result.stderr
    joined = " ".join(texts(out))
    assert "Undated" in joined and "Taliban clashed with Armed Forces of Afghanistan" in joined


@pytest.mark.graphviz
def test_graphviz_engine_on_the_sample(runner, analyst_store, tmp_path, graphviz_installed):
    out = tmp_path / "g.svg"
    result = run(runner, "--store", analyst_store, "draw", "-o", out, "--engine", "graphviz")
    assert result.exit_code == 0, result.stderr
    assert {"Taliban", "clashed with ×3"} <= texts(out)


def test_nothing_matching_still_draws_and_says_so(runner, analyst_store, tmp_path):
    out = tmp_path / "none.svg"
    result = run(
        runner, "--store", analyst_store, "draw", "-o", out, "--since", "1990", "--until", "1990"
    )
    assert result.exit_code == 0
    assert "nothing matched" in result.stderr
    assert any("Nothing to draw" in t for t in texts(out))


@pytest.mark.parametrize(
    "args,message,code",
    [
        (
            ["--actor", "Atlantis"],
            "unknown actor 'Atlantis'; actors with relations: Afghanistan",
            2,
        ),
        (["--relation", "hugged"], "unknown relation 'hugged'; relations: abducted", 2),
        (["--since", "May 2021"], "--since 'May 2021': expected YYYY, YYYY-MM or YYYY-MM-DD", 2),
        (["--query", "called-on"], "must select ?s ?p ?o", 3),
        (["--query", "nope-query"], "unknown query 'nope-query'", 3),
        (["--timeline", "Atlantis"], "unknown actor 'Atlantis'; actors with events", 2),
        (["--timeline", "Taliban", "--actor", "Russia"], "--timeline draws one actor", 2),
    ],
)
def test_bad_draw_options_give_one_line(runner, store_copy, tmp_path, args, message, code):
    before = store_dump(store_copy)
    out = tmp_path / "x.svg"
    result = run(runner, "--store", store_copy, "draw", "-o", out, *args)
    assert message in one_line_error(result, code)
    assert not out.exists()
    assert store_dump(store_copy) == before


def test_html_timeline_and_missing_graphviz_are_one_line(
    runner, analyst_store, tmp_path, monkeypatch
):
    result = run(
        runner, "--store", analyst_store, "draw", "-o", tmp_path / "t.html", "--timeline", "Taliban"
    )
    assert "a timeline writes .svg, .png or .pdf" in one_line_error(result, 2)
    monkeypatch.setenv("PATH", str(tmp_path))
    out = tmp_path / "g.svg"
    result = run(runner, "--store", analyst_store, "draw", "-o", out, "--engine", "graphviz")
    assert "needs Graphviz's `dot` program" in one_line_error(result, 1)
    assert not out.exists()
