// Random single faults over the guest programs, from a seed: the same seed gives the same faults.
import { Prng } from "../../src/util/prng";
import type { ProgramImage } from "../../src/loader/image";
import type { LockstepResult } from "../../src/harness/lockstep";
import { SMALL, golden, image } from "./machine";

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

const KINDS = ["ram", "reg", "disk", "stuck", "halt", "pull"] as const;
const REGS = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "eip", "eflags"];
const hex = (v: number) => `0x${v.toString(16)}`;

// Addresses that matter most of the time: the program's own bytes and the stack; sometimes any.
function address(rng: Prng, w: Workload): number {
  const ram = SMALL.ramSize!;
  const r = rng.below(10);
  if (r < 5) {
    const s = rng.pick(w.img.segments);
    return s.address + rng.below(Math.max(1, s.memSize));
  }
  if (r < 9) return ram - 16 - rng.below(8192);
  return rng.below(ram);
}

export function randomFault(rng: Prng, w: Workload, modules: string[]): string {
  const kind = rng.pick(KINDS);
  const cycle = rng.below(Math.max(1, w.ref.cycles));
  const mod = rng.pick(modules);
  const head = `${kind}@${cycle}/${mod}`;
  switch (kind) {
    case "ram": return `${head}:addr=${hex(address(rng, w))},bit=${rng.below(8)}`;
    case "stuck": return `${head}:addr=${hex(address(rng, w))},bit=${rng.below(8)},value=${rng.below(2)}`;
    case "reg": return `${head}:reg=${rng.pick(REGS)},bit=${rng.below(32)}`;
    case "disk": {
      const sectors = SMALL.disk!.length / 512;
      return `${head}:sector=${rng.chance(0.7) ? rng.below(64) : rng.below(sectors)},byte=${rng.below(512)},bit=${rng.below(8)}`;
    }
    default: return head;
  }
}
