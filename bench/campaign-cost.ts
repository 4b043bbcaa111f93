// `npm run measure:campaign-cost` (dist/campaign-cost.js): what an experiment costs against a
// fault-free run of the same program in the same mode. Not a test: it prints numbers for
// docs/campaigns.md ("Cost of an experiment").
//
// Usage: node dist/campaign-cost.js [--mode M] [--cases N] [--seed S] [--kinds K,...] [--no-prune] PROGRAM...
// Each program (programs/bin/NAME.elf or NAME.bin, or a path; the default machine) gets its
// campaign's setup (the fault-free run, its trace and saved states) and one case to warm up,
// then N cases of each kind alone and of all the kinds together, timed in user time of this thread (process.cpuUsage),
// beside 20 fault-free runs of the program in the mode (after one to warm up).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadCoreWasm } from "../src/node/core-wasm";
import { Experiments, kindsFor } from "../src/campaign/experiment";
import { CAMPAIGN_KINDS, type CampaignKind } from "../src/campaign/space";
import { Lockstep, type Mode } from "../src/harness/lockstep";
import { loadProgramFile } from "../src/cli/program-file";

const FAULT_FREE_RUNS = 20;

function usage(message: string): never {
  console.error(`campaign-cost: ${message}\nusage: node dist/campaign-cost.js [--mode M] [--cases N] [--seed S] [--kinds K,...] [--no-prune] PROGRAM...`);
  process.exit(2);
}

const args = process.argv.slice(2);
let mode: Mode = "dmr";
let cases = 300;
let seed = 3;
let prune = true;
let kinds: CampaignKind[] = [...CAMPAIGN_KINDS];
const programs: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const value = () => args[++i] ?? usage(`${a} needs a value`);
  if (a === "--mode") {
    mode = value() as Mode;
    if (!["simplex", "dmr", "tmr"].includes(mode)) usage(`--mode: '${mode}' is not simplex, dmr or tmr`);
  } else if (a === "--cases") cases = Number(value());
  else if (a === "--seed") seed = Number(value());
  else if (a === "--kinds") {
    kinds = value().split(",") as CampaignKind[];
    const bad = kinds.find((k) => !CAMPAIGN_KINDS.includes(k));
    if (bad) usage(`--kinds: '${bad}' is not one of ${CAMPAIGN_KINDS.join(",")}`);
  } else if (a === "--no-prune") prune = false;
  else if (a.startsWith("-")) usage(`unknown option ${a}`);
  else programs.push(a);
}
if (!Number.isInteger(cases) || cases < 1) usage("--cases needs a whole number above 0");
if (!Number.isInteger(seed)) usage("--seed needs a whole number");
if (!programs.length) usage("name at least one program");

const userMs = (from: NodeJS.CpuUsage) => process.cpuUsage(from).user / 1000;
const wasm = loadCoreWasm();
kinds = kindsFor(mode, kinds);
console.log(`${mode}, ${cases} cases a row, seed ${seed}, ${prune ? "--prune defuse" : "not pruned"}; ms of user time a case`);
for (const name of programs) {
  // A path is itself; a name is programs/bin/NAME, NAME.elf or NAME.bin (the flat binaries).
  const named = (ext: string) => join("programs", "bin", `${name}${ext}`);
  const file = name.includes("/") ? name : /\.(elf|bin)$/.test(name) ? named("") : existsSync(named(".elf")) ? named(".elf") : named(".bin");
  let image;
  try {
    image = loadProgramFile(file);
  } catch (e) {
    usage((e as Error).message); // it names the file
  }
  new Lockstep(wasm, image, { mode }).run();
  const t0 = process.cpuUsage();
  for (let i = 0; i < FAULT_FREE_RUNS; i++) new Lockstep(wasm, image, { mode }).run();
  const faultFree = userMs(t0) / FAULT_FREE_RUNS;
  const row = (set: CampaignKind[]) => {
    const x = new Experiments(wasm, image, { mode, seed, kinds: set, run: {}, prune: prune ? "defuse" : undefined });
    x.run(0);
    const t = process.cpuUsage();
    for (let i = 1; i <= cases; i++) x.run(i);
    return userMs(t) / cases;
  };
  const cells = kinds.map((k) => `${k} ${row([k]).toFixed(1)}`);
  const all = row(kinds);
  console.log(`${name}: fault-free run ${faultFree.toFixed(1)} ms; ${cells.join(", ")}; all ${kinds.length} kinds ${all.toFixed(1)} = ${(all / faultFree).toFixed(3)}x`);
}
