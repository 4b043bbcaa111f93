// One module alone: the baseline with no protection. Runs in epochs, draining the journal
// (output) between them and serving input when the module asks for it.
import * as L from "../../assembly/layout";
import { CpuModule, type EccMode } from "../core/module";
import { describeStop, EXIT_MAX_CYCLES, type StopInfo } from "../core/status";
import { loadProgram } from "../loader/process";
import type { ProgramImage } from "../loader/image";
import { extractOutput, OutputBuffer, type OutputSink } from "./output";
import { InputFeeder } from "./input";

export const DEFAULT_RAM = 16 << 20;
export const DEFAULT_DISK = 4 << 20;
export const DEFAULT_EPOCH = 1 << 20;

export interface RunOptions {
  ramSize?: number;
  disk?: Uint8Array; // the disk image; its size is the disk's size
  stdin?: Uint8Array;
  maxCycles?: number;
  ecc?: EccMode;
  argv?: string[];
  epoch?: number;
  onOutput?: OutputSink;
}

export interface RunResult {
  exitCode: number;
  cycles: number;
  stop: StopInfo;
  stdout: Uint8Array;
  stderr: Uint8Array;
  disk: Uint8Array;
}

export function diskSizeFor(image?: Uint8Array): number {
  if (!image) return DEFAULT_DISK;
  return Math.max(512, Math.ceil(image.length / 512) * 512);
}

export function createModule(wasm: WebAssembly.Module, image: ProgramImage, opts: RunOptions): CpuModule {
  const m = new CpuModule(wasm, { ramSize: opts.ramSize ?? DEFAULT_RAM, diskSize: diskSizeFor(opts.disk), ecc: opts.ecc });
  if (opts.disk) m.loadDisk(opts.disk);
  loadProgram(m, image, opts.argv ?? [image.name]);
  return m;
}

export function runSimplex(wasm: WebAssembly.Module, image: ProgramImage, opts: RunOptions = {}): RunResult {
  const m = createModule(wasm, image, opts);
  const out = new OutputBuffer();
  const sink: OutputSink = (s, b) => {
    out.sink(s, b);
    opts.onOutput?.(s, b);
  };
  const input = new InputFeeder(opts.stdin ?? new Uint8Array(0));
  input.feed([m]);
  const maxCycles = opts.maxCycles ?? Infinity;
  const epoch = opts.epoch ?? DEFAULT_EPOCH;
  let stop: StopInfo | undefined;
  for (;;) {
    const budget = Math.min(epoch, maxCycles - m.cycle);
    if (budget <= 0) {
      stop = { kind: "max-cycles", exitCode: EXIT_MAX_CYCLES, message: `stopped after ${m.cycle} cycles (--max-cycles)` };
      break;
    }
    const st = m.run(budget);
    extractOutput(m.journalWords(), 0, m.journalLength, sink);
    m.clearJournal();
    if (st === L.ST_CYCLE_LIMIT || st === L.ST_JOURNAL_FULL) continue;
    if (st === L.ST_NEED_INPUT) {
      input.feed([m]);
      continue;
    }
    stop = describeStop(m, image.kind);
    break;
  }
  return {
    exitCode: stop.exitCode,
    cycles: m.cycle,
    stop,
    stdout: out.bytes(1),
    stderr: out.bytes(2),
    disk: m.disk().slice(),
  };
}
