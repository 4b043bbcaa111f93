// `lockstep86 campaign PROGRAM`: a fault-injection campaign. Runs the program once without
// faults, then once per random single fault, and tallies the outcomes per fault kind. Exit
// status 1 when a redundant mode let a fault through (sdc, crash or hang), 2 for bad input.
import type { Command } from "commander";
import { loadCoreWasm } from "../node/core-wasm";
import type { Mode } from "../harness/lockstep";
import { kindsFor, runCampaign, type CampaignResult } from "../harness/campaign";
import { failures, formatCampaign, totals } from "../harness/campaign-report";
import { RANDOM_KINDS, type RandomKind } from "../faults/random";
import { UserError } from "../errors";
import { loadProgramFile } from "./program-file";
import { parseChoice, parseCount } from "./values";
import { MODES, addMachineOptions, addProgramArguments, machineOptions, type MachineFlags } from "./machine-flags";
import { addLinuxOptions, linuxOptions, type LinuxFlags } from "./linux-flags";

interface CampaignFlags extends MachineFlags, LinuxFlags {
  mode: string;
  faults: string;
  seed: string;
  kinds?: string;
  json?: boolean;
}

export function registerCampaign(program: Command): void {
  const cmd = addProgramArguments(program.command("campaign"))
    .description("run a program under many random single faults and tally the outcomes per fault kind")
    .option("--mode <mode>", `redundancy: ${MODES.join(", ")}`, "dmr")
    .option("--faults <n>", "how many faulted runs", "100")
    .option("--seed <n>", "seed of the random faults (the same seed gives the same faults)", "1")
    .option("--kinds <list>", `fault kinds to draw, comma-separated (default: all of ${RANDOM_KINDS.join(",")})`);
  addLinuxOptions(addMachineOptions(cmd), false)
    .option("--json", "print the tally and every case as one JSON object")
    .action((file: string, args: string[], flags: CampaignFlags) => {
      process.exitCode = campaign(file, args, flags);
    });
}

function parseKinds(text: string | undefined): RandomKind[] {
  if (text === undefined) return [...RANDOM_KINDS];
  const kinds = text.split(",").map((k) => k.trim()).filter((k) => k !== "");
  if (!kinds.length) throw new UserError(`--kinds: '${text}' names no fault kind`);
  return [...new Set(kinds.map((k) => parseChoice("--kinds", k, RANDOM_KINDS)))];
}

const quote = (s: string) => (/^[\w./:=@,+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

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

function campaign(file: string, args: string[], flags: CampaignFlags): number {
  const mode = parseChoice("--mode", flags.mode, MODES) as Mode;
  const faults = parseCount("--faults", flags.faults);
  if (faults < 1) throw new UserError(`--faults: ${flags.faults} must be at least 1`);
  const seed = parseCount("--seed", flags.seed);
  if (seed > 0xffffffff) throw new UserError(`--seed: ${flags.seed} must be below 2^32`);
  const kinds = parseKinds(flags.kinds);
  if (!kindsFor(mode, kinds).length) throw new UserError(`--kinds: ${kinds.join(",")} needs a second module (--mode dmr or tmr)`);
  const run = { ...machineOptions([file, ...args], flags), linux: linuxOptions(flags, false) };
  const image = loadProgramFile(file);

  const progress = !flags.json && process.stderr.isTTY;
  const result = runCampaign(loadCoreWasm(), image, {
    mode,
    faults,
    seed,
    kinds,
    run,
    onCase: progress ? (done, total) => process.stderr.write(`\rcampaign: ${done}/${total} faulted runs`) : undefined,
  });
  if (progress) process.stderr.write("\r\x1b[K");

  if (flags.json) process.stdout.write(JSON.stringify(jsonCampaign(result, file, args, mode, flags.ecc, seed)) + "\n");
  else {
    const programArgs = args.length ? ` -- ${args.map(quote).join(" ")}` : "";
    process.stdout.write(formatCampaign(result, { program: quote(file), mode, ecc: flags.ecc, seed, replayFlags: replayFlags(flags), programArgs }));
  }
  return mode !== "simplex" && failures(mode, result.cases).length ? 1 : 0;
}

function jsonCampaign(r: CampaignResult, program: string, args: string[], mode: Mode, ecc: string, seed: number) {
  return {
    program,
    args,
    mode,
    ecc,
    seed,
    faults: r.cases.length,
    golden: { cycles: r.golden.cycles, exitCode: r.golden.exitCode, status: r.golden.stop.kind },
    totals: totals(r),
    tally: r.tally,
    cases: r.cases,
  };
}
