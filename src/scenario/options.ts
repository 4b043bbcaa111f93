// A scenario made into what Lockstep takes: the program image and the machine's options. The
// page and the CLI both go through here, so a scenario runs the same wherever it is opened.
import { UserError } from "../errors";
import { flatImage, type ProgramImage } from "../loader/image";
import { parseFault } from "../faults/spec";
import type { LockstepOptions } from "../harness/lockstep";
import { findExample } from "./examples";
import { base64ToBytes } from "./base64";
import { assembleFlat, elfImage } from "./program";
import type { Scenario } from "./format";

/** Reads a built example, `file` relative to programs/ (Node: from disk; the page: fetched). */
export type ExampleReader = (file: string) => Uint8Array;

export interface ScenarioRun {
  image: ProgramImage;
  options: LockstepOptions; // mode, faults, input, disk, sizes, the Linux world; add onOutput or jit as needed
}

/** The built example a scenario needs read (relative to programs/), if any: a page fetches it first. */
export function exampleFileOf(s: Scenario): string | undefined {
  return "example" in s.program ? findExample(s.program.example)?.file : undefined;
}

// A field of a scenario that parseScenario accepted.
const bytes = (b64: string) => base64ToBytes(b64)!;

export function scenarioToOptions(s: Scenario, readExample: ExampleReader): ScenarioRun {
  const { image, argv0 } = scenarioImage(s, readExample);
  return {
    image,
    options: {
      mode: s.mode,
      ecc: s.ecc,
      epoch: s.epoch,
      ramSize: s.ram,
      maxCycles: s.maxCycles ?? undefined,
      stdin: s.stdin === undefined ? undefined : bytes(s.stdin),
      disk: s.disk === undefined ? undefined : bytes(s.disk),
      argv: [argv0, ...s.args],
      faults: s.faults.map(parseFault),
      autoReplace: s.autoReplace,
      compare: s.compare,
      linux: {
        files: (s.files ?? []).map((f) => ({ path: f.path, bytes: bytes(f.data) })),
        startTime: s.startTime,
        seed: s.seed,
        tty: s.tty ?? false,
        env: s.env ?? [],
      },
    },
  };
}

// argv[0] is what the CLI gives a program started from the repository: `programs/bin/NAME.elf`
// for an example, the file name otherwise.
function scenarioImage(s: Scenario, readExample: ExampleReader): { image: ProgramImage; argv0: string } {
  const p = s.program;
  const within = (field: string, f: () => ProgramImage) => {
    try {
      return f();
    } catch (e) {
      if (e instanceof UserError) throw new UserError(`scenario: field '${field}': ${e.message}`);
      throw e;
    }
  };
  if ("example" in p) {
    const ex = findExample(p.example)!;
    const data = readExample(ex.file);
    const name = ex.file.slice(ex.file.lastIndexOf("/") + 1);
    const image = ex.kind === "asm" ? flatImage(name, data) : within("program.example", () => elfImage(name, data));
    return { image, argv0: `programs/${ex.file}` };
  }
  if ("asm" in p) return { image: within("program.asm", () => assembleFlat(p.name, p.asm)), argv0: p.name };
  if ("elf" in p) return { image: within("program.elf", () => elfImage(p.name, bytes(p.elf))), argv0: p.name };
  return { image: flatImage(p.name, bytes(p.bin)), argv0: p.name };
}
