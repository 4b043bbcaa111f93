// Random single faults over the guest programs, from a seed: the same seed gives the same faults.
import { Prng } from "../../src/util/prng";
import type { ProgramImage } from "../../src/loader/image";
import type { LockstepResult } from "../../src/harness/lockstep";
import { SMALL, golden, image } from "./machine";
import { RANDOM_KINDS, randomFault as generate, type FaultTarget } from "../../src/faults/random";
import type { ModuleName } from "../../src/faults/spec";

export interface Workload {
  img: ProgramImage;
  stdin?: Uint8Array;
  ref: LockstepResult;
}

const STDIN = new TextEncoder().encode("a line\nanother line\n".repeat(20));
// Mostly short programs (each case is a whole run), some longer ones that use the disk and sort.
const PROGRAMS: Array<[string, number]> = [
  ["hello.elf", 3], ["exitcode.elf", 3], ["stdin.elf", 4], ["baremetal.bin", 4], ["disk.elf", 1], ["qsort.elf", 1],
];

export function workloads(): Workload[] {
  const list: Workload[] = [];
  for (const [file, weight] of PROGRAMS) {
    const img = image(file);
    const stdin = file.startsWith("stdin") ? STDIN : undefined;
    const ref = golden(img, stdin);
    for (let i = 0; i < weight; i++) list.push({ img, stdin, ref });
  }
  return list;
}

// The same generator the campaign command draws from, aimed at the small test machine.
export function randomFault(rng: Prng, w: Workload, modules: readonly ModuleName[]): string {
  const ramSize = SMALL.ramSize!;
  const target: FaultTarget = {
    cycles: w.ref.cycles,
    segments: w.img.segments,
    ramSize,
    stackTop: ramSize - 16,
    diskSectors: SMALL.disk!.length / 512,
  };
  return generate(rng, target, modules, rng.pick(RANDOM_KINDS));
}
