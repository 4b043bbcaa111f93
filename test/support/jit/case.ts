// What one differential case of the translator is: a small program in sections (so that it can
// be reduced instruction by instruction), the machine it runs on, its initial state, and the
// schedule of run() slices and host events both modules go through.
import type { EccMode } from "../../../src/core/module";

/** Where a linked address points: a section's label, or a byte of the code chosen at link time
 *  (an immediate when there is one, so that self-modifying writes keep the program runnable). */
export type Target = { label: string; offset?: number } | { code: number };

export interface Fixup {
  at: number; // index in bytes of the displacement or immediate to fill in
  kind: "rel8" | "rel32" | "abs32";
  to: Target;
}

export interface Insn {
  bytes: number[];
  fix?: Fixup;
  /** The immediate's position (a target for self-modifying writes). */
  imm?: { at: number; len: number };
  /** A short branch's near form (opcode bytes before rel32), used when rel8 does not reach. */
  near?: number[];
}

export interface Section {
  label: string;
  insns: Insn[];
  /** Filler bytes before the section (moves it to other lines and pages). */
  gap: number;
}

/** A linked address written into RAM before the run (indirect jump tables, far pointers). */
export interface DataRef {
  addr: number;
  to: Target;
  /** A far pointer's selector, stored after the offset. */
  selector?: number;
}

/** A RAM bit flip's address, resolved when it is injected. */
export type FlipAt =
  | { code: number } // a byte of the program or of the 64 bytes after it (pick modulo the count)
  | { reg: number; offset: number } // near what a register points at now
  | { addr: number };

export type Step =
  | { run: number }
  | { flip: FlipAt; bits: number; shadow: boolean } // bits: the xor mask of one byte
  | { materialize: true } // both modules compute EFLAGS (the next block starts from it)
  | { journalCap: number };

export interface JitCase {
  id: string; // "seed:index", or a name for a hand-made case
  ramSize: number;
  ecc: EccMode;
  origin: number; // address of the first section
  sections: Section[];
  entry: string; // label eip starts at
  regs: number[]; // eax..edi
  eflags: number;
  /** RAM contents other than the code: [address, bytes]. */
  fills: Array<[number, Uint8Array]>;
  dataRefs: DataRef[];
  schedule: Step[];
}

/** Filler around the code: int3, so that running off a section is a visible fault. */
export const CODE_FILLER = 0xcc;
