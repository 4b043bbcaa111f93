// Module hosts in this thread that run ahead as a module worker does (src/harness/run-ahead.ts),
// but always and at once: each module that may runs its next epochs (up to `depth`) as soon as it
// has answered a request, before the harness settles; and a checkpoint followed by a run that asks
// for the first epoch run ahead is taken from it as the harness's side of a worker takes it from
// the ring (src/node/module-worker-host.ts). Deterministic, so a test can count what was kept and
// put back.
import * as L from "../../assembly/layout";
import type { HostFactory, HostTransport } from "../../src/harness/module-host";
import type { ModuleMaker } from "../../src/harness/host-ops";
import { ModuleServer } from "../../src/harness/host-ops";
import { RunAhead, asksFor } from "../../src/harness/run-ahead";
import type { ModuleName } from "../../src/faults/spec";

export interface RunAheadHosts {
  hosts: HostFactory;
  /** Summed over every host made so far; `taken`: epochs taken without a request. */
  count(): { kept: number; undone: number; undoneAfterCheckpoint: number; wrapped: number; outgrown: number; taken: number };
}

/** A small ring for the journals run-ahead sets aside, and the journal cap that makes it go round;
 *  or a small least room for an epoch's journal, which epochs outgrow. */
export interface SmallRing {
  ringBytes?: number;
  journalCap?: number;
  roomMin?: number;
}

/** Modules made with a journal cap of `cap` entries (every module of a machine, so that they agree). */
export function cappedMaker(make: ModuleMaker, cap?: number): ModuleMaker {
  if (cap === undefined) return make;
  return (recipe) => {
    const m = make(recipe);
    m.setU32(L.S_JOURNAL_CAP, cap);
    return m;
  };
}

/** Hosts for the modules named in `ahead` (the others: a plain in-thread host, as module A is). */
export function runAheadHosts(ahead: readonly ModuleName[], depth = 3, ring?: SmallRing): RunAheadHosts {
  const made: RunAhead[] = [];
  let taken = 0;
  const hosts: HostFactory = (make, name) => {
    const ra = new RunAhead(new ModuleServer(cappedMaker(make, ring?.journalCap)), depth, ring?.ringBytes, ring?.roomMin);
    made.push(ra);
    const replies: unknown[] = [];
    let held = false;
    const serve = (req: Parameters<HostTransport["post"]>[0]) => {
      replies.push(ra.serve(req));
      if (ahead.includes(name)) while (ra.ready) ra.runAhead();
    };
    const t: HostTransport = {
      post(req) {
        if (!ahead.includes(name)) return void serve(req);
        if (req.op === "checkpoint" && !held) return void (held = true);
        if (held) {
          held = false;
          const first = ra.ahead[0];
          if (req.op === "run" && req.hash && first && asksFor(req, first.target)) {
            replies.push(undefined, ra.take());
            taken++;
            while (ra.ready) ra.runAhead();
            return;
          }
          serve({ op: "checkpoint" });
        }
        serve(req);
      },
      collect: () => replies.shift(),
      dispose() {},
    };
    // With no module exposed the host counts as remote: its run is posted before module A's.
    if (!ahead.includes(name)) Object.defineProperty(t, "module", { get: () => ra.server.module });
    return t;
  };
  const count = () => {
    const c = { kept: 0, undone: 0, undoneAfterCheckpoint: 0, wrapped: 0, outgrown: 0, taken };
    for (const ra of made) for (const k of ["kept", "undone", "undoneAfterCheckpoint", "wrapped", "outgrown"] as const) c[k] += ra.count[k];
    return c;
  };
  return { hosts, count };
}
