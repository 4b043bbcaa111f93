// What one fuzz case is, and the memory both emulators map for it. All pages lie below 64 KiB
// so that 16-bit addressing (0x67) can reach the data pages with segment bases 0.

export const CODE_BASE = 0x1000;
export const CODE_SIZE = 0x1000;
export const DATA_BASE = 0x4000;
export const DATA_SIZE = 0x4000;
export const STACK_BASE = 0x8000;
export const STACK_SIZE = 0x1000;

/** Pages mapped identically in both emulators; data and stack are compared after each case. */
export const REGIONS = [
  { name: "code", base: CODE_BASE, size: CODE_SIZE },
  { name: "data", base: DATA_BASE, size: DATA_SIZE },
  { name: "stack", base: STACK_BASE, size: STACK_SIZE },
] as const;

/** What fills the code page around the instruction: int3, so a decoder that overruns is seen. */
export const CODE_FILLER = 0xcc;

export const REG_NAMES = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"] as const;

export interface FuzzCase {
  seed: number;
  index: number;
  /** The generator family that made it (for grouping the report). */
  family: string;
  eip: number;
  /** `lead` bytes of a flag-setting instruction run first (lazy flags), then the one under test. */
  code: number[];
  lead: number;
  /** eax..edi */
  regs: number[];
  eflags: number;
  /** Bytes that differ from the seed's base memory pattern: [address, byte]. */
  patches: [number, number][];
  /** A rep-prefixed string instruction: Unicorn steps one iteration at a time. */
  rep: boolean;
  /** EFLAGS bits the SDM leaves undefined for this instruction and operands. */
  undefinedFlags: number;
  /** A destination the SDM leaves undefined (shld/shrd with a 16-bit count above 16). */
  undefinedDest?: { reg?: number; mem?: number; size: number };
}

/** The state after one instruction, or the exception it raised. */
export interface Outcome {
  regs: number[];
  eip: number;
  eflags: number;
  /** Data and stack bytes that differ from their initial values, ascending: [address, byte]. */
  mem: [number, number][];
  /** null, "DE" (divide error), "UD" (invalid opcode), or what else stopped the instruction. */
  exception: string | null;
}
