// Where the hardware that captured a suite legitimately differs from the 386 the core models.
// Each rule names the CPU ids it applies to, says why, and picks its tests by a predicate on the
// test's own data, never by hash or index. The README's table is this list.
import type { MooTest } from "../moo/types";
import {
  initialByte, initialStackAddress, instructionLength, lockRejected, modrmReg, opcodeOf, withInitialByte,
  withLockReplaced,
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

export const EXCLUSIONS: readonly Exclusion[] = [
  {
    id: "long-instruction",
    scope: "any opcode: an instruction longer than 10 bytes (redundant prefixes)",
    reason: "The 286 limits instructions to 10 bytes and raises #GP (13) beyond; the 386's limit is 15 bytes.",
    cpus: I286,
    excludes: ({ test }) => test.exception?.number === GP && instructionLength(test) > 10,
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
