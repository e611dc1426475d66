// The review queue: entity-resolution candidates decided same / different / unsure with a reason.
import { api } from "../api.js";
import { h, announce, entityLink } from "../dom.js";
import { failure } from "../ui.js";

export default function ({ page }) {
  return reviewPage(page);
}

async function reviewPage(page) {
  page("Review queue", h("p", {}, "Loading…"));
  let q;
  try {
    q = await api("/api/review");
  } catch (error) {
    page("Review queue", failure(error));
    return;
  }
  const side = (r) =>
    h(
      "div",
      { class: "side" },
      entityLink(r.id, r.caption),
      h("div", { class: "schema" }, `${r.schema} · ${r.id}`),
      h("dl", {}, Object.entries(r.properties).flatMap(([k, v]) => (v.length ? [h("dt", {}, k), h("dd", {}, v.join(", "))] : []))),
    );
  const pending = q.pending.map((c, index) => {
    const reason = h("input", { id: `reason-${index}`, name: "reason", autocomplete: "off" });
    const decide = (verdict) => async () => {
      try {
        await api("/api/review", { method: "POST", body: { left: c.left.id, right: c.right.id, verdict, reason: reason.value } });
        announce(`Recorded: ${verdict}`);
        reviewPage(page);
      } catch (error) {
        card.append(failure(error));
      }
    };
    const card = h(
      "article",
      { class: "candidate", "aria-label": `${c.left.caption} and ${c.right.caption}` },
      h("div", { class: "pair" }, side(c.left), side(c.right)),
      h("p", {}, `Resolver: ${c.verdict}${c.score != null ? ` (score ${c.score})` : ""} ${c.reason}`),
      h("label", { for: `reason-${index}` }, "Reason"),
      reason,
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", onclick: decide("same") }, "Same"),
        h("button", { type: "button", onclick: decide("different") }, "Different"),
        h("button", { type: "button", onclick: decide("unsure") }, "Unsure"),
      ),
    );
    return card;
  });
  page(
    "Review queue",
    h("section", { "aria-label": "Pending" }, h("h2", {}, `Pending (${q.pending.length})`), pending.length ? pending : h("p", {}, "Nothing to review.")),
    h(
      "section",
      { "aria-label": "Decided" },
      h("h2", {}, "Decided"),
      h("ul", { id: "decided" }, q.decided.map((j) => h("li", {}, `${j.left} ↔ ${j.right}: ${j.verdict} by ${j.actor} at ${j.created_at}${j.reason ? ` — ${j.reason}` : ""}`))),
    ),
  );
}
