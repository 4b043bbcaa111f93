// The speed goals `npm run bench` is held to, each read off the run's own results (geometric
// means over the programs): met or not, and beside each what this machine lets it reach, so that
// a run on a slower day or a machine with fewer cores says why a goal moved.
import type { ProgramResult } from "./bench-measure";
import { geomean, mipsOf, outsideOf, ratioOf, sig3 } from "./bench-table";

export const GOALS = {
  simplexBesideQemu: 0.25, // simplex / qemu-i386, geometric mean
  interpreterMips: 150, // --no-jit
  outsidePercent: 1, // instructions retired outside translated code, on every program
  dmrThreads: 0.85, // dmr on threads / simplex
  tmrThreads: 0.6, // tmr on threads / simplex
};

export interface Goal {
  goal: string;
  value: string; // as measured, or "n/a" when this run lacks the runners it needs
  met: boolean | null; // null: not measured
  note?: string; // what this machine lets it reach
}

const mean = (results: readonly ProgramResult[], f: (r: ProgramResult) => number | null) =>
  geomean(results.map((r) => f(r) ?? NaN));

function goal(text: string, v: number | null, met: (v: number) => boolean, format: (v: number) => string, note?: string): Goal {
  return v === null ? { goal: text, value: "n/a", met: null } : { goal: text, value: format(v), met: met(v), note };
}

const times = (v: number) => `${sig3(v)}x`;

/** The goals as one run measured them on a machine with `cores` cores. */
export function speedGoals(results: readonly ProgramResult[], cores: number): Goal[] {
  const goals: Goal[] = [];
  goals.push(goal(`simplex at ${GOALS.simplexBesideQemu}x qemu-i386 or more`,
    mean(results, (r) => ratioOf(r, "simplex", "qemu")), (v) => v >= GOALS.simplexBesideQemu, times));

  const interp = mean(results, (r) => mipsOf(r, "interp"));
  const qemu = mean(results, (r) => mipsOf(r, "qemu"));
  goals.push(goal(`the interpreter (--no-jit) at ${GOALS.interpreterMips} MIPS or more`, interp,
    (v) => v >= GOALS.interpreterMips, (v) => `${sig3(v)} MIPS`,
    interp !== null && qemu !== null ? `${times(interp / qemu)} qemu-i386's ${sig3(qemu)} MIPS on this machine` : undefined));

  const outside = results.map((r) => ({ name: r.program.name, share: outsideOf(r, "simplex") }));
  const worst = outside.reduce<{ name: string; share: number } | null>(
    (w, o) => (o.share !== null && (w === null || o.share > w.share) ? { name: o.name, share: o.share } : w), null);
  const all = outside.every((o) => o.share !== null);
  goals.push({
    goal: `instructions retired outside translated code under ${GOALS.outsidePercent}% on every program`,
    value: worst && all ? `at most ${worst.share.toFixed(2)}% (${worst.name})` : "n/a",
    met: worst && all ? worst.share < GOALS.outsidePercent : null,
  });

  // Two modules at once with nothing compared: about as fast as dmr can be on this machine's cores
  // (measured separately, so a run can put dmr a little above it).
  const pair = mean(results, (r) => ratioOf(r, "simplex-pair", "simplex"));
  const ofPair = mean(results, (r) => ratioOf(r, "dmr-threads", "simplex-pair"));
  goals.push(goal(`dmr on threads at ${GOALS.dmrThreads}x simplex or more`,
    mean(results, (r) => ratioOf(r, "dmr-threads", "simplex")), (v) => v >= GOALS.dmrThreads, times,
    pair !== null && ofPair !== null
      ? `simplex-pair/simplex ${times(pair)}, two modules at once with nothing compared; dmr on threads ran at ${sig3(ofPair)} of that`
      : undefined));

  // tmr's three modules need half as much work again as the pair's two. Run at the pair's pace
  // per module, on min(cores, 3) cores where the pair had min(cores, 2), they reach this share of
  // the pair's speed: what tmr can be expected to reach here.
  const tmrShare = (2 * Math.min(cores, 3)) / (3 * Math.min(cores, 2));
  const tmrBound = pair !== null ? pair * tmrShare : null;
  goals.push(goal(`tmr on threads at ${GOALS.tmrThreads}x simplex or more`,
    mean(results, (r) => ratioOf(r, "tmr-threads", "simplex")), (v) => v >= GOALS.tmrThreads, times,
    tmrBound !== null
      ? `three modules on ${cores} core${cores === 1 ? "" : "s"} at the pair's pace would run at ${tmrShare === 1 ? "" : `${sig3(tmrShare)} of `}simplex-pair/simplex, ${times(tmrBound)}`
      : undefined));
  return goals;
}

export function formatGoals(goals: readonly Goal[], cores: number): string[] {
  return [
    `Speed goals (geometric means over the programs; ${cores} cores):`,
    "",
    ...goals.map((g) => {
      const verdict = g.met === null ? "not measured" : g.met ? "met" : "not met";
      return `- ${g.goal}: ${g.value}, ${verdict}${g.note ? ` (${g.note})` : ""}`;
    }),
  ];
}
