// Run by scripts/measure-x87.mjs (bundled there with esbuild): runs one ELF in the lockstep
// machine (simplex, translation on or off as asked) and prints its stdout, cycles and seconds.
// scripts/measure-interp.mjs runs it too, and may name another build of the core to load.
import { readFileSync } from "node:fs";
import { Lockstep } from "../src/harness/lockstep";
import { parseElf } from "../src/loader/elf";
import { loadCoreWasm } from "../src/node/core-wasm";

const [elf, jit, core] = process.argv.slice(2);
const image = parseElf(elf, new Uint8Array(readFileSync(elf)));
const wasm = core ? new WebAssembly.Module(readFileSync(core)) : loadCoreWasm();
const start = process.hrtime.bigint();
const r = new Lockstep(wasm, image, { mode: "simplex", argv: ["prog"], maxCycles: 4_000_000_000, jit: jit === "jit" }).run();
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ stdout: Buffer.from(r.stdout).toString(), cycles: r.cycles, seconds, exitCode: r.exitCode }));
