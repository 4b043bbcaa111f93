// What one real-mode fuzz case is, and the memory both emulators start it from: 1 MiB + 64 KiB of
// zeros (every address a real-mode segment:offset reaches), the interrupt vector table with every
// vector used pointing to a HLT, and the case's own bytes (code, its HLT, data and stack).

/** Bytes both emulators map: up to 0xFFFF:0xFFFF, and room for Unicorn to translate a block
 *  that starts just below (it reads ahead). */
export const MEMORY_SIZE = 0x120000;

/** Where every exception handler is: 0040:0000, a HLT. */
export const HANDLER_CS = 0x0040;
export const HANDLER_IP = 0x0000;
export const HANDLER_LINEAR = HANDLER_CS * 16 + HANDLER_IP;
/** Vectors 0-31 point to the handler. */
export const VECTORS = 32;

/** The bytes every case starts with besides its own: the vector table and the handler's HLT. */
export function baseBytes(): [number, number][] {
  const out: [number, number][] = [];
  for (let v = 0; v < VECTORS; v++) {
    out.push([v * 4, HANDLER_IP & 0xff], [v * 4 + 1, HANDLER_IP >> 8], [v * 4 + 2, HANDLER_CS & 0xff], [v * 4 + 3, HANDLER_CS >> 8]);
  }
  out.push([HANDLER_LINEAR, 0xf4]);
  return out;
}

/** Linear ranges no case may write or place data in: the vector table and the handler. */
export const RESERVED: readonly [number, number][] = [[0, 0x400], [HANDLER_LINEAR, HANDLER_LINEAR + 1]];

export const GPR_NAMES = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"] as const;
/** In the core's numbering (ES CS SS DS FS GS). */
export const SEG_NAMES = ["es", "cs", "ss", "ds", "fs", "gs"] as const;
export const ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5;

export interface RealCase {
  seed: number;
  index: number;
  /** The generator family that made it (for grouping the report). */
  family: string;
  /** eax..edi */
  regs: number[];
  /** es cs ss ds fs gs selectors */
  segs: number[];
  ip: number;
  eflags: number;
  /** CR0 and CR3, for the cases that read or write them (SMSW, LMSW, CLTS, MOV); else left as
   *  the emulators start. */
  cr0?: number;
  cr3?: number;
  /** CR0 bits not compared: ET, which QEMU forces to 1 as a 486 does. */
  ignoredCr0?: number;
  /** The instruction's bytes at CS:IP; a HLT follows them. */
  code: number[];
  /** The case's own initial bytes, code and its HLT included: [linear address, byte]. */
  mem: [number, number][];
  /** A rep-prefixed string instruction: Unicorn steps one iteration at a time. */
  rep: boolean;
  /** EFLAGS bits the SDM leaves undefined for this instruction and operands. */
  undefinedFlags: number;
  /** EFLAGS bits Unicorn cannot judge for a 386 (AC and ID, which a 386 lacks). */
  unjudgedFlags: number;
  /** Bits of a general register not compared: the SDM leaves them undefined (shld/shrd past the
   *  operand size), or Unicorn's answer differs from the SDM's (66 enter's EBP upper half). */
  ignoredReg?: { reg: number; mask: number };
  /** Memory bytes the SDM leaves undefined: [linear address, bytes]. */
  undefinedMem?: [number, number];
}

/** Unicorn's outcome of a case: the state after the instruction, or the exception it raised. */
export interface RealOutcome {
  regs: number[];
  segs: number[];
  /** Offset in CS (linear PC minus CS * 16). */
  eip: number;
  eflags: number;
  cr0: number;
  cr3: number;
  /** Bytes that differ from their initial values, ascending: [linear address, byte]. */
  mem: [number, number][];
  /** The vector of the exception the instruction raised, or null. */
  exception: number | null;
  /** The linear address of the HLT placed where control went, when it left the fall-through. */
  hlt: number | null;
  /** Why the case cannot be compared (Unicorn crashed or failed, or the case collided with itself). */
  skip: string | null;
}
