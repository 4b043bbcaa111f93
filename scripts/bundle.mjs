// Bundles the Node runner (src/cli.ts -> dist/cli.js), the benchmark (bench/bench.ts -> dist/bench.js)
// and the worker threads (dist/campaign-worker.js, dist/module-worker.js, the benchmark's dist/pair-worker.js) with esbuild, after writing programs/examples.json.
import { writeFileSync } from "node:fs";
import { build } from "esbuild";
import { manifestText } from "./examples-manifest.mjs";

// The examples manifest is generated from programs/ (and committed, so the sources typecheck).
writeFileSync(new URL("../programs/examples.json", import.meta.url), manifestText());

await build({
  entryPoints: { cli: "src/cli.ts", bench: "bench/bench.ts", "bench-time-travel": "bench/bench-time-travel.ts", "campaign-cost": "bench/campaign-cost.ts", "campaign-worker": "src/node/campaign-worker.ts", "module-worker": "src/node/module-worker.ts", "pair-worker": "bench/pair-worker.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  external: ["bullmq", "ioredis", "@observablehq/plot", "linkedom"], // dependencies, loaded from node_modules when used
  logLevel: "warning",
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
