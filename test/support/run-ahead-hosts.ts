// Module hosts in this thread that run ahead as a module worker does (src/harness/run-ahead.ts),
// but always and at once: each module that may runs its next epoch as soon as it has answered a
// run, before the harness settles. Deterministic, so a test can count what was kept and put back.
import type { HostFactory, HostTransport } from "../../src/harness/module-host";
import { ModuleServer } from "../../src/harness/host-ops";
import { RunAhead } from "../../src/harness/run-ahead";
import type { ModuleName } from "../../src/faults/spec";

export interface RunAheadHosts {
  hosts: HostFactory;
  /** Summed over every host made so far. */
  count(): { kept: number; undone: number; undoneAfterCheckpoint: number };
}

/** Hosts for the modules named in `ahead` (the others: a plain in-thread host, as module A is). */
export function runAheadHosts(ahead: readonly ModuleName[]): RunAheadHosts {
  const made: RunAhead[] = [];
  const hosts: HostFactory = (make, name) => {
    const ra = new RunAhead(new ModuleServer(make));
    made.push(ra);
    const replies: unknown[] = [];
    const t: HostTransport = {
      post(req) {
        replies.push(ra.serve(req));
        if (ahead.includes(name) && ra.ready) ra.runAhead();
      },
      collect: () => replies.shift(),
      dispose() {},
    };
    // With no module exposed the host counts as remote: its run is posted before module A's.
    if (!ahead.includes(name)) Object.defineProperty(t, "module", { get: () => ra.server.module });
    return t;
  };
  const count = () => {
    const c = { kept: 0, undone: 0, undoneAfterCheckpoint: 0 };
    for (const ra of made) for (const k of Object.keys(c) as Array<keyof typeof c>) c[k] += ra.count[k];
    return c;
  };
  return { hosts, count };
}
