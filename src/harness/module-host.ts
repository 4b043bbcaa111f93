// Module hosts: what runs a module's epochs, in the harness's thread or in a worker of its own.
// The harness speaks to every module through one: it tells all hosts to run to a cycle at once
// (post, then collect: hosts in other threads run in parallel), and decides only from what they
// report (cycle, status, a hash of the epoch; entries and state only when hashes differ).
// A transport carries requests to the module's ModuleServer (host-ops.ts): here a direct call;
// src/node/module-worker-host.ts supplies worker threads, and a page may supply Web Workers.
import type { CpuModule } from "../core/module";
import type { FaultSpec, ModuleName } from "../faults/spec";
import type { StopInfo } from "../core/status";
import { ModuleServer, type HostReport, type HostRequest, type ModuleBoot, type ModuleMaker, type ModuleRecipe, type RunReply } from "./host-ops";
import type { CopyEnd, ModuleLayout } from "./resync";
import type { CompareMode } from "./epoch-hash";
import type { SavedState } from "./checkpoint";
import type { MemoryView, ModuleView } from "./view";

export interface HostTransport {
  /** Starts a request; its reply is taken by the next collect(). */
  post(req: HostRequest): void;
  collect(): unknown;
  /** Ends the host (a worker thread stops). */
  dispose(): void;
  /** The module itself, where it lives in this thread (debuggers and campaigns read it directly). */
  readonly module?: CpuModule | null;
  /** Its server, where it lives in this thread (time travel saves and restores what it keeps). */
  readonly server?: ModuleServer;
}

/** What a host in this thread keeps between epochs besides its module's memory (time travel). */
export interface HostState {
  readonly last: HostReport;
  readonly hashed?: string;
  readonly saved: SavedState;
}

/** Makes the transport of a new module host (one per module the machine makes, named by its slot). */
export type HostFactory = (make: ModuleMaker, name: ModuleName) => HostTransport;

/** The in-thread host: the module lives in the harness's thread; requests are plain calls. */
export class InThreadTransport implements HostTransport {
  readonly server: ModuleServer;
  private readonly replies: unknown[] = [];
  constructor(make: ModuleMaker, adopt?: CpuModule, compare?: CompareMode) {
    this.server = new ModuleServer(make, adopt, compare);
  }
  get module(): CpuModule | null {
    return this.server.module;
  }
  post(req: HostRequest): void {
    this.replies.push(this.server.serve(req));
  }
  collect(): unknown {
    return this.replies.shift();
  }
  dispose(): void {}
}

/** One module's host as the harness uses it: typed requests and the module's last report. */
export class ModuleHost implements CopyEnd {
  private last!: HostReport;
  private hashed?: string; // the epoch's hash, while the module has not moved since
  private checkpointDue = false;
  private unanswered = 0; // replies to requests sent ahead (checkpoints), to be passed over

  constructor(readonly name: ModuleName, private readonly t: HostTransport) {}

  /** Between epochs, in this thread only: what it keeps, for restore() after the memory is put back. */
  capture(): HostState {
    if (!this.t.server) throw new Error("time travel needs the modules in the harness's thread");
    return { last: this.report, hashed: this.hashed, saved: this.t.server.capture() };
  }
  restore(s: HostState): void {
    this.t.server!.restore(s.saved);
    this.last = s.last;
    this.hashed = s.hashed;
    this.checkpointDue = false;
    this.unanswered = 0;
  }

  get module(): CpuModule | undefined {
    return this.t.module ?? undefined;
  }

  /** The module's cycle, status, journal length ... as of its last request (in this thread: now,
   *  since a debugger may have changed it in between). */
  get report(): HostReport {
    return this.t.module ? (this.last = this.call({ op: "report" })) : this.last;
  }

  /** Whether the module lives in another thread: its run is started before this thread's. (A
   *  transport in this thread exposes its module, null until it is made.) */
  get remote(): boolean {
    return !("module" in this.t);
  }

  private call<T>(req: HostRequest): T {
    this.post(req);
    return this.collect() as T;
  }
  // A checkpoint goes ahead of the next request, its reply not waited for: one wait an epoch.
  private post(req: HostRequest): void {
    if (this.checkpointDue) {
      this.checkpointDue = false;
      this.t.post({ op: "checkpoint" });
      this.unanswered++;
    }
    this.t.post(req);
  }
  private collect(): unknown {
    for (; this.unanswered > 0; this.unanswered--) this.t.collect();
    return this.t.collect();
  }
  private moved(report: HostReport): HostReport {
    this.hashed = undefined;
    return (this.last = report);
  }

  make(recipe: ModuleRecipe, boot?: ModuleBoot): void {
    this.startMake(recipe, boot);
    this.endMake();
  }
  /** Starts making the module (modules in other threads are made at once); endMake() waits. */
  startMake(recipe: ModuleRecipe, boot?: ModuleBoot): void {
    this.post({ op: "make", recipe, boot });
  }
  endMake(): void {
    this.moved(this.collect() as HostReport);
  }
  adopt(): void {
    this.moved(this.call({ op: "report" }));
  }

  /** Starts running towards `target` (or only applying the faults of the module's cycle); endRun() waits. */
  startRun(target: number, faults: FaultSpec[], run: boolean, epochEnd: number, hash = true, next?: number, limit?: number): void {
    this.post({ op: "run", target, faults, run, epochEnd, hash, next, limit });
  }
  endRun(): RunReply {
    const r = this.collect() as RunReply;
    this.moved(r.report);
    this.hashed = r.hash;
    return r;
  }

  hash(): string {
    return (this.hashed ??= this.call<string>({ op: "hash" }));
  }
  checkpoint(): void {
    this.hashed = undefined;
    this.last = { ...this.last, journalLength: 0 };
    this.checkpointDue = true;
    // In this thread it costs no message: done now, before a debugger may touch the module.
    if (this.t.module) this.call({ op: "report" });
  }
  rollback(): void {
    this.moved(this.call({ op: "rollback" }));
  }
  refresh(): HostReport {
    return this.moved(this.call({ op: "report" }));
  }

  journal(): Uint32Array {
    return this.call({ op: "journal" });
  }
  firstDifference(peer: Uint32Array): number {
    return this.call({ op: "firstDifference", peer });
  }
  entryKey(index: number): string {
    return this.call({ op: "entryKey", index });
  }
  state(): Uint8Array {
    return this.call({ op: "state" });
  }
  stateDifference(peer: Uint8Array): string | undefined {
    return this.call({ op: "stateDifference", peer });
  }
  stateKey(): string {
    return this.call({ op: "stateKey" });
  }
  output(): Array<[1 | 2, Uint8Array]> {
    return this.call({ op: "output" });
  }
  written(): { pages: number[]; sectors: number[] } {
    return this.call({ op: "written" });
  }
  read(ranges: Array<[number, number]>): Uint8Array[] {
    return this.call({ op: "read", ranges });
  }
  write(ranges: Array<[number, number]>, data: Uint8Array[]): void {
    this.hashed = undefined;
    this.call({ op: "write", ranges, data });
  }
  resynced(): void {
    this.moved(this.call({ op: "resynced" }));
  }
  inputRoom(): number {
    return this.call({ op: "inputRoom" });
  }
  input(bytes: Uint8Array, eof: boolean): void {
    this.hashed = undefined;
    this.call({ op: "input", bytes: bytes.slice(), eof }); // a copy: not the whole input, wherever it goes
  }
  sectorGood(sector: number): boolean {
    return this.call({ op: "sectorGood", sector });
  }
  /** Starts checking every sector against its checksum (a whole disk: modules in other threads
   *  check theirs at once); endBadSectors() waits for the sectors that fail. */
  startBadSectors(): void {
    this.post({ op: "badSectors" });
  }
  endBadSectors(): number[] {
    return this.collect() as number[];
  }
  stop(kind: "elf" | "bin"): StopInfo {
    return this.call({ op: "stop", kind });
  }
  disk(): Uint8Array {
    return this.call({ op: "disk" });
  }
  layout(): ModuleLayout {
    return this.call({ op: "layout" });
  }
  view(state: ModuleView["state"], checkpoint: number, resync?: ModuleView["resync"]): ModuleView {
    return this.call({ op: "view", name: this.name, state, checkpoint, resync });
  }
  memory(address: number, length: number): MemoryView {
    return this.call({ op: "memory", address, length });
  }
  dispose(): void {
    this.t.dispose();
  }
}
