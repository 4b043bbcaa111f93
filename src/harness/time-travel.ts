// Time travel: the machine goes back to any earlier point of its run, every module at once, by
// restoring the nearest saved state and running forward again. The run is deterministic (the
// same program, input and faults give the same cycles, writes and events), so the replay passes
// through exactly the states the first run did.
//
// Points of a run are counted on the history clock (Lockstep.time): the cycle plus every cycle a
// rollback undid, so a cycle run twice (before and after a rollback) is two points. States are
// saved between epochs, at most `maxSaved` of them and `maxBytes` of page copies: past either,
// states go one at a time where they lie closest and the spacing grows, so a run of any length
// keeps saved states evenly spread in replay work and going back costs about one spacing of
// replay. Their memory is shared page by page (page-history.ts).
import type { ProgramImage } from "../loader/image";
import type { CpuModule } from "../core/module";
import type { FaultSpec, ModuleName } from "../faults/spec";
import { UserError } from "../errors";
import type { MachineEvent } from "./events";
import { DEFAULT_EPOCH, Lockstep, type HarnessState, type LockstepOptions, type RollbackMark, type StepReport, type StepTarget } from "./lockstep";
import { PageHistory, type SavedMemory } from "./page-history";

export const DEFAULT_MAX_SAVED = 64;
/** A journal entry's replay cost in cycles (measured: about 20 on this machine's qsort and sieve). */
const ENTRY_WORK = 16;
/** The bytes of saved memory at which saved states are thinned out (bases and page copies). */
export const DEFAULT_MAX_BYTES = 256 << 20;

interface Saved {
  time: number;
  work: number; // the replay work up to here (see TimeMachine.work)
  harness: HarnessState;
  memory: Map<CpuModule, SavedMemory>;
  added: number; // faults added during the run before this state was saved
}

/** The furthest point the run has reached, and what happened on the way there. */
interface Frontier {
  time: number;
  cycle: number;
  events: readonly MachineEvent[];
  rollbacks: readonly RollbackMark[];
}

/** Events after which a module's memory may have changed outside its journal. */
const TOUCHING = new Set(["fault", "machine-check", "corrected", "repair", "insert", "offline", "resync-start", "resync-pause", "resync-done"]);

export class TimeMachine {
  readonly machine: Lockstep;
  private readonly pages = new PageHistory();
  private saved: Saved[] = [];
  private spacing: number; // in work units between saved states
  // Replay work: cycles, plus ENTRY_WORK for every journal entry, since writes cost far more to
  // replay than instructions (a `rep stosb` over 12 MB is one instruction and 12 million entries,
  // each journalled, compared and checkpointed): states are spaced by this, not by cycles alone.
  private work = 0;
  private entries = 0; // journal entries agreed since the last boundary
  private lastBoundary = 0; // the history-clock time of the last epoch boundary counted in work
  private readonly maxSaved: number;
  private readonly maxBytes: number;
  private readonly added: FaultSpec[] = [];
  private boundaries: number[] = []; // history-clock times of the epochs' starts seen so far
  private frontier: Frontier = { time: 0, cycle: 0, events: [], rollbacks: [] };
  private touching = new Map<ModuleName, number>(); // events that touch memory outside journals, per module, as last seen
  private readonly inSlot = new Map<ModuleName, Set<CpuModule>>(); // every instance a slot has held

  constructor(wasm: WebAssembly.Module, image: ProgramImage, options: LockstepOptions = {}, travel: { maxSaved?: number; spacing?: number; maxBytes?: number } = {}) {
    this.maxSaved = Math.max(4, travel.maxSaved ?? DEFAULT_MAX_SAVED);
    this.maxBytes = travel.maxBytes ?? DEFAULT_MAX_BYTES;
    this.spacing = Math.max(1, travel.spacing ?? options.epoch ?? DEFAULT_EPOCH);
    this.machine = new Lockstep(wasm, image, {
      ...options,
      hosts: undefined, // the modules in this thread: their memory is saved and restored here
      onCheckpoint: (v) => {
        // Behind the last saved state no state is saved: a restore writes such modules whole
        // rather than the journal be scanned on every replay.
        const behind = this.machine && this.machine.time < this.saved[this.saved.length - 1].time;
        this.entries += v.modules[0]?.journalLength ?? 0;
        for (const m of v.modules) {
          if (behind) this.pages.touch(m);
          else this.pages.noteJournal(m);
        }
        options.onCheckpoint?.(v);
      },
      onBoundary: () => this.atBoundary(),
    });
    this.save();
  }

  /** The history clock now (see Lockstep.time). */
  get time(): number {
    return this.machine.time;
  }

  /** The furthest point reached so far. */
  get end(): number {
    return this.frontier.time;
  }

  /** The highest cycle the run has reached so far (a scrubber's range). */
  get reach(): number {
    return this.frontier.cycle;
  }

  /** How many states are saved, how far apart, and the bytes their memory holds. */
  get memory(): { saved: number; spacing: number; bytes: number } {
    const all = this.saved.flatMap((s) => [...s.memory.values()]);
    return { saved: this.saved.length, spacing: this.spacing, bytes: this.pages.bytesHeld(all) };
  }

  /** Runs forward as Lockstep.advance does, saving states on the way. */
  advance(target: StepTarget, budget?: number): StepReport {
    const r = this.machine.advance(target, budget);
    this.noteFrontier();
    return r;
  }

  /** A fault added now: the run from here on is a new history, so states saved after now go. */
  addFault(spec: FaultSpec): void {
    this.machine.addFault(spec);
    this.added.push(spec);
    const now = this.machine.time;
    this.saved = this.saved.filter((s) => s.time <= now);
    this.boundaries = this.boundaries.filter((t) => t <= now);
    this.frontier = { time: now, cycle: this.machine.cycle, events: this.machine.timeline.slice(), rollbacks: this.machine.rollbacks.slice() };
  }

  /** Goes to the point `time` of the history clock (0 is the start), back or forward. */
  goToTime(time: number): StepReport {
    const want = Math.max(0, Math.floor(time));
    this.scanEvents();
    let from: Saved | undefined;
    for (const s of this.saved) if (s.time <= want) from = s;
    const now = this.machine.time;
    if (from && (want < now || from.time > now)) this.restore(from);
    const r = this.machine.advance({ by: "time", time: want });
    this.noteFrontier();
    return r;
  }

  /** Goes to the first time the run reached `cycle` (before any rollback went back over it). */
  goToCycle(cycle: number): StepReport {
    return this.goToTime(this.timeOfCycle(cycle));
  }

  /** Back one instruction (one cycle of the history clock). */
  stepBack(): StepReport {
    return this.goToTime(this.machine.time - 1);
  }

  /** Back to the start of the current epoch, or of the one before if already there. */
  epochBack(): StepReport {
    const now = this.machine.time;
    let at = 0;
    for (const t of this.boundaries) if (t < now) at = t;
    return this.goToTime(at);
  }

  /** The history-clock time of the first visit of `cycle`, as far as the run has been seen. */
  timeOfCycle(cycle: number): number {
    let undone = 0;
    let start = 0;
    for (const r of this.frontier.rollbacks) {
      if (cycle >= start && cycle < r.from) return undone + cycle;
      undone += r.from - r.to;
      start = r.to;
    }
    return undone + Math.max(cycle, start);
  }

  /** The history-clock time of an event of the run seen so far (its cycle, in the pass it happened in). */
  timeOfEvent(index: number): number {
    const events = this.frontier.events;
    const e = events[index];
    if (!e) throw new UserError(`no event #${index} in this run`);
    let undone = 0;
    let k = 0;
    for (let i = 0; i < index; i++) {
      if (events[i].kind !== "rollback") continue;
      const r = this.frontier.rollbacks[k++];
      undone += r.from - r.to;
    }
    return undone + e.cycle;
  }

  /** The run's first divergence, running forward until one is seen (or the run ends without one). */
  findDivergence(): { index: number; event: MachineEvent } | undefined {
    for (;;) {
      const i = this.frontier.events.findIndex((e) => e.kind === "divergence");
      if (i >= 0) return { index: i, event: this.frontier.events[i] };
      if (this.machine.finished) {
        // The run may have ended at a point before the frontier (we went back): look there too.
        if (this.machine.time >= this.frontier.time) return undefined;
        this.goToTime(this.frontier.time);
        continue;
      }
      this.advance({ by: "event" });
    }
  }

  private noteFrontier(): void {
    const m = this.machine;
    if (m.time < this.frontier.time || (m.time === this.frontier.time && m.timeline.length <= this.frontier.events.length)) return;
    this.frontier = { time: m.time, cycle: Math.max(m.cycle, this.frontier.cycle), events: m.timeline.slice(), rollbacks: m.rollbacks.slice() };
  }

  private atBoundary(): void {
    const time = this.machine.time;
    if (time > (this.boundaries[this.boundaries.length - 1] ?? -1)) this.boundaries.push(time);
    if (time > this.lastBoundary) {
      this.work += time - this.lastBoundary + ENTRY_WORK * this.entries;
      this.lastBoundary = time;
      this.entries = 0;
    }
    this.scanEvents();
    const last = this.saved[this.saved.length - 1];
    if (this.work >= last.work + this.spacing && time > last.time) this.save();
  }

  private save(): void {
    const harness = this.machine.capture();
    const memory = new Map<CpuModule, SavedMemory>();
    let sibling: SavedMemory | undefined;
    harness.slots.forEach((s, i) => {
      const m = s.h?.module;
      if (!m || memory.has(m)) return;
      const name = this.machine.moduleStates()[i].name;
      if (!this.inSlot.has(name)) this.inSlot.set(name, new Set());
      this.inSlot.get(name)!.add(m);
      const saved = this.pages.save(m, sibling);
      sibling ??= saved;
      memory.set(m, saved);
    });
    // A state saved at the time of another (a step that went back and ran on) replaces it.
    this.saved = this.saved.filter((s) => s.time < this.machine.time);
    this.saved.push({ time: this.machine.time, work: this.work, harness, memory, added: this.added.length });
    // Too many states, or their copies over the budget: the state whose neighbours lie closest
    // (in replay work) goes, one at a time, so the rest stay evenly spread and the budget is
    // used; new states then come at the average gap of those kept.
    const over = () => this.saved.length > this.maxSaved || (this.saved.length > 2 && this.pages.copied > this.maxBytes && (this.pages.copied = this.memory.bytes) > this.maxBytes);
    if (!over()) return;
    do {
      let drop = 1;
      for (let i = 2; i < this.saved.length - 1; i++) {
        if (this.saved[i + 1].work - this.saved[i - 1].work < this.saved[drop + 1].work - this.saved[drop - 1].work) drop = i;
      }
      this.saved.splice(drop, 1);
    } while (over());
    const [first, last] = [this.saved[0], this.saved[this.saved.length - 1]];
    this.spacing = Math.max(this.spacing, (last.work - first.work) / (this.saved.length - 1));
  }

  private restore(s: Saved): void {
    this.scanEvents();
    this.machine.restore(s.harness);
    this.work = s.work;
    this.lastBoundary = s.time;
    this.entries = 0;
    for (const [m, mem] of s.memory) this.pages.restore(m, mem);
    for (const f of this.added.slice(s.added)) this.machine.addFault(f);
    this.touching = touchingCounts(this.machine.timeline);
  }

  // Marks the modules that a fault, a repair, a correction or a copy may have changed outside
  // their journals, so that the next save compares them whole. Counted per module over the
  // whole log, as events inside an epoch are reordered (stepping.ts).
  private scanEvents(): void {
    const slots = this.machine.slotModules();
    this.machine.moduleStates().forEach((st, i) => {
      const m = slots[i];
      if (!m) return;
      if (!this.inSlot.has(st.name)) this.inSlot.set(st.name, new Set());
      this.inSlot.get(st.name)!.add(m);
    });
    const counts = touchingCounts(this.machine.timeline);
    for (const [name, n] of counts) {
      if (n === (this.touching.get(name) ?? 0)) continue;
      for (const m of this.inSlot.get(name) ?? []) this.pages.touch(m);
    }
    this.touching = counts;
  }
}

function touchingCounts(events: readonly MachineEvent[]): Map<ModuleName, number> {
  const counts = new Map<ModuleName, number>();
  for (const e of events) if (e.module && TOUCHING.has(e.kind)) counts.set(e.module, (counts.get(e.module) ?? 0) + 1);
  return counts;
}
