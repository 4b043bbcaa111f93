// One module alone: the baseline with no protection (the lockstep machine in simplex mode).
import type { EccMode } from "../core/module";
import type { StopInfo } from "../core/status";
import type { ProgramImage } from "../loader/image";
import type { ArgBytes } from "../loader/process";
import type { OutputSink } from "./output";
import { Lockstep } from "./lockstep";

export { DEFAULT_RAM, DEFAULT_DISK, diskSizeFor } from "./lockstep";

export interface RunOptions {
  ramSize?: number;
  disk?: Uint8Array; // the disk image; its size is the disk's size
  stdin?: Uint8Array;
  maxCycles?: number;
  ecc?: EccMode;
  argv?: ArgBytes[]; // the program's arguments, argv[0] first (text, or exact bytes)
  epoch?: number;
  onOutput?: OutputSink;
  jit?: boolean; // translate hot code (default true): speed only
}

export interface RunResult {
  exitCode: number;
  cycles: number;
  stop: StopInfo;
  stdout: Uint8Array;
  stderr: Uint8Array;
  disk: Uint8Array | null; // null when the run fail-stopped (release.ts)
}

export function runSimplex(wasm: WebAssembly.Module, image: ProgramImage, opts: RunOptions = {}): RunResult {
  const r = new Lockstep(wasm, image, { ...opts, mode: "simplex", epoch: opts.epoch ?? 1 << 20 }).run();
  return { exitCode: r.exitCode, cycles: r.cycles, stop: r.stop, stdout: r.stdout, stderr: r.stderr, disk: r.disk };
}
