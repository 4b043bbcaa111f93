// The EFLAGS bits the Intel SDM (Vol. 2, "Flags Affected" of each instruction) leaves undefined.
// The fuzzer compares every other bit exactly. The instruction table holds them (each row's `fu:`);
// the quotes are the manual's words for the values it gives.
import { FORMS } from "../../../src/isa/table";

export const CF = 0x001, PF = 0x004, AF = 0x010, ZF = 0x040, SF = 0x080, OF = 0x800;
export const ARITH = CF | PF | AF | ZF | SF | OF;
const BITS: Record<string, number> = { o: OF, s: SF, z: ZF, a: AF, p: PF, c: CF, d: 0x400, i: 0x200 };

/** EFLAGS bits of a table flag string ("oszapc"). */
export function flagBits(letters: string): number {
  return [...letters].reduce((m, l) => m | BITS[l], 0);
}

/** The flags the table leaves undefined for `mnemonic` (every form of it must agree). */
export function undefinedFlagsOf(mnemonic: string): number {
  const masks = new Set(FORMS.filter((f) => f.mnemonic === mnemonic).map((f) => flagBits(f.flagsUndefined)));
  if (masks.size !== 1) throw new Error(`instruction table: ${mnemonic}'s forms disagree on undefined flags (or it has none)`);
  return [...masks][0];
}

/** Instructions whose undefined flags do not depend on their operands. */
export const UNDEFINED = {
  /** mov, lea, xchg, push, pop, jumps, setcc, cmovcc, not, bswap, cbw...: "None." / all defined. */
  none: 0,
  /** add adc sub sbb cmp neg inc dec xadd cmpxchg cmps scas: all six defined (inc/dec keep CF). */
  arith: undefinedFlagsOf("add"),
  /** and or xor test: "The OF and CF flags are cleared; the SF, ZF, and PF flags are set
   *  according to the result. The state of the AF flag is undefined." */
  logic: undefinedFlagsOf("and"),
  /** mul, imul: "The SF, ZF, AF, and PF flags are undefined." (CF = OF = upper half significant) */
  mul: undefinedFlagsOf("mul"),
  /** div, idiv: "The CF, OF, SF, ZF, AF, and PF flags are undefined." */
  div: undefinedFlagsOf("div"),
  /** bt bts btr btc: "The CF flag contains the value of the selected bit before it is changed.
   *  The ZF flag is unaffected. The OF, SF, AF, and PF flags are undefined." */
  bitTest: undefinedFlagsOf("bt"),
  /** bsf, bsr: "The ZF flag is set to 1 if the source operand is 0; otherwise, the ZF flag is
   *  cleared. The CF, OF, SF, AF, and PF flags are undefined." */
  bitScan: undefinedFlagsOf("bsf"),
  /** daa, das: "The CF and AF flags are set if the adjustment of the value results in a decimal
   *  carry [borrow] in either digit of the result. The SF, ZF, and PF flags are set according to
   *  the result. The OF flag is undefined." */
  decimalAdjust: undefinedFlagsOf("daa"),
  /** aaa, aas: "The AF and CF flags are set to 1 if the adjustment results in a decimal carry
   *  [borrow]; otherwise they are set to 0. The OF, SF, ZF, and PF flags are undefined." */
  asciiAdjust: undefinedFlagsOf("aaa"),
  /** aam, aad: "The SF, ZF, and PF flags are set according to the resulting binary value in the AL
   *  register. The OF, AF, and CF flags are undefined." */
  asciiMulDiv: undefinedFlagsOf("aam"),
} as const;

/**
 * sal/shl/shr/sar by `count` (as encoded, before masking) on a `bits`-bit operand.
 * SDM: "The count is masked to 5 bits. [...] If the count is 0, the flags are not affected."
 * "The CF flag contains the value of the last bit shifted out of the destination operand; it is
 * undefined for SHL and SHR instructions where the count is greater than or equal to the size (in
 * bits) of the destination operand. The OF flag is affected only for 1-bit shifts; otherwise, it
 * is undefined. The SF, ZF, and PF flags are set according to the result. [...] For a non-zero
 * count, the AF flag is undefined."
 */
export function shiftUndefined(arithmetic: boolean, count: number, bits: number): number {
  const c = count & 31;
  if (c === 0) return 0;
  let u = AF;
  if (c !== 1) u |= OF;
  if (!arithmetic && c >= bits) u |= CF;
  return u;
}

/**
 * rol/ror/rcl/rcr. SDM: "If the masked count is 0, the flags are not affected. If the masked
 * count is 1, then the OF flag is affected, otherwise (masked count is greater than 1) the OF flag
 * is undefined. The CF flag is affected when the masked count is non-zero. The SF, ZF, AF, and PF
 * flags are always unaffected."
 */
export function rotateUndefined(count: number): number {
  const c = count & 31;
  return c > 1 ? OF : 0;
}

/**
 * shld/shrd. SDM: "If the count is 1 or greater, the CF flag is filled with the last bit shifted
 * out of the destination operand and the SF, ZF, and PF flags are set according to the value of
 * the result. For a 1-bit shift, the OF flag is set if a sign change occurred; otherwise, it is
 * cleared. For shifts greater than 1 bit, the OF flag is undefined. If a shift occurs, the AF
 * flag is undefined. If the count operand is 0, the flags are not affected. If the count is
 * greater than the operand size, the flags are undefined." (And the destination: "If the count is
 * greater than the operand size, the result is undefined.")
 */
export function shiftDoubleUndefined(count: number, bits: number): number {
  const c = count & 31;
  if (c === 0) return 0;
  if (c > bits) return ARITH;
  return c === 1 ? AF : AF | OF;
}

/** shld/shrd leave the destination undefined for masked counts above the operand size. */
export function shiftDoubleDestUndefined(count: number, bits: number): boolean {
  return (count & 31) > bits;
}
