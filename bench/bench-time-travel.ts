// `npm run measure:time-travel` (dist/bench-time-travel.js): how long going back takes in a long
// run, and the memory time travel holds. Not a test: it prints numbers for the README.
//
// qsort and sieve, built at the benchmark's full sizes, run 10^8 cycles (--max-cycles) in dmr
// and tmr under a time machine with its default number of saved states; then the machine goes to
// 40 seeded random points of the run (back and forth), each timed from the call to the
// machine standing there.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBenchPrograms } from "./bench-build";
import { BENCH_PROGRAMS } from "./bench-programs";
import { loadCoreWasm } from "../src/node/core-wasm";
import { parseElf } from "../src/loader/elf";
import { Lockstep, type Mode } from "../src/harness/lockstep";
import { TimeMachine, DEFAULT_MAX_SAVED } from "../src/harness/time-travel";
import { Prng } from "../src/util/prng";

const CYCLES = 100_000_000;
const VISITS = 40;
const MiB = 1 << 20;

const dir = mkdtempSync(join(tmpdir(), "lockstep86-tt-"));
try {
  const wanted = BENCH_PROGRAMS.filter((p) => p.name === "qsort" || p.name === "sieve");
  const build = buildBenchPrograms(wanted, "full", dir, { nativeX64: false });
  for (const n of build.notes) console.log(`note: ${n}`);
  const wasm = loadCoreWasm();
  console.log(`time travel in runs of ${CYCLES.toLocaleString("en-US")} cycles, ${DEFAULT_MAX_SAVED} saved states at most, ${VISITS} random points each`);
  console.log("");
  console.log("| program | mode | run s | run with time travel s | saved states | spacing (replay work) | memory held MiB | go to a point: median ms | p90 ms | max ms |");
  console.log("| ------- | ---- | ----: | ---------------------: | -----------: | ---------------: | --------------: | -----------------------: | -----: | -----: |");
  for (const p of build.programs) {
    const image = parseElf(`${p.name}.elf`, new Uint8Array(readFileSync(p.elf)));
    for (const mode of ["dmr", "tmr"] as Mode[]) {
      const options = { mode, maxCycles: CYCLES };
      let t = performance.now();
      const plain = new Lockstep(wasm, image, options).run();
      const plainS = (performance.now() - t) / 1000;
      t = performance.now();
      const tm = new TimeMachine(wasm, image, options);
      tm.advance({ by: "end" });
      const travelS = (performance.now() - t) / 1000;
      if (tm.machine.finished!.cycles !== plain.cycles) throw new Error("the time machine's run differs from the plain run");
      const rnd = new Prng(86);
      const times: number[] = [];
      for (let i = 0; i < VISITS; i++) {
        const at = rnd.below(tm.end + 1);
        const t0 = performance.now();
        tm.goToTime(at);
        times.push(performance.now() - t0);
        if (tm.time !== at && !tm.machine.finished) throw new Error(`went to ${tm.time}, not ${at}`);
      }
      times.sort((a, b) => a - b);
      const q = (f: number) => times[Math.min(times.length - 1, Math.floor(f * times.length))].toFixed(0);
      const mem = tm.memory;
      console.log(`| ${p.name} (${p.size}) | ${mode} | ${plainS.toFixed(2)} | ${travelS.toFixed(2)} | ${mem.saved} | ${Math.round(mem.spacing).toLocaleString("en-US")} | ${(mem.bytes / MiB).toFixed(1)} | ${q(0.5)} | ${q(0.9)} | ${times[times.length - 1].toFixed(0)} |`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
