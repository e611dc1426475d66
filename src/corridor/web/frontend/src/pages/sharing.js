// Sharing: agreements and partners.
import { api } from "../api.js";
import { h } from "../dom.js";
import { failure } from "../ui.js";

export default function ({ page }) {
  return sharingPage(page);
}

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
