"""The HTML viewer in a real browser: headless Chromium driven by Playwright.

Playwright drives the system's Chromium (Debian's ``chromium``; ``.ci/run`` installs it when it
runs as root), never a browser of its own, so nothing is downloaded. Without Chromium or the
playwright package these tests are skipped with the reason. Pages are loaded from files, as a
user opens them, and any request that leaves the file fails the test.
"""

from __future__ import annotations

import io
import os
import shutil

import pytest

from kg.cli import cli
from kg.diagram.html import write_html
from kg.diagram.synthetic import synthetic_graph

pytestmark = pytest.mark.browser

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """``$KG_CHROMIUM``, or the first Chromium on PATH."""
    for name in (os.environ.get("KG_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and (path := shutil.which(name)):
            return path
    return None


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (make install adds it with the dev extras)")
    exe = chromium_path()
    if exe is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run does it as root)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture
def open_page(browser):
    """Open a local page and wait until the viewer says it is ready; fail on any request
    that leaves the file and on any script error."""
    pages = []

    def _open(path):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.outside, page.errors = [], []
        page.on(
            "request",
            lambda r: (
                page.outside.append(r.url)
                if not r.url.startswith(("file:", "data:", "blob:"))
                else None
            ),
        )
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.goto(path.resolve().as_uri())
        page.wait_for_function("window.kgReady === true", timeout=60_000)
        pages.append(page)
        return page

    yield _open
    for page in pages:
        assert page.outside == [], page.outside
        assert page.errors == [], page.errors
        page.close()


@pytest.fixture(scope="module")
def sample_page(analyst_store, tmp_path_factory):
    """The viewer page of the sample article as an analyst reads it (tests/sample_reading.py)."""
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("html") / "sample.html"
    result = CliRunner().invoke(cli, ["--store", str(analyst_store), "draw", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def counts(page) -> dict:
    return page.evaluate(
        """() => ({
            data_nodes: kgGraph.data.nodes.length, data_edges: kgGraph.data.edges.length,
            shown_nodes: kgGraph.nodesView.length, shown_edges: kgGraph.edgesView.length,
            drawn_nodes: kgGraph.network.body.nodeIndices.length,
            drawn_edges: kgGraph.network.body.edgeIndices.length,
            physics: kgGraph.network.physics.options.enabled })"""
    )


def hover(page, point) -> str:
    box = page.locator("#kg-network").bounding_box()
    page.mouse.move(box["x"] + point["x"] + 1, box["y"] + point["y"] + 1)
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=10_000)
    return page.inner_text("div.vis-tooltip")


@pytest.mark.model
def test_every_actor_and_relation_of_the_sample_is_drawn(open_page, sample_page):
    page = open_page(sample_page)
    c = counts(page)
    assert c["data_nodes"] == c["shown_nodes"] == c["drawn_nodes"] == 14
    assert c["data_edges"] == c["shown_edges"] == c["drawn_edges"]
    assert c["physics"] is False  # settled, then stopped
    assert page.evaluate("kgGraph.data.edges.reduce((n, e) => n + e.count, 0)") == 24


@pytest.mark.model
def test_hovering_an_edge_shows_its_sentence_and_document(open_page, sample_page):
    page = open_page(sample_page)
    edge = page.evaluate("kgGraph.data.edges.find(e => e.relation === 'warned').id")
    tip = hover(page, page.evaluate(f"kgGraph.edgeCenter('{edge}')"))
    assert "Taliban → Armed Forces of the United States" in tip
    assert "This prompted a warning from the Taliban" in tip
    assert "Clashes between Afghan government forces" in tip  # the document's title


@pytest.mark.model
def test_hovering_an_actor_shows_class_country_and_aliases(open_page, sample_page):
    page = open_page(sample_page)
    node = page.evaluate("kgGraph.find('the US')")
    assert page.evaluate(f"kgGraph.nodes.get('{node}').label") == "United States"
    tip = hover(page, page.evaluate(f"kgGraph.nodeCenter('{node}')"))
    assert "state" in tip and "USA" in tip and "US" in tip.split("also called")[1]


@pytest.mark.model
def test_relation_filter_and_search(open_page, sample_page):
    page = open_page(sample_page)
    before = counts(page)
    page.locator("#kg-relations input[value='calledOn']").uncheck()
    after = counts(page)
    assert after["shown_edges"] == before["shown_edges"] - 4
    assert after["drawn_edges"] == after["shown_edges"]
    # "all parties involved" had only called-on edges: it goes with them
    assert after["shown_nodes"] == before["shown_nodes"] - 1
    page.locator("#kg-search-input").fill("troika")
    page.locator("#kg-search button").click()
    selected = page.evaluate("kgGraph.network.getSelectedNodes()")
    assert [page.evaluate(f"kgGraph.nodes.get('{selected[0]}').label")] == ["Troika"]
    page.locator("#kg-search-input").fill("Atlantis")
    page.locator("#kg-search button").click()
    assert page.inner_text("#kg-search-message") == "no actor matches"


@pytest.mark.model
def test_screenshot_is_not_blank(open_page, sample_page, tmp_path):
    from PIL import Image

    page = open_page(sample_page)
    png = page.locator("#kg-network").screenshot(path=str(tmp_path / "sample.png"))
    with Image.open(io.BytesIO(png)) as im:
        rgb = im.convert("RGB")
        colours = rgb.getcolors(1_000_000)
        width, height = rgb.size
    inked = sum(n for n, c in colours if sum(c) < 700)
    assert len(colours) > 50 and inked / (width * height) > 0.01


def test_200_actors_render_and_physics_is_off_beyond_the_limit(open_page, tmp_path):
    G = synthetic_graph(200)
    page_path = tmp_path / "big.html"
    write_html(G, page_path, title="Generated")
    c = counts(open_page(page_path))
    assert c["data_nodes"] == c["drawn_nodes"] == 200
    assert c["data_edges"] == c["drawn_edges"] > 200
    frozen = tmp_path / "frozen.html"
    write_html(G, frozen, title="Generated", physics_limit=100)
    page = open_page(frozen)
    assert page.evaluate("kgGraph.data.physics") is False
    assert counts(page)["drawn_nodes"] == 200
    assert page.locator("#kg-physics").is_disabled()
    edge = page.evaluate("kgGraph.data.edges[0].id")
    tip = hover(page, page.evaluate(f"kgGraph.edgeCenter('{edge}')"))
    assert "</script> <b>" in tip  # hostile sentence text shown as text, not run as markup
