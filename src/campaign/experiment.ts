// One campaign's experiments: the fault-free ("golden") run, then any case by its index alone.
// Case i draws its fault from stream i of the seed, so cases can run in any order, on any
// thread or machine, and still be the same cases.
import type { ProgramImage } from "../loader/image";
import { defaultRamFor, ramOriginFor } from "../loader/process";
import { formatFault, parseFault, type FaultSpec, type ModuleName } from "../faults/spec";
import { Prng } from "../util/prng";
import { DEFAULT_EPOCH, Lockstep, diskSizeFor, makeModule, type CheckpointView, type LockstepOptions, type LockstepResult, type Mode } from "../harness/lockstep";
import type { MachineEvent } from "../harness/events";
import { SavedStates } from "./saved-states";
import { classifyRun, type Outcome } from "../harness/outcome";
import { UserError } from "../errors";
import { kindOf, spaceSize, uniformFault, type CampaignKind, type SpaceTarget } from "./space";
import { mechanismOf, type Mechanism } from "./mechanism";
import { tracingModules } from "../core/module";
import { DefUse } from "./defuse";
import { sameBytes } from "../util/bytes";

export { OUTCOMES } from "../harness/outcome";

/** Everything that decides which cases a campaign runs and how each one ends. */
export interface CampaignSetup {
  mode: Mode;
  seed: number;
  kinds: readonly CampaignKind[];
  /** Everything but mode and faults, as for one run (ecc, stdin, disk, epoch, jit...). */
  run: Omit<LockstepOptions, "mode" | "faults" | "onOutput" | "onCheckpoint" | "onRollback">;
  /** Start experiments from saved states of the fault-free run, and stop a transient fault's
   *  once the machine equals the fault-free run again (default true; false: from cycle 0). */
  fastForward?: boolean;
  /** "defuse": RAM flips the fault-free run overwrites before reading (stuck bits it never reads
   *  again) are benign without a run, the others injected where they first act; disk flips are
   *  injected at their sector's next access, or share one run's ending if none (defuse.ts). */
  prune?: "defuse";
}

export const PRUNE_MODES = ["defuse"] as const;

export interface CaseResult {
  case: number;
  spec: string;
  kind: CampaignKind;
  outcome: Outcome;
  injectedAt: number | null;
  detectedAt: number | null;
  mechanism: Mechanism | null;
  /** "pruned": not run, its outcome known from the fault-free run's def/use trace. */
  note?: "pruned";
}

/** How a case ended, apart from which case and fault it was. */
type Ending = Pick<CaseResult, "outcome" | "detectedAt" | "mechanism">;

export interface GoldenSummary {
  cycles: number;
  exitCode: number;
  status: string;
  outputBytes: number;
}

export const MODULES: Record<Mode, readonly ModuleName[]> = { simplex: ["A"], dmr: ["A", "B"], tmr: ["A", "B", "C"] };

// A faulted run may loop where the fault-free one ended; it is a hang once it has run this
// much longer than the fault-free run.
export function hangBudget(goldenCycles: number): number {
  return goldenCycles * 2 + 1_000_000;
}

/** The kinds that make sense in a mode: simplex has no second module to pull. */
export function kindsFor(mode: Mode, kinds: readonly CampaignKind[]): CampaignKind[] {
  return kinds.filter((k) => mode !== "simplex" || k !== "pull");
}

// Faults that leave nothing behind once overwritten or repaired (stuck cells, halted CPUs and
// pulled modules stay).
const TRANSIENT = new Set<CampaignKind>(["ram", "reg", "disk"]);
// Faults that take their module out: once it is offline and the others equal the fault-free run,
// the rest of the run is theirs (the lost module never comes back unless resynced from them).
const MODULE_LOSS = new Set<CampaignKind>(["halt", "pull"]);
// Saved states after the fault at which convergence is checked (each check compares all memory).
const CONVERGENCE_TRIES = 2;

class Converged {
  constructor(readonly events: readonly MachineEvent[]) {}
}

export class Experiments {
  readonly golden: LockstepResult;
  readonly target: SpaceTarget;
  readonly kinds: CampaignKind[];
  private readonly maxCycles: number;
  private readonly states?: SavedStates;
  private readonly defuse?: DefUse;
  /** How a module's disk flip that nothing touches again ends (defuse.ts): found by the scrub. */
  private readonly dormantDisk = new Map<ModuleName, Ending>();

  constructor(
    private readonly wasm: WebAssembly.Module,
    private readonly image: ProgramImage,
    private readonly setup: CampaignSetup,
  ) {
    this.kinds = kindsFor(setup.mode, setup.kinds);
    if (!this.kinds.length) throw new UserError(`no fault kind applies to ${setup.mode}`);
    const ramSize = setup.run.ramSize ?? defaultRamFor(image);
    if (setup.fastForward !== false) {
      const every = setup.run.epoch ?? DEFAULT_EPOCH;
      this.states = new SavedStates(() => makeModule(wasm, image, setup.run), every);
    }
    const golden = { ...setup.run, mode: "simplex" as const, onCheckpoint: this.states?.record };
    if (setup.prune === "defuse") {
      // Only a write or a read may meet a flip: a --compare that hashes written pages sees one unread.
      if (setup.run.compare === "state") throw new UserError("--prune defuse: --compare state finds flips that are never read; use --compare writes or output");
      // Traced by the interpreter: translated blocks read memory behind the trace's back.
      const trace = DefUse.collector(ramSize, diskSizeFor(setup.run.disk));
      this.golden = tracingModules(trace.sink, () => new Lockstep(wasm, image, { ...golden, jit: false }).run());
      this.defuse = trace.finish();
    } else {
      this.golden = new Lockstep(wasm, image, golden).run();
    }
    if (this.golden.stop.kind === "max-cycles") {
      throw new UserError(`the program did not finish in ${this.golden.cycles} cycles without faults (raise --max-cycles)`);
    }
    this.target = {
      cycles: Math.max(1, this.golden.cycles),
      ramSize,
      ramOrigin: ramOriginFor(image),
      diskSize: diskSizeFor(setup.run.disk),
      modules: MODULES[setup.mode],
    };
    this.maxCycles = Math.min(setup.run.maxCycles ?? Infinity, hangBudget(this.golden.cycles));
  }

  goldenSummary(): GoldenSummary {
    const g = this.golden;
    return { cycles: g.cycles, exitCode: g.exitCode, status: g.stop.kind, outputBytes: g.stdout.length };
  }

  /** Each kind's fault-space size: the strata's weights. */
  spaces(): Record<string, number> {
    return Object.fromEntries(this.kinds.map((k) => [k, spaceSize(k, this.target)]));
  }

  specOf(index: number): { kind: CampaignKind; spec: string } {
    const kind = kindOf(index, this.kinds);
    return { kind, spec: uniformFault(Prng.forCase(this.setup.seed, index), this.target, kind) };
  }

  run(index: number): CaseResult {
    const { kind, spec } = this.specOf(index);
    return this.runSpec(index, kind, spec);
  }

  /** Case `index` with the fault `spec` (of `kind`) instead of the one it draws. */
  runSpec(index: number, kind: CampaignKind, spec: string): CaseResult {
    const drawn = parseFault(spec);
    let fault = drawn;
    if (this.defuse && (drawn.kind === "ram" || drawn.kind === "stuck")) {
      const f = this.defuse.fate(drawn.cycle, drawn.addr - ramOriginFor(this.image), drawn.kind === "stuck");
      if (f.fate === "dead") return { case: index, spec, kind, outcome: "benign", injectedAt: drawn.cycle, detectedAt: null, mechanism: null, note: "pruned" };
      if (f.fate === "read" && f.at !== drawn.cycle) fault = parseFault(formatFault({ ...drawn, cycle: f.at }));
    }
    if (this.defuse && drawn.kind === "disk") {
      const f = this.defuse.diskFate(drawn.cycle, drawn.sector * 512 + drawn.byte);
      if (f.fate === "end") {
        const d = this.dormantDisk.get(drawn.module) ?? this.runDormantDisk(index, spec, kind, drawn);
        if (d) return { case: index, spec, kind, ...d, injectedAt: drawn.cycle, note: "pruned" };
      }
      if (f.fate === "read" && f.at !== drawn.cycle) fault = parseFault(formatFault({ ...drawn, cycle: f.at }));
    }
    const result = this.runFault(index, spec, kind, fault);
    // The fault struck when drawn; it lay dormant until the read (latency counts from the strike).
    return fault === drawn || result.injectedAt === null ? result : { ...result, injectedAt: drawn.cycle };
  }

  // A disk flip whose sector nothing touches again ends alike whatever its sector, bit and cycle
  // (the scrub before the disk's release finds it): one is run, struck at the last cycle, and its
  // ending stands for every such flip of its module. Undefined if that strike did not land.
  private runDormantDisk(index: number, spec: string, kind: CampaignKind, drawn: FaultSpec): Ending | undefined {
    const r = this.runFault(index, spec, kind, parseFault(formatFault({ ...drawn, cycle: this.target.cycles - 1 })));
    if (r.injectedAt === null) return undefined;
    const d = { outcome: r.outcome, detectedAt: r.detectedAt, mechanism: r.mechanism };
    this.dormantDisk.set(drawn.module, d);
    return d;
  }

  private runFault(index: number, spec: string, kind: CampaignKind, fault: FaultSpec): CaseResult {
    // The result is judged at once, before its module instances run again: its disk needs no copy.
    const options = { ...this.setup.run, maxCycles: this.maxCycles, mode: this.setup.mode, faults: [fault], diskView: true };
    const states = this.states;
    let r: LockstepResult;
    if (!states) {
      r = new Lockstep(this.wasm, this.image, options).run();
    } else {
      const modules = MODULES[this.setup.mode];
      // A transient fault is over once every module equals the fault-free run at a saved state
      // after it: the rest of the run is the fault-free run's.
      let tries = TRANSIENT.has(kind) || MODULE_LOSS.has(kind) ? CONVERGENCE_TRIES : 0;
      const onCheckpoint = (v: CheckpointView) => {
        for (const m of v.modules) states.noteWrites(m);
        if (tries <= 0 || v.cycle <= fault.cycle || !states.has(v.cycle)) return;
        tries--;
        // A module taken offline (tmr's outvoted one, a halted or pulled one) never comes back in
        // an experiment: the run from here is the fault-free run's on the modules left.
        const whole = v.online > 0 && (v.online === modules.length || MODULE_LOSS.has(kind) || TRANSIENT.has(kind));
        if (whole && v.modules.every((m) => states.equals(m, v.cycle))) throw new Converged(v.events);
      };
      // A retry's rollback or a sector's repair returns the machine to its last checkpoint: if every
      // module then equals the fault-free run there, running the epoch again is the fault-free run.
      const onRollback = (v: CheckpointView) => {
        if (!TRANSIENT.has(kind) || v.online !== modules.length || !states.has(v.cycle)) return;
        if (v.modules.every((m) => states.equals(m, v.cycle))) throw new Converged(v.events);
      };
      const start = states.startFor(fault.cycle, modules.length);
      // What the fault itself changes, behind the journal's back (noted before it strikes, so
      // that convergence compares it).
      const extra = fault.kind === "ram" || fault.kind === "stuck" ? { ram: fault.addr - ramOriginFor(this.image) } : fault.kind === "disk" ? { disk: fault.sector * 512 + fault.byte } : undefined;
      for (const m of start.modules) states.noteWrites(m, extra);
      try {
        r = new Lockstep(this.wasm, this.image, { ...options, onCheckpoint, onRollback }, start).run();
      } catch (e) {
        if (!(e instanceof Converged)) throw e;
        for (const m of start.modules) states.noteWrites(m, extra);
        const d = mechanismOf(e.events, fault.cycle, fault.module);
        return { case: index, spec, kind, outcome: d ? "masked" : "benign", injectedAt: fault.cycle, detectedAt: d?.cycle ?? null, mechanism: d?.mechanism ?? null };
      }
      // Writes of the last epoch, if the run ended without a checkpoint (a stop, a rollback).
      for (const m of start.modules) states.noteWrites(m, extra);
    }
    const outcome = classifyRun(r, this.golden, states ? (a, b) => states.sameFinalDisk(a, b) ?? sameBytes(a, b) : undefined);
    const injectedAt = r.injected[0]?.applied ? r.injected[0].injectedAt ?? null : null;
    const d = injectedAt === null ? undefined : mechanismOf(r.events, injectedAt, fault.module);
    return { case: index, spec, kind, outcome, injectedAt, detectedAt: d?.cycle ?? null, mechanism: d?.mechanism ?? null };
  }
}
