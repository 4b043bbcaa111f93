/** Register names in x86 encoding order (the number is the ModRM/opcode register field). */
export const REG8 = ["al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"] as const;
export const REG16 = ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di"] as const;
export const REG32 = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"] as const;
export const SREG = ["es", "cs", "ss", "ds", "fs", "gs"] as const;

/** Segment-override prefix byte for each segment register, in SREG order. */
export const SEG_PREFIX = [0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65] as const;

/** The x87 stack registers ST(0)-ST(7), written st0-st7 as nasm and ndisasm do. */
export const STREG = ["st0", "st1", "st2", "st3", "st4", "st5", "st6", "st7"] as const;

export type RegClass = "gpr" | "sreg" | "st";

export interface RegInfo {
  name: string;
  cls: RegClass;
  /** Size in bits (segment registers count as 16, x87 registers as 80). */
  size: 8 | 16 | 32 | 80;
  num: number;
}

const REGS = new Map<string, RegInfo>();
REG8.forEach((name, num) => REGS.set(name, { name, cls: "gpr", size: 8, num }));
REG16.forEach((name, num) => REGS.set(name, { name, cls: "gpr", size: 16, num }));
REG32.forEach((name, num) => REGS.set(name, { name, cls: "gpr", size: 32, num }));
SREG.forEach((name, num) => REGS.set(name, { name, cls: "sreg", size: 16, num }));
STREG.forEach((name, num) => REGS.set(name, { name, cls: "st", size: 80, num }));

/** The register called `name` (lowercase), or undefined. */
export function lookupReg(name: string): RegInfo | undefined {
  return REGS.get(name);
}

export function gprName(size: 8 | 16 | 32, num: number): string {
  return size === 8 ? REG8[num] : size === 16 ? REG16[num] : REG32[num];
}
