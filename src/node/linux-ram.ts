// Measures what RAM from the program's lowest page saves a Linux program linked at ld's default
// 0x08048000: RAM per module, and a resync's length in cycles (a dmr hot swap) and host copy
// time, with the RAM it gets now and with what it got when RAM started at address 0 (16 MiB
// above its highest byte). Usage: node linux-ram.mjs PROGRAM.elf (see README, Standard binaries).
import { readFileSync } from "node:fs";
import { CpuModule } from "../core/module";
import { Lockstep, DEFAULT_DISK, DEFAULT_RESYNC_CHUNK } from "../harness/lockstep";
import { Resync } from "../harness/resync";
import { parseFault } from "../faults/spec";
import { parseElf } from "../loader/elf";
import { defaultRamFor, loadProgram, ramOriginFor } from "../loader/process";
import { loadCoreWasm } from "./core-wasm";

const MiB = 1 << 20;
const path = process.argv[2];
if (!path) throw new Error("usage: linux-ram PROGRAM.elf");
const wasm = loadCoreWasm();
const image = parseElf(path, readFileSync(path));
const top = Math.max(...image.segments.map((s) => s.address + s.memSize));
const sizes = { before: Math.ceil(top / MiB) * MiB + 16 * MiB, now: defaultRamFor(image) };

for (const [when, ramSize] of Object.entries(sizes)) {
  const r = new Lockstep(wasm, image, { mode: "dmr", ramSize, faults: ["pull@200000/B", "insert@200001/B"].map(parseFault) }).run();
  const source = new CpuModule(wasm, { ramSize, ramOrigin: ramOriginFor(image), diskSize: DEFAULT_DISK });
  loadProgram(source, image);
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const target = new CpuModule(wasm, { ramSize, ramOrigin: ramOriginFor(image), diskSize: DEFAULT_DISK });
    const t = performance.now();
    const job = new Resync(target, 0, DEFAULT_RESYNC_CHUNK);
    while (!job.copyChunk(source));
    job.finish(source);
    best = Math.min(best, performance.now() - t);
  }
  const cycles = r.resyncs[0]?.cycles ?? NaN;
  console.log(`${when}: RAM per module ${ramSize / MiB} MiB (+ as much again in check bytes), resync ${cycles} cycles, copy ${best.toFixed(0)} ms`);
}
