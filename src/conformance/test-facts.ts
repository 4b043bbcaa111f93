// Facts read straight from a test's own data (its bytes and initial state), for the exclusion
// rules: they must not depend on what the core did.
import type { MooTest } from "../moo/types";
import { decode } from "../disasm/decode";

/** Segment overrides, operand/address size, LOCK, REPNE, REP. */
const PREFIXES = new Set([0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3]);

/** The instruction under test's length: the test's bytes end with the HLT that follows it. */
export function instructionLength(test: MooTest): number {
  return test.bytes[test.bytes.length - 1] === 0xf4 ? test.bytes.length - 1 : test.bytes.length;
}

/**
 * The instruction under test's length as the CPU takes it from the initial RAM at CS:IP. The
 * recorded bytes stop where the generator's disassembler gave up: C6 and C7 with a ModR/M reg
 * field other than 0 print as "(bad)" without their displacement and immediate, which the 286
 * still fetches (one with five prefixes, a 16-bit displacement and an immediate recorded #GP for
 * its 11 bytes). Those forms are decoded as /0; the recorded length where RAM does not decode.
 */
export function decodedLength(test: MooTest): number {
  const { cs, ip } = test.init.regs;
  if (cs === undefined || ip === undefined) return instructionLength(test);
  const ram = new Map(test.init.ram);
  const bytes: number[] = [];
  for (let k = 0; k < 16; k++) {
    const b = ram.get(cs * 16 + ((ip + k) & 0xffff));
    if (b === undefined) break;
    bytes.push(b);
  }
  let at = 0;
  while (at < bytes.length && PREFIXES.has(bytes[at])) at++;
  if ((bytes[at] === 0xc6 || bytes[at] === 0xc7) && at + 1 < bytes.length) bytes[at + 1] &= ~0x38;
  return decode(Uint8Array.from(bytes), 0, 16, 0)?.length ?? instructionLength(test);
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

/**
 * Whether the 386 rejects the test's LOCK prefix (#UD): LOCK is accepted only on the forms the
 * instruction table marks lockable, with a memory operand. False without a LOCK prefix.
 */
export function lockRejected(test: MooTest): boolean {
  const { opcode, at } = opcodeOf(test);
  if (!test.bytes.subarray(0, at).includes(0xf0)) return false;
  const d = decode(test.bytes, 0, 16, 0);
  if (!d || !(d.form.lock || d.form.lock386)) return true; // no row: #UD whatever the prefix
  const modrm = test.bytes[at + (opcode === 0x0f ? 2 : 1)];
  return modrm === undefined || modrm >= 0xc0;
}

/** One-byte opcodes followed by a ModR/M byte. */
const HAS_MODRM = new Set([
  0x00, 0x01, 0x02, 0x03, 0x08, 0x09, 0x0a, 0x0b, 0x10, 0x11, 0x12, 0x13, 0x18, 0x19, 0x1a, 0x1b,
  0x20, 0x21, 0x22, 0x23, 0x28, 0x29, 0x2a, 0x2b, 0x30, 0x31, 0x32, 0x33, 0x38, 0x39, 0x3a, 0x3b,
  0x62, 0x63, 0x69, 0x6b, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b,
  0x8c, 0x8d, 0x8e, 0x8f, 0xc0, 0xc1, 0xc4, 0xc5, 0xc6, 0xc7, 0xd0, 0xd1, 0xd2, 0xd3,
  0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xf6, 0xf7, 0xfe, 0xff,
]);
const SEGMENT_OVERRIDES = [0x26, 0x2e, 0x36, 0x3e];

/**
 * The test with its LOCK prefix replaced by a segment override the instruction uses anyway: the
 * last override among its prefixes if it has one, else SS for a BP-based ModR/M address and DS
 * for everything else (stack, string destination and code accesses ignore overrides). Same
 * length, same meaning, no LOCK. Undefined without a LOCK prefix.
 */
export function withLockReplaced(test: MooTest): MooTest | undefined {
  const { opcode, at } = opcodeOf(test);
  const prefixes = [...test.bytes.subarray(0, at)];
  const lockAt = prefixes.indexOf(0xf0);
  const { cs, ip } = test.init.regs;
  if (lockAt < 0 || cs === undefined || ip === undefined) return undefined;
  let override = [...prefixes].reverse().find((p) => SEGMENT_OVERRIDES.includes(p));
  if (override === undefined) {
    const m = test.bytes[at + 1];
    const bpBased = HAS_MODRM.has(opcode) && m >> 6 !== 3 && ((m & 7) === 2 || (m & 7) === 3 || ((m & 7) === 6 && m >> 6 !== 0));
    override = bpBased ? 0x36 : 0x3e;
  }
  let variant = test;
  for (let k = lockAt; k < prefixes.length; k++) {
    if (prefixes[k] === 0xf0) variant = withInitialByte(variant, cs * 16 + ((ip + k) & 0xffff), override);
  }
  return variant;
}

const SEGMENT_OF_OVERRIDE: Record<number, "es" | "cs" | "ss" | "ds"> = { 0x26: "es", 0x2e: "cs", 0x36: "ss", 0x3e: "ds" };

/**
 * The initial value of a one-byte opcode's 8-bit ModR/M operand (16-bit addressing): a register,
 * or the initial RAM byte its address names (0 where the test lists none, as the machine starts).
 */
export function initialModrmByte(test: MooTest): number | undefined {
  const { at } = opcodeOf(test);
  const b = test.bytes;
  const m = b[at + 1];
  const r = test.init.regs;
  if (m === undefined) return undefined;
  const mod = m >> 6, rm = m & 7;
  if (mod === 3) {
    const word = [r.ax, r.cx, r.dx, r.bx][rm & 3];
    return word === undefined ? undefined : rm < 4 ? word & 0xff : word >> 8;
  }
  const v = (x: number | undefined) => x ?? 0;
  const bases = [v(r.bx) + v(r.si), v(r.bx) + v(r.di), v(r.bp) + v(r.si), v(r.bp) + v(r.di), v(r.si), v(r.di), v(r.bp), v(r.bx)];
  let offset: number;
  if (mod === 0 && rm === 6) offset = b[at + 2] | (b[at + 3] << 8);
  else if (mod === 1) offset = bases[rm] + ((b[at + 2] << 24) >> 24);
  else if (mod === 2) offset = bases[rm] + (b[at + 2] | (b[at + 3] << 8));
  else offset = bases[rm];
  const override = [...b.subarray(0, at)].reverse().find((p) => p in SEGMENT_OF_OVERRIDE);
  const bpBased = rm === 2 || rm === 3 || (rm === 6 && mod !== 0);
  const seg = override !== undefined ? SEGMENT_OF_OVERRIDE[override] : bpBased ? "ss" : "ds";
  const address = v(r[seg]) * 16 + (offset & 0xffff);
  return initialByte(test, address) ?? 0;
}

/** The test with initial register `name` (a 16-bit one) set to `value`. */
export function withInitialRegister(test: MooTest, name: "sp" | "flags", value: number): MooTest {
  return { ...test, init: { ...test.init, regs: { ...test.init.regs, [name]: value & 0xffff } } };
}
