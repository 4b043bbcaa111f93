// A module worker thread: holds one module and answers the harness's requests about it
// (host-ops.ts's ModuleServer), blocked on a shared counter between requests (see
// module-worker-host.ts).
import { receiveMessageOnPort, workerData } from "node:worker_threads";
import { makeModule } from "../harness/lockstep";
import { ModuleServer, type HostRequest } from "../harness/host-ops";
import { UserError } from "../errors";
import { forgetCompiledBlocks } from "../jit/service";
import { own, REPLIES, REQUESTS, type ModuleWorkerData, type WorkerReply } from "./module-worker-host";

const { wasm, signals: sab, port } = workerData as ModuleWorkerData;
const signals = new Int32Array(sab);
const server = new ModuleServer((r) => makeModule(wasm, r.image, r, r.userDisk, r.fileAreaSize));

for (;;) {
  const seen = Atomics.load(signals, REQUESTS);
  const msg = receiveMessageOnPort(port);
  if (!msg) {
    Atomics.wait(signals, REQUESTS, seen);
    continue;
  }
  const req = msg.message as HostRequest;
  // A worker kept from an earlier machine starts each new one as a fresh thread would: with no
  // translated blocks (the benchmark makes every run pay for its translations).
  if (req.op === "make" && req.boot) forgetCompiledBlocks();
  let reply: WorkerReply;
  try {
    reply = { value: own(server.serve(req)) };
  } catch (e) {
    reply = { error: (e as Error)?.message ?? String(e), user: e instanceof UserError };
  }
  try {
    port.postMessage(reply);
  } catch (e) {
    // A reply that cannot be posted still ends the harness's wait, as an error.
    port.postMessage({ error: `reply not posted: ${(e as Error)?.message ?? String(e)}`, user: false } satisfies WorkerReply);
  }
  Atomics.add(signals, REPLIES, 1);
  Atomics.notify(signals, REPLIES);
}

