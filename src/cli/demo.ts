// `lockstep86 demo` (npm start): a program in dmr under three faults a real machine meets — a
// flipped register, a flipped RAM bit, a CPU that halts — with replacement modules resynced in
// the background. Prints the program's output, the timeline, and whether the output is that of
// the fault-free run.
import type { Command } from "commander";
import pc from "picocolors";
import { loadCoreWasm } from "../node/core-wasm";
import { packageFile } from "../node/paths";
import { Lockstep } from "../harness/lockstep";
import { classifyRun, sameResult } from "../harness/outcome";
import { formatTimeline } from "../harness/timeline";
import { parseElf } from "../loader/elf";
import type { ProgramImage } from "../loader/image";
import { parseFault } from "../faults/spec";
import { readInput } from "./io";
import { stderr, stdout } from "./stdio";

const PROGRAM = "programs/bin/qsort.elf";

export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description("run qsort in dmr under a register flip, a RAM bit flip and a halted CPU, and show the timeline")
    .action(() => {
      process.exitCode = demo();
    });
}

// The RAM fault is aimed at the middle of the data segment, where qsort's array lives, so that
// it is read soon after it strikes.
function arrayAddress(image: ProgramImage): number {
  const data = image.segments[image.segments.length - 1];
  return (data.address + data.memSize / 2) & ~3;
}

function demo(): number {
  const wasm = loadCoreWasm();
  const path = packageFile(PROGRAM);
  const image = parseElf("qsort.elf", readInput(path, "the demo program"));
  const faults = [
    "reg@150000/B:reg=esp,bit=3",
    `ram@300000/A:addr=0x${arrayAddress(image).toString(16)},bit=2`,
    "halt@1200000/B",
  ];
  stdout.write(pc.bold(`lockstep86 demo: ${PROGRAM} in dmr, with --auto-replace and these faults:\n`));
  for (const f of faults) stdout.write(`  --inject ${f}\n`);
  stdout.write(pc.bold("\nprogram output:\n"));
  const result = new Lockstep(wasm, image, {
    mode: "dmr",
    autoReplace: true,
    faults: faults.map(parseFault),
    onOutput: (stream, bytes) => (stream === 1 ? stdout : stderr).write(bytes),
  }).run();
  const golden = new Lockstep(wasm, image, { mode: "simplex" }).run();
  const outcome = classifyRun(result, golden);
  stdout.write(pc.bold("\ntimeline:\n") + formatTimeline(result, outcome));
  const same = sameResult(result, golden);
  stdout.write(
    `\noutput, exit status and disk identical to the fault-free run: ${same ? pc.green("yes") : pc.red("no")}\n` +
      `try the same RAM flip without ECC, where only a vote can tell:\n` +
      `  lockstep86 run ${PROGRAM} --mode tmr --ecc none --inject ${faults[1]}\n`,
  );
  return same ? 0 : 1;
}
