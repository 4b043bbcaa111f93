// `lockstep86 campaign PROGRAM`: a fault-injection campaign. Runs the program once without
// faults, then once per single fault drawn uniformly from each kind's fault space, and reports
// rates with intervals and extrapolated failure counts. Results can go to a JSON-lines file
// (--out), be resumed (--resume), split into shards (--shard) and run on threads (--jobs).
// Exit status 1 when a redundant mode let a fault through (sdc, crash or hang), 2 for bad input.
import type { Command } from "commander";
import { createHash } from "node:crypto";
import { availableParallelism } from "node:os";
import { readFileSync } from "node:fs";
import { coreWasmPath, loadCoreWasm } from "../node/core-wasm";
import type { Mode } from "../harness/lockstep";
import { Experiments, kindsFor, type CampaignSetup, type CaseResult } from "../campaign/experiment";
import type { ProgramImage } from "../loader/image";
import { CAMPAIGN_KINDS, type CampaignKind } from "../campaign/space";
import { RESULTS_FORMAT, parseShard, type CampaignHeader } from "../campaign/results";
import { leveugle } from "../campaign/stats";
import { tally } from "../campaign/tally";
import { failures, formatCampaign } from "../campaign/table";
import { runCases } from "../node/campaign-pool";
import { UserError } from "../errors";
import { loadProgramFile } from "./program-file";
import { argBytes } from "./raw-argv";
import { parseChoice, parseCount } from "./values";
import { MODES, addMachineOptions, addProgramArguments, machineOptions, type MachineFlags } from "./machine-flags";
import { stderr, stdout } from "./stdio";
import { registerCampaignQueue } from "./campaign-queue";
import { openResults } from "./campaign-file";
import { progressLine } from "./campaign-progress";
import { registerCampaignTools } from "./campaign-tools";

import { addLinuxOptions, linuxOptions, type LinuxFlags } from "./linux-flags";

export interface CampaignFlags extends MachineFlags, LinuxFlags {
  mode: string;
  faults?: string;
  margin?: string;
  seed: string;
  kinds?: string;
  json?: boolean;
  out?: string;
  resume?: boolean;
  shard?: string;
  jobs?: string;
  fastForward: boolean;
}

/** The options that decide a campaign's cases (campaign and campaign submit take them). */
export function addCampaignOptions(cmd: Command): Command {
  return addLinuxOptions(addMachineOptions(cmd
    .option("--mode <mode>", `redundancy: ${MODES.join(", ")}`, "dmr")
    .option("--faults <n>", "how many faulted runs (default 100)")
    .option("--margin <e>", "pick the number of faults for this margin of error at 95% confidence (Leveugle et al.), e.g. 0.01")
    .option("--seed <n>", "seed of the random faults (the same seed gives the same faults)", "1")
    .option("--kinds <list>", `fault kinds to draw, comma-separated (default: all of ${CAMPAIGN_KINDS.join(",")})`)
    .option("--no-fast-forward", "run every experiment from cycle 0 to its end (slower, same results)")), false);
}

export function registerCampaign(program: Command): void {
  // Positional: options after "submit", "merge"... are the subcommand's, not campaign's own.
  const cmd = addCampaignOptions(addProgramArguments(program.command("campaign").enablePositionalOptions())
    .description("run a program under many random single faults and report outcomes per fault kind, with intervals"))
    .option("--out <file>", "write the results as JSON lines: a header, then one line per case")
    .option("--resume", "with --out: keep the cases already in the file and run the rest")
    .option("--shard <i/n>", "run only the cases whose index is i mod n (0 <= i < n)")
    .option("--jobs <n>", "worker threads (default: the available parallelism)")
    .option("--json", "print the header, the tally and every case as one JSON object")
    .action(async (file: string, args: string[], flags: CampaignFlags) => {
      process.exitCode = await campaign(file, args, flags);
    });
  registerCampaignTools(cmd);
  registerCampaignQueue(program, cmd);
}

function parseKinds(text: string | undefined): CampaignKind[] {
  if (text === undefined) return [...CAMPAIGN_KINDS];
  const kinds = text.split(",").map((k) => k.trim()).filter((k) => k !== "");
  if (!kinds.length) throw new UserError(`--kinds: '${text}' names no fault kind`);
  return [...new Set(kinds.map((k) => parseChoice("--kinds", k, CAMPAIGN_KINDS)))];
}

const quote = (s: string) => (/^[\w./:=@,+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
export const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

// The options a replayed run needs to be the same run (those left at their defaults are left out).
function replayFlags(flags: CampaignFlags): string {
  const parts: string[] = [];
  if (flags.ecc !== "parity") parts.push("--ecc", flags.ecc);
  for (const [name, value] of [["--stdin", flags.stdin], ["--disk", flags.disk], ["--ram", flags.ram], ["--max-cycles", flags.maxCycles]]) {
    if (value !== undefined) parts.push(name!, quote(value));
  }
  if (flags.epoch !== undefined && flags.epoch !== "65536") parts.push("--epoch", flags.epoch);
  return parts.length ? " " + parts.join(" ") : "";
}

function parseJobs(text: string | undefined): number {
  if (text === undefined) return availableParallelism();
  const jobs = parseCount("--jobs", text);
  if (jobs < 1 || jobs > 1024) throw new UserError(`--jobs: ${text} must be between 1 and 1024`);
  return jobs;
}

function parseMargin(text: string): number {
  const e = Number(text);
  if (!/^\d*\.?\d+(e-?\d+)?$/i.test(text.trim()) || !(e > 0 && e < 0.5)) throw new UserError(`--margin: '${text}' must be a fraction between 0 and 0.5, e.g. 0.01`);
  return e;
}

export interface PreparedCampaign {
  header: CampaignHeader;
  setup: CampaignSetup;
  image: ProgramImage;
  wasm: WebAssembly.Module;
  experiments: Experiments;
  shard?: { index: number; count: number };
}

/** Checks the flags, makes the fault-free run and the header: everything before the cases. */
export function prepareCampaign(file: string, args: string[], flags: CampaignFlags): PreparedCampaign {
  const mode = parseChoice("--mode", flags.mode, MODES) as Mode;
  if (flags.faults !== undefined && flags.margin !== undefined) throw new UserError("--faults and --margin: give one, not both");
  const faultsGiven = flags.faults === undefined ? undefined : parseCount("--faults", flags.faults);
  if (faultsGiven !== undefined && faultsGiven < 1) throw new UserError(`--faults: ${flags.faults} must be at least 1`);
  const margin = flags.margin === undefined ? undefined : parseMargin(flags.margin);
  const seed = parseCount("--seed", flags.seed);
  if (seed > 0xffffffff) throw new UserError(`--seed: ${flags.seed} must be below 2^32`);
  const kinds = parseKinds(flags.kinds);
  if (!kindsFor(mode, kinds).length) throw new UserError(`--kinds: ${kinds.join(",")} needs a second module (--mode dmr or tmr)`);
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  const run = { ...machineOptions([file, ...args], flags), linux: linuxOptions(flags, false) };
  const image = loadProgramFile(argBytes([file])[0]);
  const wasm = loadCoreWasm();
  const setup: CampaignSetup = { mode, seed, kinds, run, fastForward: flags.fastForward };
  const experiments = new Experiments(wasm, image, setup);
  const spaces = experiments.spaces();

  // --margin: Leveugle's n for each kind's space; kinds take turns, so every kind gets the largest.
  const faults = faultsGiven ?? (margin !== undefined ? experiments.kinds.length * Math.max(...Object.values(spaces).map((N) => leveugle(N, margin))) : 100);
  const header: CampaignHeader = {
    format: RESULTS_FORMAT,
    core: sha256(readFileSync(coreWasmPath())),
    program: sha256(readFileSync(file)),
    options: {
      args,
      mode,
      ecc: run.ecc ?? "parity",
      kinds: experiments.kinds,
      epoch: run.epoch!,
      ramSize: experiments.target.ramSize,
      maxCycles: run.maxCycles ?? null,
      stdin: run.stdin ? sha256(run.stdin) : null,
      disk: run.disk ? sha256(run.disk) : null,
    },
    seed,
    faults,
    golden: experiments.goldenSummary(),
    spaces,
    replay: { program: quote(file), flags: replayFlags(flags), args: args.length ? ` -- ${args.map(quote).join(" ")}` : "" },
    ...(shard ? { shard: `${shard.index}/${shard.count}` } : {}),
  };
  return { header, setup, image, wasm, experiments, shard };
}

async function campaign(file: string, args: string[], flags: CampaignFlags): Promise<number> {
  if (flags.resume && !flags.out) throw new UserError("--resume needs --out FILE (the results to continue)");
  const jobs = parseJobs(flags.jobs);
  const { header, setup, image, wasm, experiments, shard } = prepareCampaign(file, args, flags);
  const { mode } = setup;
  const { faults, spaces } = header;

  const out = flags.out ? openResults(flags.out, header, !!flags.resume) : undefined;
  const cases: CaseResult[] = [...(out?.done ?? [])];
  const have = new Set(cases.map((c) => c.case));
  const todo: number[] = [];
  for (let i = shard?.index ?? 0; i < faults; i += shard?.count ?? 1) if (!have.has(i)) todo.push(i);

  const progress = !flags.json && process.stderr.isTTY ? progressLine(todo.length) : undefined;
  try {
    await runCases(experiments, { wasm, image, setup }, todo, jobs, (c) => {
      out?.write(c);
      cases.push(c);
      progress?.tick(cases.length - have.size);
    });
  } finally {
    progress?.end();
    out?.close();
  }
  cases.sort((a, b) => a.case - b.case);
  const t = tally(mode, spaces, cases);
  if (flags.json) stdout.write(JSON.stringify({ ...header, tally: t, cases }) + "\n");
  else stdout.write(formatCampaign(header, t, cases));
  return mode !== "simplex" && failures(mode, cases).length ? 1 : 0;
}
