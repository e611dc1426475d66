// Money: flows between people, organisations, accounts and countries; who collects for
// each organisation; and a revenue estimate with every assumption stated beside it.
import { api } from "../api.js";
import { h, clear, entityLink } from "../dom.js";
import { failure, section, table } from "../ui.js";

const eur = (x) => (x == null ? "?" : `€${Math.round(x).toLocaleString("en-GB")}`);

function flowTable(id, caption, rows, label) {
  return table({ class: "data", id }, caption, ["From", "To", "Payments", "Amount", "Methods", "Dates"], rows, (r) => [
    label(r.from, r.from_name),
    label(r.to, r.to_name),
    r.payments,
    eur(r.amount_eur),
    Object.entries(r.methods || {}).map(([k, n]) => `${k} ${n}`).join(", "),
    `${(r.first || "").slice(0, 10)} – ${(r.last || "").slice(0, 10)}`,
  ]);
}

export default async function moneyPage({ page, isCurrent }) {
  page("Money", h("p", {}, "Reading the payments you may see…"));
  let m;
  try {
    m = await api("/api/analyse/money?top=25");
  } catch (error) {
    page("Money", failure(error));
    return;
  }
  if (!isCurrent()) return;
  const entity = (id, name) => (id === "outside" || id === "unknown" ? id : entityLink(id, name || id));
  const plain = (id, name) => name || id;
  const revenue = m.revenue.map((r) =>
    h(
      "article",
      { class: "card revenue", "aria-label": `Revenue of ${r.name}` },
      h("h3", {}, entityLink(r.organisation, r.name)),
      h("p", { class: "estimate" }, h("strong", {}, eur(r.revenue_eur)), ` (range ${eur(r.low_eur)} – ${eur(r.high_eur)}); ${r.persons_moved} persons moved at ${eur(r.price_per_person_eur)} each; ${eur(r.observed_collected_eur)} observed.`),
      h("p", { class: "hint" }, `Method: ${r.method}`),
      h("details", { open: true }, h("summary", {}, "Assumptions"), h("ul", { class: "assumptions" }, r.assumptions.map((a) => h("li", {}, a)))),
    ),
  );
  page(
    "Money",
    h("p", { id: "money-summary" }, `${m.payments} payments you may see, ${eur(m.amount_eur)} in all (${m.conversion.converted} converted to euros, ${m.conversion.unconverted} without an amount or rate).`),
    section("Revenue estimates", revenue.length ? h("div", { class: "cards", id: "revenue" }, revenue) : h("p", {}, "No organisation with members and payments you may see.")),
    section(
      "Collectors",
      table({ class: "data", id: "collectors" }, "Who collects for each organisation", ["Organisation", "Collected", "Payments", "Collectors", "Forwarded to"], m.collectors, (c) => [
        entityLink(c.organisation, c.name),
        eur(c.collected_eur),
        c.payments,
        c.collectors.map((p) => h("div", {}, entityLink(p.party, p.name), ` ${eur(p.amount_eur)}`)),
        (c.forwarded_to || []).map((p) => h("div", {}, entityLink(p.party, p.name), p.amount_eur != null ? ` ${eur(p.amount_eur)}` : "")),
      ]),
    ),
    section("Flows between people", flowTable("party-flows", "Largest flows between people and companies", m.flows.parties, entity)),
    section("Flows between organisations", flowTable("org-flows", "Money into and between networks (outside: parties in no organisation)", m.flows.organisations, entity)),
    section("Flows between countries", flowTable("country-flows-money", "By the accounts' countries", m.flows.countries, plain)),
    section(
      "Money people serving several networks",
      m.money_people.length
        ? h("ul", { id: "money-people" }, m.money_people.map((p) => h("li", {}, entityLink(p.party, p.name), `: ${p.organisations.map((o) => `${o.name} (${o.via.join(", ")})`).join("; ")}`)))
        : h("p", {}, "None you may see"),
    ),
  );
}
