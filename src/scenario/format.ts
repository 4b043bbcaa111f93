// The scenario: everything a run is made of, as plain versioned JSON that the page, the CLI and
// share links all speak. parseScenario checks every field and reports each bad one by name;
// scenarioJson writes the canonical form (fixed key order, defaults filled in).
import { UserError, jsonSyntaxMessage } from "../errors";
import type { EccMode } from "../core/module";
import type { Mode } from "../harness/lockstep";
import { COMPARE_MODES, type CompareMode } from "../harness/epoch-hash";
import { DEFAULT_EPOCH } from "../harness/epoch";
import { MODULE_NAMES, parseFaultFrom } from "../faults/spec";
import { MAX_RAM } from "../loader/process";
import { EXAMPLES, findExample } from "./examples";
import { base64ToBytes } from "./base64";
import { envProblem } from "../linux/process-config";
import { buildFileArea } from "../linux/file-area";

export const SCENARIO_VERSION = 1;
export const SCENARIO_MODES: readonly Mode[] = ["simplex", "dmr", "tmr"];
export const SCENARIO_ECC: readonly EccMode[] = ["none", "parity", "secded"];
const MODULES: Record<Mode, number> = { simplex: 1, dmr: 2, tmr: 3 };

/** The program: an example of programs/ by name, NASM source, or a file's bytes in base64. */
export type ScenarioProgram =
  | { example: string }
  | { asm: string; name: string } // assembled for 0x1000 in 32-bit mode, as `run FILE.asm`
  | { elf: string; name: string } // a static i386 ELF executable
  | { bin: string; name: string }; // a flat binary, loaded and entered at 0x1000

/** A file the program may read: its guest path (a relative one is from /, as --file takes it) and its bytes in base64. */
export interface ScenarioFile {
  path: string;
  data: string;
}

export interface Scenario {
  version: typeof SCENARIO_VERSION;
  program: ScenarioProgram;
  args: string[]; // the program's arguments (argv[1] on)
  env?: string[]; // its environment, NAME=VALUE each (--env; none when left out)
  stdin?: string; // base64
  disk?: string; // base64 disk image; its size is the disk's size
  files?: ScenarioFile[]; // files it may read (--file)
  startTime?: number; // the clock's Unix time at cycle 0 (--start-time)
  seed?: number; // getrandom's seed (--seed)
  tty?: boolean; // the console answers as a terminal (--tty)
  mode: Mode;
  ecc: EccMode;
  epoch: number;
  ram?: number; // bytes per module (default: as the CLI's --ram)
  faults: string[]; // the --inject grammar
  autoReplace: boolean;
  maxCycles: number | null;
  compare?: CompareMode; // what modules are compared on (default writes; --compare)
}

export const SCENARIO_DEFAULTS = {
  args: [] as string[], mode: "dmr" as Mode, ecc: "parity" as EccMode, epoch: DEFAULT_EPOCH,
  faults: [] as string[], autoReplace: false, maxCycles: null as number | null,
};

const FIELDS = ["version", "program", "args", "env", "stdin", "disk", "files", "startTime", "seed", "tty", "mode", "ecc", "epoch", "ram", "faults", "autoReplace", "maxCycles", "compare"];
const PROGRAM_KINDS = ["example", "asm", "elf", "bin"] as const;

export interface ScenarioProblem {
  field: string; // e.g. "epoch", "faults[2]", "program.example"
  message: string;
}

/** A scenario that fails validation: every bad field, and all of them on one line as the message. */
export class ScenarioError extends UserError {
  constructor(readonly problems: ScenarioProblem[]) {
    super(problems.map((p) => (p.field ? `scenario: field '${p.field}': ${p.message}` : `scenario: ${p.message}`)).join("; "));
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const show = (v: unknown) => (typeof v === "string" ? `'${v}'` : JSON.stringify(v));

/** Validates a scenario (JSON text or a parsed value); throws ScenarioError naming each bad field. */
export function parseScenario(input: string | unknown): Scenario {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (e) {
      throw new ScenarioError([{ field: "", message: `not valid JSON (${jsonSyntaxMessage(e)})` }]);
    }
  }
  if (!isObject(value)) throw new ScenarioError([{ field: "", message: "expected a JSON object" }]);
  const problems: ScenarioProblem[] = [];
  const bad = (field: string, message: string) => void problems.push({ field, message });
  const v = value;

  for (const key of Object.keys(v)) if (!FIELDS.includes(key)) bad(key, `unknown field (the fields are ${FIELDS.join(", ")})`);
  if (v.version === undefined) bad("version", `missing (this lockstep86 reads version ${SCENARIO_VERSION})`);
  else if (v.version !== SCENARIO_VERSION) {
    bad("version", typeof v.version === "number" && v.version > SCENARIO_VERSION
      ? `${v.version} is newer than this lockstep86 reads (${SCENARIO_VERSION})`
      : `${show(v.version)} is not a scenario version (this lockstep86 reads ${SCENARIO_VERSION})`);
  }

  const choice = <T extends string>(field: string, choices: readonly T[], dflt: T): T => {
    const x = v[field] ?? dflt;
    if (typeof x === "string" && (choices as readonly string[]).includes(x)) return x as T;
    bad(field, `${show(x)} is not one of ${choices.join(", ")}`);
    return dflt;
  };
  const integer = (field: string, min: number, max: number, dflt: number): number => {
    const x = v[field] ?? dflt;
    if (typeof x === "number" && Number.isSafeInteger(x) && x >= min && x <= max) return x;
    bad(field, `${show(x)} is not an integer between ${min} and ${max}`);
    return dflt;
  };
  const base64 = (field: string): string | undefined => {
    const x = v[field];
    if (x === undefined || x === null) return undefined;
    const bytes = typeof x === "string" ? base64ToBytes(x) : undefined;
    if (!bytes) bad(field, "expected the bytes as a base64 string");
    else if (field === "disk" && bytes.length === 0) bad(field, "the disk image is empty");
    return typeof x === "string" ? x : undefined;
  };

  const program = parseProgram(v.program, bad);
  const mode = choice("mode", SCENARIO_MODES, SCENARIO_DEFAULTS.mode);
  const ecc = choice("ecc", SCENARIO_ECC, SCENARIO_DEFAULTS.ecc);
  const epoch = integer("epoch", 1, 0xffffffff, SCENARIO_DEFAULTS.epoch);
  let ram: number | undefined;
  if (v.ram !== undefined && v.ram !== null) {
    ram = integer("ram", 1 << 20, MAX_RAM, 1 << 20);
    if (ram % 4096) bad("ram", `${ram} is not a multiple of 4 KiB`);
  }
  const maxCycles = v.maxCycles === undefined || v.maxCycles === null ? null : integer("maxCycles", 0, Number.MAX_SAFE_INTEGER, 0);
  const compare = choice("compare", COMPARE_MODES, "writes");
  const autoReplace = v.autoReplace ?? SCENARIO_DEFAULTS.autoReplace;
  if (typeof autoReplace !== "boolean") bad("autoReplace", `${show(autoReplace)} is not true or false`);

  const args = v.args ?? [];
  if (!Array.isArray(args)) bad("args", "expected an array of strings");
  else args.forEach((a, i) => typeof a !== "string" && bad(`args[${i}]`, `${show(a)} is not a string`));

  const faults = v.faults ?? [];
  if (!Array.isArray(faults)) bad("faults", "expected an array of fault specs (the --inject grammar)");
  else {
    faults.forEach((f, i) => {
      const field = `faults[${i}]`;
      if (typeof f !== "string") return bad(field, `${show(f)} is not a fault spec (the --inject grammar)`);
      try {
        const spec = parseFaultFrom(f, "");
        if (MODULE_NAMES.indexOf(spec.module) >= MODULES[mode]) bad(field, `module ${spec.module} does not exist in ${mode} mode`);
        else if (mode === "simplex" && (spec.kind === "pull" || spec.kind === "insert")) bad(field, `${spec.kind} needs a second module (mode dmr or tmr)`);
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        bad(field, e.message.trimStart());
      }
    });
  }
  const stdin = base64("stdin");
  const disk = base64("disk");
  const env = parseEnv(v.env, bad);
  const files = parseFiles(v.files, bad);
  const optionalInteger = (field: string) => (v[field] === undefined || v[field] === null ? undefined : integer(field, 0, 0xffffffff, 0));
  const startTime = optionalInteger("startTime");
  const seed = optionalInteger("seed");
  const tty = v.tty ?? false;
  if (typeof tty !== "boolean") bad("tty", `${show(tty)} is not true or false`);
  if (problems.length) throw new ScenarioError(problems);

  const s: Scenario = {
    version: SCENARIO_VERSION, program: program!, args: args as string[], mode, ecc, epoch,
    faults: faults as string[], autoReplace: autoReplace as boolean, maxCycles,
  };
  if (env?.length) s.env = env;
  if (stdin !== undefined) s.stdin = stdin;
  if (disk !== undefined) s.disk = disk;
  if (files?.length) s.files = files;
  if (startTime !== undefined) s.startTime = startTime;
  if (seed !== undefined) s.seed = seed;
  if (tty) s.tty = true;
  if (ram !== undefined) s.ram = ram;
  if (compare !== "writes") s.compare = compare; // the default is left out, as links made before it
  return s;
}

function parseEnv(env: unknown, bad: (field: string, message: string) => void): string[] | undefined {
  if (env === undefined || env === null) return undefined;
  if (!Array.isArray(env)) return bad("env", "expected an array of NAME=VALUE strings"), undefined;
  env.forEach((e, i) => {
    const problem = typeof e === "string" ? envProblem(e) : `${show(e)} is not a string`;
    if (problem) bad(`env[${i}]`, problem);
  });
  return env as string[];
}

// Each file is checked here, and then all of them as the file area lays them out (a path given
// twice, a file where another needs a directory, too many), so that a bad one is named before a run.
function parseFiles(files: unknown, bad: (field: string, message: string) => void): ScenarioFile[] | undefined {
  if (files === undefined || files === null) return undefined;
  if (!Array.isArray(files)) return bad("files", 'expected an array of {"path": ..., "data": BASE64}'), undefined;
  let ok = true;
  const decoded = files.map((f, i) => {
    const field = `files[${i}]`;
    if (!isObject(f)) return (ok = false), bad(field, 'expected {"path": ..., "data": BASE64}'), undefined;
    for (const key of Object.keys(f)) if (key !== "path" && key !== "data") (ok = false), bad(`${field}.${key}`, "unknown field (a file has path and data)");
    if (typeof f.path !== "string" || f.path === "") (ok = false), bad(`${field}.path`, `${show(f.path)} is not a path`);
    const bytes = typeof f.data === "string" ? base64ToBytes(f.data) : undefined;
    if (!bytes) (ok = false), bad(`${field}.data`, "expected the file's bytes as a base64 string");
    return { path: f.path as string, bytes: bytes! };
  });
  if (!ok) return undefined;
  try {
    buildFileArea(decoded as { path: string; bytes: Uint8Array }[], false);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    bad("files", e.message.replace(/^--file: /, ""));
  }
  return files as ScenarioFile[];
}

function parseProgram(p: unknown, bad: (field: string, message: string) => void): ScenarioProgram | undefined {
  if (p === undefined) return bad("program", `missing (one of ${PROGRAM_KINDS.map((k) => `{"${k}": ...}`).join(", ")})`), undefined;
  if (!isObject(p)) return bad("program", `expected an object: ${PROGRAM_KINDS.map((k) => `{"${k}": ...}`).join(", ")}`), undefined;
  const kinds = PROGRAM_KINDS.filter((k) => k in p);
  if (kinds.length !== 1) {
    return bad("program", kinds.length ? `give one of ${kinds.join(", ")}, not several` : `needs one of ${PROGRAM_KINDS.join(", ")}`), undefined;
  }
  const kind = kinds[0];
  const allowed = kind === "example" ? ["example"] : [kind, "name"];
  for (const key of Object.keys(p)) if (!allowed.includes(key)) bad(`program.${key}`, `unknown field for a program given as ${kind}`);
  const body = p[kind];
  if (kind === "example") {
    if (typeof body !== "string" || !findExample(body)) {
      return bad("program.example", `${show(body)} is not an example (one of ${EXAMPLES.map((e) => e.name).join(", ")})`), undefined;
    }
    return { example: body };
  }
  const name = p.name ?? (kind === "asm" ? "prog.asm" : kind === "elf" ? "a.out" : "prog.bin");
  if (typeof name !== "string" || name === "" || /[/\\]/.test(name)) bad("program.name", `${show(name)} is not a file name`);
  if (typeof body !== "string") return bad(`program.${kind}`, kind === "asm" ? "expected NASM source as a string" : "expected the file's bytes as a base64 string"), undefined;
  if (kind !== "asm") {
    const bytes = base64ToBytes(body);
    if (!bytes || bytes.length === 0) return bad(`program.${kind}`, bytes ? "the file is empty" : "expected the file's bytes as a base64 string"), undefined;
  }
  return { [kind]: body, name } as ScenarioProgram;
}

/** The canonical JSON of a scenario: fields in a fixed order, defaults written out. */
export function scenarioJson(s: Scenario, indent?: number): string {
  const ordered: Record<string, unknown> = {};
  for (const key of FIELDS) {
    const x = (s as unknown as Record<string, unknown>)[key];
    if (x !== undefined) ordered[key] = x;
  }
  return JSON.stringify(ordered, null, indent);
}
