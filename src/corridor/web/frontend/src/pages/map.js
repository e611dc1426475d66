// The map: Leaflet over an offline Natural Earth base layer (world-atlas, bundled), with
// events, crossings and safe houses as points, hotspots, and a time slider.
import { baseMap, L } from "../basemap.js";
import { api } from "../api.js";
import { h, announce } from "../dom.js";

const KIND_COLOURS = { interception: "#d62728", crossing: "#1f77b4", arrest: "#9467bd", "safe-house": "#ff7f0e", seizure: "#2ca02c" };
let map = null;

export async function mapPage(main, page) {
  if (map) {
    map.remove();
    map = null;
  }
  const container = h("div", { id: "map", class: "map", role: "region", "aria-label": "Map of events" });
  const slider = h("input", { id: "time-slider", type: "range", min: 0, max: 0, value: 0, step: 1 });
  const windowSelect = h("select", { id: "time-window" }, [["0", "everything up to"], ["1", "that month only"], ["3", "3 months up to"], ["12", "12 months up to"]].map(([v, t]) => h("option", { value: v }, t)));
  const label = h("output", { id: "time-label", for: "time-slider" }, "");
  const count = h("p", { id: "map-count", "aria-live": "polite" }, "Loading…");
  const hotspots = h("input", { id: "show-hotspots", type: "checkbox" });
  page(
    "Map",
    h(
      "form",
      { class: "map-controls", "aria-label": "Time filter" },
      h("label", { for: "time-window" }, "Show"),
      windowSelect,
      h("label", { for: "time-slider" }, "Month"),
      slider,
      label,
      h("span", {}, hotspots, h("label", { for: "show-hotspots" }, " hotspots")),
    ),
    count,
    container,
  );
  map = baseMap(container);
  let data;
  try {
    data = await api("/api/map?limit=20000");
  } catch (error) {
    count.textContent = error.message;
    return;
  }
  const months = [...new Set(data.points.map((p) => (p.date || "").slice(0, 7)).filter(Boolean))].sort();
  slider.max = String(Math.max(months.length - 1, 0));
  slider.value = slider.max;
  const layer = L.layerGroup().addTo(map);
  const hotLayer = L.layerGroup();
  for (const spot of data.hotspots) {
    L.circle([spot.lat, spot.lon], { radius: 4000 + Math.sqrt(spot.count) * 6000, color: "#d62728", weight: 1, fillOpacity: 0.15 }).bindTooltip(`${spot.count} events`).addTo(hotLayer);
  }
  hotspots.addEventListener("change", () => (hotspots.checked ? hotLayer.addTo(map) : hotLayer.remove()));
  const markers = data.points.map((p) =>
    L.circleMarker([p.lat, p.lon], { radius: 5, color: KIND_COLOURS[p.kind] || "#444", weight: 1, fillOpacity: 0.7 }).bindPopup(() => {
      const box = h("div", {}, h("a", { href: `#/entity/${encodeURIComponent(p.id)}` }, p.label), h("div", {}, `${p.kind} · ${p.date || "undated"} · ${p.country || ""}`));
      return box;
    }),
  );
  function apply() {
    const index = Number(slider.value);
    const month = months[index];
    const span = Number(windowSelect.value);
    const first = span ? months[Math.max(0, index - span + 1)] : null;
    label.textContent = month || "";
    layer.clearLayers();
    let shown = 0;
    data.points.forEach((p, i) => {
      const m = (p.date || "").slice(0, 7);
      const ok = !month || !m || (m <= month && (!first || m >= first));
      if (ok) {
        layer.addLayer(markers[i]);
        shown += 1;
      }
    });
    count.textContent = `${shown} of ${data.points.length} points shown`;
    count.dataset.shown = String(shown);
    count.dataset.total = String(data.points.length);
    announce(count.textContent);
  }
  slider.addEventListener("input", apply);
  windowSelect.addEventListener("change", apply);
  apply();
  container.dataset.ready = "true";
}

export default ({ main, page }) => mapPage(main, page);
