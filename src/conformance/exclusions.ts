// Where the hardware that captured a suite legitimately differs from the 386 the core models.
// Each rule names the CPU ids it applies to, says why, and picks its tests by a predicate on the
// test's own data, never by hash or index. The README's table is this list.
import type { MooTest } from "../moo/types";
import {
  decodedLength, initialByte, initialModrmByte, initialStackAddress, lockRejected, modrmReg, opcodeOf,
  withInitialByte, withInitialRegister, withLockReplaced,
} from "./test-facts";

export interface ExclusionContext {
  /** The CPU id from the file's header: "C286", "8088", ... */
  cpu: string;
  /** "80.0", "D8", ... */
  fileKey: string;
  test: MooTest;
}

export interface Exclusion {
  id: string;
  /** The opcodes or the condition, as the README lists them. */
  scope: string;
  reason: string;
  cpus: readonly string[];
  /** Tests the rule skips without running them. */
  excludes?(ctx: ExclusionContext): boolean;
  /**
   * A variant of the test in which the 386's behaviour and the recorded one coincide. The test is
   * skipped under this rule when it fails as recorded but its variant passes in full.
   */
  variant?(ctx: ExclusionContext): MooTest | undefined;
}

const I286 = ["C286"] as const;
const DIVIDE_ERROR = 0;
const SZP = 0x80 | 0x40 | 0x04;
const GP = 13;
const SS_FAULT = 12;
const STRING_OPS = new Set([0x6c, 0x6d, 0x6e, 0x6f, 0xa4, 0xa5, 0xa6, 0xa7, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf]);

/** The test with interrupt vector 12 pointing where vector 13 points. */
function withStackFaultVectorAsGp(test: MooTest): MooTest {
  let variant = test;
  for (let k = 0; k < 4; k++) {
    variant = withInitialByte(variant, SS_FAULT * 4 + k, initialByte(test, GP * 4 + k) ?? 0);
  }
  return variant;
}

/** The test with bits 12-14 of the FLAGS word POPF or IRET loads cleared, if any was set. */
function withPoppedIoplNtClear(test: MooTest): MooTest | undefined {
  const { opcode } = opcodeOf(test);
  if (opcode !== 0x9d && opcode !== 0xcf) return undefined;
  const at = initialStackAddress(test, opcode === 0x9d ? 0 : 4);
  const high = at === undefined ? undefined : initialByte(test, at + 1);
  if (high === undefined || (high & 0x70) === 0) return undefined;
  return withInitialByte(test, at! + 1, high & ~0x70);
}

/** POP to memory (8F) whose store faulted: the test with its initial SP where the 286 had moved it. */
function withPopSpAdvanced(test: MooTest): MooTest | undefined {
  const { opcode } = opcodeOf(test);
  const sp = test.init.regs.sp;
  if (opcode !== 0x8f || modrmReg(test) !== 0 || sp === undefined) return undefined;
  if (test.exception?.number !== GP && test.exception?.number !== SS_FAULT) return undefined;
  return withInitialRegister(test, "sp", sp + 2);
}

/** AAM 0 (D4 00): the test with its initial SF, ZF and PF as the 286 left them (its final FLAGS). */
function withAamFlagsAsLeft(test: MooTest): MooTest | undefined {
  const { opcode, at } = opcodeOf(test);
  const flags = test.init.regs.flags;
  if (opcode !== 0xd4 || test.bytes[at + 1] !== 0 || test.exception?.number !== DIVIDE_ERROR) return undefined;
  const left = test.final.regs.flags;
  if (flags === undefined || left === undefined) return undefined;
  return withInitialRegister(test, "flags", (flags & ~SZP) | (left & SZP));
}

/**
 * A test whose recorded interrupt frame holds the initial SS where CS belongs: the test with that
 * word of its final RAM set to the initial CS, which is what every other frame of the suite holds.
 */
function withFrameCsRestored(test: MooTest): MooTest | undefined {
  const { cs, ss } = test.init.regs;
  if (!test.exception || cs === undefined || ss === undefined || cs === ss) return undefined;
  const base = ss * 16;
  const slot = base + ((test.exception.flagsAddress - base - 2) & 0xffff);
  const low = test.final.ram.find(([a]) => a === slot)?.[1];
  const high = test.final.ram.find(([a]) => a === slot + 1)?.[1];
  if (low !== (ss & 0xff) || high !== ss >> 8) return undefined;
  const ram = test.final.ram.map(([a, v]): [number, number] =>
    a === slot ? [a, cs & 0xff] : a === slot + 1 ? [a, cs >> 8] : [a, v]);
  return { ...test, final: { ...test.final, ram } };
}

/** 8-bit IDIV (F6 /7) that recorded no exception although its true quotient does not fit in AL. */
function idivQuotientOutOfRange(test: MooTest): boolean {
  const { opcode } = opcodeOf(test);
  if (opcode !== 0xf6 || modrmReg(test) !== 7 || test.exception) return false;
  const divisor = initialModrmByte(test);
  const ax = test.init.regs.ax;
  if (divisor === undefined || divisor === 0 || ax === undefined) return false;
  const quotient = Math.trunc(((ax << 16) >> 16) / ((divisor << 24) >> 24));
  return quotient < -128 || quotient > 127;
}

export const EXCLUSIONS: readonly Exclusion[] = [
  {
    id: "long-instruction",
    scope: "any opcode: an instruction longer than 10 bytes (redundant prefixes), C6/C7 counted with their immediate whatever their ModR/M reg field",
    reason:
      "The 286 limits instructions to 10 bytes and raises #GP (13) beyond, before it finds C6/C7 with " +
      "a ModR/M reg field other than 0 undefined; the 386's limit is 15 bytes.",
    cpus: I286,
    excludes: ({ test }) => test.exception?.number === GP && decodedLength(test) > 10,
  },
  {
    id: "string-overrun",
    scope: "6C-6F, A4-A7, AA-AF raising #GP (13)",
    reason:
      "When a string instruction's access overruns a segment, the 286 has already stepped SI or DI " +
      "(and CX under REP) past the element before raising #GP; the 386's faults are restartable and " +
      "leave them at the element.",
    cpus: I286,
    excludes: ({ test }) => test.exception?.number === GP && STRING_OPS.has(opcodeOf(test).opcode),
  },
  {
    id: "fs-gs",
    scope: "8C, 8E with ModR/M reg 4 or 5",
    reason: "FS and GS exist from the 386 on; the 286 raises #UD (6) for these forms.",
    cpus: I286,
    excludes: ({ test }) => {
      const { opcode } = opcodeOf(test);
      const reg = modrmReg(test);
      return (opcode === 0x8c || opcode === 0x8e) && (reg === 4 || reg === 5);
    },
  },
  {
    id: "lock",
    scope: "any opcode with a LOCK prefix (F0) on an instruction other than a read-modify-write of memory",
    reason:
      "The 286 ignores LOCK whatever it prefixes; the 386 raises #UD (6) unless the instruction is " +
      "ADD ADC SBB SUB AND OR XOR, NOT NEG INC DEC, XCHG or BT BTS BTR BTC with a memory destination. " +
      "Such a test counts as skipped only when it passes in full once its LOCK byte is replaced by a " +
      "segment override the instruction uses anyway.",
    cpus: I286,
    variant: ({ test }) => (lockRejected(test) ? withLockReplaced(test) : undefined),
  },
  {
    id: "iopl-nt",
    scope: "9D (POPF), CF (IRET) popping a FLAGS word with any of bits 12-14 set",
    reason:
      "In real mode the 286 keeps IOPL and NT (FLAGS bits 12-14) at 0; the 386 loads them from the " +
      "popped word. Such a test counts as skipped only when it passes in full once those bits of " +
      "the popped word are cleared.",
    cpus: I286,
    variant: ({ test }) => withPoppedIoplNtClear(test),
  },
  {
    id: "pop-memory-fault",
    scope: "8F (POP to memory) whose store faults",
    reason:
      "When the store of POP to memory faults (a word at offset 0xFFFF), the 286 has already added 2 " +
      "to SP and pushes the exception frame from there; the 386's faults restore the state the " +
      "instruction began with (Intel SDM Vol. 3A, 6.5: a fault restores \"the machine state to the " +
      "state prior to the beginning of execution of the faulting instruction\"), SP included. Such a " +
      "test counts as skipped only when it passes in full with its initial SP 2 higher (the popped " +
      "word is never stored, so only where the frame goes changes).",
    cpus: I286,
    variant: ({ test }) => withPopSpAdvanced(test),
  },
  {
    id: "aam-zero-flags",
    scope: "D4 00 (AAM with a zero base) raising #DE (0)",
    reason:
      "The 286 sets SF, ZF and PF before it finds the zero divisor, and pushes FLAGS so changed; on " +
      "the 386 #DE is a fault, which leaves FLAGS as the instruction found them (SDM Vol. 3A, 6.5; " +
      "AAM: \"#DE If an immediate value of 0 is used\"). Such a test counts as skipped only when it " +
      "passes in full with its initial SF, ZF and PF set as the 286 left them.",
    cpus: I286,
    variant: ({ test }) => withAamFlagsAsLeft(test),
  },
  {
    id: "idiv8-range",
    scope: "F6 /7 (8-bit IDIV) recording no exception though AX / divisor lies outside -128..127",
    reason:
      "The 386 raises #DE (0) whenever the quotient does not fit in AL (SDM IDIV: \"If the quotient is " +
      "too large for the designated register, #DE\"); the 286 misses some of these and stores a " +
      "quotient of 0x80. The tests are picked by their own dividend and divisor.",
    cpus: I286,
    excludes: ({ test }) => idivQuotientOutOfRange(test),
  },
  {
    id: "frame-ss-for-cs",
    scope: "any interrupt or exception whose pushed frame holds SS where CS belongs",
    reason:
      "In three tests of the full real-mode suite (one each of CD, CE and FF /3 with a register " +
      "operand) the 286 wrote SS's value into the frame's CS word, as its bus trace shows (what makes " +
      "it do so is not known); in every other frame of those files it writes CS, which is what the " +
      "386 pushes (SDM INT n/INTO: \"Push(CS)\"). Such a test counts as skipped only when it " +
      "passes in full once that word of the expected frame holds the initial CS.",
    cpus: I286,
    variant: ({ test }) => withFrameCsRestored(test),
  },
  {
    id: "stack-fault",
    scope: "any opcode: a stack-segment access past offset 0xFFFF",
    reason:
      "The 386 raises #SS (12) when an access through SS overruns the segment; the 286 raises #GP (13). " +
      "A test expecting 13 counts as skipped only when it passes in full once vector 12 points to " +
      "vector 13's handler.",
    cpus: I286,
    variant: ({ test }) => (test.exception?.number === GP ? withStackFaultVectorAsGp(test) : undefined),
  },
];

export function exclusionFor(ctx: ExclusionContext): Exclusion | undefined {
  for (const rule of EXCLUSIONS) {
    if (rule.excludes && rule.cpus.includes(ctx.cpu) && rule.excludes(ctx)) return rule;
  }
  return undefined;
}

export function variantExclusionsFor(ctx: ExclusionContext): Exclusion[] {
  return EXCLUSIONS.filter((rule) => rule.variant && rule.cpus.includes(ctx.cpu));
}
