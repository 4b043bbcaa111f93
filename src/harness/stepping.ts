// Stepping the lockstep machine. An epoch is still what it always was: every online module runs
// from the checkpoint to the epoch's target, then the harness settles (compares, checkpoints,
// rolls back ...). A step only chooses how far the online modules get inside the current epoch
// before control returns to the caller, so a run's decisions are the same however it is cut:
// comparisons happen at the same cycles, faults strike at the same cycles, and the event log is
// the one a straight run writes (see orderEpochEvents).
import * as L from "../../assembly/layout";
import { MODULE_NAMES, type ModuleName } from "../faults/spec";
import type { MachineEvent } from "./events";

export type StepTarget =
  | { by: "instruction" } // every online module retires one more instruction
  | { by: "epoch" } // to the end of the current epoch (its compare and checkpoint)
  | { by: "cycle"; cycle: number } // until the machine's cycle >= cycle (or it ends)
  | { by: "event" } // until at least one new event is logged
  | { by: "time"; time: number } // until the machine's history clock >= time (see EpochMachine.time)
  | { by: "end" }; // to the end of the run

export interface StepReport<R> {
  cycle: number; // the machine's cycle now (the lead online module's retired count)
  events: MachineEvent[]; // events logged by this call, in log order
  finished?: R; // set once the run is over
}

/** What the stepper needs of the machine (Lockstep gives it its private parts through this). */
export interface EpochMachine<R> {
  readonly events: MachineEvent[];
  /** Services the slots at a checkpoint; the epoch's target cycle, or the result if the run ends here. */
  beginEpoch(): number | R;
  /** The online modules, in slot order, with their cycle and status. */
  online(): Array<{ name: ModuleName; cycle: number; status: number }>;
  /** Runs the modules towards `stop` at once, each applying its faults on the way (the injector);
   *  with run false, only applies each one's faults due at exactly its cycle. `epochEnd` is the
   *  epoch's target (a module done with the epoch hashes it where it runs). */
  runModules(names: ModuleName[], stop: number, run: boolean, epochEnd: number): void;
  /** The cycle of the module's next fault at or after `from`, or Infinity. */
  nextFault(name: ModuleName, from: number): number;
  isPulled(name: ModuleName): boolean;
  /** Compares and checkpoints once every online module finished the epoch; the result if the run ends. */
  settle(target: number): R | undefined;
  /** The machine's cycle (lead online module). */
  cycle(): number;
  /** The history clock: the cycle plus every cycle undone by rollbacks, so it never goes back. */
  time(): number;
  /** Called between epochs (before the next one begins), where the machine can be captured. */
  boundary?(): void;
}

/** What the stepper keeps between epochs, for time travel. */
export interface StepperState {
  finished: unknown;
  reached: number;
}

export class Stepper<R> {
  finished?: R;
  /** The highest cycle any module has reached: a fault added now must not strike before it. */
  reached = 0;
  private running = false; // inside an epoch (else at a checkpoint, before serviceSlots)
  private target = 0; // the current epoch's target cycle
  private epochStart = 0; // index in the log of the epoch's first fault event
  private readonly done = new Set<ModuleName>(); // modules that finished the current epoch

  constructor(private readonly machine: EpochMachine<R>) {}

  /** Between epochs: no module is inside one, so the machine can be captured and restored. */
  get atBoundary(): boolean {
    return !this.running;
  }

  capture(): StepperState {
    return { finished: this.finished, reached: this.reached };
  }

  restore(s: StepperState): void {
    this.finished = s.finished as R | undefined;
    this.reached = s.reached;
    this.running = false;
    this.done.clear();
  }

  advance(target: StepTarget, budget = Infinity): StepReport<R> {
    const mc = this.machine;
    const events = mc.events;
    if (this.finished) return { cycle: mc.cycle(), events: [], finished: this.finished };
    // Events before the epoch's start never move; those after it may be reordered (below).
    const stable = Math.min(events.length, this.running ? this.epochStart : events.length);
    const seen = new Set(events.slice(stable));
    const startCount = events.length;
    let executed = 0;
    let batches = 0;
    let settled = 0;
    for (;;) {
      if (target.by === "instruction" && batches > 0) break;
      if (target.by === "epoch" && settled > 0) break;
      if (target.by === "event" && events.length > startCount) break;
      if (target.by === "cycle" && mc.cycle() >= target.cycle) break;
      if (target.by === "time" && mc.time() >= target.time) break;
      if (executed >= budget) break;
      if (!this.running) {
        mc.boundary?.();
        const t = mc.beginEpoch();
        if (typeof t !== "number") {
          this.finished = t;
          break;
        }
        this.target = t;
        this.running = true;
        this.done.clear();
        this.epochStart = events.length;
        continue; // the slots' servicing may have logged the event asked for
      }
      executed += this.runBatch(target, budget - executed);
      batches++;
      if (mc.online().every((s) => this.done.has(s.name))) {
        this.running = false;
        settled++;
        const end = mc.settle(this.target);
        if (end) {
          this.finished = end;
          break;
        }
      }
    }
    return { cycle: mc.cycle(), events: events.slice(stable).filter((e) => !seen.has(e)), finished: this.finished };
  }

  // Runs every online module that has not finished the epoch to the same cycle: the epoch's
  // target, or nearer when the step or the budget asks. Returns the most cycles a module ran.
  private runBatch(target: StepTarget, budget: number): number {
    const mc = this.machine;
    const live = mc.online().filter((s) => !this.done.has(s.name));
    if (live.length === 0) return 0;
    const pos = Math.min(...live.map((s) => s.cycle));
    let stop = Math.min(this.target, pos + Math.max(1, budget));
    if (target.by === "instruction") stop = Math.min(stop, pos + 1);
    if (target.by === "cycle") stop = Math.min(stop, Math.max(pos + 1, target.cycle));
    if (target.by === "time") stop = Math.min(stop, pos + Math.max(1, target.time - mc.time()));
    let fireAt = Infinity;
    if (target.by === "event") {
      // Stop where the next fault strikes and apply it there, so the caller sees its effect.
      fireAt = Math.min(...live.map((s) => mc.nextFault(s.name, pos)));
      if (fireAt > pos) stop = Math.min(stop, fireAt);
    }
    let ran = 0;
    mc.runModules(live.map((s) => s.name), stop, fireAt !== pos, this.target);
    const now = new Map(mc.online().map((s) => [s.name, s]));
    for (const s of live) {
      const { cycle, status } = now.get(s.name)!;
      // A module that stopped short of the stop (exit, input, a full journal, a halt) is done with
      // the epoch, as is one whose fault just pulled it; one that only had a fault applied is not.
      if (mc.isPulled(s.name) || cycle >= this.target || (fireAt !== pos && status !== L.ST_CYCLE_LIMIT)) this.done.add(s.name);
      this.reached = Math.max(this.reached, cycle);
      ran = Math.max(ran, cycle - s.cycle);
    }
    this.orderEpochEvents();
    return ran;
  }

  // A straight run runs module A through the epoch, then B, then C, so the fault events of an
  // epoch are grouped by module. Steps interleave the modules; a stable sort of the epoch's
  // events by module gives back the straight run's order (each module's own stay in order).
  private orderEpochEvents(): void {
    const events = this.machine.events;
    const epoch = events.slice(this.epochStart);
    const rank = (e: MachineEvent) => (e.module ? MODULE_NAMES.indexOf(e.module) : -1);
    epoch.sort((a, b) => rank(a) - rank(b));
    events.splice(this.epochStart, epoch.length, ...epoch);
  }
}
