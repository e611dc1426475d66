// Key players (with reasons) and cells, computed on what the principal may see.
import { api } from "../api.js";
import { h, entityLink } from "../dom.js";
import { failure } from "../ui.js";

export default function ({ page }) {
  return analysisPage(page);
}

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
