// `run --scenario FILE`, `run --link URL` and `run ... --print-scenario|--print-link`: a run's
// scenario read from a file or a share link, or written from run's flags. With a scenario, the
// flags that describe the run (program, mode, faults, input, sizes) are refused: the scenario says
// them (the program's Linux world included: --file, --env, ...); only how the run is carried out or
// its result shown or kept (--json, --save-disk, --out-dir, --gdb, --no-jit, --threads) goes beside it.
import { basename, resolve } from "node:path";
import type { Command } from "commander";
import { UserError } from "../errors";
import { isElf } from "../loader/elf";
import { packageFile } from "../node/paths";
import { readExample } from "../node/examples";
import { bytesToBase64, decodeLink, EXAMPLES, parseScenario, scenarioToOptions, SCENARIO_VERSION, type Scenario, type ScenarioProgram, type ScenarioRun } from "../scenario/index";
import type { FaultSpec } from "../faults/spec";
import type { LockstepOptions, Mode } from "../harness/lockstep";
import { readInput } from "./io";
import { LINUX_WORLD_KEYS } from "./linux-flags";

/** Options of run and inspect that describe the run itself, and so cannot go beside a scenario. */
const DESCRIBING = ["mode", "inject", "autoReplace", "stdin", "disk", "maxCycles", "ram", "ecc", "epoch", "compare", ...LINUX_WORLD_KEYS];
const flagName = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** A PROGRAM argument that names a scenario file rather than a program. */
export const isScenarioFile = (file: string | undefined): boolean => file !== undefined && file.toLowerCase().endsWith(".json");

/** Refuses every option given on the command line that a scenario sets, naming `source`. */
export function refuseDescribingFlags(cmd: Command, source: string): void {
  for (const key of DESCRIBING) {
    if (cmd.getOptionValueSource(key) === "cli") throw new UserError(`${source}: ${flagName(key)} cannot be given beside a scenario (the scenario sets it)`);
  }
}

export interface ScenarioFlags {
  scenario?: string;
  link?: string;
}

/** The scenario --scenario or --link gives (or PROGRAM when it is a .json file, as inspect takes
 *  it: the page's Export JSON runs as `run FILE.json`), or undefined; refuses flags and arguments
 *  that would contradict it. */
export function givenScenario(cmd: Command, file: string | undefined, flags: ScenarioFlags, args: string[] = []): Scenario | undefined {
  const positional = flags.scenario === undefined && flags.link === undefined && isScenarioFile(file);
  if (flags.scenario === undefined && flags.link === undefined && !positional) return undefined;
  if (flags.scenario !== undefined && flags.link !== undefined) throw new UserError("--scenario and --link cannot be given together");
  const source = positional ? file! : flags.scenario !== undefined ? "--scenario" : "--link";
  if (!positional && file !== undefined) throw new UserError(`${source}: the scenario names the program; '${file}' cannot be given beside it`);
  if (positional && args.length) throw new UserError(`${source}: the scenario names the program's arguments; '${args[0]}' cannot be given beside it`);
  refuseDescribingFlags(cmd, source);
  if (flags.link !== undefined) return decodeLink(flags.link).scenario;
  const path = positional ? file! : flags.scenario!;
  const text = new TextDecoder().decode(readInput(path, "the scenario"));
  try {
    return parseScenario(text);
  } catch (e) {
    if (e instanceof UserError) throw new UserError(`${path}: ${e.message}`);
    throw e;
  }
}

/** `writableFiles`: the guest may create files (run's --out-dir, which goes beside a scenario). */
export function scenarioRun(s: Scenario, jit: boolean, writableFiles = false): ScenarioRun {
  const r = scenarioToOptions(s, readExample);
  return { image: r.image, options: { ...r.options, jit, linux: { ...r.options.linux, writableFiles } } };
}

/** The scenario of a run given by flags: an example of programs/ by name when the file is one. */
export function scenarioOf(file: string, options: LockstepOptions & { mode: Mode; faults: FaultSpec[]; autoReplace?: boolean }): Scenario {
  const s: Record<string, unknown> = {
    version: SCENARIO_VERSION,
    program: programOf(file),
    args: (options.argv ?? []).slice(1),
    mode: options.mode,
    ecc: options.ecc ?? "parity",
    epoch: options.epoch,
    faults: options.faults.map((f) => f.text),
    autoReplace: options.autoReplace ?? false,
    maxCycles: options.maxCycles ?? null,
  };
  if (options.ramSize !== undefined) s.ram = options.ramSize;
  if (options.compare && options.compare !== "writes") s.compare = options.compare;
  if (options.stdin) s.stdin = bytesToBase64(options.stdin);
  if (options.disk) s.disk = bytesToBase64(options.disk);
  const linux = options.linux ?? {};
  if (linux.env?.length) s.env = linux.env;
  if (linux.files?.length) s.files = linux.files.map((f) => ({ path: f.path, data: bytesToBase64(f.bytes) }));
  if (linux.startTime !== undefined) s.startTime = linux.startTime;
  if (linux.seed !== undefined) s.seed = linux.seed;
  if (linux.tty) s.tty = true;
  return parseScenario(s);
}

function programOf(file: string): ScenarioProgram {
  const path = resolve(file);
  for (const e of EXAMPLES) {
    try {
      if (resolve(packageFile(`programs/${e.file}`)) === path) return { example: e.name };
    } catch {
      // an example that is not built is not this file
    }
  }
  const name = basename(file);
  if (file.endsWith(".asm")) return { asm: new TextDecoder().decode(readInput(file, "the source")), name };
  const data = readInput(file, "the program");
  return isElf(data) ? { elf: bytesToBase64(data), name } : { bin: bytesToBase64(data), name };
}
