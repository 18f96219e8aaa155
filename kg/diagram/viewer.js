// diplomatic-kg relationship viewer: reads the graph from the page's JSON block and shows it
// with vis-network. Every text reaches the page through textContent, never as HTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var MAX_SENTENCES = 6;

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function nodeTip(n) {
    var tip = el("div", null, "kg-tip");
    tip.appendChild(el("h3", n.label));
    var dl = el("dl");
    function row(name, value) {
      if (!value) return;
      dl.appendChild(el("dt", name));
      dl.appendChild(el("dd", value));
    }
    row("class", n.className);
    row("country", n.country);
    row("post", n.post);
    row("also called", n.aliases.join("; "));
    row("relations", String(n.degree));
    tip.appendChild(dl);
    return tip;
  }

  function edgeTip(e) {
    var tip = el("div", null, "kg-tip");
    var arrow = e.directed ? " \u2192 " : " \u2194 ";
    tip.appendChild(el("h3", labels[e.from] + arrow + labels[e.to]));
    tip.appendChild(el("p", (e.mark ? e.mark + ": " : "") + e.label +
      (e.count > 1 ? " (" + e.count + " times)" : "") +
      " \u00b7 " + e.quadName));
    e.evidence.slice(0, MAX_SENTENCES).forEach(function (ev) {
      if (ev.sentence) tip.appendChild(el("blockquote", ev.sentence));
      var where = ev.title || ev.document;
      if (where || ev.date) {
        tip.appendChild(el("div", [where, ev.date].filter(Boolean).join(", "), "source"));
      }
    });
    if (e.evidence.length > MAX_SENTENCES) {
      tip.appendChild(el("p", "and " + (e.evidence.length - MAX_SENTENCES) + " more"));
    }
    return tip;
  }

  var labels = {};
  data.nodes.forEach(function (n) { labels[n.id] = n.label; });

  // In a large graph the whole picture is drawn small and vis-network hides small labels: the
  // best-connected actors get larger names, so the overview still says who the hubs are.
  var large = data.nodes.length > 60;
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var size = large ? Math.round(14 + 4 * Math.sqrt(n.degree)) : 14;
    var item = {
      id: n.id, label: n.label, title: nodeTip(n), shape: "box",
      color: { background: n.color, border: n.color,
        highlight: { background: n.color, border: "#000" },
        hover: { background: n.color, border: "#000" } },
      font: { color: n.fontColor, face: "system-ui, DejaVu Sans, sans-serif", size: size },
      margin: 6, widthConstraint: { maximum: 180 }
    };
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    return item;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return {
      id: e.id, from: e.from, to: e.to, relation: e.relation,
      label: data.edgeLabels ? e.text : undefined, title: edgeTip(e),
      arrows: { to: { enabled: e.directed, scaleFactor: 0.7 } },
      dashes: e.dashed, color: { color: e.color, highlight: e.color, hover: e.color },
      width: Math.min(1 + Math.log2(e.count), 5),
      font: { size: 11, color: e.color, strokeWidth: 3, strokeColor: "#fff", align: "horizontal" },
      smooth: e.bend === 0 ? false : { enabled: true, type: "curvedCW", roundness: e.bend }
    };
  }));

  var active = new Set(data.relations.map(function (r) { return r.relation; }));
  var edgesView = new vis.DataView(edges, { filter: function (e) { return active.has(e.relation); } });
  var shown = null;  // ids of nodes with a visible edge; null: all
  var nodesView = new vis.DataView(nodes, { filter: function (n) { return !shown || shown.has(n.id); } });

  var container = document.getElementById("kg-network");
  var physics = data.physics;
  var network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, {
    layout: { improvedLayout: false, randomSeed: 7 },
    physics: physics ? {
      enabled: true, solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -80, springLength: 140, avoidOverlap: 0.6 },
      stabilization: { enabled: true, iterations: 400, updateInterval: 50 }
    } : { enabled: false },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: data.nodes.length > 300,
      navigationButtons: false, keyboard: false },
    nodes: { borderWidth: 1 },
    edges: { selectionWidth: 2, hoverWidth: 1.5 }
  });

  var physicsBox = document.getElementById("kg-physics");
  physicsBox.checked = false;
  physicsBox.disabled = !physics;
  if (!physics) physicsBox.parentNode.title = "off for graphs over " + data.physicsLimit + " actors";
  physicsBox.addEventListener("change", function () {
    network.setOptions({ physics: { enabled: physicsBox.checked } });
  });

  function ready() {
    window.kgReady = true;
    document.body.setAttribute("data-ready", "true");
  }
  if (physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.fit();
      ready();
    });
  } else {
    network.once("afterDrawing", function () { network.fit(); ready(); });
  }

  // -- relation filter ----------------------------------------------------------------------
  var box = document.getElementById("kg-relations");
  var checks = [];
  var lastQuad = null;
  data.relations.forEach(function (r) {
    if (r.quadName !== lastQuad) { box.appendChild(el("div", r.quadName, "quad")); lastQuad = r.quadName; }
    var label = el("label");
    var input = el("input");
    input.type = "checkbox";
    input.checked = true;
    input.value = r.relation;
    input.addEventListener("change", function () {
      if (input.checked) active.add(r.relation); else active.delete(r.relation);
      refresh();
    });
    checks.push(input);
    var swatch = el("span", null, "swatch" + (r.dashed ? " dashed" : ""));
    swatch.style.borderTopColor = r.color;
    label.appendChild(input);
    label.appendChild(swatch);
    label.appendChild(el("span", r.label));
    label.appendChild(el("span", r.count, "count"));
    box.appendChild(label);
  });
  function setAll(on) {
    checks.forEach(function (c) { c.checked = on; if (on) active.add(c.value); else active.delete(c.value); });
    refresh();
  }
  document.getElementById("kg-all").addEventListener("click", function () { setAll(true); });
  document.getElementById("kg-none").addEventListener("click", function () { setAll(false); });

  function refresh() {
    if (active.size === data.relations.length) {
      shown = null;
    } else {
      shown = new Set();
      data.edges.forEach(function (e) {
        if (active.has(e.relation)) { shown.add(e.from); shown.add(e.to); }
      });
    }
    edgesView.refresh();
    nodesView.refresh();
    counts();
  }
  function counts() {
    document.getElementById("kg-counts").textContent =
      nodesView.length + " of " + data.nodes.length + " actors, " +
      edgesView.length + " of " + data.edges.length + " edges shown";
  }
  counts();

  // -- legend -------------------------------------------------------------------------------
  var legend = document.getElementById("kg-classes");
  data.classes.forEach(function (c) {
    var li = el("li");
    var sw = el("span", null, "box");
    sw.style.background = c.color;
    li.appendChild(sw);
    li.appendChild(el("span", c.name));
    li.appendChild(el("span", c.count, "count"));
    legend.appendChild(li);
  });

  // -- search -------------------------------------------------------------------------------
  var names = document.getElementById("kg-actor-names");
  var index = [];
  data.nodes.forEach(function (n) {
    [n.label].concat(n.aliases).forEach(function (name) {
      index.push({ key: name.toLowerCase(), id: n.id });
    });
    names.appendChild(el("option", n.label));
  });
  function find(text) {
    var q = text.trim().toLowerCase();
    if (!q) return null;
    var hit = index.find(function (x) { return x.key === q; }) ||
      index.find(function (x) { return x.key.indexOf(q) === 0; }) ||
      index.find(function (x) { return x.key.indexOf(q) >= 0; });
    if (!hit && q.indexOf("the ") === 0) return find(q.slice(4));  // "the US" is "US"
    return hit ? hit.id : null;
  }
  document.getElementById("kg-search").addEventListener("submit", function (event) {
    event.preventDefault();
    var text = document.getElementById("kg-search-input").value;
    var message = document.getElementById("kg-search-message");
    var id = find(text);
    if (id === null) { message.textContent = "no actor matches"; return; }
    if (shown && !shown.has(id)) setAll(true);
    message.textContent = "";
    network.selectNodes([id]);
    network.focus(id, { scale: 1.3, animation: { duration: 400 } });
  });

  // For scripts and tests: the data, the vis objects, and where things are on screen.
  window.kgGraph = {
    data: data, nodes: nodes, edges: edges, nodesView: nodesView, edgesView: edgesView,
    network: network, find: find,
    nodeCenter: function (id) { return network.canvasToDOM(network.getPositions([id])[id]); },
    edgeCenter: function (id) {
      var edge = network.body.edges[id];
      return network.canvasToDOM(edge.edgeType.getPoint(0.5));
    }
  };
})();
