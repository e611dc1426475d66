// The audit viewer (auditors): the chain of events, filtered by action, paged.
import { api } from "../api.js";
import { h, clear } from "../dom.js";
import { failure } from "../ui.js";

export default function ({ main, page }) {
  return auditPage(main, page);
}

async function auditPage(main, page) {
  const action = h("select", { id: "audit-action" }, ["", "consultation", "alteration", "collection", "disclosure", "combination", "erasure", "administration"].map((a) => h("option", { value: a }, a || "any")));
  const body = h("tbody", {});
  let since = 0;
  const more = h("button", { type: "button" }, "Load more");
  async function load(reset) {
    if (reset) {
      since = 0;
      clear(body);
    }
    try {
      const data = await api(`/api/audit?since=${since}&limit=200${action.value ? `&action=${action.value}` : ""}`);
      for (const e of data.events) body.append(h("tr", {}, h("td", {}, e.seq), h("td", {}, e.ts.slice(0, 19)), h("td", {}, e.principal), h("td", {}, e.action), h("td", { class: "objects" }, JSON.stringify(e.objects)), h("td", {}, e.justification)));
      since = data.next_since || since;
      more.hidden = !data.next_since;
    } catch (error) {
      main.append(failure(error));
    }
  }
  action.addEventListener("change", () => load(true));
  more.addEventListener("click", () => load(false));
  page(
    "Audit log",
    h("label", { for: "audit-action" }, "Action "),
    action,
    h("table", { class: "audit" }, h("caption", {}, "Every collection, alteration, consultation and disclosure, in chain order"), h("thead", {}, h("tr", {}, ["#", "When (UTC)", "Who", "Action", "Objects", "Why"].map((t) => h("th", { scope: "col" }, t)))), body),
    more,
  );
  load(true);
}
