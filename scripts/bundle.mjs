// Bundles the Node runner (src/cli.ts -> dist/cli.js) and the benchmark
// (bench/bench.ts -> dist/bench.js) with esbuild.
import { build } from "esbuild";

await build({
  entryPoints: { cli: "src/cli.ts", bench: "bench/bench.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
