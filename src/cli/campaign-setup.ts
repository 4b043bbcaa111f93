// What a campaign is, from its command line: the options every campaign command shares (run,
// submit), and the header, fault spaces and experiments they make. (The campaign command and the
// queue commands both build on it, so it stands apart from either.)
import type { Command } from "commander";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { coreWasmPath, loadCoreWasm } from "../node/core-wasm";
import type { Mode } from "../harness/lockstep";
import { DEFAULT_EPOCH } from "../harness/epoch";
import { Experiments, PRUNE_MODES, kindsFor, type CampaignSetup } from "../campaign/experiment";
import type { ProgramImage } from "../loader/image";
import { CAMPAIGN_KINDS, type CampaignKind } from "../campaign/space";
import { RESULTS_FORMAT, parseShard, type CampaignHeader, type CampaignIdentity } from "../campaign/results";
import type { LinuxOptions } from "../linux/process-config";
import { leveugle } from "../campaign/stats";
import { UserError } from "../errors";
import { loadProgramFile } from "./program-file";
import { argBytes } from "./raw-argv";
import { parseChoice, parseCount } from "./values";
import { MODES, addMachineOptions, machineOptions, type MachineFlags } from "./machine-flags";
import { addLinuxOptions, linuxOptions, linuxReplayFlags, type LinuxFlags } from "./linux-flags";

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
  prune?: string;
}

/** The options that decide a campaign's cases (campaign and campaign submit take them). */
export function addCampaignOptions(cmd: Command): Command {
  return addLinuxOptions(addMachineOptions(cmd
    .option("--mode <mode>", `redundancy: ${MODES.join(", ")}`, "dmr")
    .option("--faults <n>", "how many faulted runs (default 100)")
    .option("--margin <e>", "pick the number of faults for this margin of error at 95% confidence (Leveugle et al.), e.g. 0.01")
    .option("--seed <n>", "seed of the random faults (the same seed gives the same faults)", "1")
    .option("--kinds <list>", `fault kinds to draw, comma-separated (default: all of ${CAMPAIGN_KINDS.join(",")})`)
    .option("--no-fast-forward", "run every experiment from cycle 0 to its end (slower, same results)")
    .option("--prune <how>", "defuse: RAM flips overwritten before any read are benign without a run, the rest injected at the read they meet; disk flips injected at their sector's next access (same results, cheaper)")), false);
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
  if (flags.epoch !== undefined && flags.epoch !== String(DEFAULT_EPOCH)) parts.push("--epoch", flags.epoch);
  parts.push(...linuxReplayFlags(flags, false).map(quote));
  return parts.length ? " " + parts.join(" ") : "";
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

/** The program's Linux world as a campaign's identity holds it: files by path and sha256. */
function worldIdentity(w: LinuxOptions): Partial<CampaignIdentity["options"]> {
  const id: Partial<CampaignIdentity["options"]> = {};
  if (w.files?.length) id.files = w.files.map((f) => `${f.path} ${sha256(f.bytes)}`);
  if (w.env?.length) id.env = w.env;
  if (w.startTime !== undefined) id.startTime = w.startTime;
  if (w.tty) id.tty = true;
  return id;
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
  const prune = flags.prune === undefined ? undefined : parseChoice("--prune", flags.prune, PRUNE_MODES);
  const setup: CampaignSetup = { mode, seed, kinds, run, fastForward: flags.fastForward, ...(prune ? { prune } : {}) };
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
      ...(prune ? { prune } : {}), // absent when not pruning, as in files written before pruning
      ...worldIdentity(run.linux), // each part absent when left at its default, as in files written before it
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
