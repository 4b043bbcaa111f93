// The fault scenarios the machine-level tests share (stepping, threads, time travel): together
// they reach every harness decision: rollback and retry, machine check, vote, resync, disk repair,
// input delivered in parts. Each test compares two ways of running the same scenario.
import { createHash } from "node:crypto";
import type { LockstepOptions, LockstepResult } from "../../src/harness/lockstep";
import { parseFault } from "../../src/faults/spec";
import { SMALL } from "./machine";

export interface FaultCase {
  name: string;
  file: string; // in programs/bin
  options: LockstepOptions;
  inject: string[];
}

/** Lines of letters, longer than the input ring, so the input is delivered in several parts. */
export const STDIN_LINES = new Uint8Array(40000).map((_, i) => (i % 61 === 60 ? 10 : 97 + (i % 26)));

export const FAULT_CASES = {
  qsortDemo: { name: "qsort dmr, the demo's faults (register, RAM, halt), auto-replace and resync", file: "qsort.elf", options: { mode: "dmr", autoReplace: true },
    inject: ["reg@150000/B:reg=esp,bit=3", "ram@300000/A:addr=0x1065a0,bit=2", "halt@1200000/B"] },
  // A's second fault strikes after B's in the same epoch: a straight run logs A's first.
  sieveVotes: { name: "sieve tmr, no ECC, RAM and register flips: votes and resyncs", file: "sieve.elf", options: { mode: "tmr", ecc: "none", epoch: 10000 },
    inject: ["ram@20000/A:addr=0x100800,bit=2", "reg@70400/A:reg=eax,bit=1", "reg@70000/B:reg=ecx,bit=0"] },
  fibHotSwap: { name: "fib dmr, a module pulled and inserted", file: "fib.elf", options: { mode: "dmr", epoch: 5000 },
    inject: ["pull@100000/A", "insert@200000/A"] },
  stdinRollback: { name: "stdin dmr, input in several deliveries, a register flip, a rollback", file: "stdin.elf", options: { mode: "dmr", stdin: STDIN_LINES, epoch: 30000 },
    inject: ["reg@5000/B:reg=esi,bit=3"] },
  diskRepair: { name: "disk dmr, a disk flip repaired from the mirror", file: "disk.elf", options: { mode: "dmr", epoch: 20000 },
    inject: ["disk@1000/A:sector=3,byte=5,bit=1"] },
} satisfies Record<string, FaultCase>;

/** The machine's options for a case (the tests' small RAM and disk), with its faults or others. */
export function caseOptions(c: FaultCase, faults: string[] = c.inject): LockstepOptions {
  return { ...SMALL, ...c.options, faults: faults.map(parseFault) };
}

/** Everything a run's result says, the output as text and the disk as a hash, to compare runs. */
export function resultSummary(r: LockstepResult) {
  return {
    ...r,
    stdout: Buffer.from(r.stdout).toString("latin1"),
    stderr: Buffer.from(r.stderr).toString("latin1"),
    disk: r.disk ? createHash("sha256").update(r.disk).digest("hex") : null,
  };
}
