// The offline base map every map page uses: Leaflet over Natural Earth country shapes
// bundled from world-atlas. No tiles, nothing fetched from the internet.
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import { feature } from "topojson-client";
import countries from "world-atlas/countries-50m.json";

const shapes = feature(countries, countries.objects.countries);

// Canvas for thousands of points; SVG (preferCanvas false) when each shape should be an element.
export function baseMap(container, { center = [43, 22], zoom = 5, preferCanvas = true } = {}) {
  const map = L.map(container, { preferCanvas, zoomControl: true, attributionControl: true, worldCopyJump: false }).setView(center, zoom);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth (public domain)");
  L.geoJSON(shapes, { style: { color: "#7a8a99", weight: 0.8, fillColor: "#eef1f4", fillOpacity: 1 }, interactive: false }).addTo(map);
  return map;
}

export { L };
