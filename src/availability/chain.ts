// The states of a machine of n modules and where each event takes it: one definition, read both
// by the Markov model (model.ts) and by the simulation (simulate.ts), so the two describe the
// same machine. An up state counts the modules out of service awaiting a resync after a
// transient fault (t) and awaiting a replacement and a resync after a permanent one (p); the
// machine is up while one module or more is online. Down states say how service is restored:
// a reboot, or a replacement and a reboot when a part is broken.
import type { CampaignKind } from "../campaign/space";
import type { Mode } from "../harness/lockstep";
import type { OutcomeClass } from "./coverage";
import { MODULES } from "../campaign/experiment";
import { TRANSIENT_KINDS } from "./rates";

export type State = { up: true; t: number; p: number } | { up: false; restore: "reboot" | "replace" };

export const ALL_UP: State = { up: true, t: 0, p: 0 };

export const key = (s: State) => (s.up ? `up:${s.t}:${s.p}` : `down:${s.restore}`);

/** Every state of a machine of `modules` modules: the up states, then the two down states. */
export function states(modules: number): State[] {
  const out: State[] = [];
  // By modules out of service, fewest first: every repair leads to an earlier state (model.ts relies on it).
  for (let away = 0; away < modules; away++) for (let p = 0; p <= away; p++) out.push({ up: true, t: away - p, p });
  out.push({ up: false, restore: "reboot" }, { up: false, restore: "replace" });
  return out;
}

/** Modules online in an up state, and the machine size they make (what a fault there meets). */
export function online(modules: number, s: State & { up: true }): number {
  return modules - s.t - s.p;
}
const SIZE_OF: readonly Mode[] = ["simplex", "simplex", "dmr", "tmr"];
export const sizeOf = (n: number): Mode => SIZE_OF[n];
export const modulesOf = (mode: Mode) => MODULES[mode].length;

/** Where a fault of `kind` whose run ended in `cls` takes an up state. */
export function afterFault(modules: number, s: State & { up: true }, kind: CampaignKind, cls: OutcomeClass): State {
  if (cls === "none") return s;
  const transient = TRANSIENT_KINDS.has(kind);
  // Restoring a stopped machine waits for a replacement if any part is broken.
  const restore = !transient || s.p > 0 ? "replace" : "reboot";
  if (cls === "down" || online(modules, s) === 1) return { up: false, restore };
  return transient ? { up: true, t: s.t + 1, p: s.p } : { up: true, t: s.t, p: s.p + 1 };
}

export interface RepairRates {
  resync: number; // per hour, per module awaiting a resync only
  replace: number; // per hour, per module awaiting a replacement and a resync
  reboot: number; // per hour, from down:reboot
  restore: number; // per hour, from down:replace
}

/** The repairs out of a state: each module is repaired independently; a restore brings all back. */
export function repairs(s: State, r: RepairRates): Array<{ rate: number; to: State }> {
  if (!s.up) return [{ rate: s.restore === "reboot" ? r.reboot : r.restore, to: ALL_UP }];
  const out: Array<{ rate: number; to: State }> = [];
  if (s.t) out.push({ rate: s.t * r.resync, to: { up: true, t: s.t - 1, p: s.p } });
  if (s.p) out.push({ rate: s.p * r.replace, to: { up: true, t: s.t, p: s.p - 1 } });
  return out;
}
