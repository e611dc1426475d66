// The link chart: graphology + sigma (WebGL), force-directed layout, expand on click,
// filters by link type, country and time, colour by schema / country / community, size by
// degree, and a "what if we remove these" disruption check.
import Graph from "graphology";
import Sigma from "sigma";
import forceAtlas2 from "graphology-layout-forceatlas2";
import FA2Layout from "graphology-layout-forceatlas2/worker";
import louvain from "graphology-communities-louvain";
import { api } from "../api.js";
import { h, clear, announce, entityLink } from "../dom.js";

const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#393b79", "#637939", "#843c39", "#7b4173", "#3182bd"];
// Link types an analyst reads at a glance; every other type gets a grey of its own.
const EDGE_COLOURS = { call: "#d62728", phone: "#ff7f0e", Payment: "#2ca02c", Associate: "#1f77b4", Family: "#9467bd", Membership: "#8c564b", UnknownLink: "#e377c2", involved: "#17becf" };
const edgeColour = (kind) => EDGE_COLOURS[kind] || "#a0a0a0";
let renderer = null;
let pendingLayout = null;
let layout = null;

function colourOf(value, table) {
  if (!table.has(value)) table.set(value, PALETTE[table.size % PALETTE.length]);
  return table.get(value);
}

function components(graph, removed) {
  const seen = new Set();
  let count = 0;
  let largest = 0;
  graph.forEachNode((start, attrs) => {
    if (seen.has(start) || removed.has(start) || attrs.hidden) return;
    count += 1;
    let size = 0;
    const stack = [start];
    seen.add(start);
    while (stack.length) {
      const node = stack.pop();
      size += 1;
      graph.forEachNeighbor(node, (next, nextAttrs) => {
        if (!seen.has(next) && !removed.has(next) && !nextAttrs.hidden) {
          seen.add(next);
          stack.push(next);
        }
      });
    }
    largest = Math.max(largest, size);
  });
  return { count, largest };
}

export async function chartPage(main, page, arg) {
  if (renderer) renderer.kill();
  if (layout) layout.kill();
  pendingLayout = null;
  renderer = null;
  layout = null;
  const whole = !arg || arg.startsWith("~");
  const limit = whole && arg ? Number(arg.slice(1)) || 1000 : 1000;
  const started = performance.now();
  const graph = new Graph({ multi: false, type: "undirected" });
  const selected = new Set();
  const filters = { types: new Set(), country: "", from: "", to: "" };
  const colours = new Map();

  const container = h("div", { id: "sigma", class: "sigma", role: "img", "aria-label": "Link chart" });
  const summary = h("p", { id: "chart-summary", "aria-live": "polite" }, "Loading…");
  const colourBy = h("select", { id: "colour-by" }, ["schema", "country", "community"].map((v) => h("option", { value: v }, v)));
  const sizeBy = h("select", { id: "size-by" }, [["degree", "links"], ["score", "key-player score"]].map(([v, t]) => h("option", { value: v }, t)));
  let keyScores = null;
  const typeBox = h("fieldset", { class: "types" }, h("legend", {}, "Link types"));
  const country = h("select", { id: "filter-country" }, h("option", { value: "" }, "all"));
  const from = h("input", { id: "filter-from", type: "month" });
  const to = h("input", { id: "filter-to", type: "month" });
  const result = h("div", { id: "disrupt-result", "aria-live": "polite" });
  const list = h("tbody", {});
  const controls = h(
    "form",
    { class: "chart-controls", "aria-label": "Chart controls" },
    h("label", { for: "colour-by" }, "Colour by"),
    colourBy,
    h("label", { for: "size-by" }, "Size by"),
    sizeBy,
    h("label", { for: "filter-country" }, "Country"),
    country,
    h("label", { for: "filter-from" }, "From"),
    from,
    h("label", { for: "filter-to" }, "To"),
    to,
    typeBox,
    h("button", { type: "button", id: "disrupt", onclick: disrupt }, "What if we remove the selected?"),
    h("button", { type: "button", onclick: () => { selected.clear(); refresh(); } }, "Clear selection"),
  );
  controls.addEventListener("submit", (e) => e.preventDefault());
  page(
    whole ? "Link chart" : "Link chart",
    summary,
    h("div", { class: "chart-layout" }, container, controls),
    result,
    h("p", { class: "hint" }, "Click a node to expand its neighbours; Ctrl- or Shift-click to select it. The table below does the same from the keyboard."),
    h("table", { class: "nodes" }, h("caption", {}, "Nodes (largest first)"), h("thead", {}, h("tr", {}, ["Name", "Type", "Country", "Links", ""].map((t) => h("th", { scope: "col" }, t)))), list),
  );

  function addData(data) {
    for (const n of data.nodes) {
      if (!graph.hasNode(n.id)) {
        graph.addNode(n.id, { label: n.label, schema: n.schema, country: n.country || "", date: n.date || "", x: Math.random() * 100, y: Math.random() * 100, size: 3 });
      }
    }
    for (const e of data.edges) {
      if (graph.hasNode(e.source) && graph.hasNode(e.target) && !graph.hasEdge(e.source, e.target)) {
        const label = e.count > 1 ? `${e.type} ×${e.count}` : e.type;
        graph.addEdge(e.source, e.target, { type: "line", kind: e.type, label, color: edgeColour(e.type), size: e.count > 1 ? 1 + Math.log2(e.count) : 1, date: e.date || "" });
      }
    }
  }

  function restyle() {
    const by = colourBy.value;
    let communities = null;
    if (by === "community" && graph.size > 0) communities = louvain(graph);
    colours.clear();
    graph.forEachNode((node, attrs) => {
      const key = by === "community" ? String(communities ? communities[node] : 0) : attrs[by] || "?";
      const score = keyScores && sizeBy.value === "score" ? keyScores.get(node) || 0 : null;
      const size = score === null ? 3 + Math.sqrt(graph.degree(node)) * 2.2 : 3 + score * 14;
      graph.mergeNodeAttributes(node, { color: colourOf(key, colours), size });
    });
  }

  function applyFilters() {
    const types = new Set([...typeBox.querySelectorAll("input:checked")].map((i) => i.value));
    filters.country = country.value;
    filters.from = from.value;
    filters.to = to.value;
    graph.forEachEdge((edge, attrs) => {
      const month = (attrs.date || "").slice(0, 7);
      const outside = month && ((filters.from && month < filters.from) || (filters.to && month > filters.to));
      graph.setEdgeAttribute(edge, "hidden", !types.has(attrs.kind) || Boolean(outside));
    });
    graph.forEachNode((node, attrs) => {
      const month = (attrs.date || "").slice(0, 7);
      const outside = month && ((filters.from && month < filters.from) || (filters.to && month > filters.to));
      graph.setNodeAttribute(node, "hidden", Boolean((filters.country && attrs.country !== filters.country) || outside));
    });
  }

  function rebuildControls() {
    const kinds = new Set();
    graph.forEachEdge((_, a) => kinds.add(a.kind));
    const checked = new Set([...typeBox.querySelectorAll("input")].filter((i) => i.checked).map((i) => i.value));
    const known = new Set([...typeBox.querySelectorAll("input")].map((i) => i.value));
    for (const kind of [...kinds].sort()) {
      if (known.has(kind)) continue;
      const id = `type-${kind}`;
      const box = h("input", { type: "checkbox", id, value: kind, checked: true });
      box.addEventListener("change", refresh);
      const swatch = h("span", { class: "swatch", "aria-hidden": "true" });
      swatch.style.backgroundColor = edgeColour(kind); // CSSOM, not a style attribute: the CSP forbids inline styles
      typeBox.append(h("span", { class: "type" }, box, h("label", { for: id }, swatch, kind)));
      checked.add(kind);
    }
    const countries = new Set();
    graph.forEachNode((_, a) => a.country && countries.add(a.country));
    const have = new Set([...country.options].map((o) => o.value));
    for (const c of [...countries].sort()) if (!have.has(c)) country.append(h("option", { value: c }, c));
  }

  function fillList() {
    clear(list);
    const nodes = graph.nodes().sort((a, b) => graph.degree(b) - graph.degree(a)).slice(0, 150);
    for (const node of nodes) {
      const a = graph.getNodeAttributes(node);
      list.append(
        h(
          "tr",
          { class: selected.has(node) ? "selected" : "" },
          h("td", {}, a.schema === "Phone" ? a.label : entityLink(node, a.label)),
          h("td", {}, a.schema),
          h("td", {}, a.country),
          h("td", {}, graph.degree(node)),
          h(
            "td",
            {},
            h("button", { type: "button", class: "expand", "data-id": node, onclick: () => expand(node) }, "Expand"),
            " ",
            h("button", { type: "button", "aria-pressed": selected.has(node) ? "true" : "false", onclick: () => toggle(node) }, selected.has(node) ? "Unselect" : "Select"),
          ),
        ),
      );
    }
  }

  function refresh() {
    applyFilters();
    graph.forEachNode((node) => graph.setNodeAttribute(node, "highlighted", selected.has(node)));
    summary.textContent = `${graph.order} nodes, ${graph.size} links${selected.size ? `, ${selected.size} selected` : ""}`;
    summary.dataset.nodes = String(graph.order);
    summary.dataset.edges = String(graph.size);
    if (renderer) renderer.refresh();
    fillList();
  }

  function toggle(node) {
    if (selected.has(node)) selected.delete(node);
    else selected.add(node);
    refresh();
  }

  function runLayout() {
    if (graph.order <= 1500) {
      forceAtlas2.assign(graph, { iterations: graph.order > 500 ? 60 : 150, settings: { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 300 } });
      return;
    }
    if (layout) layout.kill();
    layout = null;
    // Big charts are drawn first and laid out afterwards, in a worker, on a copy of their
    // structure whose positions reach the drawn graph twice a second: redrawing thousands
    // of nodes on every layout step kept the page's main thread busy for seconds.
    const start = () => {
      const shadow = new Graph({ multi: false, type: "undirected" });
      graph.forEachNode((n, a) => shadow.addNode(n, { x: a.x, y: a.y, size: a.size }));
      graph.forEachEdge((e, a, s, t) => shadow.mergeEdge(s, t));
      const mine = new FA2Layout(shadow, { settings: { ...forceAtlas2.inferSettings(shadow), barnesHutOptimize: true } });
      layout = mine;
      const copy = () => graph.updateEachNodeAttributes((n, a) => {
        if (shadow.hasNode(n)) {
          a.x = shadow.getNodeAttribute(n, "x");
          a.y = shadow.getNodeAttribute(n, "y");
        }
        return a;
      }, { attributes: ["x", "y"] });
      const timer = setInterval(() => (layout === mine ? copy() : clearInterval(timer)), 500);
      setTimeout(() => {
        clearInterval(timer);
        if (layout !== mine) return;
        mine.stop();
        copy();
      }, 4000);
      mine.start();
    };
    if (renderer) start();
    else pendingLayout = start;
  }

  async function expand(node) {
    try {
      const data = await api(`/api/entities/${encodeURIComponent(node)}/neighbours?limit=200`);
      const before = graph.order;
      const centre = graph.getNodeAttributes(node);
      addData(data);
      graph.forEachNode((n, a) => {
        if (a.x === undefined || Number.isNaN(a.x)) graph.mergeNodeAttributes(n, { x: centre.x, y: centre.y });
      });
      rebuildControls();
      restyle();
      if (graph.order <= 1500) runLayout();
      refresh();
      announce(`Expanded: ${graph.order - before} new nodes`);
    } catch (error) {
      result.textContent = error.message;
    }
  }

  function disrupt() {
    if (!selected.size) {
      result.textContent = "Select one or more nodes first (Ctrl-click, or Select in the table).";
      return;
    }
    const before = components(graph, new Set());
    const after = components(graph, selected);
    clear(result).append(
      h("h2", {}, "What if we remove these"),
      h("p", {}, `Removing ${selected.size}: largest connected group ${before.largest} → ${after.largest} nodes; groups ${before.count} → ${after.count}.`),
    );
  }

  try {
    const data = await api(whole ? `/api/graph?limit=${limit}` : `/api/entities/${encodeURIComponent(arg)}/neighbours?depth=1&limit=300`);
    addData(data);
  } catch (error) {
    summary.textContent = error.message;
    return;
  }
  rebuildControls();
  restyle();
  runLayout();
  colourBy.addEventListener("change", () => { restyle(); refresh(); });
  sizeBy.addEventListener("change", async () => {
    if (sizeBy.value === "score" && !keyScores) {
      try {
        const players = await api("/api/analyse/key-players?top=500");
        const top = Math.max(1e-9, ...players.map((p) => p.score));
        keyScores = new Map(players.map((p) => [p.id, p.score / top]));
      } catch (error) {
        result.textContent = error.message;
        keyScores = new Map();
      }
    }
    restyle();
    refresh();
  });
  for (const el of [country, from, to]) el.addEventListener("change", refresh);
  // Filters, highlights and the table are set before the renderer exists: set after, each
  // of the thousands of attribute changes re-processed the chart (three full redraws before
  // the first frame counted).
  refresh();
  renderer = new Sigma(graph, container, {
    renderEdgeLabels: graph.order < 300,
    edgeLabelSize: 11,
    labelRenderedSizeThreshold: graph.order < 300 ? 0 : 7,
    defaultEdgeColor: "#b8b8b8",
    nodeReducer: (node, attrs) => (attrs.hidden ? { ...attrs, hidden: true } : selected.has(node) ? { ...attrs, highlighted: true, color: "#000" } : attrs),
  });
  renderer.on("clickNode", ({ node, event }) => {
    const original = event.original;
    if (original && (original.ctrlKey || original.shiftKey || original.metaKey)) toggle(node);
    else expand(node);
  });
  // Sigma draws the first frame in its constructor; it is on screen at the next frame.
  requestAnimationFrame(() => {
    const ms = performance.now() - started;
    container.dataset.rendered = "true";
    container.dataset.renderMs = String(Math.round(ms));
    container.dataset.renderedAt = String(Math.round(performance.now()));
    container.dataset.nodes = String(graph.order);
    container.dataset.edges = String(graph.size);
    window.__corridorChart = { nodes: graph.order, edges: graph.size, firstRenderMs: ms, renderedAt: performance.now() };
    if (pendingLayout) setTimeout(pendingLayout, 250);
    pendingLayout = null;
  });
}

export default ({ main, page, arg }) => chartPage(main, page, arg);
