// Judging a run against a fault-free ("golden") run of the same program: the run-level outcome
// and, for the report, which detection and recovery followed each injected fault. This is
// bookkeeping after the fact; the machine itself never sees the fault list.
import type { FaultSpec } from "../faults/spec";
import type { MachineEvent } from "./events";
import type { LockstepResult } from "./lockstep";
import type { StreamSummary } from "./output";
import { sameBytes } from "../util/bytes";

export type Outcome = "benign" | "masked" | "detected" | "sdc" | "crash" | "hang";
export const OUTCOMES: readonly Outcome[] = ["benign", "masked", "detected", "sdc", "crash", "hang"];

export interface FaultReport {
  spec: string;
  injectedAt: number | null;
  detectedAt: number | null;
  outcome: Outcome | "not-applied";
  recovery: string;
}

/** Whether two final disks are equal (a caller that knows which parts may differ compares less). */
export type DiskEquality = (disk: Uint8Array, golden: Uint8Array) => boolean;

const sameDisk = (a: Uint8Array | null, b: Uint8Array | null, eq: DiskEquality) => a === b || (a !== null && b !== null && eq(a, b));
const isPrefix = (p: Uint8Array, of: Uint8Array) => p.length <= of.length && sameBytes(p, of.subarray(0, p.length));

// Whole streams are compared by length and hash (a run keeps only the start of its output),
// and the bytes both runs kept are compared too.
const sameStream = (a: StreamSummary, b: StreamSummary) => a.length === b.length && a.hash === b.hash;

/** Output, exit status and final disk identical to the golden run. */
export function sameResult(r: LockstepResult, golden: LockstepResult, diskEq: DiskEquality = sameBytes): boolean {
  return r.exitCode === golden.exitCode && r.stop.kind === golden.stop.kind &&
    sameStream(r.streams.stdout, golden.streams.stdout) && sameStream(r.streams.stderr, golden.streams.stderr) &&
    sameBytes(r.stdout, golden.stdout) && sameBytes(r.stderr, golden.stderr) && sameDisk(r.disk, golden.disk, diskEq);
}

/**
 * A fail-stop is `detected` only if it kept its promise (release.ts): the console output it
 * released is a prefix of the fault-free run's, and no disk image left the machine.
 */
export function failStopHeld(r: LockstepResult, golden: LockstepResult): boolean {
  return r.disk === null &&
    r.streams.stdout.length <= golden.streams.stdout.length && r.streams.stderr.length <= golden.streams.stderr.length &&
    isPrefix(r.stdout, golden.stdout) && isPrefix(r.stderr, golden.stderr);
}

const DETECTIONS = new Set(["divergence", "machine-check", "offline", "corrected"]);

export function detected(r: LockstepResult): boolean {
  return r.events.some((e) => DETECTIONS.has(e.kind));
}

export function classifyRun(r: LockstepResult, golden: LockstepResult, diskEq: DiskEquality = sameBytes): Outcome {
  if (r.failStop) return failStopHeld(r, golden) ? "detected" : "sdc";
  if (sameResult(r, golden, diskEq)) return detected(r) ? "masked" : "benign";
  if (r.stop.kind === "max-cycles") return "hang";
  if (r.stop.kind === "fault" || r.stop.kind === "stopped") return "crash";
  return "sdc";
}

// The first detection at or after the fault's cycle that concerns its module (or no module in
// particular, as a divergence does), and what the machine did about it.
function detectionOf(f: FaultSpec, at: number, events: MachineEvent[]): { cycle: number; recovery: string } | undefined {
  const i = events.findIndex((e) => e.cycle >= at && DETECTIONS.has(e.kind) && (!e.module || e.module === f.module));
  if (i < 0) return undefined;
  const after = events.slice(i + 1).find((e) => ["rollback", "repair", "vote", "offline", "fail-stop", "resync-start"].includes(e.kind));
  const first = events[i];
  let recovery = "none";
  if (first.kind === "corrected") recovery = "corrected by SEC-DED";
  else if (first.kind === "offline") recovery = `module ${first.module} offline`;
  else if (after?.kind === "vote") {
    // Name who was outvoted: with identical faults on two modules it is the third.
    const names = events.slice(i + 1).filter((e) => e.kind === "vote" && e.cycle === after.cycle).map((e) => e.module);
    recovery = `module${names.length > 1 ? "s" : ""} ${names.join(", ")} outvoted`;
  } else if (after) {
    recovery = {
      rollback: "rollback and retry",
      repair: "sector repaired from the mirror",
      offline: `module ${after.module} offline`,
      "fail-stop": "fail-stop",
      "resync-start": "resync",
    }[after.kind as string] ?? after.kind;
  }
  return { cycle: first.cycle, recovery };
}

export function faultReports(r: LockstepResult, golden: LockstepResult): FaultReport[] {
  const run = classifyRun(r, golden);
  return r.injected.map(({ spec, injectedAt, applied }) => {
    if (!applied || injectedAt === undefined) {
      return { spec: spec.text, injectedAt: null, detectedAt: null, outcome: "not-applied", recovery: "none" };
    }
    const d = detectionOf(spec, injectedAt, r.events);
    let outcome: Outcome;
    if (!d) outcome = run === "masked" ? "benign" : run;
    else if (r.failStop) outcome = run;
    else outcome = sameResult(r, golden) ? "masked" : run;
    return { spec: spec.text, injectedAt, detectedAt: d?.cycle ?? null, outcome, recovery: d?.recovery ?? "none" };
  });
}
