// The entity profile: every property with source agency, grading and handling badges,
// selectors, aliases, linked entities, timeline and why records were resolved together.
import { api } from "../api.js";
import { h, badges, entityLink } from "../dom.js";
import { failure, section } from "../ui.js";

export default function ({ page, arg }) {
  return entityPage(page, arg);
}

async function entityPage(page, id) {
  page("Entity", h("p", {}, "Loading…"));
  let p;
  try {
    p = await api(`/api/entities/${encodeURIComponent(id)}`);
  } catch (error) {
    page("Entity", failure(error));
    return;
  }
  const props = h(
    "table",
    { class: "props" },
    h("caption", {}, "Properties, with source agency, grading and handling of every statement"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Property"), h("th", { scope: "col" }, "Value"), h("th", { scope: "col" }, "Said by"))),
    h(
      "tbody",
      {},
      p.properties.flatMap((prop) =>
        prop.values.map((v, i) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, i === 0 ? prop.label : ""),
            h("td", {}, prop.type === "entity" ? entityLink(v.value) : v.value),
            h(
              "td",
              {},
              v.statements.map((s) =>
                h("div", { class: "said" }, badges(s), h("span", { class: "seen", title: `first seen ${s.first_seen}` }, `${s.source} · ${s.last_seen.slice(0, 10)}`)),
              ),
            ),
          ),
        ),
      ),
    ),
  );
  page(
    p.caption,
    h(
      "p",
      { class: "subtitle" },
      h("span", { class: "schema" }, p.schema),
      " ",
      p.agencies.map((a) => h("span", { class: "badge agency" }, a)),
      " ",
      h("a", { href: `#/chart/${encodeURIComponent(p.id)}`, class: "button" }, "Open link chart"),
    ),
    h(
      "div",
      { class: "profile" },
      h("div", { class: "col" }, props),
      h(
        "div",
        { class: "col side" },
        section("Selectors", p.selectors.length ? h("ul", {}, p.selectors.map((s) => h("li", {}, h("span", { class: "kind" }, s.kind), " ", s.value))) : h("p", {}, "None")),
        section("Aliases", p.aliases.length ? h("ul", {}, p.aliases.map((a) => h("li", {}, a))) : h("p", {}, "None")),
        section(
          "Linked entities",
          p.linked.length
            ? h(
                "ul",
                { id: "linked" },
                p.linked.map((l) =>
                  h(
                    "li",
                    {},
                    entityLink(l.id, l.caption),
                    h("span", { class: "schema" }, ` ${l.schema} (${l.prop})`),
                    l.via.length ? [" → ", l.via.map((v) => entityLink(v.id, v.caption))] : null,
                  ),
                ),
              )
            : h("p", {}, "None you may see"),
        ),
        section("Timeline", p.timeline.length ? h("ol", { class: "timeline" }, p.timeline.map((t) => h("li", {}, h("time", {}, t.date), ` ${t.label} (${t.prop})`))) : h("p", {}, "No dates")),
        section(
          "Why linked",
          p.records.length > 1 ? h("p", {}, `Resolved from ${p.records.length} records: ${p.records.join(", ")}`) : null,
          p.why_linked.length
            ? h("ul", { id: "why" }, p.why_linked.map((j) => h("li", {}, `${j.left} ↔ ${j.right}: ${j.verdict} by ${j.actor} (${j.kind}${j.score != null ? `, ${j.score}` : ""})${j.reason ? ` — ${j.reason}` : ""}`)))
            : h("p", {}, "No judgements"),
        ),
      ),
    ),
  );
}
