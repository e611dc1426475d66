// Tiny DOM helpers: elements are built with text nodes only, never innerHTML, so data
// from partners can never become markup.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function announce(text) {
  const status = document.getElementById("status");
  if (status) status.textContent = text;
}

const GRADES = {
  1: "source reliable",
  2: "source untested",
  3: "source not reliable",
  A: "known directly to the source",
  B: "known indirectly, corroborated",
  C: "known indirectly",
  D: "not known",
  E: "suspected to be false",
};

export function badges(s) {
  const grade = s.grade || "";
  const gradeTitle = `${grade}: ${GRADES[grade[0]] || ""}; ${GRADES[grade[1]] || ""}`;
  const handlingTitle = s.handling === "C" ? `Conditions apply: ${s.conditions || ""}` : "Lawful sharing permitted";
  return h(
    "span",
    { class: "badges" },
    h("span", { class: "badge agency", title: `Source agency ${s.agency}` }, s.agency),
    h("span", { class: `badge grade g-${grade[0] || "x"}`, title: gradeTitle }, grade),
    h("span", { class: `badge handling h-${s.handling}`, title: handlingTitle }, s.handling),
  );
}

export function entityLink(id, text) {
  return h("a", { href: `#/entity/${encodeURIComponent(id)}` }, text || id);
}
