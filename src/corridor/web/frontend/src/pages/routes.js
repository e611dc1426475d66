// Routes: flows between crossing points on the offline map, hotspots by month, flows
// between countries, organisations' routes, and how the route shifted after a date.
import { api } from "../api.js";
import { h, clear, announce, entityLink } from "../dom.js";
import { baseMap, L } from "../basemap.js";
import { failure, section, table } from "../ui.js";

let map = null;

const upper = (code) => (code || "?").toUpperCase();
const pct = (x) => `${(100 * x).toFixed(1)}%`;

function sumBy(rows, key, fields) {
  const out = new Map();
  for (const r of rows) {
    const k = key(r);
    const acc = out.get(k) || { ...r, ...Object.fromEntries(fields.map((f) => [f, 0])) };
    for (const f of fields) acc[f] += r[f] || 0;
    out.set(k, acc);
  }
  return [...out.values()];
}

function shiftTables(shift) {
  const level = (title, data, label) =>
    table(
      { class: "data shift" },
      `${title}: share of ${data.before_total} before and ${data.after_total} after`,
      ["Where", "Before", "After", "Change"],
      data.rows.slice(0, 15),
      (r) => [label(r), pct(r.before_share), pct(r.after_share), `${r.change > 0 ? "+" : ""}${pct(r.change)}`],
    );
  return [
    level("Country pairs", shift.country_pairs, (r) => r.key.split(">").map(upper).join(" → ")),
    level("Crossing points", shift.crossings, (r) => r.name || r.key),
    level("Countries", shift.countries, (r) => upper(r.key)),
  ];
}

export default async function routesPage({ page, params, isCurrent }) {
  if (map) {
    map.remove();
    map = null;
  }
  const shiftInput = h("input", { id: "shift-date", type: "date", value: params.get("shift") || "" });
  const daysInput = h("input", { id: "shift-days", type: "number", min: 7, max: 366, value: params.get("days") || 90 });
  const monthSelect = h("select", { id: "hotspot-month" }, h("option", { value: "" }, "all months"));
  const container = h("div", { id: "routes-map", class: "map", role: "region", "aria-label": "Map of flows and hotspots" });
  const summary = h("p", { id: "routes-summary", "aria-live": "polite" }, "Reading and placing your events…");
  const shiftBox = h("div", { id: "shift" });
  const tables = h("div", { class: "cards" });
  const controls = h(
    "form",
    { class: "map-controls", "aria-label": "Route shift" },
    h("label", { for: "hotspot-month" }, "Hotspots in"),
    monthSelect,
    h("label", { for: "shift-date" }, "Route shift at"),
    shiftInput,
    h("label", { for: "shift-days" }, "days either side"),
    daysInput,
    h("button", { type: "submit" }, "Compare"),
  );
  controls.addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = `#/routes?shift=${shiftInput.value}&days=${daysInput.value}`;
  });
  page("Routes", controls, summary, container, shiftBox, tables);
  map = baseMap(container, { preferCanvas: false });
  const query = new URLSearchParams({ published: "false" });
  if (params.get("shift")) {
    query.set("shift", params.get("shift"));
    query.set("shift_days", params.get("days") || "90");
  }
  let data;
  try {
    data = await api(`/api/analyse/routes?${query}`);
  } catch (error) {
    clear(summary).append(failure(error));
    return;
  }
  if (!isCurrent()) return;
  summary.textContent = `${data.observations} placed events, ${data.legs} legs between them (${data.unresolved.length} place names unresolved).`;
  summary.dataset.observations = String(data.observations);

  const flowLayer = L.layerGroup().addTo(map);
  const crossings = sumBy(data.crossing_flows, (r) => `${r.from}>${r.to}`, ["legs"]);
  const heaviest = Math.max(1, ...crossings.map((r) => r.legs));
  for (const f of crossings) {
    if (f.from_lat == null || f.to_lat == null) continue;
    L.polyline(
      [
        [f.from_lat, f.from_lon],
        [f.to_lat, f.to_lon],
      ],
      { color: "#0b5cad", weight: 1 + (6 * f.legs) / heaviest, opacity: 0.7, className: "flow" },
    )
      .bindTooltip(`${f.from_name} → ${f.to_name}: ${f.legs} legs`)
      .addTo(flowLayer);
  }
  const months = [...new Set(data.hotspots.map((s) => s.month))].sort();
  monthSelect.append(...months.map((m) => h("option", { value: m }, m)));
  const hotLayer = L.layerGroup().addTo(map);
  function drawHotspots() {
    hotLayer.clearLayers();
    const chosen = monthSelect.value;
    const spots = sumBy(
      data.hotspots.filter((s) => !chosen || s.month === chosen),
      (s) => s.cell,
      ["events", "persons"],
    );
    for (const s of spots) {
      L.circle([s.lat, s.lon], { radius: 8000 + Math.sqrt(s.events) * 8000, color: "#d62728", weight: 1, fillOpacity: 0.2, className: "hotspot" })
        .bindTooltip(`${s.events} events, ${s.persons} persons${chosen ? ` in ${chosen}` : ""}`)
        .addTo(hotLayer);
    }
    container.dataset.hotspots = String(spots.length);
    announce(`${spots.length} hotspots`);
  }
  monthSelect.addEventListener("change", drawHotspots);
  drawHotspots();
  container.dataset.flows = String(crossings.length);
  container.dataset.ready = "true";

  if (data.shift) {
    shiftBox.append(section(`Route shift at ${data.shift.date} (${data.shift.window_days} days either side)`, h("div", { class: "cards" }, shiftTables(data.shift))));
  }
  const countryFlows = sumBy(data.country_flows, (r) => `${r.from}>${r.to}`, ["legs", "persons"]).sort((a, b) => b.persons - a.persons);
  tables.append(
    h("section", { class: "card" }, table({ class: "data", id: "country-flows" }, "Flows between countries (all months)", ["From", "To", "Legs", "Persons"], countryFlows.slice(0, 30), (r) => [upper(r.from), upper(r.to), r.legs, r.persons])),
    h(
      "section",
      { class: "card" },
      table({ class: "data", id: "crossing-flows" }, "Busiest flows between crossing points", ["From", "To", "Legs"], crossings.sort((a, b) => b.legs - a.legs).slice(0, 20), (r) => [r.from_name, r.to_name, r.legs]),
    ),
    h(
      "section",
      { class: "card" },
      table({ class: "data", id: "org-routes" }, "Organisations' routes", ["Organisation", "Members", "Events", "Countries"], data.organisations.slice(0, 20), (r) => [entityLink(r.organisation, r.name), r.members, r.events, (r.countries || []).map((c) => upper(c.country)).join(" ")]),
    ),
    h(
      "section",
      { class: "card" },
      table({ class: "data", id: "unresolved" }, "Place names no rule could place (fix the gazetteer or the records)", ["Name", "Country", "Events"], data.unresolved.slice(0, 20), (r) => [r.name, upper(r.country), r.events]),
    ),
  );
}
