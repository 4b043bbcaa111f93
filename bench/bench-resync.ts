// Resyncing a 16 MiB module: its length in cycles comes from a real hot swap in a dmr run (pull,
// then insert); the host's wall time to copy a module comes from timing the same copy (every
// chunk, then the pause) between two fresh modules. The harness itself never reads a clock.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CpuModule } from "../src/core/module";
import { serveTranslations } from "../src/jit/service";
import { Lockstep, DEFAULT_RAM, DEFAULT_DISK, DEFAULT_RESYNC_CHUNK, DEFAULT_EPOCH } from "../src/harness/lockstep";
import { Resync } from "../src/harness/resync";
import { parseFault } from "../src/faults/spec";
import { parseElf } from "../src/loader/elf";
import { loadProgram } from "../src/loader/process";
import { repoRoot } from "./bench-build";
import { loadCoreWasm } from "../src/node/core-wasm";

export interface ResyncMeasure {
  program: string;
  ramMiB: number;
  diskMiB: number;
  chunkMiB: number;
  epoch: number;
  cycles: number; // from the insert to the pair duplexed again
  pauseBytes: number;
  pausePages: number;
  copyMs: number; // best wall time to copy a whole module (chunks and pause)
  copyMiBps: number;
}

export function measureResync(runs: number): ResyncMeasure {
  const wasm = loadCoreWasm();
  const program = "crc32.elf";
  const image = parseElf(program, readFileSync(join(repoRoot(), "programs", "bin", program)));
  const r = new Lockstep(wasm, image, {
    mode: "dmr",
    faults: ["pull@1000000/A", "insert@1000001/A"].map(parseFault),
  }).run();
  const done = r.resyncs[0];
  if (!done) throw new Error("resync measurement: the inserted module never came back online");

  const source = new CpuModule(wasm, { ramSize: DEFAULT_RAM, diskSize: DEFAULT_DISK, translator: serveTranslations });
  loadProgram(source, image);
  let best = Infinity;
  for (let i = 0; i < Math.max(1, runs); i++) {
    const target = new CpuModule(wasm, { ramSize: DEFAULT_RAM, diskSize: DEFAULT_DISK, translator: serveTranslations });
    const t = performance.now();
    const job = new Resync(target, 0, DEFAULT_RESYNC_CHUNK);
    while (!job.copyChunk(source));
    job.finish(source);
    best = Math.min(best, performance.now() - t);
  }
  const bytes = (DEFAULT_RAM * 2 + DEFAULT_DISK) / (1 << 20); // RAM with its check bytes, disk
  return {
    program,
    ramMiB: DEFAULT_RAM >> 20,
    diskMiB: DEFAULT_DISK >> 20,
    chunkMiB: DEFAULT_RESYNC_CHUNK >> 20,
    epoch: DEFAULT_EPOCH,
    cycles: done.cycles,
    pauseBytes: done.pause.bytes,
    pausePages: done.pause.pages,
    copyMs: best,
    copyMiBps: bytes / (best / 1000),
  };
}
