// Which of the machine's mechanisms acted on a fault: read from the events the harness logged
// (the harness never sees the fault list; this is bookkeeping after the run).
import type { MachineEvent } from "../harness/events";
import type { ModuleName } from "../faults/spec";

export const MECHANISMS = ["machine check", "retry", "vote", "dropped module", "sector repair", "secded", "fail-stop"] as const;
export type Mechanism = (typeof MECHANISMS)[number];

const DETECTIONS = new Set(["divergence", "machine-check", "offline", "corrected"]);
const ACTIONS = new Set(["rollback", "repair", "vote", "offline", "fail-stop"]);

/** The first detection at or after `at` concerning `module` (or no module in particular, as a
 *  divergence), its cycle and the mechanism that handled it; undefined if nothing noticed. */
export function mechanismOf(events: readonly MachineEvent[], at: number, module: ModuleName): { cycle: number; mechanism: Mechanism } | undefined {
  const i = events.findIndex((e) => e.cycle >= at && DETECTIONS.has(e.kind) && (!e.module || e.module === module));
  if (i < 0) return undefined;
  const first = events[i];
  const after = events.slice(i + 1);
  const next = after.find((e) => ACTIONS.has(e.kind));
  // What followed, up to the next detection: a disk sector found bad by a read is repaired after
  // the rollback that takes the machine back to run the epoch again with the good copy.
  const end = after.findIndex((e) => DETECTIONS.has(e.kind));
  const repaired = (end < 0 ? after : after.slice(0, end)).some((e) => e.kind === "repair");
  let mechanism: Mechanism;
  switch (first.kind) {
    case "corrected": mechanism = "secded"; break;
    case "offline": mechanism = "dropped module"; break;
    case "machine-check": mechanism = repaired ? "sector repair" : "machine check"; break;
    default:
      mechanism = next?.kind === "vote" ? "vote" : next?.kind === "offline" ? "dropped module" : next?.kind === "fail-stop" ? "fail-stop" : "retry";
  }
  return { cycle: first.cycle, mechanism };
}
