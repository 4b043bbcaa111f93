// What the measuring scripts (measure-x87, measure-interp, measure-unseen) share: their --runs
// option, the bundled runner (bench/x87-measure.ts: one ELF in the lockstep machine, simplex),
// and the best of several runs of it or of qemu-i386.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { build } from "esbuild";

export const root = new URL("..", import.meta.url).pathname;

/** --runs N (default 3); a bad value ends the script with status 2. */
export function runsOption(script) {
  const at = process.argv.indexOf("--runs");
  const runs = at > 0 ? Number(process.argv[at + 1]) : 3;
  if (!Number.isInteger(runs) || runs < 1) {
    console.error(`${script}: --runs must be a positive integer`);
    process.exit(2);
  }
  return runs;
}

/** Bundles the runner beside the other bundles (it finds build/core.wasm from there). */
export async function bundleRunner() {
  const runner = join(root, "dist", "x87-measure.mjs");
  await build({
    entryPoints: [join(root, "bench/x87-measure.ts")], outfile: runner, bundle: true, platform: "node", format: "esm",
    target: "node20", logLevel: "warning",
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return runner;
}

/** The fastest of `runs` runs of `elf` in the lockstep machine ("jit" or "nojit"; `core`: another build). */
export function bestCoreRun(runner, elf, jit, runs, core) {
  let best;
  for (let i = 0; i < runs; i++) {
    const p = spawnSync(process.execPath, [runner, elf, jit, ...(core ? [core] : [])], { encoding: "utf8", cwd: root });
    if (p.status !== 0) throw new Error(`${elf}: lockstep run failed: ${p.stderr}`);
    const r = JSON.parse(p.stdout);
    if (!best || r.seconds < best.seconds) best = r;
  }
  return best;
}

/** The fastest of `runs` runs of `elf` under qemu-i386: its whole process's seconds and its output. */
export function bestQemuRun(elf, runs) {
  let seconds = Infinity;
  let stdout = "";
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const q = spawnSync("qemu-i386", [elf], { encoding: "utf8" });
    seconds = Math.min(seconds, Number(process.hrtime.bigint() - t) / 1e9);
    stdout = q.stdout;
  }
  return { seconds, stdout };
}
