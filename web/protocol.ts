// Messages between the page and the worker that runs the machine. Everything is plain data
// (structured-clone safe); the page never holds the machine, so it never freezes.
import type { MachineEvent } from "../src/harness/events";
import type { ModuleName } from "../src/faults/spec";
import type { Scenario } from "../src/scenario/index";

export type StepBy = "instruction" | "epoch" | "event" | "end";

export type ToWorker =
  | { type: "load"; scenario: Scenario }
  | { type: "run"; cyclesPerFrame: number; breakpoints: number[] } // 0 = as fast as possible
  | { type: "pause" }
  | { type: "step"; by: StepBy }
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
  finished?: { cycles: number; exitCode: number; outcome?: string; message: string; timeline: string; goldenStdout: Uint8Array };
}

export type FromWorker =
  | { type: "snapshot"; snapshot: Snapshot }
  | { type: "fault-added"; text: string }
  | { type: "error"; message: string };
