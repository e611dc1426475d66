// The dashboard: events per month, top organisations, records by agency and type, review backlog.
import { api } from "../api.js";
import { h, entityLink } from "../dom.js";
import { failure } from "../ui.js";

export default function ({ page }) {
  return dashboardPage(page);
}

async function dashboardPage(page) {
  page("Dashboard", h("p", {}, "Loading…"));
  try {
    const [s, review, alerts] = await Promise.all([api("/api/stats"), api("/api/review?limit=10"), api("/api/alerts")]);
    const max = Math.max(1, ...s.events_by_month.map((m) => (m.own || 0) + (m.partners || 0)));
    page(
      "Dashboard",
      h(
        "div",
        { class: "cards" },
        h(
          "section",
          { class: "card" },
          h("h2", {}, "Events per month"),
          h(
            "table",
            { class: "bars" },
            h("caption", {}, "Own and partners' events (interceptions, crossings, arrests)"),
            h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Month"), h("th", { scope: "col" }, "Own"), h("th", { scope: "col" }, "Partners"), h("th", { scope: "col" }, ""))),
            h(
              "tbody",
              {},
              s.events_by_month.map((m) =>
                h("tr", {}, h("th", { scope: "row" }, m.month), h("td", {}, m.own || 0), h("td", {}, m.partners || 0), h("td", {}, h("meter", { min: 0, max, value: (m.own || 0) + (m.partners || 0), "aria-label": `${m.month} total` }))),
              ),
            ),
          ),
        ),
        h("section", { class: "card" }, h("h2", {}, "Top organisations"), h("ol", {}, s.top_organisations.map((o) => h("li", {}, entityLink(o.id, o.name), ` — ${o.members} members`)))),
        h("section", { class: "card" }, h("h2", {}, "Records by agency"), h("ul", {}, Object.entries(s.records_by_agency).map(([a, n]) => h("li", {}, h("span", { class: "badge agency" }, a), ` ${n}`)))),
        h("section", { class: "card" }, h("h2", {}, "Records by type"), h("ul", {}, Object.entries(s.records_by_schema).map(([a, n]) => h("li", {}, `${a}: ${n}`)))),
        h("section", { class: "card" }, h("h2", {}, "Awaiting review"), h("p", {}, h("a", { href: "#/review" }, `${review.pending.length} candidate pairs`))),
        h(
          "section",
          { class: "card", id: "dashboard-alerts" },
          h("h2", {}, "Alerts"),
          h("p", {}, h("a", { href: "#/alerts" }, `${alerts.alerts.length} alerts from ${alerts.watches.length} watches, hits and deconfliction`)),
          h("ul", {}, alerts.alerts.slice(0, 5).map((a) => h("li", {}, `${a.created_at.slice(0, 10)} ${a.kind}: `, a.entity_id ? entityLink(a.entity_id) : a.ref))),
        ),
        h("section", { class: "card" }, h("h2", {}, "Published statistics"), h("p", {}, "Frontex and UK Home Office monthly figures beside yours: ", h("a", { href: "#/published" }, "published figures"), ".")),
      ),
    );
  } catch (error) {
    page("Dashboard", failure(error));
  }
}
