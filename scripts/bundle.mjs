// Bundles the Node runner (src/cli.ts -> dist/cli.js) and the benchmark
// (src/node/bench.ts -> dist/bench.js) and the campaign worker thread (dist/campaign-worker.js) with esbuild.
import { build } from "esbuild";

await build({
  entryPoints: { cli: "src/cli.ts", bench: "src/node/bench.ts", "campaign-worker": "src/node/campaign-worker.ts" },
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
