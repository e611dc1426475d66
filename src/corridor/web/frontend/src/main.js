// The workbench: a hash-routed single-page app over the node's JSON API. Pages live in
// src/pages/ (one module each, listed in src/pages/index.js); this file keeps the session,
// the top bar and the router.
import "./style.css";
import { api, setCsrf } from "./api.js";
import { h, clear } from "./dom.js";
import { PAGES } from "./pages/index.js";

const main = document.getElementById("main");
const nav = document.getElementById("nav");
let me = null;
let routeSeq = 0;

// Renders a page: title, heading, content, focus for keyboard and screen-reader users.
function render(title, ...children) {
  document.title = `${title} · corridor`;
  clear(main).append(h("h1", {}, title), ...children);
  main.focus({ preventScroll: true });
}

function signedIn(session) {
  me = session;
  setCsrf(session.csrf_token);
  document.getElementById("top").hidden = false;
  document.getElementById("who").textContent = `${session.user} (${session.roles.join(", ")})`;
  const mayOpen = (p) => !p.roles || session.roles.some((r) => p.roles.includes(r));
  clear(nav).append(...PAGES.filter((p) => p.nav && mayOpen(p)).map((p) => h("a", { href: `#/${p.route}`, id: `nav-${p.route}` }, p.nav)));
}

function signedOut() {
  me = null;
  setCsrf(null);
  document.getElementById("top").hidden = true;
}

document.getElementById("logout").addEventListener("click", async () => {
  try {
    await api("/api/logout", { method: "POST" });
  } finally {
    signedOut();
    location.hash = "#/login";
    route();
  }
});

// Parses "#/name/arg...?key=value" and shows the page. Each navigation gets its own guarded `page`,
// so a slow answer for a page the user has already left never overwrites the current one.
async function route() {
  const seq = ++routeSeq;
  const page = (...args) => {
    if (seq === routeSeq) render(...args);
  };
  const [path, query = ""] = (location.hash || "#/search").split("?");
  const [, name = "search", ...rest] = path.split("/");
  const arg = rest.length ? decodeURIComponent(rest.join("/")) : "";
  let target = PAGES.find((p) => p.route === (name || "search"));
  if (!me && name !== "login") {
    try {
      signedIn(await api("/api/session"));
    } catch {
      target = PAGES.find((p) => p.route === "login");
    }
  }
  if (!target) {
    page("Not found", h("p", {}, "No such page."));
    return;
  }
  if (target.route === "login") signedOut();
  const module = await target.load();
  if (seq !== routeSeq) return;
  const signIn = (session) => {
    signedIn(session);
    location.hash = "#/search";
    route();
  };
  await module.default({ main, page, arg, params: new URLSearchParams(query), me, signIn, isCurrent: () => seq === routeSeq });
}

window.addEventListener("hashchange", route);
route();
