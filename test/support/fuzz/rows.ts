// Which table rows the flat-mode fuzzer draws, and which it leaves out and why.
import { FAR_AND_INTERRUPTS, IO_PORTS, isX87, mnemonics, PRIVILEGED, SEGMENTS, UNICORN_REJECTS, type Exclusion } from "../fuzz-common/table-rows";

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
  UNICORN_REJECTS,
];

