// Shrinks a case on which the modules differ to one that still differs the same way (its first
// difference names the same field): later steps go, then host events and slices, slices get
// shorter, instructions, gaps and data pointers go. Greedy, one change at a time.
import type { JitCase } from "./case";
import { runCase, type Machines } from "./pair";

const field = (diff: string) => diff.replace(/\[\d+\]/, "").split(":")[0];

export function reduceCase(machines: Machines, original: JitCase, budget = 400): JitCase {
  const first = runCase(machines, original);
  if (first.step === undefined) return original;
  const want = field(first.diffs[0]);
  let tries = 0;
  const fails = (c: JitCase) => {
    tries++;
    try {
      const o = runCase(machines, c);
      return o.step !== undefined && field(o.diffs[0]) === want;
    } catch {
      return false; // a reduction that no longer links (a short jump out of reach)
    }
  };
  let c: JitCase = { ...original, id: `${original.id} reduced`, schedule: original.schedule.slice(0, first.step + 1) };
  // Passes over every kind of change, keeping each that still fails, until a pass changes nothing.
  for (let progress = true; progress && tries < budget; ) {
    progress = false;
    for (const kind of CHANGES) {
      for (let i = 0; tries < budget; i++) {
        const next = kind(c, i);
        if (next === undefined) break;
        if (next !== c && fails(next)) {
          c = next;
          progress = true;
          i--; // the same position holds something else now
        }
      }
    }
  }
  return c;
}

// Change number i of a kind (undefined: no more; the case itself: nothing to change there).
type Change = (c: JitCase, i: number) => JitCase | undefined;

const dropStep: Change = (c, i) =>
  i >= c.schedule.length - 1 ? undefined : { ...c, schedule: c.schedule.filter((_, k) => k !== i) };

const shortenRun: Change = (c, i) => {
  if (i >= c.schedule.length * 3) return undefined;
  const at = Math.floor(i / 3);
  const s = c.schedule[at];
  if (!("run" in s) || s.run <= 1) return c;
  const n = [1, s.run >> 1, s.run - 1][i % 3];
  return n < 1 || n >= s.run ? c : { ...c, schedule: c.schedule.map((x, k) => (k === at ? { run: n } : x)) };
};

const dropInsn: Change = (c, i) => {
  for (let s = 0; s < c.sections.length; s++) {
    const n = c.sections[s].insns.length;
    if (i < n) return { ...c, sections: c.sections.map((sec, j) => (j === s ? { ...sec, insns: sec.insns.filter((_, x) => x !== i) } : sec)) };
    i -= n;
  }
  return undefined;
};

const dropGap: Change = (c, i) =>
  i >= c.sections.length ? undefined : c.sections[i].gap === 0 ? c : { ...c, sections: c.sections.map((sec, j) => (j === i ? { ...sec, gap: 0 } : sec)) };

const dropRef: Change = (c, i) => (i >= c.dataRefs.length ? undefined : { ...c, dataRefs: c.dataRefs.filter((_, k) => k !== i) });

const CHANGES = [dropStep, shortenRun, dropInsn, dropGap, dropRef];
