// Module hosts on worker threads (Node): each module lives in a worker of its own, so the
// modules of dmr and tmr run their epochs in parallel. The harness stays synchronous: a request
// is written to shared memory (an epoch's: fast-channel.ts) or posted on a MessagePort, and a
// shared counter is bumped and the worker woken; it takes the request, answers the same way and
// bumps a second counter, on which collect() waits before it takes the reply (with
// receiveMessageOnPort if it is a message). An epoch the worker ran ahead is taken from shared
// memory without a request (run-ahead.ts). No event loop is involved. While every thread of the
// machine has a core of its own, a waiting thread looks at the counter a while before it sleeps:
// an epoch lasts about 0.1 ms, and waking a sleeping thread costs a good part of that.
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { availableParallelism } from "node:os";
import { UserError } from "../errors";
import { InThreadTransport, type HostFactory, type HostTransport } from "../harness/module-host";
import { MODULE_NAMES, type ModuleName } from "../faults/spec";
import type { HostRequest } from "../harness/host-ops";
import { packageFile } from "./paths";
import { FastChannel, REPLIES, RING, SPIN } from "./fast-channel";
import { asksFor } from "../harness/run-ahead";

/** What a module worker is started with. */
export interface ModuleWorkerData {
  wasm: WebAssembly.Module;
  shared: SharedArrayBuffer; // a FastChannel's
  port: MessagePort;
}
export type WorkerReply = { value: unknown } | { error: string; user: boolean };
/** A request sent as a message: for the module of slot `slot` (0 A, 1 B, 2 C). */
export interface WorkerRequest {
  slot: number;
  req: HostRequest;
}

// How long a waiting thread looks before it sleeps, in looks at the counter (about 1 ms): longer
// than the gap between two epochs' requests and most pauses of the other thread (a collection,
// a batch of translations). Measured on this project's 2-core virtual machine, waking a sleeping
// thread took 1-1.5 ms, ten epochs' worth.
const SPIN_LOOKS = 200_000;

// The worker is bundled beside the CLI (dist/module-worker.js); tests find it from the sources.
function workerFile(): string {
  const beside = fileURLToPath(new URL("./module-worker.js", import.meta.url));
  if (existsSync(beside)) return beside;
  try {
    return packageFile("dist/module-worker.js");
  } catch {
    throw new Error("dist/module-worker.js is missing: run `npm run build`");
  }
}

/** The module threads in use, against the cores: waiting threads spin only while every one has a core. */
class ThreadCount {
  private inUse = 1; // the harness's thread, which runs module A
  private readonly cores = availableParallelism();
  change(by: number): void {
    this.inUse += by;
  }
  get spin(): number {
    return this.inUse <= this.cores ? SPIN_LOOKS : 0;
  }
}

type Outcome = { value: unknown } | { error: Error };

/** A worker thread holding the modules of one or more slots of a machine (B, or B and C). Its
 *  requests and replies form one queue; each slot's replies are handed to that slot, in order. */
export class ModuleWorker {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly channel = new FastChannel();
  private posted = 0;
  private collected = 0;
  private readonly owners: ModuleName[] = []; // the slot of each request not yet collected, in order
  private readonly early = new Map<ModuleName, Outcome[]>(); // replies collected ahead of their slot's turn
  private readonly slots = new Set<ModuleName>();
  private readonly held = new Set<ModuleName>(); // slots whose checkpoint waits for their next request
  ended = false;

  constructor(wasm: WebAssembly.Module, private readonly threads: ThreadCount) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const workerData: ModuleWorkerData = { wasm, shared: this.channel.sab, port: port2 };
    this.worker = new Worker(workerFile(), { workerData, transferList: [port2] });
    this.worker.unref(); // a machine that is never closed does not keep the process alive
    this.port.unref();
  }

  /** Whether slot `name` can live here (no other machine's module of that name does). */
  free(name: ModuleName): boolean {
    return !this.ended && !this.slots.has(name);
  }

  attach(name: ModuleName): HostTransport {
    if (this.slots.size === 0) this.threads.change(1);
    this.slots.add(name);
    return {
      post: (req) => this.post(name, req),
      collect: () => this.collect(name),
      dispose: () => this.detach(name),
    };
  }

  private detach(name: ModuleName): void {
    this.slots.delete(name);
    this.held.delete(name);
    if (this.slots.size === 0) this.threads.change(-1);
    // The worker is kept for the next machine (its next "make" for the slot replaces the module),
    // unless the slot left a request unanswered (an error interrupted it): then it is ended.
    if (this.owners.includes(name) || this.early.get(name)?.length) void this.end();
  }

  // A checkpoint is held until the slot's next request: with a run that asks for the epoch its
  // module ran ahead, the two are taken from the ring together, without waking the worker.
  private post(slot: ModuleName, req: HostRequest): void {
    if (req.op === "checkpoint" && !this.held.has(slot)) {
      this.held.add(slot);
      return;
    }
    const s = MODULE_NAMES.indexOf(slot);
    if (this.held.delete(slot)) {
      if (req.op === "run" && req.hash && !this.owners.includes(slot) && !this.early.get(slot)?.length) {
        const target = this.channel.nextAhead(s);
        if (target !== undefined && asksFor(req, target)) {
          const reply = this.channel.take(s);
          this.early.set(slot, [{ value: undefined }, { value: reply }]);
          return;
        }
      }
      this.send(slot, { op: "checkpoint" });
    }
    this.send(slot, req);
  }

  private send(slot: ModuleName, req: HostRequest): void {
    if (this.ended) throw new Error("module worker: the thread has ended");
    if (this.posted - this.collected >= RING) throw new Error("module worker: too many requests under way");
    this.posted++;
    this.owners.push(slot);
    const slotIndex = MODULE_NAMES.indexOf(slot);
    if (!this.channel.putRequest(this.posted, req, slotIndex)) this.port.postMessage({ slot: slotIndex, req: own(req) } satisfies WorkerRequest);
    Atomics.store(this.channel.i32, SPIN, this.threads.spin);
    this.channel.announce();
  }

  private collect(slot: ModuleName): unknown {
    const ahead = this.early.get(slot);
    let got = ahead?.length ? ahead.shift()! : undefined;
    while (!got) {
      if (!this.owners.length) throw new Error("module worker: nothing to collect");
      const owner = this.owners.shift()!;
      const outcome = this.next();
      if (owner === slot) got = outcome;
      else this.early.set(owner, [...(this.early.get(owner) ?? []), outcome]);
    }
    if ("error" in got) throw got.error;
    return got.value;
  }

  // The next reply in the queue.
  private next(): Outcome {
    const want = ++this.collected;
    this.channel.waitFor(REPLIES, want);
    try {
      return {
        value: this.channel.takeReply(want, () => {
          const msg = receiveMessageOnPort(this.port);
          if (!msg) throw new Error("module worker: a reply was signalled but none arrived");
          const reply = msg.message as WorkerReply;
          if ("error" in reply) throw reply.user ? new UserError(reply.error) : new Error(`module worker: ${reply.error}`);
          return reply.value;
        }),
      };
    } catch (e) {
      return { error: e as Error };
    }
  }

  /** Ends the worker thread (resolved once it has stopped). */
  async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    if (this.slots.size) this.threads.change(-1);
    this.port.close();
    this.worker.ref(); // the process waits for the thread to stop instead of exiting under it
    await this.worker.terminate();
  }
}

/** Module hosts for a machine with threads: module A in the harness's thread (which would
 *  otherwise only wait), the others in worker threads, all sharing the compiled core. With
 *  `threads` threads in all, B and C each get a worker of their own from 3 threads on (the
 *  default on two cores or more: defaultThreads); with 2 they share one. Workers are kept between
 *  machines, since starting one costs more than many epochs; `close()` ends them. Call it when
 *  the last machine is closed: Node 20 can crash at exit while a worker thread is still parked
 *  in Atomics.wait. */
export type WorkerHosts = HostFactory & { close(): Promise<void> };

export function workerHosts(wasm: WebAssembly.Module, threads = defaultThreads()): WorkerHosts {
  const count = new ThreadCount();
  const own: Array<ModuleWorker | undefined> = new Array(Math.max(1, threads - 1)); // the modules after A, spread over these
  let extra: ModuleWorker[] = []; // for machines alive at once, whose slots would collide
  const factory: HostFactory = (make, name) => {
    if (name === "A") return new InThreadTransport(make);
    const i = (MODULE_NAMES.indexOf(name) - 1) % own.length;
    if (!own[i] || own[i]!.ended) own[i] = new ModuleWorker(wasm, count);
    let w = own[i]!;
    if (!w.free(name)) {
      extra = extra.filter((x) => !x.ended);
      w = extra.find((x) => x.free(name)) ?? new ModuleWorker(wasm, count);
      if (!extra.includes(w)) extra.push(w);
    }
    return w.attach(name);
  };
  return Object.assign(factory, {
    close: async () => {
      const all = [...own.splice(0), ...extra.splice(0)].filter((w): w is ModuleWorker => !!w);
      await Promise.all(all.map((w) => w.end()));
    },
  });
}

/** --threads' default: as many threads as the machine has cores (1: every module in one), and
 *  with two cores or more at least three, a thread for each of tmr's modules. Modules in workers
 *  run ahead of the harness, so three busy threads share two cores without waiting at every
 *  epoch; measured on two cores, tmr ran 0.98-1.17x as fast as with B and C sharing a worker (six programs). */
export function defaultThreads(): number {
  const cores = availableParallelism();
  return cores >= 2 ? Math.max(cores, 3) : 1;
}

/** A message's typed arrays as arrays of their own: posting a view would copy all the memory
 *  under it (a module's, for a view of its journal or RAM). */
export function own<T>(v: T): T {
  if (ArrayBuffer.isView(v)) return (v.byteLength === v.buffer.byteLength ? v : (v as unknown as Uint8Array).slice()) as T;
  if (Array.isArray(v)) return v.map(own) as T;
  if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, own(x)])) as T;
  }
  return v;
}
