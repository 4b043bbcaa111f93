// `lockstep86 availability`: predicted (Markov model) beside simulated availability of simplex,
// dmr and tmr, from component failure rates, repair times and coverage measured on the machine
// (the built-in campaign, or campaign results files), with the vendors' claims beside them.
import type { Command } from "commander";
import type { Mode } from "../harness/lockstep";
import { UserError } from "../errors";
import { loadCoreWasm } from "../node/core-wasm";
import { coverageFromResults, defaultSettings, ECC_CHOICES, formatCoverage, formatReport, NUMBER_FIELDS, parseField, runAvailability, SIZES, settingsProblem, type AvailabilitySettings } from "../availability/index";
import { readResults } from "./campaign-file";
import { MODES } from "./machine-flags";
import { parseChoice } from "./values";
import { stdout } from "./stdio";

interface AvailabilityFlags {
  mode?: string;
  coverage?: string[];
  ecc: string;
  json?: boolean;
  [flag: string]: unknown;
}

// commander's camelCase name of a flag: --fit-dimm -> fitDimm.
const attr = (flag: string) => flag.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

export function registerAvailability(program: Command): void {
  const d = defaultSettings();
  const cmd = program.command("availability")
    .description("predicted (Markov model) and simulated availability of simplex, dmr and tmr, from failure rates, repair times and coverage measured on the machine")
    .option("--mode <list>", `modes to compute, comma-separated (default: ${MODES.join(",")})`)
    .option("--coverage <file>", "coverage from a campaign results file (lockstep86 campaign --out; one per mode, repeatable); the built-in campaign fills in the rest", (v: string, all: string[] | undefined) => [...(all ?? []), v])
    .option("--ecc <mode>", `the machine's RAM check code: ${ECC_CHOICES.join(", ")}`, d.machine.ecc);
  for (const f of NUMBER_FIELDS) cmd.option(`${f.flag} <n>`, `${f.label} (default ${f.get(d)})`);
  cmd.option("--json", "print the report, the coverage used and the machine's runs as one JSON object")
    .action((flags: AvailabilityFlags) => availability(flags));
}

function settingsFrom(flags: AvailabilityFlags): AvailabilitySettings {
  const s = defaultSettings();
  if (flags.mode !== undefined) {
    const modes = flags.mode.split(",").map((m) => m.trim()).filter((m) => m !== "");
    if (!modes.length) throw new UserError(`--mode: '${flags.mode}' names no mode`);
    s.modes = [...new Set(modes.map((m) => parseChoice("--mode", m, MODES)))] as Mode[];
  }
  s.machine.ecc = parseChoice("--ecc", flags.ecc, ECC_CHOICES);
  for (const f of NUMBER_FIELDS) {
    const text = flags[attr(f.flag)];
    if (typeof text !== "string") continue;
    try {
      f.set(s, parseField(f, text));
    } catch (e) {
      throw new UserError((e as Error).message);
    }
  }
  const problem = settingsProblem(s);
  if (problem) throw new UserError(problem);
  return s;
}

function availability(flags: AvailabilityFlags): void {
  const s = settingsFrom(flags);
  const named = flags.coverage ?? [];
  const files = coverageFromResults(named.map((name) => ({ name, file: readResults(name) })));
  for (const mode of Object.keys(files) as Mode[]) {
    if (!s.modes.some((m) => SIZES[m].includes(mode))) throw new UserError(`--coverage: a campaign of ${mode}, which none of the modes computed (${s.modes.join(", ")}) runs as`);
  }
  const r = runAvailability(loadCoreWasm(), s, files);
  if (flags.json) {
    stdout.write(JSON.stringify({ settings: s, ...r }) + "\n");
    return;
  }
  stdout.write(formatReport(r.report));
  stdout.write(formatCoverage(r.coverage, `coverage the prediction used (runs not taking the machine down, 95% interval; ${named.length ? `from ${named.join(", ")} and ` : ""}the built-in campaign, ${s.machine.runsPerClass} runs a class):`));
  if (named.length) stdout.write(formatCoverage(r.runs, "the machine's runs the simulation drew from:"));
}
