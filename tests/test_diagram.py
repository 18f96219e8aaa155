"""Diagrams without the language model: merging, filters, layout, and every format rendered for
a generated 200-actor graph, checked by structure (never pixel by pixel)."""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from kg.diagram import html as viewer
from kg.diagram.groups import merge_edges
from kg.diagram.layout import crossings
from kg.diagram.select import date_span, resolve_relations
from kg.diagram.static import edge_lines, node_text
from kg.diagram.synthetic import synthetic_graph
from kg.draw import check_output, draw
from kg.errors import InputError, KgError

BIG = 200


def _graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for node, label, cls in [("a", "Russia", "State"), ("b", "Taliban", "ArmedGroup")]:
        G.add_node(node, label=label, cls=cls, country="", aliases=[])
    G.add_node("c", label="Troika", cls="Coalition", country="", aliases=["the Troika"])
    common = {"sentence": "s", "document": "d", "date": "", "symmetric": False}
    G.add_edge("a", "b", relation="urged", label="urged", quad="VerbalCooperation", **common)
    G.add_edge("a", "b", relation="urged", label="urged", quad="VerbalCooperation", **common)
    G.add_edge("b", "a", relation="warned", label="warned", quad="VerbalConflict", **common)
    sym = {**common, "symmetric": True}
    G.add_edge("c", "b", relation="metWith", label="met with", quad="VerbalCooperation", **sym)
    G.add_edge("b", "c", relation="metWith", label="met with", quad="VerbalCooperation", **sym)
    G.add_edge("a", "c", relation="memberOf", label="member of", quad="", **common)
    return G


# -- merging, dates, relations ------------------------------------------------------------------


def test_parallel_events_merge_with_counts_and_symmetric_ones_lose_direction():
    groups = {(g.source, g.target, g.directed): g for g in merge_edges(_graph())}
    assert [i.text for i in groups[("a", "b", True)].items] == ["urged ×2"]
    assert [i.text for i in groups[("b", "a", True)].items] == ["warned"]
    met = groups[("b", "c", False)]
    assert [i.text for i in met.items] == ["met with ×2"] and met.quad == "VerbalCooperation"
    assert len(merge_edges(_graph(), by_relation=True)) == 4


def test_date_spans_name_whole_periods():
    assert date_span("2021-05-01") == (date_span("2021-05-01")[0],) * 2
    start, end = date_span("2020")
    assert (start.isoformat(), end.isoformat()) == ("2020-01-01", "2020-12-31")
    assert date_span("2021-02")[1].isoformat() == "2021-02-28"
    assert date_span("soon") is None


def test_relations_by_name_label_or_broader_relation():
    assert resolve_relations(["calledOn"]) == {"calledOn"}
    assert resolve_relations(["Called On"]) == {"calledOn"}
    assert {"calledOn", "urged", "appealedTo"} <= resolve_relations(["appealedTo"])
    assert {"attacked", "clashedWith"} <= resolve_relations(["fought"])
    with pytest.raises(InputError, match=r"unknown relation 'hugged'.*calledOn"):
        resolve_relations(["hugged"])


def test_output_formats_are_checked_before_anything_runs():
    assert check_output(Path("x.HTML")) == "html"
    with pytest.raises(InputError, match=re.escape("draw writes .svg, .png, .pdf or .html")):
        check_output(Path("x.gif"))
    with pytest.raises(InputError, match=re.escape("a timeline writes .svg, .png or .pdf")):
        check_output(Path("x.html"), timeline=True)
    with pytest.raises(InputError, match="unknown engine"):
        check_output(Path("x.svg"), "tikz")


# -- layout -------------------------------------------------------------------------------------


def _overlaps(centres, halves) -> list[tuple[int, int]]:
    found = []
    for i in range(len(centres)):
        for j in range(i + 1, len(centres)):
            gap = abs(centres[i] - centres[j]) - (halves[i] + halves[j])
            if gap[0] < -1e-6 and gap[1] < -1e-6:
                found.append((i, j))
    return found


def _boxes(p):
    import numpy as np

    has = ~np.isnan(p.placement.labels[:, 0])
    centres = np.concatenate([p.placement.nodes, p.placement.labels[has]])
    halves = np.concatenate([p.placement.node_half, p.placement.label_half[has]])
    return centres, halves


@pytest.fixture(scope="session")
def big_graph():
    return synthetic_graph(BIG)


@pytest.fixture(scope="session")
def big_plan(big_graph):
    from kg.diagram.static import plan

    return plan(big_graph)


def test_no_label_overlaps_another_in_a_small_graph():
    from kg.diagram.static import plan

    p = plan(_graph())
    assert _overlaps(*_boxes(p)) == []


def test_no_label_overlaps_another_at_200_actors(big_plan, big_graph):
    assert big_plan.edge_labels and all(big_plan.texts)  # every actor and edge is labelled
    assert len(big_plan.nodes) == BIG
    assert _overlaps(*_boxes(big_plan)) == []


def test_the_layout_is_reproducible():
    from kg.diagram.static import plan

    a, b = plan(synthetic_graph(30, seed=3)), plan(synthetic_graph(30, seed=3))
    assert (a.placement.nodes == b.placement.nodes).all()


def test_crossings_counts_proper_crossings_only():
    import numpy as np

    xy = np.array([[0, 0], [1, 1], [0, 1], [1, 0], [2, 2]], dtype=float)
    assert crossings(xy, np.array([[0, 1], [2, 3]])) == 1
    assert crossings(xy, np.array([[0, 1], [1, 4]])) == 0  # sharing an end is not crossing


# -- the generated 200-actor graph in every format ----------------------------------------------


@pytest.fixture(scope="session")
def big_files(tmp_path_factory, big_graph):
    """The 200-actor graph drawn once per session in each format."""
    folder = tmp_path_factory.mktemp("big")
    files = {}
    for fmt in ("svg", "png", "html"):
        files[fmt] = folder / f"big.{fmt}"
        draw(big_graph, files[fmt], title="Generated", subtitle=f"{BIG} actors")
    return files


def _svg_texts(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_svg_has_a_text_for_every_actor_and_edge_label(big_files, big_graph, big_plan):
    texts = _svg_texts(big_files["svg"])
    wanted = [line for t in big_plan.texts for line in t.splitlines()]
    wanted += [line for g in big_plan.groups for line in edge_lines(g)]
    missing = [w for w in wanted if w not in texts]
    assert missing == []
    for node in big_graph:
        assert node_text(big_graph.nodes[node]["label"]).splitlines()[0] in texts


def test_png_is_big_enough_to_read_and_not_blank(big_files):
    from PIL import Image

    with Image.open(big_files["png"]) as im:
        width, height = im.size
        colours = im.convert("RGB").resize((200, 200)).getcolors(40000)
    assert width >= 2000 and height >= 2000
    assert len(colours) > 50


def test_html_holds_every_actor_and_relation(big_files, big_graph):
    data = _page_data(big_files["html"])
    assert len(data["nodes"]) == BIG
    assert sum(e["count"] for e in data["edges"]) == big_graph.number_of_edges()
    assert len(data["edges"]) == len(merge_edges(big_graph, by_relation=True))
    assert data["physics"] is True


def _page_data(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', text, re.S)
    return json.loads(block.group(1))


def test_html_is_one_offline_file_with_hostile_text_escaped(big_files):
    text = big_files["html"].read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", text, re.I)
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", text, re.I)
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", text, re.I)  # CSS: no fonts, no CDN
    assert "@import" not in text
    assert "sourceMappingURL" not in text
    assert text.count("</script>") == 3  # the data block, vis-network, the viewer
    # the synthetic sentences hold "</script> <b>...</b>" and "&": escaped in the data block
    assert "\\u003c/script\\u003e \\u003cb\\u003e" in text
    data = _page_data(big_files["html"])
    assert any("</script> <b>" in ev["sentence"] for e in data["edges"] for ev in e["evidence"])


def test_physics_is_off_beyond_the_limit(big_graph):
    data = viewer.graph_data(big_graph, physics_limit=100)
    assert data["physics"] is False
    assert all("x" in n and "y" in n for n in data["nodes"])


def test_script_json_cannot_close_its_script_element():
    text = viewer.script_json({"s": "</script><!-- & \u2028"})
    assert "<" not in text and "&" not in text
    assert json.loads(text) == {"s": "</script><!-- & \u2028"}


def test_vendored_vis_network_is_the_recorded_build_with_its_licences():
    folder = Path(viewer.__file__).parent / "vendor"
    data = (folder / "vis-network.min.js").read_bytes()
    digest = "b427322ad953d70ab75d1b798ebb8349863502f244e02de3e12a4ab7dfeddf2c"
    assert hashlib.sha256(data).hexdigest() == digest
    assert digest in (folder / "README.md").read_text(encoding="utf-8")
    assert "MIT License" in (folder / "LICENSE-MIT").read_text(encoding="utf-8")
    assert "Apache License" in (folder / "LICENSE-APACHE-2.0").read_text(encoding="utf-8")
    assert "dual licensed" in viewer.vis_network_js()[:2000]


def test_pdf_and_an_empty_graph(tmp_path):
    pdf = tmp_path / "g.pdf"
    draw(_graph(), pdf, title="t")
    assert pdf.read_bytes().startswith(b"%PDF")
    empty = tmp_path / "empty.svg"
    draw(nx.MultiDiGraph(), empty, title="t")
    assert "Nothing to draw" in " ".join(_svg_texts(empty))


# -- Graphviz -----------------------------------------------------------------------------------


def test_dot_source_escapes_names_and_uses_the_palette():
    from kg.diagram.graphviz import to_dot

    G = _graph()
    G.nodes["a"]["label"] = 'Say "hi" \\ bye'
    dot = to_dot(G, title="A & B <c>", subtitle="")
    assert 'label="Say \\"hi\\" \\\\ bye"' in dot
    assert "A &amp; B &lt;c&gt;" in dot
    assert "dir=none" in dot and "style=dashed" in dot


def test_missing_graphviz_is_one_clear_error(tmp_path, monkeypatch):
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(KgError, match="needs Graphviz's `dot` program, which is not installed"):
        draw(_graph(), tmp_path / "g.svg", title="t", engine="graphviz")
    assert not (tmp_path / "g.svg").exists()


@pytest.mark.graphviz
@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_graphviz_engine_draws_every_format(tmp_path, fmt, graphviz_installed):
    out = tmp_path / f"g.{fmt}"
    draw(_graph(), out, title="t", engine="graphviz")
    head = out.read_bytes()[:400]
    assert {"svg": b"<svg", "png": b"\x89PNG", "pdf": b"%PDF"}[fmt] in head
    if fmt == "svg":
        assert {"Russia", "Taliban", "urged ×2", "met with ×2"} <= set(_svg_texts(out))


@pytest.mark.graphviz
def test_graphviz_uses_sfdp_for_large_graphs(tmp_path, big_graph, graphviz_installed):
    from kg.diagram.graphviz import program_for

    assert program_for(big_graph) == "sfdp" and program_for(_graph()) == "dot"
    out = tmp_path / "big.svg"
    draw(big_graph, out, title="t", engine="graphviz")
    assert len(_svg_texts(out)) > BIG


def test_a_relation_of_an_actor_with_itself_and_separate_components(tmp_path):
    import numpy as np

    from kg.diagram.static import plan

    G = _graph()
    common = {"sentence": "s", "document": "d", "date": "", "symmetric": False}
    G.add_edge("b", "b", relation="accused", label="accused", quad="VerbalConflict", **common)
    G.add_node("x", label="Loner A", cls="Person", country="", aliases=[])
    G.add_node("y", label="Loner B", cls="Person", country="", aliases=[])
    G.add_edge("x", "y", relation="warned", label="warned", quad="VerbalConflict", **common)
    p = plan(G)
    assert _overlaps(*_boxes(p)) == []
    x0, y0, x1, y1 = p.placement.bounds
    assert x1 - x0 < 12 and y1 - y0 < 12  # the loop does not fling its actor away
    loop = next(k for k, g in enumerate(p.groups) if g.source == g.target)
    b = p.nodes.index("b")
    assert p.placement.labels[loop][1] > p.placement.nodes[b][1]  # its label sits above
    assert not np.isnan(p.placement.labels).any()
    svg = tmp_path / "g.svg"
    draw(G, svg, title="t")
    assert {"accused", "Loner A", "warned"} <= set(_svg_texts(svg))
