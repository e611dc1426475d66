// Joint operations (issue 13): the list of the operations of your compartments, and one
// operation's plan (targets and who acts where), deconfliction conflicts to acknowledge,
// approval, the action-day timeline in every partner's local time, the partners'
// outcomes and the measured effect with its report.
import { api } from "../api.js";
import { h, clear, announce, entityLink } from "../dom.js";
import { failure, section, table } from "../ui.js";

export default async function operationsPage({ page, arg, isCurrent }) {
  if (arg) return operationPage({ page, code: arg, isCurrent });
  let ops;
  try {
    ops = await api("/api/operations");
  } catch (error) {
    page("Operations", failure(error));
    return;
  }
  if (!isCurrent()) return;
  const message = h("div", { "aria-live": "polite", id: "operation-message" });
  const field = (id, label, attrs = {}) => [h("label", { for: id }, label), h("input", { id, autocomplete: "off", ...attrs })];
  const form = h(
    "form",
    { class: "search", id: "new-operation", "aria-label": "Open an operation" },
    ...field("op-code", "Code", { placeholder: "OP-HARBOUR", required: true }),
    ...field("op-name", "Name", { required: true }),
    ...field("op-partners", "Partners (comma-separated)", { placeholder: "RS-MUP,MK-MVR" }),
    ...field("op-basis", "Legal basis", { required: true }),
    ...field("op-compartment", "Compartment", { placeholder: "an operation of partners.yml", required: true }),
    h("button", { type: "submit" }, "Open operation"),
    message,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clear(message);
    const value = (id) => form.querySelector(`#${id}`).value.trim();
    try {
      const op = await api("/api/operations", {
        method: "POST",
        body: {
          code: value("op-code"),
          name: value("op-name"),
          partners: value("op-partners").split(",").map((p) => p.trim()).filter(Boolean),
          legal_basis: value("op-basis"),
          compartment: value("op-compartment"),
        },
      });
      announce(`Operation ${op.code} opened`);
      location.hash = `#/operations/${encodeURIComponent(op.code)}`;
    } catch (error) {
      message.append(failure(error));
    }
  });
  page(
    "Operations",
    form,
    ops.length
      ? table({ class: "data", id: "operations" }, "The operations of your compartments", ["Operation", "Name", "Lead", "Status", "Action day (UTC)"], ops, (o) => [
          h("a", { href: `#/operations/${encodeURIComponent(o.code)}` }, o.code),
          o.name,
          o.lead,
          o.status,
          o.action_at || "",
        ])
      : h("p", { id: "no-operations" }, "No operation you may see."),
  );
}

async function operationPage({ page, code, isCurrent }) {
  const reload = () => operationPage({ page, code, isCurrent });
  let op;
  try {
    op = await api(`/api/operations/${encodeURIComponent(code)}`);
  } catch (error) {
    page("Operation", failure(error));
    return;
  }
  if (!isCurrent()) return;
  const message = h("div", { "aria-live": "polite", id: "operation-message" });
  const partners = Object.keys(op.partners);
  const act = (fn) => async (event) => {
    if (event) event.preventDefault();
    clear(message);
    try {
      await fn();
      reload();
    } catch (error) {
      message.append(failure(error));
    }
  };

  const actionAt = h("input", { id: "action-at", autocomplete: "off", placeholder: "2024-03-01T04:00:00Z", required: true });
  const approveForm = h(
    "form",
    { class: "search", id: "approve", "aria-label": "Approve the operation" },
    h("label", { for: "action-at" }, "Action day, synchronised start (UTC)"),
    actionAt,
    h("button", { type: "submit" }, "Approve"),
  );
  approveForm.addEventListener(
    "submit",
    act(async () => {
      await api(`/api/operations/${encodeURIComponent(op.code)}/approve`, { method: "POST", body: { action_at: actionAt.value.trim() } });
      announce("Operation approved");
    }),
  );
  const nextStatus = { approved: "action_day", action_day: "follow_up", follow_up: "closed" }[op.status];
  const advance = nextStatus
    ? h(
        "button",
        {
          type: "button",
          id: "advance",
          onclick: act(() => api(`/api/operations/${encodeURIComponent(op.code)}/status`, { method: "POST", body: { status: nextStatus } })),
        },
        `Move to ${nextStatus.replace("_", " ")}`,
      )
    : "";

  const effectBox = h("div", { id: "effect" });
  const measure = h(
    "button",
    {
      type: "button",
      id: "measure",
      onclick: async () => {
        clear(effectBox);
        effectBox.append(h("p", {}, "Measuring…"));
        try {
          const e = await api(`/api/operations/${encodeURIComponent(op.code)}/effect`);
          clear(effectBox);
          effectBox.append(
            h("p", {}, `Network before: ${e.network.before.people} people, ${e.network.before.links} links; after: ${e.network.after.links} links. Cross-border links cut: ${e.cross_border_links_cut}.`),
            table({ class: "data", id: "communities-broken" }, "Communities that held an arrested target", ["Community", "Size", "Arrested", "Verdict"], e.communities, (c) => [
              String(c.community),
              String(c.size),
              c.arrested.map((a) => e.names[a] || a).join(", "),
              c.broken ? `broken: ${c.why}` : c.why,
            ]),
            e.refilled.length
              ? table({ class: "data", id: "refilled" }, "Roles refilled", ["Arrested", "Refilled by", "Contacts taken over"], e.refilled, (r) => [
                  r.arrested_name,
                  entityLink(r.by, r.by_name),
                  String(r.shared_contacts),
                ])
              : h("p", {}, "No role refilled in the data so far."),
            table({ class: "data", id: "route-shift" }, `Route shift, ${e.routes.window_days} days either side (legs ${e.routes.legs.before} → ${e.routes.legs.after})`, ["Country pair", "Share before", "Share after", "Change"], e.routes.country_pairs, (r) => [
              r.key,
              String(r.before_share),
              String(r.after_share),
              String(r.change),
            ]),
            h("p", {}, `Payments per month: ${e.flows.before.per_month} → ${e.flows.after.per_month}; median amount ${e.flows.before.median_amount ?? "–"} → ${e.flows.after.median_amount ?? "–"}.`),
            h("p", {}, h("a", { href: `/api/operations/${encodeURIComponent(op.code)}/report`, target: "_blank", rel: "noopener", id: "report-link" }, "Operation report (HTML, with handling banner)")),
          );
        } catch (error) {
          clear(effectBox);
          effectBox.append(failure(error));
        }
      },
    },
    "Measure the effect",
  );

  const topN = h("input", { id: "key-players", type: "number", min: "1", max: "200", value: "6" });
  const asOf = h("input", { id: "as-of", autocomplete: "off", placeholder: "YYYY-MM-DD (optional)" });
  const targetForm = h(
    "form",
    { class: "search", id: "add-targets", "aria-label": "Add targets from the key players" },
    h("label", { for: "key-players" }, "Top key players"),
    topN,
    h("label", { for: "as-of" }, "Network as of"),
    asOf,
    h("button", { type: "submit" }, "Add targets"),
  );
  targetForm.addEventListener(
    "submit",
    act(async () => {
      await api(`/api/operations/${encodeURIComponent(op.code)}/targets`, {
        method: "POST",
        body: { source: "key-players", value: topN.value, as_of: asOf.value.trim() || null },
      });
      announce("Targets added");
    }),
  );
  page(
    `Operation ${op.code}`,
    h("p", { id: "operation-summary" }, `${op.name} · lead ${op.lead} · partners ${partners.join(", ")} · status `, h("strong", { id: "operation-status" }, op.status), ` · legal basis: ${op.legal_basis} · compartment ${op.compartment}`),
    message,
    section(
      `Plan: targets (${op.targets.length})`,
      op.status === "planning" ? targetForm : "",
      table({ class: "data", id: "targets" }, "Who, why, and which partner acts where", ["Target", "Chosen", "Action", "Country", "Partner", "Selectors"], op.targets, (t) => [
        entityLink(t.entity_id, t.label),
        t.reason,
        t.action,
        t.country,
        t.assigned_to || "?",
        String(t.selectors.length),
      ]),
    ),
    section(
      `Deconfliction (${op.conflicts.length})`,
      op.conflicts.length
        ? table({ class: "data", id: "conflicts" }, "Matches with partners' live targets; approval waits for both contact points", ["#", "Selector", "Partner", "Contact", "Lead", "Partner ack", ""], op.conflicts, (c) => [
            String(c.id),
            c.selector,
            c.partner,
            c.contact,
            c.lead_ack_by || "waiting",
            c.partner_ack_by || "waiting",
            c.settled
              ? "settled"
              : h("button", { type: "button", class: "secondary", "aria-label": `Acknowledge conflict ${c.id}`, onclick: act(() => api(`/api/operations/conflicts/${c.id}/acknowledge`, { method: "POST" })) }, "Acknowledge"),
          ])
        : h("p", {}, "No conflict found."),
    ),
    op.status === "planning" ? approveForm : advance,
    section(
      "Action-day timeline",
      table(
        { class: "data", id: "timeline" },
        "Stored in UTC; shown in every partner's local time",
        ["UTC", ...partners, "What"],
        op.timeline,
        (e) => [e.at, ...partners.map((p) => e.local[p] || ""), `${e.agency}: ${e.text}`],
      ),
    ),
    section(
      `Outcomes (${op.outcomes.length})`,
      op.outcomes.length
        ? table({ class: "data", id: "outcomes" }, "Reported by the partners on their own nodes, with their markings", ["Target", "Result", "Agency", "When (UTC)", "Detail", "Marking"], op.outcomes, (o) => [
            entityLink(o.target),
            o.result,
            o.agency,
            o.at,
            o.detail + (o.amount_eur ? ` (EUR ${o.amount_eur})` : ""),
            o.marking,
          ])
        : h("p", {}, "No outcome reported yet."),
    ),
    section("Effect", measure, effectBox),
  );
}
