// @ts-check
// Bundles the encoder thread's entry for production (`npm run build`, after `next build`, whose
// output it joins): Next bundles the routes, not a thread's entry. Development and tests run
// the source under tsx instead (ingest/workers/encoder-threads.ts).
import process from "node:process";
import { build } from "esbuild";

await build({
  entryPoints: ["ingest/workers/trace-encoder.worker.ts"],
  // The tests build it elsewhere, to run what production runs.
  outfile: process.argv[2] ?? ".next/workers/trace-encoder.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  tsconfig: "tsconfig.json",
  logLevel: "warning",
  // Bundled CommonJS packages call require(): give the module one.
  banner: { js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);' },
});
