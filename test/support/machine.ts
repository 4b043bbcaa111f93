// Runs programs in the lockstep machine in-process, with a cache of fault-free reference runs.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadCoreWasm } from "../../src/node/core-wasm";
import { Lockstep, type LockstepOptions, type LockstepResult } from "../../src/harness/lockstep";
import { parseElf } from "../../src/loader/elf";
import { flatImage, type ProgramImage } from "../../src/loader/image";
import { parseFault } from "../../src/faults/spec";
import { ROOT } from "./cli";

export const SMALL: LockstepOptions = { ramSize: 2 << 20, disk: new Uint8Array(1 << 20), epoch: 1 << 14 };

/** The default build of every program in programs/: NAME.c as NAME.elf, NAME.asm as NAME.bin. */
export const PROGRAM_FILES: string[] = readdirSync(join(ROOT, "programs"))
  .flatMap((f) => (f.endsWith(".c") ? [f.replace(/\.c$/, ".elf")] : f.endsWith(".asm") ? [f.replace(/\.asm$/, ".bin")] : []))
  .sort();

export function image(file: string): ProgramImage {
  const data = new Uint8Array(readFileSync(join(ROOT, "programs", "bin", file)));
  return file.endsWith(".bin") ? flatImage(file, data) : parseElf(file, data);
}

export function run(img: ProgramImage, options: LockstepOptions & { inject?: string[] } = {}): LockstepResult {
  const { inject = [], ...rest } = options;
  return new Lockstep(loadCoreWasm(), img, { ...SMALL, ...rest, faults: inject.map(parseFault) }).run();
}

const goldens = new Map<string, LockstepResult>();
/** The fault-free simplex run of a program with the given stdin. */
export function golden(img: ProgramImage, stdin?: Uint8Array): LockstepResult {
  const key = `${img.name}:${stdin ? Buffer.from(stdin).toString("base64") : ""}`;
  let g = goldens.get(key);
  if (!g) {
    g = run(img, { mode: "simplex", stdin });
    goldens.set(key, g);
  }
  return g;
}

export const text = (b: Uint8Array) => Buffer.from(b).toString("latin1");

import { CpuModule } from "../../src/core/module";
import { serveTranslations } from "../../src/jit/service";
import { loadProgram } from "../../src/loader/process";
import { diskSizeFor } from "../../src/harness/lockstep";
import * as L from "../../assembly/layout";

/** Registers of a single module run to `cycle` (where faults will strike), to aim them. */
export function registersAt(img: ProgramImage, cycle: number, stdin?: Uint8Array): { esp: number; eip: number } {
  const m = new CpuModule(loadCoreWasm(), { ramSize: SMALL.ramSize!, diskSize: diskSizeFor(SMALL.disk), translator: serveTranslations });
  loadProgram(m, img);
  if (stdin) m.pushInput(stdin);
  m.setInputEof();
  while (m.cycle < cycle) {
    const st = m.run(cycle - m.cycle);
    m.clearJournal();
    if (st !== L.ST_CYCLE_LIMIT && st !== L.ST_JOURNAL_FULL) break;
  }
  return { esp: m.reg(L.ESP), eip: m.eip };
}
