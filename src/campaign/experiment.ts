// One campaign's experiments: the fault-free ("golden") run, then any case by its index alone.
// Case i draws its fault from stream i of the seed, so cases can run in any order, on any
// thread or machine, and still be the same cases.
import type { ProgramImage } from "../loader/image";
import { defaultRamFor } from "../loader/process";
import { parseFault, type ModuleName } from "../faults/spec";
import { Prng } from "../util/prng";
import { Lockstep, diskSizeFor, type LockstepOptions, type LockstepResult, type Mode } from "../harness/lockstep";
import { classifyRun, type Outcome } from "../harness/outcome";
import { UserError } from "../errors";
import { kindOf, spaceSize, uniformFault, type CampaignKind, type SpaceTarget } from "./space";
import { mechanismOf, type Mechanism } from "./mechanism";

export const OUTCOMES: readonly Outcome[] = ["benign", "masked", "detected", "sdc", "crash", "hang"];

/** Everything that decides which cases a campaign runs and how each one ends. */
export interface CampaignSetup {
  mode: Mode;
  seed: number;
  kinds: readonly CampaignKind[];
  /** Everything but mode and faults, as for one run (ecc, stdin, disk, epoch, jit...). */
  run: Omit<LockstepOptions, "mode" | "faults" | "onOutput">;
}

export interface CaseResult {
  case: number;
  spec: string;
  kind: CampaignKind;
  outcome: Outcome;
  injectedAt: number | null;
  detectedAt: number | null;
  mechanism: Mechanism | null;
}

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

export class Experiments {
  readonly golden: LockstepResult;
  readonly target: SpaceTarget;
  readonly kinds: CampaignKind[];
  private readonly maxCycles: number;

  constructor(
    private readonly wasm: WebAssembly.Module,
    private readonly image: ProgramImage,
    private readonly setup: CampaignSetup,
    golden?: LockstepResult, // the fault-free run, when another thread already made it
  ) {
    this.kinds = kindsFor(setup.mode, setup.kinds);
    if (!this.kinds.length) throw new UserError(`no fault kind applies to ${setup.mode}`);
    this.golden = golden ?? new Lockstep(wasm, image, { ...setup.run, mode: "simplex" }).run();
    if (this.golden.stop.kind === "max-cycles") {
      throw new UserError(`the program did not finish in ${this.golden.cycles} cycles without faults (raise --max-cycles)`);
    }
    this.target = {
      cycles: Math.max(1, this.golden.cycles),
      ramSize: setup.run.ramSize ?? defaultRamFor(image),
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
    const fault = parseFault(spec);
    const r = new Lockstep(this.wasm, this.image, { ...this.setup.run, maxCycles: this.maxCycles, mode: this.setup.mode, faults: [fault] }).run();
    const outcome = classifyRun(r, this.golden);
    const injectedAt = r.injected[0]?.applied ? r.injected[0].injectedAt ?? null : null;
    const d = injectedAt === null ? undefined : mechanismOf(r.events, injectedAt, fault.module);
    return { case: index, spec, kind, outcome, injectedAt, detectedAt: d?.cycle ?? null, mechanism: d?.mechanism ?? null };
  }
}
