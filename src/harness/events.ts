// The machine's event log: every event is stamped with the cycle it happened at.
import type { ModuleName } from "../faults/spec";

export type EventKind =
  | "fault" // a fault was injected (written by the injector, never read by the harness)
  | "divergence" // the first journal entry or register state where online modules differ
  | "machine-check" // ECC or a disk checksum named a module
  | "corrected" // SEC-DED corrected single-bit errors on a module
  | "rollback" // every online module returned to the last checkpoint
  | "retry-agreed" // the re-execution agreed: the fault was transient and is masked
  | "repair" // a bad disk sector was rewritten from the partner's mirror copy
  | "vote" // tmr: a majority outvoted one module
  | "offline" // a module was taken out of the lockstep
  | "insert" // a fresh module was slid into an empty slot
  | "resync-start"
  | "resync-pause"
  | "resync-done"
  | "output" // output committed: every online module agreed on it
  | "fail-stop" // dmr could not tell which module is right: stop, release nothing wrong
  | "stop"; // the program ended

export interface MachineEvent {
  cycle: number;
  kind: EventKind;
  module?: ModuleName;
  detail: string;
}

export class EventLog {
  readonly events: MachineEvent[] = [];
  add(cycle: number, kind: EventKind, detail: string, module?: ModuleName): void {
    this.events.push(module ? { cycle, kind, module, detail } : { cycle, kind, detail });
  }
}
