// Published statistics: Frontex detections by route and UK small-boat arrivals, monthly,
// each with its source, and the agency's own figures next to the published ones.
import { api } from "../api.js";
import { h } from "../dom.js";
import { failure, section, table } from "../ui.js";

const num = (x) => (x == null ? "–" : Number(x).toLocaleString("en-GB"));

// A month-by-month bar table: readable without colour, with a <meter> for the eye.
function series(id, caption, monthly) {
  const rows = Object.entries(monthly).sort(([a], [b]) => (a < b ? 1 : -1));
  const max = Math.max(1, ...rows.map(([, v]) => v));
  return table({ class: "data bars", id }, caption, ["Month", "Count", ""], rows, ([m, v]) => [m, num(v), h("meter", { min: 0, max, value: v, "aria-label": `${m}: ${v}` })]);
}

export default async function publishedPage({ page, params, isCurrent }) {
  const since = params.get("since") || "2023-01";
  page("Published statistics", h("p", {}, "Loading…"));
  let d;
  try {
    d = await api(`/api/statistics/published?since=${encodeURIComponent(since)}`);
  } catch (error) {
    page("Published statistics", failure(error));
    return;
  }
  if (!isCurrent()) return;
  const sinceInput = h("input", { id: "since", type: "month", value: since });
  const form = h("form", { class: "map-controls", "aria-label": "Period" }, h("label", { for: "since" }, "From month"), sinceInput, h("button", { type: "submit" }, "Show"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = `#/published?since=${sinceInput.value}`;
  });
  const boats = Object.fromEntries(Object.entries(d.uk_small_boats).map(([m, v]) => [m, v.migrants]));
  page(
    "Published statistics",
    form,
    h("div", { class: "cards" },
      Object.entries(d.frontex).map(([route, monthly]) =>
        h("section", { class: "card" }, h("h2", {}, `Frontex: ${route}`), series(`frontex-${route.split(" ")[0].toLowerCase()}`, "Detections of irregular border crossings", monthly), h("p", { class: "source" }, d.attribution.frontex)),
      ),
      h("section", { class: "card" }, h("h2", {}, "UK: small-boat arrivals"), series("uk-small-boats", "Migrants detected crossing the Channel in small boats", boats), h("p", { class: "source" }, d.attribution.uk_small_boats)),
    ),
    section(
      "Our figures beside the published ones",
      d.own_vs_published.length
        ? table({ class: "data", id: "own-vs-published" }, "Persons in your visible interceptions and arrests (Western Balkans) or arrivals (Channel), against the published monthly total", ["Series", "Month", "Ours", "Published", "Share", "Source"], d.own_vs_published, (r) => [
            r.series === "western_balkans" ? "Western Balkans" : "Channel",
            r.month,
            num(r.own_persons),
            num(r.published),
            r.share == null ? "–" : `${(100 * r.share).toFixed(2)}%`,
            r.source === "frontex" ? "Frontex" : "UK Home Office",
          ])
        : h("p", {}, "None of your visible events falls in a published series."),
    ),
  );
}
