// The workbench: a hash-routed single-page app over the node's JSON API.
import "./style.css";
import { api, ApiError, setCsrf } from "./api.js";
import { h, clear, announce, badges, entityLink } from "./dom.js";

const main = document.getElementById("main");
let me = null;

let routeSeq = 0;

// Renders a page; each route gets its own guarded copy, so a slow answer for a page the
// user has already left never overwrites the page they are on.
function render(title, ...children) {
  document.title = `${title} · corridor`;
  clear(main).append(h("h1", {}, title), ...children);
  main.focus({ preventScroll: true });
}

function failure(error) {
  const text = error instanceof ApiError ? error.message : String(error);
  return h("p", { class: "error", role: "alert" }, text);
}

// -- login ----------------------------------------------------------------------------
function loginPage(page) {
  document.getElementById("top").hidden = true;
  const user = h("input", { id: "login-user", name: "user", autocomplete: "username", required: true, placeholder: "GB-NCA/analyst" });
  const password = h("input", { id: "login-password", name: "password", type: "password", autocomplete: "current-password", required: true });
  const message = h("div", { id: "login-message" });
  const form = h(
    "form",
    { class: "login", "aria-label": "Log in" },
    h("label", { for: "login-user" }, "User (AGENCY/username)"),
    user,
    h("label", { for: "login-password" }, "Password"),
    password,
    h("button", { type: "submit" }, "Log in"),
    message,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clear(message);
    try {
      const session = await api("/api/login", { method: "POST", body: { user: user.value.trim(), password: password.value } });
      started(session);
      location.hash = "#/search";
      route();
    } catch (error) {
      message.append(failure(error));
    }
  });
  page("corridor — log in", h("p", {}, "Intelligence workbench of this node. Every read is logged."), form);
  user.focus();
}

function started(session) {
  me = session;
  setCsrf(session.csrf_token);
  document.getElementById("top").hidden = false;
  document.getElementById("who").textContent = `${session.user} (${session.roles.join(", ")})`;
  document.getElementById("nav-audit").hidden = !session.roles.some((r) => r === "auditor" || r === "admin");
}

document.getElementById("logout").addEventListener("click", async () => {
  try {
    await api("/api/logout", { method: "POST" });
  } finally {
    me = null;
    setCsrf(null);
    location.hash = "#/login";
    route();
  }
});

// -- search ---------------------------------------------------------------------------
function searchPage(page, query) {
  const input = h("input", { id: "search-q", type: "search", name: "q", value: query || "", autocomplete: "off" });
  const results = h("div", { id: "search-results", "aria-live": "polite" });
  const form = h(
    "form",
    { role: "search", class: "search" },
    h("label", { for: "search-q" }, "Name, in any script or spelling"),
    input,
    h("button", { type: "submit" }, "Search"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = `#/search/${encodeURIComponent(input.value.trim())}`;
  });
  page("Search", form, results);
  input.focus();
  if (query) runSearch(query, results);
}

async function runSearch(query, results) {
  results.append(h("p", {}, "Searching…"));
  try {
    const data = await api(`/api/search?q=${encodeURIComponent(query)}&limit=50`);
    clear(results);
    if (!data.results.length) {
      results.append(h("p", {}, `No entity you may see matches “${query}”.`));
      return;
    }
    results.append(
      h("p", {}, `${data.results.length}${data.more ? "+" : ""} results`),
      h(
        "ul",
        { class: "hits" },
        data.results.map((hit) =>
          h(
            "li",
            { class: "hit" },
            entityLink(hit.id, hit.caption),
            h("span", { class: "schema" }, hit.schema),
            h("span", { class: "names" }, hit.names.join(" · ")),
            h("span", { class: "agencies" }, hit.agencies.map((a) => h("span", { class: "badge agency" }, a))),
          ),
        ),
      ),
    );
    announce(`${data.results.length} results`);
  } catch (error) {
    clear(results).append(failure(error));
  }
}

// -- entity profile -------------------------------------------------------------------
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
  const section = (title, ...content) => h("section", { "aria-label": title }, h("h2", {}, title), ...content);
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

// -- review queue ---------------------------------------------------------------------
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

// -- audit ----------------------------------------------------------------------------
async function auditPage(page) {
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

// -- dashboard ------------------------------------------------------------------------
async function dashboardPage(page) {
  page("Dashboard", h("p", {}, "Loading…"));
  try {
    const [s, review] = await Promise.all([api("/api/stats"), api("/api/review?limit=10")]);
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
      ),
    );
  } catch (error) {
    page("Dashboard", failure(error));
  }
}

// -- network analysis -----------------------------------------------------------------
async function analysisPage(page) {
  page("Network analysis", h("p", {}, "Computing key players and cells on what you may see…"));
  try {
    const [players, cells] = await Promise.all([api("/api/analyse/key-players?top=25"), api("/api/analyse/communities")]);
    page(
      "Network analysis",
      h(
        "table",
        { class: "nodes", id: "key-players" },
        h("caption", {}, "Key players: whose removal breaks the business, and why"),
        h("thead", {}, h("tr", {}, ["#", "Name", "Score", "Why"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, players.map((p) => h("tr", {}, h("td", {}, p.rank), h("td", {}, entityLink(p.id, p.name)), h("td", {}, p.score.toFixed(3)), h("td", {}, (p.why && p.why.summary) || "")))),
      ),
      h("h2", {}, `Cells (${cells.length})`),
      h("ul", {}, cells.slice(0, 40).map((c) => h("li", {}, `Cell ${c.id}: ${c.size} people${c.countries && c.countries.length ? ` in ${c.countries.join(", ")}` : ""}`))),
    );
  } catch (error) {
    page("Network analysis", failure(error));
  }
}

// -- sharing --------------------------------------------------------------------------
async function sharingPage(page) {
  try {
    const p = await api("/api/partners");
    const names = Object.fromEntries(p.agencies.map((a) => [a.code, a.name]));
    page(
      "Sharing",
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
    );
  } catch (error) {
    page("Sharing", failure(error));
  }
}

// -- router ---------------------------------------------------------------------------
async function route() {
  const seq = ++routeSeq;
  const page = (...args) => {
    if (seq === routeSeq) render(...args);
  };
  const [, name = "search", ...rest] = (location.hash || "#/search").split("/");
  const arg = rest.length ? decodeURIComponent(rest.join("/")) : "";
  if (!me && name !== "login") {
    try {
      started(await api("/api/session"));
    } catch {
      loginPage(page);
      return;
    }
  }
  if (name === "login") return loginPage(page);
  if (name === "search") return searchPage(page, arg);
  if (name === "entity") return entityPage(page, arg);
  if (name === "review") return reviewPage(page);
  if (name === "audit") return auditPage(page);
  if (name === "dashboard") return dashboardPage(page);
  if (name === "sharing") return sharingPage(page);
  if (name === "analysis") return analysisPage(page);
  if (name === "chart") {
    const { chartPage } = await import("./chart.js");
    if (seq === routeSeq) return chartPage(main, page, arg);
    return;
  }
  if (name === "map") {
    const { mapPage } = await import("./map.js");
    if (seq === routeSeq) return mapPage(main, page);
    return;
  }
  page("Not found", h("p", {}, "No such page."));
}

window.addEventListener("hashchange", route);
route();
