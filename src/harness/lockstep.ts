// The lockstep machine: one, two or three modules run the same program from identical state.
// Each epoch, every online module runs in one call into wasm, in its module host (this thread or
// a worker: module-host.ts); then the harness compares what the hosts report (a hash of each
// journal and state; the entries themselves only when hashes differ), and either checkpoints
// (committing the output they agreed on) or finds out which module is wrong the way the hardware
// would: a machine check names it, it stopped retiring instructions, a majority outvoted it, or a
// rollback and retry shows the fault was transient. The fault list is never consulted: each host
// applies its module's faults to the hardware and the harness sees only what the modules do.
import * as L from "../../assembly/layout";
import { CpuModule, type EccMode } from "../core/module";
import { serveTranslations } from "../jit/service";
import { EXIT_MACHINE_CHECK, EXIT_MAX_CYCLES, EXIT_STOPPED, type StopInfo } from "../core/status";
import { defaultRamFor, ramOriginFor, type ArgBytes } from "../loader/process";
import type { ProgramImage } from "../loader/image";
import { MODULE_NAMES, type FaultSpec, type ModuleName } from "../faults/spec";
import { checkFault, checkFaultList } from "../faults/inject";
import { UserError } from "../errors";
import { EventLog, type MachineEvent } from "./events";
import { Resync, type ModuleLayout } from "./resync";
import { Injector, type InjectorState } from "./injector";
import { OutputBuffer, type OutputSink, type StreamSummary } from "./output";
import { InThreadTransport, ModuleHost, type HostFactory, type HostState } from "./module-host";
import type { ModuleBoot, ModuleRecipe } from "./host-ops";
import type { CompareMode } from "./epoch-hash";
import { InputFeeder } from "./input";
import { releasesDisk } from "./release";
import { Stepper, type StepTarget, type StepReport as StepperReport, type StepperState } from "./stepping";
import type { MachineView, MemoryView } from "./view";

export type { StepTarget } from "./stepping";
export type { MachineView, ModuleView, MemoryView } from "./view";
export type StepReport = StepperReport<LockstepResult>;
import { configureLinux, fileAreaFor, type LinuxOptions } from "../linux/process-config";
import { createdFiles, type GuestFile } from "../linux/file-area";
import { DEFAULT_EPOCH } from "./epoch";

export type Mode = "simplex" | "dmr" | "tmr";
export type ModuleState = "online" | "offline" | "resyncing" | "removed";

export { DEFAULT_RAM } from "../loader/process";
export const DEFAULT_DISK = 4 << 20;
export { DEFAULT_EPOCH };
export const DEFAULT_RESYNC_CHUNK = 2 << 20;

export interface LockstepOptions {
  mode?: Mode;
  ramSize?: number; // default: defaultRamFor(image)
  disk?: Uint8Array; // the disk image; its size (rounded up to a sector) is the disk's size
  stdin?: Uint8Array;
  maxCycles?: number;
  ecc?: EccMode;
  argv?: ArgBytes[]; // the program's arguments, argv[0] first (text, or exact bytes)
  epoch?: number;
  faults?: FaultSpec[];
  autoReplace?: boolean;
  resyncChunk?: number; // bytes copied per epoch while resyncing
  jit?: boolean; // translate hot code (default true): a speed setting, never a result one
  onOutput?: OutputSink;
  keepOutput?: number; // output bytes per stream kept in the result (default DEFAULT_KEEP_OUTPUT); all is hashed
  /** Called at every checkpoint (and at cycle 0) with what another machine needs to start there. */
  onCheckpoint?: (at: CheckpointView) => void;
  /** Called when the machine has just returned to its last checkpoint to run the epoch again (a
   *  retry, a repaired sector): the modules hold that checkpoint's state again. */
  onRollback?: (at: CheckpointView) => void;
  linux?: LinuxOptions; // files, clock, seed, terminal (src/linux/)
  /** A stop that is a debugger's to handle (its breakpoint), not the end of the run. */
  pauseOn?: (lead: CpuModule) => boolean;
  /** Called between epochs, where capture() may be called (time travel saves states there). */
  onBoundary?: () => void;
  /** Where the modules of dmr and tmr run (module-host.ts; default: this thread). A speed setting,
   *  never a result one. Campaigns' checkpoints, debuggers and a given start keep them here. */
  hosts?: HostFactory;
  /** What modules are compared on at each checkpoint (epoch-hash.ts; default writes). */
  compare?: CompareMode;
  /** The result's disk may be a live view of the lead module's memory rather than a copy: for
   *  a caller that reads it before the module runs again (a campaign's experiment, whose
   *  4 MiB copy cost more than a short program's run). */
  diskView?: boolean;
}

/** The machine at a checkpoint, for campaigns that save states of a fault-free run. */
export interface CheckpointView {
  cycle: number;
  modules: readonly CpuModule[]; // the online modules, live, their journals still holding the epoch's writes
  online: number; // how many of the mode's modules are online
  events: readonly MachineEvent[];
  stdout(): Uint8Array; // output committed so far
  stderr(): Uint8Array;
  inputFed: number; // stdin bytes delivered so far
}

/** Where a machine starts instead of cycle 0: a checkpoint of a fault-free run of the same program
 *  and options, with module instances already holding its state (all alike). */
export interface LockstepStart {
  cycle: number;
  modules: CpuModule[];
  stdout: Uint8Array;
  stderr: Uint8Array;
  inputFed: number;
  events: readonly MachineEvent[];
  /** An instance for a module slid in during the run (tmr's replacement of a halted one) instead
   *  of a new one: a resync overwrites what it holds before it runs or is compared. */
  spare?: () => CpuModule;
}

export interface ResyncReport {
  module: ModuleName;
  from: ModuleName;
  startedAt: number;
  doneAt: number;
  cycles: number;
  pause: { pages: number; sectors: number; bytes: number };
}

export interface LockstepResult {
  mode: Mode;
  exitCode: number;
  cycles: number;
  stop: StopInfo;
  failStop: boolean; // the machine stopped rather than release output it could not vouch for
  stdout: Uint8Array; // the first keepOutput bytes of the output
  stderr: Uint8Array;
  streams: { stdout: StreamSummary; stderr: StreamSummary }; // all of it: length, hash, truncated
  disk: Uint8Array | null; // null: not released (see release.ts)
  /** Files the guest created (--out-dir), as every online module agreed on them; none on a fail-stop. */
  files: GuestFile[];
  events: MachineEvent[];
  modules: Array<{ name: ModuleName; state: ModuleState }>;
  injected: Array<{ spec: FaultSpec; injectedAt?: number; applied: boolean }>;
  resyncs: ResyncReport[];
}

interface Slot {
  name: ModuleName;
  h: ModuleHost | null; // the module's host; its module lives there
  state: ModuleState;
  corrected: number; // SEC-DED corrections already logged
  resync?: { job: Resync; from: Slot };
}

export function diskSizeFor(image?: Uint8Array): number {
  if (!image) return DEFAULT_DISK;
  return Math.max(512, Math.ceil(image.length / 512) * 512);
}

/** A fresh module as the machine makes it (at the start, as a replacement, or for a campaign's
 *  saved states): one definition of its sizes, RAM origin, translator and Linux configuration. */
export function makeModule(wasm: WebAssembly.Module, image: ProgramImage, options: Pick<LockstepOptions, "ramSize" | "ecc" | "jit" | "linux" | "disk">, userDisk = diskSizeFor(options.disk), fileArea = fileAreaFor(options.linux).length): CpuModule {
  const m = new CpuModule(wasm, {
    ramSize: options.ramSize ?? defaultRamFor(image),
    ramOrigin: ramOriginFor(image),
    diskSize: userDisk + fileArea,
    ecc: options.ecc,
    jit: options.jit,
    translator: serveTranslations,
  });
  configureLinux(m, options.linux, userDisk);
  return m;
}

const MODULE_COUNT: Record<Mode, number> = { simplex: 1, dmr: 2, tmr: 3 };

/** A rollback: the machine went back from cycle `from` to its checkpoint at `to`. */
export interface RollbackMark {
  from: number;
  to: number;
}

/** Everything the harness keeps between epochs, apart from the modules' memory (time travel:
 *  src/harness/time-travel.ts saves that, page by page). Plain values and copies: restoring it
 *  leaves it as it was, so one saved state can be restored any number of times. */
export interface HarnessState {
  readonly slots: ReadonlyArray<{ h: ModuleHost | null; host?: HostState; state: ModuleState; corrected: number; resync?: { job: Resync; from: ModuleName } }>;
  readonly events: readonly MachineEvent[];
  readonly out: OutputBuffer;
  readonly inputFed: number;
  readonly injector: InjectorState;
  readonly checkpointAt: number;
  readonly retrying: boolean;
  readonly outBytes: number;
  readonly rollbacks: readonly RollbackMark[];
  readonly resyncs: readonly ResyncReport[];
  readonly stepper: StepperState;
}

export class Lockstep {
  readonly mode: Mode;
  private readonly slots: Slot[];
  private readonly log = new EventLog();
  private out: OutputBuffer;
  private readonly input: InputFeeder;
  private readonly injector: Injector;
  private readonly epoch: number;
  private readonly maxCycles: number;
  private readonly resyncs: ResyncReport[] = [];
  private readonly stepper: Stepper<LockstepResult>;
  private checkpointAt = 0; // the last checkpoint
  private retrying = false;
  private readonly rollbackMarks: RollbackMark[] = [];
  private undone = 0; // cycles undone by rollbacks (the history clock is this plus the cycle)
  private outBytes = 0; // the modules' output byte count (S_OUT_BYTES) at the last commit
  private inputBase = 0; // stdin bytes delivered before the machine started (see LockstepStart)
  private readonly fileArea: Uint8Array; // laid out after the disk in every module's disk buffer
  private readonly userDisk: number; // the disk's own size
  private readonly recipe: ModuleRecipe; // how every module of this machine is made
  private readonly hosts: HostFactory | undefined; // undefined: every module in this thread
  private readonly layout: ModuleLayout; // every module's sizes and bases (alike)

  constructor(
    private readonly wasm: WebAssembly.Module,
    private readonly image: ProgramImage,
    private readonly options: LockstepOptions = {},
    private readonly start?: LockstepStart,
  ) {
    this.mode = options.mode ?? "dmr";
    this.epoch = options.epoch ?? DEFAULT_EPOCH;
    this.maxCycles = options.maxCycles ?? Infinity;
    this.out = new OutputBuffer(options.keepOutput);
    // Every module starts from the same disk image, input and program: identical memory (the
    // tests check it byte for byte), without touching pages the program never uses.
    this.input = new InputFeeder((options.stdin ?? new Uint8Array(0)).subarray(start?.inputFed ?? 0));
    this.fileArea = fileAreaFor(options.linux);
    this.userDisk = diskSizeFor(options.disk);
    const { ramSize, ecc, jit, linux } = options;
    this.recipe = { image, ramSize, ecc, jit, linux, userDisk: this.userDisk, fileAreaSize: this.fileArea.length, compare: options.compare ?? "writes" };
    // What a host needs in this thread: campaigns' checkpoint views, debuggers, a given start; one module gains nothing from a thread.
    this.hosts = options.onCheckpoint || options.pauseOn || start || this.mode === "simplex" ? undefined : options.hosts;
    const names = MODULE_NAMES.slice(0, MODULE_COUNT[this.mode]);
    let disk = options.disk;
    if (this.fileArea.length) {
      disk = new Uint8Array(this.userDisk + this.fileArea.length);
      if (options.disk) disk.set(options.disk);
      disk.set(this.fileArea, this.userDisk);
    }
    const hosts = start
      ? start.modules.slice(0, names.length).map((m, i) => {
          const h = new ModuleHost(names[i], new InThreadTransport((r) => this.makeModule(r), m, this.recipe.compare));
          h.adopt();
          return h;
        })
      : this.makeAll(names, { disk, argv: options.argv ?? [image.name] });
    // Input is delivered before the first checkpoint is saved, so rollback never undoes it.
    if (start) {
      this.checkpointAt = start.cycle;
      this.inputBase = start.inputFed;
      this.out.sink(1, start.stdout);
      this.out.sink(2, start.stderr);
      this.log.events.push(...start.events);
    } else {
      this.input.feed(hosts);
      for (const h of hosts) h.checkpoint();
    }
    this.outBytes = hosts[0].report.outBytes;
    this.layout = hosts[0].layout();
    this.slots = hosts.map((h, i) => ({
      name: MODULE_NAMES[i], h, state: "online" as ModuleState, corrected: 0,
    }));
    const faults = options.faults ?? [];
    for (const f of faults) this.validate(f);
    const bad = checkFaultList(faults);
    if (bad) throw new UserError(`--inject '${bad.spec.text}': ${bad.problem}`);
    this.injector = new Injector(faults, this.log);
    this.stepper = new Stepper<LockstepResult>({
      events: this.log.events,
      beginEpoch: () => this.beginEpoch(),
      online: () => this.online().map((s) => ({ name: s.name, cycle: s.h!.report.cycle, status: s.h!.report.status })),
      runModules: (names, stop, run, epochEnd) => this.runHosts(names, stop, run, epochEnd),
      nextFault: (name, from) => this.injector.nextFault(name, from),
      isPulled: (name) => this.injector.isPulled(name),
      settle: (target) => this.settle(target),
      cycle: () => this.cycle,
      time: () => this.time,
      boundary: options.onBoundary,
    });
    this.noteCheckpoint(this.checkpointAt);
  }

  // Before the journals are cleared, so that a campaign sees which pages the epoch wrote.
  private noteCheckpoint(cycle: number): void {
    this.options.onCheckpoint?.(this.checkpointView(cycle));
  }

  private checkpointView(cycle: number): CheckpointView {
    const live = this.online();
    return {
      cycle,
      modules: live.map((s) => s.h!.module!),
      online: live.length,
      events: this.log.events,
      stdout: () => this.out.bytes(1),
      stderr: () => this.out.bytes(2),
      inputFed: this.inputBase + this.input.fed,
    };
  }

  private makeModule(r: ModuleRecipe): CpuModule {
    return makeModule(this.wasm, r.image, r, r.userDisk, r.fileAreaSize);
  }

  // Every module made at once: those in other threads first, then the one in this thread. If
  // one cannot be made, the others' hosts are let go (a worker with a reply still due is ended).
  private makeAll(names: ModuleName[], boot: ModuleBoot): ModuleHost[] {
    const hosts = names.map((name) => this.newHost(name));
    try {
      for (const h of hosts) if (h.remote) h.startMake(this.recipe, boot);
      for (const h of hosts) if (!h.remote) h.startMake(this.recipe, boot);
      for (const h of hosts) h.endMake();
    } catch (e) {
      for (const h of hosts) h.dispose();
      throw e;
    }
    return hosts;
  }

  private newHost(name: ModuleName): ModuleHost {
    const make = (r: ModuleRecipe) => this.makeModule(r);
    return new ModuleHost(name, this.hosts ? this.hosts(make, name) : new InThreadTransport(make));
  }

  // Every named module runs towards `stop` at once (hosts in other threads in parallel), each
  // applying its own faults; what they did is recorded in slot order, as one thread would.
  private runHosts(names: ModuleName[], stop: number, run: boolean, epochEnd: number): void {
    const jobs = names.flatMap((name) => {
      const s = this.slots.find((x) => x.name === name)!;
      return this.injector.isPulled(name) ? [] : [{ s, faults: this.injector.pending(name) }];
    });
    // Modules in other threads start first; one in this thread runs while they do. Hashes are
    // made where the modules are, at the epoch's end, only if there is a partner to compare with
    // (hash() still makes one on demand).
    const hash = this.online().length > 1;
    // Where the next epoch would end if this one agrees: a module in another thread runs ahead
    // to it while this thread settles (run-ahead.ts; kept only if the machine goes on so).
    const next = run && stop === epochEnd && epochEnd < this.maxCycles ? Math.min(epochEnd + this.epoch, this.maxCycles) : undefined;
    for (const j of jobs) if (j.s.h!.remote) j.s.h!.startRun(stop, j.faults, run, epochEnd, hash, next, this.maxCycles);
    for (const j of jobs) if (!j.s.h!.remote) j.s.h!.startRun(stop, j.faults, run, epochEnd, hash);
    for (const j of jobs) this.injector.record(j.s.name, j.faults, j.s.h!.endRun().acts);
  }

  /** Ends the module hosts (worker threads stop); the machine is not used afterwards. */
  close(): void {
    for (const s of this.slots) s.h?.dispose();
  }

  private validate(f: FaultSpec): void {
    if (MODULE_NAMES.indexOf(f.module) >= this.slots.length) {
      throw new UserError(`--inject '${f.text}': module ${f.module} does not exist in ${this.mode} mode`);
    }
    const problem = checkFault(f, this.layout.ramSize, this.userDisk, ramOriginFor(this.image));
    if (problem) throw new UserError(`--inject '${f.text}': ${problem}`);
  }

  private online(): Slot[] {
    return this.slots.filter((s) => s.state === "online");
  }

  run(): LockstepResult {
    try {
      return this.advance({ by: "end" }).finished!;
    } finally {
      if (this.hosts) this.close();
    }
  }

  /** Runs until `target` (see StepTarget), or until a module ran `budget` cycles in this call;
   *  the run's decisions are the same however it is stepped (src/harness/stepping.ts). */
  advance(target: StepTarget, budget?: number): StepReport {
    return this.stepper.advance(target, budget);
  }

  get finished(): LockstepResult | undefined {
    return this.stepper.finished;
  }

  /** The machine's cycle: the lead online module's retired instructions. */
  get cycle(): number {
    return this.online()[0]?.h!.report.cycle ?? this.checkpointAt;
  }

  /** The history clock: cycles run, counting again those a rollback undid; it never goes back. */
  get time(): number {
    return this.undone + this.cycle;
  }

  /** Every rollback so far, in order: where the history clock and the cycle part ways. */
  get rollbacks(): readonly RollbackMark[] {
    return this.rollbackMarks;
  }

  /** Between epochs (see capture). */
  get atBoundary(): boolean {
    return this.stepper.atBoundary;
  }

  /** The harness's state between epochs; the modules' memory is the caller's to save. */
  capture(): HarnessState {
    if (!this.stepper.atBoundary) throw new Error("the machine can be captured only between epochs");
    return {
      slots: this.slots.map((s) => ({ h: s.h, host: s.h?.capture(), state: s.state, corrected: s.corrected, resync: s.resync && { job: s.resync.job.clone(), from: s.resync.from.name } })),
      events: this.log.events.slice(),
      out: this.out.clone(),
      inputFed: this.input.fed,
      injector: this.injector.capture(),
      checkpointAt: this.checkpointAt,
      retrying: this.retrying,
      outBytes: this.outBytes,
      rollbacks: this.rollbackMarks.slice(),
      resyncs: this.resyncs.map((r) => ({ ...r, pause: { ...r.pause } })),
      stepper: this.stepper.capture(),
    };
  }

  /** Puts the harness back as capture() saw it; the caller restores the modules' memory. */
  restore(h: HarnessState): void {
    h.slots.forEach((c, i) => {
      const s = this.slots[i];
      s.h = c.h;
      if (c.h && c.host) c.h.restore(c.host);
      s.state = c.state;
      s.corrected = c.corrected;
      s.resync = c.resync && { job: c.resync.job.clone(), from: this.slots.find((x) => x.name === c.resync!.from)! };
    });
    this.log.events.splice(0, this.log.events.length, ...h.events);
    this.out = h.out.clone();
    this.input.rewind(h.inputFed);
    this.injector.restore(h.injector);
    this.checkpointAt = h.checkpointAt;
    this.retrying = h.retrying;
    this.outBytes = h.outBytes;
    this.rollbackMarks.splice(0, this.rollbackMarks.length, ...h.rollbacks);
    this.undone = h.rollbacks.reduce((n, r) => n + r.from - r.to, 0);
    this.resyncs.splice(0, this.resyncs.length, ...h.resyncs.map((r) => ({ ...r, pause: { ...r.pause } })));
    this.stepper.restore(h.stepper);
  }

  /** The last cycle all online modules agreed on. */
  get checkpointCycle(): number {
    return this.checkpointAt;
  }

  /** A fault added between steps; it must not strike before a cycle some module already ran. */
  addFault(spec: FaultSpec): void {
    if (this.finished) throw new UserError(`--inject '${spec.text}': the run is over`);
    this.validate(spec);
    if (spec.cycle < this.stepper.reached) {
      throw new UserError(`--inject '${spec.text}': cycle ${spec.cycle} has gone by (the machine reached cycle ${this.stepper.reached})`);
    }
    this.injector.add(spec);
  }

  view(): MachineView {
    const lead = this.online()[0]?.h;
    const end = this.finished;
    return {
      mode: this.mode, cycle: this.cycle, checkpoint: this.checkpointAt, epoch: this.epoch, ecc: this.options.ecc ?? "parity",
      modules: this.slots.filter((s) => s.h).map((s) => s.h!.view(
        this.injector.isPulled(s.name) ? "removed" : s.state, this.checkpointAt,
        s.resync && { from: s.resync.from.name, copied: Math.round(s.resync.job.progress * s.resync.job.total), total: s.resync.job.total },
      )),
      events: this.log.events.slice(),
      output: { stdout: this.out.bytes(1), stderr: this.out.bytes(2), pending: lead && !end ? (lead.report.outBytes - this.outBytes) >>> 0 : 0 },
      faults: this.injector.report().map((f) => ({ text: f.spec.text, injectedAt: f.injectedAt, applied: f.applied })),
      finished: end && { exitCode: end.exitCode, message: end.stop.message },
    };
  }

  readMemory(module: ModuleName, addr: number, length: number): MemoryView {
    const s = this.slots.find((x) => x.name === module);
    if (!s?.h) throw new UserError(`module ${module} does not exist in ${this.mode} mode`);
    return s.h.memory(addr, length);
  }

  // At a checkpoint: the slots' servicing, then the next epoch's target (or the end at --max-cycles).
  private beginEpoch(): LockstepResult | number {
    this.serviceSlots();
    if (this.checkpointAt >= this.maxCycles) return this.finish({ kind: "max-cycles", exitCode: EXIT_MAX_CYCLES, message: `stopped after ${this.checkpointAt} cycles (--max-cycles)` });
    return Math.min(this.checkpointAt + this.epoch, this.maxCycles);
  }

  /** A debugger's step: one epoch, ending early at cycle `until`, compared and checkpointed there;
   *  the result once the run is over. (The page and the CLI step with advance(), which keeps the
   *  checkpoints where a straight run has them.) */
  advanceEpoch(until = Infinity): LockstepResult | undefined {
    const t = this.beginEpoch();
    if (typeof t !== "number") return t;
    const target = Math.min(t, Math.max(until, this.checkpointAt + 1));
    this.runHosts(this.online().map((s) => s.name), target, true, target);
    return this.settle(target);
  }

  // ---- what a debugger sees: one machine (src/harness/debug-target.ts) ----
  /** The online modules, which agree at every checkpoint. */
  onlineModules(): CpuModule[] {
    return this.online().map((s) => {
      if (!s.h!.module) throw new Error("a debugger needs the modules in its thread");
      return s.h!.module;
    });
  }
  /** The instance in each slot (null: none yet), in slot order. */
  slotModules(): Array<CpuModule | null> {
    return this.slots.map((s) => s.h?.module ?? null);
  }
  moduleStates(): Array<{ name: ModuleName; state: ModuleState }> {
    return this.slots.map((s) => ({ name: s.name, state: s.state }));
  }
  get timeline(): readonly MachineEvent[] {
    return this.log.events;
  }
  /** Adds a fault while a debugger holds the machine (checked as --inject's are). */
  inject(f: FaultSpec): void {
    this.validate(f);
    this.injector.add(f);
  }

  // Looks at what the online modules did this epoch until they agree (checkpoint) or the
  // machine must stop. Returns the result when the run is over.
  private settle(target: number): LockstepResult | undefined {
    for (;;) {
      const live = this.online();
      if (live.length === 0) {
        return this.finish({ kind: "stopped", exitCode: EXIT_STOPPED, message: "no module is left online" }, true);
      }
      // A module that stopped retiring instructions (halted CPU, pulled out) is dropped at once.
      const dead = live.filter((s) => s.h!.report.status === L.ST_STOPPED || this.injector.isPulled(s.name));
      if (dead.length && dead.length < live.length) {
        for (const s of dead) this.takeOffline(s, s.h!.report.cycle, `stopped retiring instructions at cycle ${s.h!.report.cycle}`);
        continue;
      }
      // Machine checks name a module.
      const checked = live.filter((s) => s.h!.report.status === L.ST_MACHINE_CHECK);
      if (checked.length) {
        const outcome = this.onMachineCheck(checked, live);
        if (outcome === "rerun") return undefined;
        if (outcome === "continue") continue;
        return outcome;
      }
      if (dead.length) {
        // Every module stopped: each is reported offline as it is (no partner is left to resync from).
        for (const s of dead) {
          s.state = "offline";
          this.log.add(s.h!.report.cycle, "offline", `stopped retiring instructions at cycle ${s.h!.report.cycle}`, s.name);
        }
        return this.finish({ kind: "stopped", exitCode: EXIT_STOPPED, message: "every module stopped: no module is left online" }, true);
      }
      if (live.length === 1) return this.agreed(live, target);
      const diff = this.difference(live);
      if (!diff) return this.agreed(live, target);
      const handled = this.onDivergence(live, diff);
      if (handled === "rerun") return undefined;
      if (handled !== "continue") return handled;
    }
  }

  // The first point where the live modules differ: a journal entry, or their end state. Hosts
  // report a hash of what is compared (epoch-hash.ts); only when hashes differ are entries and
  // state fetched, to find the divergence exactly as a full comparison does.
  private difference(live: Slot[]): { cycle: number; what: string; keys: string[] } | undefined {
    const hashes = live.map((s) => s.h!.hash());
    if (hashes.every((x) => x === hashes[0])) return undefined;
    const a = live[0].h!;
    let first = -1;
    for (const s of live.slice(1)) {
      const d = a.firstDifference(s.h!.journal());
      if (d >= 0 && (first < 0 || d < first)) first = d;
    }
    const lowest = Math.min(...live.map((x) => x.h!.report.cycle));
    if (first >= 0) {
      const keys = live.map((s) => s.h!.entryKey(first));
      const w = live.map((s) => s.h!).find((h) => first < h.report.journalLength)!;
      const cycle = this.entryCycle(w, first);
      return { cycle, what: `write #${first} of the epoch differs`, keys };
    }
    for (const s of live.slice(1)) {
      const field = a.stateDifference(s.h!.state());
      if (field) {
        return { cycle: lowest, what: `${field} differs at the checkpoint`, keys: live.map((x) => x.h!.stateKey()) };
      }
    }
    // Only --compare state sees this: a written page differs, though every write agreed (a stuck bit).
    return { cycle: lowest, what: "a page written this epoch differs at the checkpoint", keys: hashes };
  }

  // Journal entries hold the low 32 bits of their cycle; the epoch started at this.checkpointAt.
  private entryCycle(h: ModuleHost, i: number): number {
    const low = h.journal()[i * (L.JOURNAL_ENTRY / 4) + L.JE_CYCLE / 4];
    const base = this.checkpointAt - (this.checkpointAt % 2 ** 32);
    const c = base + low;
    return c < this.checkpointAt ? c + 2 ** 32 : c;
  }

  private onDivergence(live: Slot[], diff: { cycle: number; what: string; keys: string[] }): LockstepResult | "rerun" | "continue" {
    this.log.add(diff.cycle, "divergence", diff.what);
    if (live.length >= 3) {
      // tmr: the majority wins at once; the outvoted module is resynced.
      const counts = new Map<string, number>();
      for (const k of diff.keys) counts.set(k, (counts.get(k) ?? 0) + 1);
      const [winner, votes] = [...counts.entries()].sort((x, y) => y[1] - x[1])[0];
      if (votes * 2 > live.length) {
        live.forEach((s, i) => {
          if (diff.keys[i] !== winner) {
            this.log.add(diff.cycle, "vote", `outvoted ${votes} to 1`, s.name);
            this.takeOffline(s, diff.cycle, "outvoted");
          }
        });
        return "continue";
      }
    }
    if (!this.retrying) {
      // dmr: two modules cannot tell which is right. Roll back and run again: a transient fault
      // (a flipped register) does not recur.
      this.rollbackAll(diff.cycle);
      this.retrying = true;
      this.options.onRollback?.(this.checkpointView(this.checkpointAt));
      return "rerun";
    }
    this.log.add(diff.cycle, "fail-stop", "the divergence recurred after rollback and no check names a module: stopping without releasing it");
    return this.finish({ kind: "fail-stop", exitCode: EXIT_MACHINE_CHECK, message: `fail-stop at cycle ${diff.cycle}: the modules disagree and no check tells which is right` }, true);
  }

  private onMachineCheck(checked: Slot[], live: Slot[]): LockstepResult | "rerun" | "continue" {
    for (const s of checked) {
      const h = s.h!;
      const { mceKind: kind, mceAddr: addr, cycle } = h.report;
      if (kind === L.MCE_DISK) {
        this.log.add(cycle, "machine-check", `disk sector ${addr} fails its checksum`, s.name);
        const donor = live.find((d) => d !== s && d.h!.report.status !== L.ST_MACHINE_CHECK && d.h!.sectorGood(addr));
        if (!donor) {
          return this.finish(h.stop(this.image.kind), true);
        }
        this.rollbackAll(cycle);
        this.copySector(donor.h!, h, addr);
        this.log.add(this.checkpointAt, "repair", `sector ${addr} rewritten from module ${donor.name}'s mirror copy`, s.name);
        this.options.onRollback?.(this.checkpointView(this.checkpointAt));
        return "rerun";
      }
      this.log.add(cycle, "machine-check", `uncorrectable memory error at 0x${(addr + ramOriginFor(this.image)).toString(16)}`, s.name);
      if (live.length > checked.length) this.takeOffline(s, cycle, "named by a machine check");
    }
    if (this.online().length === 0 || checked.length === live.length) {
      // No good module is left: each checked one is reported offline as it is.
      for (const s of checked.filter((c) => c.state === "online")) {
        s.state = "offline";
        this.log.add(s.h!.report.cycle, "offline", "named by a machine check; no good module is left", s.name);
      }
      return this.finish(checked[0].h!.stop(this.image.kind), true);
    }
    return "continue";
  }

  // All online modules agree (or one is alone): commit, checkpoint, then act on their status.
  private agreed(live: Slot[], target: number): LockstepResult | undefined {
    const lead = live[0].h!;
    const { cycle, status: st } = lead.report;
    if (this.retrying) {
      this.log.add(cycle, "retry-agreed", "the re-execution agreed: the fault was transient and is masked");
      this.retrying = false;
    }
    this.commit(lead);
    for (const s of this.slots) if (s.resync && s.resync.from.state === "online") s.resync.job.noteWrites(s.resync.from.h!.written());
    // Input the modules wait for is delivered before the checkpoint is saved, so that a
    // rollback to this checkpoint keeps it.
    if (st === L.ST_NEED_INPUT) this.input.feed(live.map((s) => s.h!));
    // Logged before a campaign sees the checkpoint, which may end its experiment there.
    this.noteCorrections(live, cycle);
    this.noteCheckpoint(cycle);
    for (const s of live) s.h!.checkpoint();
    this.checkpointAt = cycle;
    if (st === L.ST_CYCLE_LIMIT || st === L.ST_JOURNAL_FULL || st === L.ST_NEED_INPUT) return undefined;
    if (this.options.pauseOn?.(lead.module!)) return undefined; // a debugger's breakpoint: it resumes the modules
    return this.finish(lead.stop(this.image.kind));
  }

  // SEC-DED corrects single-bit errors silently; the machine logs them, as a real one does.
  private noteCorrections(live: Slot[], cycle: number): void {
    for (const s of live) {
      const n = s.h!.report.corrected;
      if (n > s.corrected) this.log.add(cycle, "corrected", `${n - s.corrected} single-bit memory error${n - s.corrected > 1 ? "s" : ""} corrected by SEC-DED`, s.name);
      s.corrected = n;
    }
  }

  private commit(lead: ModuleHost): void {
    // Most epochs print nothing: the core counts output bytes, so the journal is scanned only when it moved.
    const produced = lead.report.outBytes;
    if (produced === this.outBytes) return;
    this.outBytes = produced;
    let bytes = 0;
    for (const [stream, data] of lead.output()) {
      bytes += data.length;
      this.out.sink(stream, data);
      this.options.onOutput?.(stream, data);
    }
    if (bytes) this.log.add(lead.report.cycle, "output", `${bytes} byte${bytes > 1 ? "s" : ""} committed`);
  }

  private rollbackAll(at: number): void {
    this.log.add(at, "rollback", `every online module returns to cycle ${this.checkpointAt}`);
    const from = this.cycle;
    this.rollbackMarks.push({ from, to: this.checkpointAt });
    this.undone += from - this.checkpointAt;
    for (const s of this.online()) s.h!.rollback();
  }

  private takeOffline(s: Slot, cycle: number, why: string): void {
    s.state = "offline";
    this.log.add(cycle, "offline", why, s.name);
    for (const t of this.slots) {
      if (t.resync?.from === s) {
        this.log.add(cycle, "offline", `resync from module ${s.name} abandoned`, t.name);
        t.resync = undefined;
        t.state = "offline";
      }
    }
    if (this.mode === "tmr" || this.options.autoReplace) this.replace(s, cycle);
  }

  // A fresh module in the slot, to be resynced from an online one.
  private replace(s: Slot, cycle: number): void {
    const from = this.online()[0];
    // A pulled module leaves its slot empty until a module is inserted there.
    if (!from || this.injector.isPulled(s.name)) return;
    s.h?.dispose();
    const spare = this.start?.spare;
    if (spare) {
      s.h = new ModuleHost(s.name, new InThreadTransport((r) => this.makeModule(r), spare(), this.recipe.compare));
      s.h.adopt();
    } else {
      s.h = this.newHost(s.name);
      s.h.make(this.recipe);
    }
    s.state = "resyncing";
    s.corrected = 0;
    s.resync = { job: new Resync(s.h, cycle, this.options.resyncChunk ?? DEFAULT_RESYNC_CHUNK), from };
    this.log.add(cycle, "resync-start", `copying ${this.layout.ramSize >>> 20} MiB of RAM and ${this.layout.diskSize >>> 10} KiB of disk from module ${from.name} while the machine runs`, s.name);
  }

  // At a checkpoint: inserted modules, resync progress.
  private serviceSlots(): void {
    for (const f of this.injector.insertionsDue(this.checkpointAt)) {
      const s = this.slots.find((x) => x.name === f.module)!;
      if (s.state === "online" || s.state === "resyncing") {
        this.log.add(this.checkpointAt, "insert", `module ${s.name} is already in place; insert ignored`, s.name);
        this.injector.ignored(f);
        continue;
      }
      this.log.add(this.checkpointAt, "insert", "a fresh module was slid in", s.name);
      this.replace(s, this.checkpointAt);
    }
    for (const s of this.slots) {
      const r = s.resync;
      if (!r || r.from.state !== "online") continue;
      if (!r.job.copyChunk(r.from.h!)) continue;
      const pause = r.job.finish(r.from.h!);
      this.log.add(this.checkpointAt, "resync-pause", `${pause.pages} dirty pages and ${pause.sectors} sectors plus the CPU state copied (${pause.bytes} bytes)`, s.name);
      s.state = "online";
      s.h!.resynced();
      s.resync = undefined;
      const report: ResyncReport = {
        module: s.name, from: r.from.name, startedAt: r.job.startedAt, doneAt: this.checkpointAt,
        cycles: this.checkpointAt - r.job.startedAt, pause,
      };
      this.resyncs.push(report);
      this.log.add(this.checkpointAt, "resync-done", `online again after ${report.cycles} cycles`, s.name);
    }
  }

  // The disk image is output too: before it leaves the machine every online module's sectors are
  // checked against their checksums, and a bad one is rewritten from a partner's good copy.
  private scrubDisks(): boolean {
    const live = this.online();
    for (const s of live) if (s.h!.remote) s.h!.startBadSectors();
    for (const s of live) if (!s.h!.remote) s.h!.startBadSectors();
    const bad = live.map((s) => s.h!.endBadSectors());
    for (const [i, s] of live.entries()) {
      const h = s.h!;
      for (const sector of bad[i]) {
        this.log.add(h.report.cycle, "machine-check", `disk sector ${sector} fails its checksum (scrub before release)`, s.name);
        const donor = live.find((d) => d !== s && d.h!.sectorGood(sector));
        if (!donor) return false;
        this.copySector(donor.h!, h, sector);
        this.log.add(h.report.cycle, "repair", `sector ${sector} rewritten from module ${donor.name}'s mirror copy`, s.name);
      }
    }
    return true;
  }

  // A sector and its checksum, from a module with a good copy.
  private copySector(from: ModuleHost, to: ModuleHost, sector: number): void {
    const { disk, sums } = this.layout;
    const ranges: Array<[number, number]> = [[disk + sector * 512, disk + sector * 512 + 512], [sums + sector * 4, sums + sector * 4 + 4]];
    to.write(ranges, from.read(ranges));
  }

  private finish(stop: StopInfo, failStop = false): LockstepResult {
    if (!failStop && !this.scrubDisks()) {
      const c = this.online()[0].h!.report.cycle;
      this.log.add(c, "fail-stop", "a disk sector is bad on every module: the disk image is not released");
      stop = { kind: "fail-stop", exitCode: EXIT_MACHINE_CHECK, message: "machine check: a disk sector is bad and no module has a good copy" };
      failStop = true;
    }
    const lead = this.online()[0]?.h ?? this.slots.find((s) => s.h)?.h!;
    // A fail-stop releases nothing past the last checkpoint: the machine stops there.
    const at = failStop ? this.checkpointAt : lead.report.cycle;
    // Copied once below (the disk proper, the files): a module's is a live view of its memory.
    const disk = releasesDisk(failStop) ? lead.disk() : null;
    this.injector.logUnfired(at);
    this.log.add(at, "stop", stop.message || `exit status ${stop.exitCode}`);
    return {
      mode: this.mode,
      exitCode: stop.exitCode,
      cycles: at,
      stop,
      failStop,
      stdout: this.out.bytes(1),
      stderr: this.out.bytes(2),
      streams: { stdout: this.out.summary(1), stderr: this.out.summary(2) },
      disk: disk ? (this.options.diskView ? disk.subarray(0, this.userDisk) : disk.slice(0, this.userDisk)) : null,
      files: disk ? createdFiles(disk.subarray(this.userDisk)) : [],
      events: this.log.events.slice(), // the log goes on changing if the machine is taken back in time
      modules: this.slots.map((s) => ({ name: s.name, state: s.state })),
      injected: this.injector.report(),
      resyncs: this.resyncs,
    };
  }
}
