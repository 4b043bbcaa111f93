// Module hosts on worker threads (Node): each module lives in a worker of its own, so the
// modules of dmr and tmr run their epochs in parallel. The harness stays synchronous: a request
// is written to shared memory (an epoch's: fast-channel.ts) or posted on a MessagePort, and a
// shared counter is bumped; the worker, waiting on that counter, takes the request, answers the
// same way and bumps a second counter, on which collect() waits before it takes the reply (with
// receiveMessageOnPort if it is a message). No event loop is involved. While every thread of the
// machine has a core of its own, a waiting thread looks at the counter a while before it sleeps:
// an epoch lasts about 0.1 ms, and waking a sleeping thread costs a good part of that.
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { availableParallelism } from "node:os";
import { UserError } from "../errors";
import { InThreadTransport, type HostFactory, type HostTransport } from "../harness/module-host";
import type { HostRequest } from "../harness/host-ops";
import { packageFile } from "./paths";
import { FastChannel, REPLIES, REQUESTS, RING, SPIN } from "./fast-channel";

/** What a module worker is started with. */
export interface ModuleWorkerData {
  wasm: WebAssembly.Module;
  shared: SharedArrayBuffer; // a FastChannel's
  port: MessagePort;
}
export type WorkerReply = { value: unknown } | { error: string; user: boolean };

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

export class WorkerTransport implements HostTransport {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly channel = new FastChannel();
  private posted = 0;
  private collected = 0;

  constructor(
    wasm: WebAssembly.Module,
    private readonly idle?: WorkerTransport[],
    private readonly threads = new ThreadCount(),
  ) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const workerData: ModuleWorkerData = { wasm, shared: this.channel.sab, port: port2 };
    this.worker = new Worker(workerFile(), { workerData, transferList: [port2] });
    this.worker.unref(); // a machine that is never closed does not keep the process alive
    this.port.unref();
    this.threads.change(1);
  }

  post(req: HostRequest): void {
    if (this.posted - this.collected >= RING) throw new Error("module worker: too many requests under way");
    this.posted++;
    if (!this.channel.putRequest(this.posted, req)) this.port.postMessage(own(req));
    Atomics.store(this.channel.i32, SPIN, this.threads.spin);
    this.channel.bump(REQUESTS);
  }

  collect(): unknown {
    if (this.collected === this.posted) throw new Error("module worker: nothing to collect");
    const want = ++this.collected;
    this.channel.waitFor(REPLIES, want);
    return this.channel.takeReply(want, () => {
      const msg = receiveMessageOnPort(this.port);
      if (!msg) throw new Error("module worker: a reply was signalled but none arrived");
      const reply = msg.message as WorkerReply;
      if ("error" in reply) throw reply.user ? new UserError(reply.error) : new Error(`module worker: ${reply.error}`);
      return reply.value;
    });
  }

  dispose(): void {
    // A worker with no request under way is kept for the factory's next module (its next "make"
    // replaces the module); one interrupted by an error is ended.
    this.threads.change(-1);
    if (this.idle && this.posted === this.collected) {
      this.idle.push(this);
      return;
    }
    void this.end();
  }

  /** Back in use for another module (kept idle since its last one). */
  reuse(): this {
    this.threads.change(1);
    return this;
  }

  /** Ends the worker thread (resolved once it has stopped). */
  async end(): Promise<void> {
    this.port.close();
    this.worker.ref(); // the process waits for the thread to stop instead of exiting under it
    await this.worker.terminate();
  }
}

/** Module hosts for a machine with threads: module A in the harness's thread (which would
 *  otherwise only wait), B and C each in a worker thread of its own, all sharing the compiled core.
 *  Workers are kept between machines, since starting one costs more than many epochs; `close()`
 *  ends the idle ones. Call it when the last machine is closed: Node 20 can crash at exit while a
 *  worker thread is still parked in Atomics.wait. */
export type WorkerHosts = HostFactory & { close(): Promise<void> };

export function workerHosts(wasm: WebAssembly.Module): WorkerHosts {
  const idle: WorkerTransport[] = [];
  const threads = new ThreadCount();
  const factory: HostFactory = (make, name) =>
    name === "A" ? new InThreadTransport(make) : idle.pop()?.reuse() ?? new WorkerTransport(wasm, idle, threads);
  return Object.assign(factory, {
    close: async () => {
      await Promise.all(idle.splice(0).map((t) => t.end()));
    },
  });
}

/** --threads' default: a worker per module where the machine has more than one core. */
export function defaultThreads(): number {
  return availableParallelism() > 1 ? availableParallelism() : 1;
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
