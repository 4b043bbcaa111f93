// A module worker thread: holds the modules of one or two slots of a machine and answers the
// harness's requests about them (host-ops.ts's ModuleServer), in the order they came, waiting on
// a shared counter between requests (see module-worker-host.ts; an epoch's requests and replies
// are records in shared memory).
import { receiveMessageOnPort, workerData } from "node:worker_threads";
import { makeModule } from "../harness/lockstep";
import { ModuleServer } from "../harness/host-ops";
import { RunAhead } from "../harness/run-ahead";
import { UserError } from "../errors";
import { forgetCompiledBlocks } from "../jit/service";
import { own, type ModuleWorkerData, type WorkerReply, type WorkerRequest } from "./module-worker-host";
import { FastChannel, REPLIES, REQUESTS } from "./fast-channel";

const { wasm, shared, port } = workerData as ModuleWorkerData;
const channel = new FastChannel(shared);
// One server per slot of the machine whose modules live here (B, or B and C), each running ahead
// when it may (run-ahead.ts).
const servers = new Map<number, RunAhead>();
const serverOf = (slot: number) => {
  let s = servers.get(slot);
  if (!s) servers.set(slot, (s = new RunAhead(new ModuleServer((r) => makeModule(wasm, r.image, r, r.userDisk, r.fileAreaSize)))));
  return s;
};

for (let n = 1; ; n++) {
  // Idle until the next request: a module that may run its next epoch ahead does so now.
  for (const s of servers.values()) {
    if (channel.posted(n)) break;
    if (s.ready) s.runAhead();
  }
  channel.waitFor(REQUESTS, n);
  let taken = channel.takeRequest(n);
  if (!taken) {
    const msg = receiveMessageOnPort(port);
    if (!msg) throw new Error("module worker: a request was signalled but none arrived");
    taken = msg.message as WorkerRequest;
  }
  const { slot, req } = taken;
  const server = serverOf(slot);
  // A worker kept from an earlier machine starts each new one as a fresh thread would: with no
  // translated blocks (the benchmark makes every run pay for its translations).
  if (req.op === "make" && req.boot) forgetCompiledBlocks();
  let reply: WorkerReply;
  try {
    reply = { value: server.serve(req) };
  } catch (e) {
    reply = { error: (e as Error)?.message ?? String(e), user: e instanceof UserError };
  }
  if (!("value" in reply && channel.putReply(n, req, reply.value))) {
    try {
      port.postMessage("value" in reply ? { value: own(reply.value) } : reply);
    } catch (e) {
      // A reply that cannot be posted still ends the harness's wait, as an error.
      port.postMessage({ error: `reply not posted: ${(e as Error)?.message ?? String(e)}`, user: false } satisfies WorkerReply);
    }
  }
  channel.bump(REPLIES);
}
