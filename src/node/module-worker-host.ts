// Module hosts on worker threads (Node): each module lives in a worker of its own, so the
// modules of dmr and tmr run their epochs in parallel. The harness stays synchronous: a request
// is posted on a MessagePort and a shared counter is bumped; the worker, blocked on that counter,
// takes the request, answers on the port and bumps a second counter, on which collect() blocks
// (Atomics.wait) before it takes the reply with receiveMessageOnPort. No event loop is involved.
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { availableParallelism } from "node:os";
import { UserError } from "../errors";
import { InThreadTransport, type HostFactory, type HostTransport } from "../harness/module-host";
import type { HostRequest } from "../harness/host-ops";
import { packageFile } from "./paths";

/** What a module worker is started with. */
export interface ModuleWorkerData {
  wasm: WebAssembly.Module;
  signals: SharedArrayBuffer; // Int32Array: [requests posted, replies posted]
  port: MessagePort;
}
export type WorkerReply = { value: unknown } | { error: string; user: boolean };

export const REQUESTS = 0;
export const REPLIES = 1;

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

export class WorkerTransport implements HostTransport {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signals: Int32Array;
  private posted = 0;
  private collected = 0;

  constructor(wasm: WebAssembly.Module, private readonly idle?: WorkerTransport[]) {
    const sab = new SharedArrayBuffer(8);
    this.signals = new Int32Array(sab);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(workerFile(), { workerData: { wasm, signals: sab, port: port2 } satisfies ModuleWorkerData, transferList: [port2] });
    this.worker.unref(); // a machine that is never closed does not keep the process alive
    this.port.unref();
  }

  post(req: HostRequest): void {
    this.port.postMessage(own(req));
    this.posted++;
    Atomics.add(this.signals, REQUESTS, 1);
    Atomics.notify(this.signals, REQUESTS);
  }

  collect(): unknown {
    if (this.collected === this.posted) throw new Error("module worker: nothing to collect");
    const want = ++this.collected;
    for (;;) {
      const seen = Atomics.load(this.signals, REPLIES);
      if (seen >= want) break;
      Atomics.wait(this.signals, REPLIES, seen);
    }
    const msg = receiveMessageOnPort(this.port);
    if (!msg) throw new Error("module worker: a reply was signalled but none arrived");
    const reply = msg.message as WorkerReply;
    if ("error" in reply) throw reply.user ? new UserError(reply.error) : new Error(`module worker: ${reply.error}`);
    return reply.value;
  }

  dispose(): void {
    // A worker with no request under way is kept for the factory's next module (its next "make"
    // replaces the module); one interrupted by an error is ended.
    if (this.idle && this.posted === this.collected) {
      this.idle.push(this);
      return;
    }
    void this.end();
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
  const factory: HostFactory = (make, name) => (name === "A" ? new InThreadTransport(make) : idle.pop() ?? new WorkerTransport(wasm, idle));
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
