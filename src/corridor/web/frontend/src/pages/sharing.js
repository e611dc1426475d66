// Sharing: agreements and partners for everyone; for those who may share, the bundles
// sent and received, consent requests to answer, hit/no-hit and deconfliction alerts.
import { api, ApiError } from "../api.js";
import { h, announce } from "../dom.js";
import { failure, section, table } from "../ui.js";

function agreements(p) {
  const names = Object.fromEntries(p.agencies.map((a) => [a.code, a.name]));
  return [
    h("p", {}, `Agreements of ${p.agency}. Agreements are one-way and never chain: data reaches a third party only with the originator's consent.`),
    h(
      "table",
      { class: "agreements" },
      h("caption", {}, "Agreements"),
      h("thead", {}, h("tr", {}, ["Provider", "Recipient", "Handling", "Valid", "Purpose"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, p.agreements.map((a) => h("tr", {}, h("td", { title: names[a.provider] || "" }, a.provider), h("td", { title: names[a.recipient] || "" }, a.recipient), h("td", {}, a.handling.join(", ")), h("td", {}, `${a.valid_from || "…"} – ${a.valid_until || "…"}`), h("td", {}, a.purpose)))),
    ),
    h("h2", {}, "Partners"),
    h("ul", {}, p.agencies.map((a) => h("li", {}, h("span", { class: "badge agency" }, a.code), ` ${a.name}${a.contact ? ` — ${a.contact}` : ""}`))),
  ];
}

function bundles(id, caption, rows) {
  return table({ class: "data", id }, caption, ["Partner", "#", "When (UTC)", "Statements", "Withdrawn", "Judgements", "SHA-256"], rows, (b) => [
    h("span", { class: "badge agency" }, b.partner),
    b.sequence,
    b.at.slice(0, 19),
    b.statements,
    b.withdrawals,
    b.judgements,
    h("code", { title: b.sha256 }, b.sha256.slice(0, 12)),
  ]);
}

function consentCard(r, reload) {
  const reason = h("input", { id: `answer-${r.id}`, autocomplete: "off" });
  const box = h("div", {});
  const decide = (grant) => async () => {
    try {
      await api(`/api/sharing/consent/${encodeURIComponent(r.id)}`, { method: "POST", body: { grant, answer: reason.value } });
      announce(grant ? "Consent granted" : "Consent refused");
      reload();
    } catch (error) {
      box.append(failure(error));
    }
  };
  return h(
    "article",
    { class: "candidate consent", "aria-label": `Consent request ${r.id}` },
    h("p", {}, h("strong", {}, r.requester), ` asks to pass ${r.statement_ids.length} of your statements on to `, h("strong", {}, r.recipient), ` (${r.created_at.slice(0, 10)})`),
    r.reason ? h("p", {}, `Reason: ${r.reason}`) : null,
    r.status === "pending"
      ? [
          h("label", { for: `answer-${r.id}` }, "Answer"),
          reason,
          h("div", { class: "actions" }, h("button", { type: "button", onclick: decide(true) }, "Grant"), h("button", { type: "button", class: "secondary", onclick: decide(false) }, "Refuse")),
        ]
      : h("p", { class: "status" }, `${r.status}${r.answer ? `: ${r.answer}` : ""}${r.answered_at ? ` (${r.answered_at.slice(0, 10)})` : ""}`),
    box,
  );
}

const alertRow = (a) => [a.created_at.slice(0, 19), h("span", { class: "badge agency" }, a.partner || ""), a.ref, a.detail];

export default async function sharingPage({ page, isCurrent }) {
  const reload = () => sharingPage({ page, isCurrent });
  let p;
  try {
    p = await api("/api/partners");
  } catch (error) {
    page("Sharing", failure(error));
    return;
  }
  let s = null;
  let denied = false;
  try {
    s = await api("/api/sharing");
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 403)) {
      page("Sharing", failure(error));
      return;
    }
    denied = true;
  }
  if (!isCurrent()) return;
  const exchanges = s
    ? [
        section(
          `Consent requests to answer (${s.consent_in.filter((r) => r.status === "pending").length} pending)`,
          s.consent_in.length ? h("div", { id: "consent-in" }, s.consent_in.map((r) => consentCard(r, reload))) : h("p", {}, "None."),
        ),
        section(
          "Consent we asked for",
          s.consent_out.length ? table({ class: "data", id: "consent-out" }, "Onward release we requested", ["Originator", "Recipient", "Statements", "Status", "Answer"], s.consent_out, (r) => [r.originator, r.recipient, r.statement_ids.length, r.status, r.answer]) : h("p", {}, "None."),
        ),
        section("Bundles sent", s.sent.length ? bundles("sent", "Signed bundles this node built for partners", s.sent) : h("p", {}, "None yet.")),
        section("Bundles received", s.received.length ? bundles("received", "Signed bundles imported from partners", s.received) : h("p", {}, "None yet.")),
        section("Hit/no-hit: partners who hold what we asked about, or asked about what we hold", s.hits.length ? table({ class: "data", id: "hits" }, "Hits on this node's selectors", ["When", "Partner", "Selector", "Detail"], s.hits, alertRow) : h("p", {}, "No hits.")),
        section(
          "Deconfliction",
          s.deconfliction.length ? table({ class: "data", id: "deconfliction" }, "Our live targets a partner also has", ["When", "Partner", "Selector", "Detail"], s.deconfliction, alertRow) : h("p", {}, "No overlaps with partners' operations."),
          s.targets.length ? table({ class: "data", id: "targets" }, "Our targets registered for deconfliction", ["Operation", "Selector", "By", "Since"], s.targets, (t) => [t.operation, t.selector, t.created_by, t.created_at.slice(0, 10)]) : null,
        ),
      ]
    : [h("p", { class: "hint", id: "sharing-denied" }, denied ? "Bundles, consent requests and hits are shown to sharing officers." : "")];
  page("Sharing", ...exchanges, section("Agreements", ...agreements(p)));
}
