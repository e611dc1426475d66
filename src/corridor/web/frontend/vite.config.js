// Builds the workbench into ../static, served by the node under /static/.
// Everything (scripts, styles, the Natural Earth base map) is bundled: nothing is
// fetched from the internet at run time.
import { defineConfig } from "vite";

export default defineConfig({
  base: "/static/",
  build: {
    outDir: "../static",
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
    modulePreload: { polyfill: false },
  },
});
