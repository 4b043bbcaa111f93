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
import { FastChannel, REPLIES, SPIN } from "./fast-channel";

const { wasm, shared, port } = workerData as ModuleWorkerData;
const channel = new FastChannel(shared);
// One server per slot of the machine whose modules live here (B, or B and C), each running ahead
// when it may (run-ahead.ts), with the takes of its epochs run ahead it has absorbed.
interface Slot {
  ra: RunAhead;
  absorbed: number;
}
const slots = new Map<number, Slot>();
const slotOf = (slot: number) => {
  let s = slots.get(slot);
  if (!s) {
    const ra = new RunAhead(new ModuleServer((r) => makeModule(wasm, r.image, r, r.userDisk, r.fileAreaSize)));
    slots.set(slot, (s = { ra, absorbed: channel.taken(slot) }));
  }
  return s;
};

// Epochs the harness took from the ring count as a checkpoint and a run request each.
function absorbTakes(): void {
  for (const [slot, s] of slots) for (const t = channel.taken(slot); s.absorbed < t; s.absorbed++) s.ra.take();
}

// The ring shows the epochs run ahead that are not taken, numbered from the takes absorbed: after
// a request, which may have kept one or put them all back, it is written again.
function republish(slot: number, s: Slot): void {
  let n = s.absorbed;
  for (const a of s.ra.ahead) {
    if (!channel.publish(slot, n, a.target, a.reply)) break;
    n++;
  }
  channel.setPublished(slot, n);
}

// Runs one epoch ahead for the slot with the fewest in hand; false if none may.
function runOneAhead(): boolean {
  let best: [number, Slot] | undefined;
  for (const e of slots) if (e[1].ra.ready && (!best || e[1].ra.ahead.length < best[1].ra.ahead.length)) best = e;
  if (!best) return false;
  const [slot, s] = best;
  const a = s.ra.runAhead();
  const n = s.absorbed + s.ra.ahead.length - 1;
  if (a && channel.published(slot) === n && channel.publish(slot, n, a.target, a.reply)) channel.setPublished(slot, n + 1);
  else republish(slot, s);
  return true;
}

for (let n = 1; ; n++) {
  // Until the next request, a module that may run its next epochs ahead does so; then the worker
  // looks a while (when every thread has a core) and sleeps until a request or a take wakes it.
  for (;;) {
    const seen = channel.wakes;
    absorbTakes();
    if (channel.posted(n)) break;
    if (runOneAhead()) continue;
    channel.sleep(seen, Atomics.load(channel.i32, SPIN));
  }
  let taken = channel.takeRequest(n);
  if (!taken) {
    const msg = receiveMessageOnPort(port);
    if (!msg) throw new Error("module worker: a request was signalled but none arrived");
    taken = msg.message as WorkerRequest;
  }
  const { slot, req } = taken;
  absorbTakes();
  const s = slotOf(slot);
  // A worker kept from an earlier machine starts each new one as a fresh thread would: with no
  // translated blocks (the benchmark makes every run pay for its translations).
  if (req.op === "make" && req.boot) forgetCompiledBlocks();
  let reply: WorkerReply;
  try {
    reply = { value: s.ra.serve(req) };
  } catch (e) {
    reply = { error: (e as Error)?.message ?? String(e), user: e instanceof UserError };
  }
  republish(slot, s);
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
