// A guest program on two modules, one interpreting, one translating every branch target it
// reaches (threshold 1), in run() slices of varying lengths: after each slice the journals
// (RAM, disk and output entries), registers, EFLAGS, eip, cycle and status must be identical;
// at the end, RAM, check bytes and disk too.
import * as L from "../../../assembly/layout";
import { CpuModule, type EccMode } from "../../../src/core/module";
import { serveTranslations } from "../../../src/jit/service";
import { InputFeeder } from "../../../src/harness/input";
import type { ProgramImage } from "../../../src/loader/image";
import { loadProgram } from "../../../src/loader/process";
import { Prng } from "../../../src/util/prng";
import { differences } from "./compare";

export interface ProgramRun {
  diffs: string[];
  status: number;
  exitCode: number;
  cycles: number;
  output: number[]; // bytes written to stdout and stderr, in order
  /** Instructions the translating module retired in translated blocks. */
  translated: number;
}

const RESUMABLE = new Set([L.ST_CYCLE_LIMIT, L.ST_JOURNAL_FULL, L.ST_NEED_INPUT]);

export function runProgramPair(
  wasm: WebAssembly.Module,
  img: ProgramImage,
  options: { stdin?: Uint8Array; args?: string[]; disk: Uint8Array; ecc: EccMode; seed: number },
): ProgramRun {
  const make = (jit: boolean) => {
    const m = new CpuModule(wasm, { ramSize: 4 << 20, diskSize: options.disk.length, ecc: options.ecc, jit, jitThreshold: 1, translator: serveTranslations });
    m.loadDisk(options.disk);
    loadProgram(m, img, [img.name, ...(options.args ?? [])]);
    return m;
  };
  const [a, b] = [make(false), make(true)];
  const input = new InputFeeder(options.stdin ?? new Uint8Array(0));
  input.feed([a, b]);
  const rng = new Prng(options.seed);
  const output: number[] = [];
  for (let slice = 1; ; slice++) {
    // Short slices first (blocks are installed when run() returns, so short programs get some),
    // then mostly long ones, some short ones that end a block mid-iteration.
    const n = slice <= 8 || rng.chance(0.3) ? 1 + rng.below(300) : 1 + rng.below(1 << 17);
    const sa = a.run(n);
    const sb = b.run(n);
    const diffs = differences(a, b, { ram: false });
    if (sa !== sb) diffs.unshift(`run() returned: interpreter ${sa}, translated ${sb}`);
    if (diffs.length) return finish(a, b, output, diffs.map((d) => `slice ${slice} (run(${n})): ${d}`));
    for (let i = 0; i < a.journalLength; i++) {
      const e = a.journalEntry(i);
      if (e.kind === L.J_OUT) output.push(e.value);
    }
    a.clearJournal();
    b.clearJournal();
    if (sa === L.ST_NEED_INPUT) input.feed([a, b]);
    if (!RESUMABLE.has(sa)) break;
  }
  const diffs = differences(a, b);
  if (Buffer.compare(a.disk(), b.disk()) !== 0) diffs.push("the disks differ");
  return finish(a, b, output, diffs);
}

function finish(a: CpuModule, b: CpuModule, output: number[], diffs: string[]): ProgramRun {
  return { diffs, status: a.status, exitCode: a.exitCode, cycles: a.cycle, output, translated: Number(b.getU32(L.S_JIT_RETIRED)) };
}
