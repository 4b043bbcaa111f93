// Messages between the page and the worker that runs the machine. Everything is plain data
// (structured-clone safe); the page never holds the machine, so it never freezes.
import type { MachineEvent } from "../src/harness/events";
import type { ModuleName } from "../src/faults/spec";
import type { Scenario } from "../src/scenario/index";
import type { DivergenceReport } from "../src/harness/divergence";

export type StepBy = "instruction" | "epoch" | "event" | "end";

export type ToWorker =
  | { type: "load"; scenario: Scenario }
  | { type: "run"; cyclesPerFrame: number; breakpoints: number[] } // 0 = as fast as possible
  | { type: "pause" }
  | { type: "step"; by: StepBy }
  | { type: "back"; by: "instruction" | "epoch" } // time travel: every module at once
  | { type: "seek"; cycle: number } // the first time the run reached this cycle
  | { type: "divergence" } // just before the first write on which the modules differ
  | { type: "fault"; template: string } // "{cycle}" is replaced by the machine's current cycle
  | { type: "watch"; address: number | null }; // hex view address (null: follow the stack)

export interface ModuleCard {
  name: ModuleName;
  state: "online" | "offline" | "resyncing" | "removed";
  status: string;
  cycle: number;
  eip: number;
  eflags: number;
  regs: Record<"eax" | "ecx" | "edx" | "ebx" | "esp" | "ebp" | "esi" | "edi", number>;
  resync?: { from: ModuleName; copied: number; total: number };
  code: Array<{ address: number; text: string }>; // disassembly around EIP
  memory: { address: number; bytes: Uint8Array; check: Uint8Array } | null;
}

export interface Snapshot {
  mode: string;
  ecc: string;
  epoch: number;
  cycle: number;
  checkpoint: number;
  modules: ModuleCard[];
  events: MachineEvent[];
  stdout: Uint8Array;
  stderr: Uint8Array;
  pending: number;
  faults: Array<{ text: string; injectedAt?: number; applied: boolean }>;
  running: boolean;
  time: number; // the history clock (0 at the start; time travel goes back on it)
  reach: number; // the highest cycle the run has reached (the scrubber's range)
  divergence?: DivergenceReport; // set while the machine stands at its first divergence
  finished?: { cycles: number; exitCode: number; outcome?: string; message: string; timeline: string; goldenStdout: Uint8Array };
}

export type FromWorker =
  | { type: "snapshot"; snapshot: Snapshot }
  | { type: "fault-added"; text: string }
  | { type: "error"; message: string }
  | { type: "notice"; message: string }; // said to the user, not an error
