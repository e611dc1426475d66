// The workbench's pages. To add one: write src/pages/<name>.js exporting a default
// `async function ({ main, page, arg, params, me, isCurrent })`, and add one line here. `nav` is the label in
// the top bar (omit it for pages reached by links only); `roles` limits who sees the link.
export const PAGES = [
  { route: "login", load: () => import("./login.js") },
  { route: "search", nav: "Search", load: () => import("./search.js") },
  { route: "entity", load: () => import("./entity.js") },
  { route: "chart", nav: "Link chart", load: () => import("./chart.js") },
  { route: "analysis", nav: "Key players", load: () => import("./analysis.js") },
  { route: "map", nav: "Map", load: () => import("./map.js") },
  { route: "routes", nav: "Routes", load: () => import("./routes.js") },
  { route: "money", nav: "Money", load: () => import("./money.js") },
  { route: "dashboard", nav: "Dashboard", load: () => import("./dashboard.js") },
  { route: "published", nav: "Published figures", load: () => import("./published.js") },
  { route: "review", nav: "Review queue", load: () => import("./review.js") },
  { route: "sharing", nav: "Sharing", load: () => import("./sharing.js") },
  { route: "alerts", nav: "Alerts", load: () => import("./alerts.js") },
  { route: "operations", nav: "Operations", load: () => import("./operations.js") },
  { route: "audit", nav: "Audit", roles: ["auditor", "admin"], load: () => import("./audit.js") },
];
