import { defineConfig } from "vite";

export default defineConfig({
  // The package loads its .wasm with new URL("icta_consent_bg.wasm",
  // import.meta.url). The dev server's dependency pre-bundling would move the
  // JavaScript away from the .wasm and break that URL, so leave it out.
  // (vite build handles the URL by itself: it emits the .wasm as an asset.)
  optimizeDeps: { exclude: ["@icta/consent"] },
  // This example links the package from ../../pkg, outside this folder: let
  // the dev server read it there. Not needed for a package from the registry.
  server: { fs: { allow: [".", "../../pkg"] } },
});
