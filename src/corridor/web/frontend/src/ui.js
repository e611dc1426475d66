// Pieces every page uses: an error paragraph and a titled section.
import { ApiError } from "./api.js";
import { h } from "./dom.js";

export function failure(error) {
  const text = error instanceof ApiError ? error.message : String(error);
  return h("p", { class: "error", role: "alert" }, text);
}

export function section(title, ...content) {
  return h("section", { "aria-label": title }, h("h2", {}, title), ...content);
}

// A table with a caption, column headings and one row per item (cells: item -> [values]).
export function table(attrs, caption, headings, items, cells) {
  return h(
    "table",
    attrs,
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, headings.map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, items.map((item) => h("tr", {}, cells(item).map((c) => h("td", {}, c))))),
  );
}
