// A fault-injection campaign: one fault-free run of a program, then many runs of it, each under
// one random fault, each judged against the fault-free run. Case i draws its fault from its own
// stream of the seed, so any case can be regenerated alone and replayed with `run --inject`.
import type { ProgramImage } from "../loader/image";
import { defaultRamFor, ramOriginFor } from "../loader/process";
import { parseFault, type ModuleName } from "../faults/spec";
import { randomFault, type RandomKind } from "../faults/random";
import { Prng } from "../util/prng";
import { Lockstep, diskSizeFor, type LockstepOptions, type LockstepResult, type Mode } from "./lockstep";
import { classifyRun, faultReports, type Outcome } from "./outcome";
import { UserError } from "../errors";

export const OUTCOMES: readonly Outcome[] = ["benign", "masked", "detected", "sdc", "crash", "hang"];

export interface CampaignOptions {
  mode: Mode;
  faults: number;
  seed: number;
  kinds: readonly RandomKind[];
  /** Everything but mode and faults, as for one run (ecc, stdin, disk, epoch, jit...). */
  run: Omit<LockstepOptions, "mode" | "faults" | "onOutput">;
  onCase?: (done: number, total: number) => void;
}

export interface CampaignCase {
  index: number;
  spec: string;
  kind: RandomKind;
  outcome: Outcome;
  injectedAt: number | null;
  detectedAt: number | null;
  recovery: string;
}

export interface CampaignResult {
  golden: LockstepResult;
  cases: CampaignCase[];
  /** Per fault kind, per outcome: how many cases. */
  tally: Record<RandomKind, Record<Outcome, number>>;
}

const MODULES: Record<Mode, readonly ModuleName[]> = { simplex: ["A"], dmr: ["A", "B"], tmr: ["A", "B", "C"] };

// A faulted run may loop where the fault-free one ended; it is a hang once it has run this
// much longer than the fault-free run.
export function hangBudget(goldenCycles: number): number {
  return goldenCycles * 2 + 1_000_000;
}

/** The kinds that make sense in a mode: simplex has no second module to pull. */
export function kindsFor(mode: Mode, kinds: readonly RandomKind[]): RandomKind[] {
  return kinds.filter((k) => mode !== "simplex" || k !== "pull");
}

export function runCampaign(wasm: WebAssembly.Module, image: ProgramImage, o: CampaignOptions): CampaignResult {
  const golden = new Lockstep(wasm, image, { ...o.run, mode: "simplex" }).run();
  if (golden.stop.kind === "max-cycles") {
    throw new UserError(`the program did not finish in ${golden.cycles} cycles without faults (raise --max-cycles)`);
  }
  const ramSize = o.run.ramSize ?? defaultRamFor(image);
  // Fault addresses are RAM offsets (physical), so the program's segments are given as such.
  const origin = ramOriginFor(image);
  const target = {
    cycles: golden.cycles,
    segments: image.segments.map((s) => ({ address: s.address - origin, memSize: s.memSize })),
    ramSize,
    stackTop: ramSize - 16,
    diskSectors: diskSizeFor(o.run.disk) / 512,
  };
  const kinds = kindsFor(o.mode, o.kinds);
  if (!kinds.length) throw new UserError(`no fault kind applies to ${o.mode}`);
  const maxCycles = Math.min(o.run.maxCycles ?? Infinity, hangBudget(golden.cycles));

  const tally = Object.fromEntries(kinds.map((k) => [k, Object.fromEntries(OUTCOMES.map((x) => [x, 0]))])) as CampaignResult["tally"];
  const cases: CampaignCase[] = [];
  for (let index = 0; index < o.faults; index++) {
    const rng = Prng.forCase(o.seed, index);
    const kind = rng.pick(kinds);
    const spec = randomFault(rng, target, MODULES[o.mode], kind);
    const r = new Lockstep(wasm, image, { ...o.run, maxCycles, mode: o.mode, faults: [parseFault(spec)] }).run();
    const outcome = classifyRun(r, golden);
    const report = faultReports(r, golden)[0];
    tally[kind][outcome]++;
    cases.push({ index, spec, kind, outcome, injectedAt: report.injectedAt, detectedAt: report.detectedAt, recovery: report.recovery });
    o.onCase?.(index + 1, o.faults);
  }
  return { golden, cases, tally };
}
