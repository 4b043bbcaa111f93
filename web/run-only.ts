// Until the steppable Lockstep lands: the contract's calls over Lockstep.run(), so the page
// works end to end (a step runs the whole program; registers read as zero).
import type { FaultSpec, ModuleName } from "../src/faults/spec";
import type { Lockstep, LockstepResult } from "../src/harness/lockstep";

export function runOnly(l: Lockstep) {
  let finished: LockstepResult | undefined;
  const zero = { eax: 0, ecx: 0, edx: 0, ebx: 0, esp: 0, ebp: 0, esi: 0, edi: 0 };
  return {
    get finished() { return finished; },
    get cycle() { return finished?.cycles ?? 0; },
    advance() {
      const first = !finished;
      finished ??= l.run();
      return { cycle: finished.cycles, events: first ? finished.events : [], finished };
    },
    addFault(_spec: FaultSpec) {},
    view() {
      return {
        mode: l.mode, cycle: finished?.cycles ?? 0, checkpoint: finished?.cycles ?? 0, epoch: 65536, ecc: "parity",
        modules: (finished?.modules ?? [{ name: "A" as ModuleName, state: "online" as const }]).map((m) => ({
          name: m.name, state: m.state, cycle: finished?.cycles ?? 0, status: finished ? "exited" : "running", eip: 0, eflags: 2, regs: zero, segs: {},
        })),
        events: finished?.events ?? [],
        output: { stdout: finished?.stdout ?? new Uint8Array(0), stderr: finished?.stderr ?? new Uint8Array(0), pending: 0 },
        faults: finished?.injected.map((f) => ({ text: f.spec.text, injectedAt: f.injectedAt, applied: f.applied })) ?? [],
      };
    },
    readMemory(_m: ModuleName, address: number, length: number) {
      return { address, bytes: new Uint8Array(length), check: new Uint8Array(length), ramSize: 0 };
    },
  };
}
