// The worker's side of the steppable machine (src/harness/lockstep.ts): a Lockstep built from a
// scenario, its view turned into the page's snapshot (cards with code and a memory window).
import { disassemble } from "../src/asm/index";
import { parseFault, type ModuleName } from "../src/faults/spec";
import { Lockstep, type LockstepResult } from "../src/harness/lockstep";
import { TimeMachine } from "../src/harness/time-travel";
import { goToDivergence, type DivergenceReport } from "../src/harness/divergence";
import type { StepTarget } from "../src/harness/stepping";
import { classifyRun } from "../src/harness/outcome";
import { formatTimeline } from "../src/harness/timeline";
import { exampleFileOf, scenarioToOptions, type Scenario, type ScenarioRun } from "../src/scenario/index";
import type { ModuleCard, Snapshot, StepBy } from "./protocol";

/** The scenario's program and options; an example's file is fetched from programs/ first. */
export async function prepare(s: Scenario): Promise<ScenarioRun> {
  const file = exampleFileOf(s);
  let bytes: Uint8Array | undefined;
  if (file) {
    const res = await fetch(`programs/${file}`);
    if (!res.ok) throw new Error(`programs/${file}: ${res.status} ${res.statusText}`);
    bytes = new Uint8Array(await res.arrayBuffer());
  }
  return scenarioToOptions(s, () => bytes!);
}

export class Machine {
  private readonly tm: TimeMachine;
  private golden?: LockstepResult;
  private divergence?: DivergenceReport; // while the machine stands there

  constructor(private readonly wasm: WebAssembly.Module, private readonly run: ScenarioRun) {
    this.tm = new TimeMachine(wasm, run.image, run.options);
  }

  private get m(): Lockstep {
    return this.tm.machine;
  }

  /** Back one instruction or to the start of the epoch (or the one before), every module at once. */
  back(by: "instruction" | "epoch"): void {
    this.divergence = undefined;
    if (by === "instruction") this.tm.stepBack();
    else this.tm.epochBack();
  }

  /** To the first time the run reached `cycle` (a scrubber's drag). */
  seek(cycle: number): void {
    this.divergence = undefined;
    this.tm.goToCycle(Math.max(0, Math.min(cycle, this.tm.reach)));
  }

  /** Just before the first write on which the modules differ; false if the run has no divergence. */
  toDivergence(): boolean {
    this.divergence = goToDivergence(this.tm);
    return this.divergence !== undefined;
  }

  get finished(): boolean {
    return this.m.finished !== undefined;
  }

  get cycle(): number {
    return this.m.cycle;
  }

  /** Advances toward the target by at most `budget` cycles; true when something was logged. */
  step(by: StepBy | { cycle: number }, budget?: number): boolean {
    const target: StepTarget = typeof by === "string" ? { by } : { by: "cycle", cycle: by.cycle };
    this.divergence = undefined;
    return this.tm.advance(target, budget).events.length > 0;
  }

  leadEip(): number | undefined {
    return this.m.view().modules.find((x) => x.state === "online")?.eip;
  }

  addFault(template: string): string {
    const spec = parseFault(template.replace("{cycle}", String(this.m.cycle)));
    this.tm.addFault(spec);
    this.divergence = undefined;
    return spec.text;
  }

  snapshot(watch: number | null, running: boolean): Snapshot {
    const v = this.m.view();
    const modules = v.modules.map(({ journal: _, segs: __, ...mod }): ModuleCard => {
      const present = mod.state !== "removed" && mod.state !== "offline";
      return { ...mod, code: present ? this.code(mod.name, mod.eip) : [], memory: present ? this.memory(mod.name, watch ?? (mod.regs.esp & ~15)) : null };
    });
    return {
      mode: v.mode, ecc: v.ecc, epoch: v.epoch, cycle: v.cycle, checkpoint: v.checkpoint, modules, events: v.events,
      stdout: v.output.stdout, stderr: v.output.stderr, pending: v.output.pending, faults: v.faults,
      running, finished: this.judge(), time: this.tm.time, reach: this.tm.reach, divergence: this.divergence,
    };
  }

  private code(module: ModuleName, eip: number): ModuleCard["code"] {
    try {
      const mem = this.m.readMemory(module, eip, 64);
      return disassemble(mem.bytes, { bits: 32, org: eip }).slice(0, 8).map((i) => ({ address: i.address, text: i.text }));
    } catch {
      return [];
    }
  }

  private memory(module: ModuleName, address: number): ModuleCard["memory"] {
    try {
      const r = this.m.readMemory(module, address >>> 0, 128);
      return { address: r.address, bytes: r.bytes, check: r.check };
    } catch {
      return null;
    }
  }

  // Once the run is over: its result at once, and the outcome against the fault-free run of the
  // same program and input after judge() (a second, simplex run), so the end shows without waiting.
  private judge(): Snapshot["finished"] {
    const r = this.m.finished;
    if (!r) return undefined;
    const outcome = this.golden ? classifyRun(r, this.golden) : undefined;
    return { cycles: r.cycles, exitCode: r.exitCode, outcome, message: r.stop.message, timeline: formatTimeline(r, outcome), goldenStdout: this.golden?.stdout ?? new Uint8Array(0) };
  }

  /** Runs the fault-free run once the run is over; true when it was not done yet. */
  runGolden(): boolean {
    if (!this.m.finished || this.golden) return false;
    this.golden = new Lockstep(this.wasm, this.run.image, { ...this.run.options, mode: "simplex", faults: [] }).run();
    return true;
  }
}
