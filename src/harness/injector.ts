// Fault injection: runs each module to the epoch's end, stopping it at the cycles where its faults
// strike to apply them to its hardware. It writes "fault" events for the report; the harness
// never reads the fault list or those events to decide anything.
import * as L from "../../assembly/layout";
import type { CpuModule } from "../core/module";
import type { FaultSpec, ModuleName } from "../faults/spec";
import { applyFault } from "../faults/inject";
import type { EventLog } from "./events";

interface Pending {
  spec: FaultSpec;
  fired: boolean;
  applied: boolean;
  injectedAt?: number;
}

export interface InjectorState {
  readonly faults: readonly Pending[];
  readonly pulled: readonly ModuleName[];
}

export class Injector {
  private readonly faults: Pending[];
  private readonly pulled = new Set<ModuleName>();

  constructor(faults: FaultSpec[], private readonly log: EventLog) {
    this.faults = [...faults].sort((a, b) => a.cycle - b.cycle).map((spec) => ({ spec, fired: false, applied: false }));
  }

  /** Its progress through the fault list, to be given back by restore() (time travel). */
  capture(): InjectorState {
    return { faults: this.faults.map((p) => ({ ...p })), pulled: [...this.pulled] };
  }

  restore(s: InjectorState): void {
    this.faults.splice(0, this.faults.length, ...s.faults.map((p) => ({ ...p })));
    this.pulled.clear();
    for (const n of s.pulled) this.pulled.add(n);
  }

  isPulled(name: ModuleName): boolean {
    return this.pulled.has(name);
  }

  /** Runs m until `target` or until it stops for another reason, applying its faults on the way. */
  runTo(name: ModuleName, m: CpuModule, target: number): void {
    if (this.pulled.has(name)) return;
    for (;;) {
      const due = this.next(name, m.cycle, target);
      if (due && due.spec.cycle === m.cycle) {
        this.fire(due, name, m);
        if (this.pulled.has(name)) return;
        continue;
      }
      const stopAt = due ? due.spec.cycle : target;
      if (m.cycle >= stopAt) return;
      if (m.run(stopAt - m.cycle) !== L.ST_CYCLE_LIMIT || m.cycle >= target) return;
    }
  }

  /** Applies the module's faults due at exactly its cycle, without running it (a step that stops at a fault). */
  fireDue(name: ModuleName, m: CpuModule): void {
    // As runTo's loop does before it runs: faults gone by are noted, those of this cycle applied.
    while (!this.pulled.has(name)) {
      const due = this.next(name, m.cycle, m.cycle + 1);
      if (!due) return;
      this.fire(due, name, m);
    }
  }

  /** The cycle of the module's next unfired fault at or after `from` (Infinity if none). */
  nextFault(name: ModuleName, from: number): number {
    const p = this.faults.find((x) => !x.fired && x.spec.module === name && x.spec.kind !== "insert" && x.spec.cycle >= from);
    return p ? p.spec.cycle : Infinity;
  }

  /** A fault added during the run: it goes where it would be in the list given up front (after those of its cycle). */
  add(spec: FaultSpec): void {
    let i = this.faults.length;
    while (i > 0 && this.faults[i - 1].spec.cycle > spec.cycle) i--;
    this.faults.splice(i, 0, { spec, fired: false, applied: false });
  }

  // The next unfired fault of this module in [now, target); faults whose cycle went by while
  // the module was not running (offline, being resynced) never strike.
  private next(name: ModuleName, now: number, target: number): Pending | undefined {
    for (const p of this.faults) {
      if (p.fired || p.spec.module !== name || p.spec.kind === "insert") continue;
      if (p.spec.cycle < now) {
        p.fired = true;
        this.log.add(now, "fault", `${p.spec.text} not applied: module ${name} was not online at cycle ${p.spec.cycle}`, name);
        continue;
      }
      return p.spec.cycle < target ? p : undefined;
    }
    return undefined;
  }

  private fire(p: Pending, name: ModuleName, m: CpuModule): void {
    p.fired = true;
    p.applied = true;
    p.injectedAt = m.cycle;
    this.log.add(m.cycle, "fault", p.spec.text, name);
    if (p.spec.kind === "pull") this.pulled.add(name);
    else applyFault(m, p.spec);
  }

  /** Insert faults due by `cycle` (a module slides in at the machine's next checkpoint). */
  insertionsDue(cycle: number): FaultSpec[] {
    const due: Pending[] = this.faults.filter((p) => !p.fired && p.spec.kind === "insert" && p.spec.cycle <= cycle);
    for (const p of due) {
      p.fired = true;
      p.applied = true;
      p.injectedAt = cycle;
      this.log.add(cycle, "fault", p.spec.text, p.spec.module);
      this.pulled.delete(p.spec.module);
    }
    return due.map((p) => p.spec);
  }

  /** An insert into a slot that holds a module does nothing: it is reported not applied. */
  ignored(spec: FaultSpec): void {
    const p = this.faults.find((x) => x.spec === spec);
    if (p) p.applied = false;
  }

  /** Says of each fault that never struck that the run ended first. */
  logUnfired(end: number): void {
    for (const p of this.faults) {
      if (p.fired) continue;
      p.fired = true;
      const why = p.spec.kind === "insert" && p.spec.cycle <= end
        ? `the run ended at cycle ${end}, before the next checkpoint (a module slides in at a checkpoint)`
        : `the run ended at cycle ${end}`;
      this.log.add(end, "fault", `${p.spec.text} not applied: ${why}`, p.spec.module);
    }
  }

  report(): Array<{ spec: FaultSpec; injectedAt?: number; applied: boolean }> {
    return this.faults.map((p) => ({ spec: p.spec, injectedAt: p.injectedAt, applied: p.applied }));
  }
}
