// Alerts: the agency's watchlist (selectors and records) and what it raised, with
// partners' hits and deconfliction matches; add and stop watches here.
import { api } from "../api.js";
import { h, clear, announce, entityLink } from "../dom.js";
import { failure, section, table } from "../ui.js";

const KINDS = { watch: "Watch", hit: "Hit on our data", deconfliction: "Deconfliction" };

function detail(text) {
  try {
    const d = JSON.parse(text);
    return `${d.target || ""} · ${d.prop || ""} · from ${d.origin || "?"}`;
  } catch {
    return text;
  }
}

export default async function alertsPage({ page, isCurrent }) {
  const reload = () => alertsPage({ page, isCurrent });
  let data;
  try {
    data = await api("/api/alerts");
  } catch (error) {
    page("Alerts", failure(error));
    return;
  }
  if (!isCurrent()) return;
  const target = h("input", { id: "watch-target", autocomplete: "off", placeholder: "phone:+381641234567 or a record id", required: true });
  const message = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "search", "aria-label": "Add a watch" }, h("label", { for: "watch-target" }, "Watch a selector or record"), target, h("button", { type: "submit" }, "Watch"), message);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clear(message);
    try {
      await api("/api/watches", { method: "POST", body: { target: target.value.trim() } });
      announce("Watch added");
      reload();
    } catch (error) {
      message.append(failure(error));
    }
  });
  const stop = (w) => async () => {
    try {
      await api(`/api/watches/${w.id}`, { method: "DELETE" });
      reload();
    } catch (error) {
      message.append(failure(error));
    }
  };
  page(
    "Alerts",
    form,
    section(
      `Alerts (${data.alerts.length})`,
      data.alerts.length
        ? table({ class: "data", id: "alerts" }, "Newest first; only alerts whose statements you may still see", ["When (UTC)", "Kind", "Record", "Partner", "What"], data.alerts, (a) => [
            a.created_at.slice(0, 19),
            KINDS[a.kind] || a.kind,
            a.entity_id ? entityLink(a.entity_id) : a.ref,
            a.partner || "",
            a.kind === "watch" ? detail(a.detail) : a.detail,
          ])
        : h("p", {}, "No alerts."),
    ),
    section(
      `Watchlist (${data.watches.length})`,
      data.watches.length
        ? table({ class: "data", id: "watches" }, "Your agency's active watches", ["Kind", "Target", "By", "Since", ""], data.watches, (w) => [
            w.kind,
            w.kind === "entity" ? entityLink(w.target) : w.target,
            w.created_by,
            w.created_at.slice(0, 10),
            h("button", { type: "button", class: "secondary", onclick: stop(w), "aria-label": `Stop watching ${w.target}` }, "Stop"),
          ])
        : h("p", {}, "Nothing watched."),
    ),
  );
}
