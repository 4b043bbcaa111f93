// Which table rows the flat-mode fuzzer draws, and which it leaves out and why.
import type { InsnForm } from "../../../src/isa/table";
import { FAR_AND_INTERRUPTS, IO_PORTS, isX87, mnemonics, PRIVILEGED, SEGMENTS, type Exclusion } from "../fuzz-common/table-rows";

export const FLAT_EXCLUSIONS: readonly Exclusion[] = [
  { reason: "x87: the x87 fuzzer draws it (test/fuzz-x87-unicorn.test.ts)", rows: (f) => isX87(f) || f.mnemonic === "esc" },
  { reason: "privileged: a flat-mode process has no privilege 0 (the real-mode fuzzer runs it)", rows: PRIVILEGED },
  { reason: "I/O ports: flat mode has none (the real-mode fuzzer runs them)", rows: IO_PORTS },
  {
    reason: "segment registers: flat mode's selectors name no descriptors the core and Unicorn share (the real-mode fuzzer runs them)",
    rows: SEGMENTS,
  },
  { reason: "far transfers and interrupts: no descriptor tables in flat mode (the real-mode fuzzer runs them)", rows: FAR_AND_INTERRUPTS },
  { reason: "cpuid names the model and rdtsc reads a clock: each emulator has its own", rows: mnemonics("cpuid", "rdtsc") },
  {
    reason: "test f6/f7 /1, /0's undocumented alias: Unicorn 2.0.1 raises #UD for it",
    rows: (f: InsnForm) => f.mnemonic === "test" && f.modrm === 1,
  },
];

/**
 * Rows drawn with a memory operand only, and why. 0f 18 is the prefetch hints (/0-/3) and hint
 * nops: hardware runs every form as a nop, Unicorn 2.0.1 (qemu) raises #UD for the register forms.
 */
export const MEMORY_ONLY = (f: InsnForm): boolean => f.opcode.length === 2 && f.opcode[0] === 0x0f && f.opcode[1] === 0x18;

/** Rows never locked: Unicorn 2.0.1 computes lock neg's flags from the wrong value. */
export const NEVER_LOCKED = (f: InsnForm): boolean => f.mnemonic === "neg";
