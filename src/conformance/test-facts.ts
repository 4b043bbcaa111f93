// Facts read straight from a test's own data (its bytes and initial state), for the exclusion
// rules: they must not depend on what the core did.
import type { MooTest } from "../moo/types";

/** Segment overrides, operand/address size, LOCK, REPNE, REP. */
const PREFIXES = new Set([0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3]);

/** The instruction under test's length: the test's bytes end with the HLT that follows it. */
export function instructionLength(test: MooTest): number {
  return test.bytes[test.bytes.length - 1] === 0xf4 ? test.bytes.length - 1 : test.bytes.length;
}

/** The opcode byte after any prefixes, and where it is. */
export function opcodeOf(test: MooTest): { opcode: number; at: number } {
  let at = 0;
  while (at < test.bytes.length && PREFIXES.has(test.bytes[at])) at++;
  return { opcode: test.bytes[at], at };
}

/** The reg field of the ModR/M byte of a one-byte opcode. */
export function modrmReg(test: MooTest): number | undefined {
  const { at } = opcodeOf(test);
  const modrm = test.bytes[at + 1];
  return modrm === undefined ? undefined : (modrm >> 3) & 7;
}

/**
 * The physical address of the 16-bit word at SS:(SP + delta) of the initial state, if the word
 * lies inside the segment (one that would overrun it is never read).
 */
export function initialStackAddress(test: MooTest, delta: number): number | undefined {
  const { ss, sp } = test.init.regs;
  if (ss === undefined || sp === undefined) return undefined;
  const offset = (sp + delta) & 0xffff;
  return offset === 0xffff ? undefined : ss * 16 + offset;
}

/** The test with the initial RAM byte at `address` replaced by `value`. */
export function withInitialByte(test: MooTest, address: number, value: number): MooTest {
  const ram = test.init.ram.filter(([a]) => a !== address);
  ram.push([address, value & 0xff]);
  return { ...test, init: { ...test.init, ram } };
}

export function initialByte(test: MooTest, address: number): number | undefined {
  return test.init.ram.find(([a]) => a === address)?.[1];
}
