// Search: a name in any script or spelling (Петровић finds Petrovic), through the index.
import { api } from "../api.js";
import { h, clear, announce, entityLink } from "../dom.js";
import { failure } from "../ui.js";

export default function ({ page, arg }) {
  searchPage(page, arg);
}

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
