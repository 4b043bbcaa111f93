// Small definitions from the Intel SDM that tests compute expected values with (never from the
// core's own output): flag bits, result-derived flags, operand-size helpers.
export const CF = 0x001, PF = 0x004, AF = 0x010, ZF = 0x040, SF = 0x080, DF = 0x400, OF = 0x800;
export const ARITH = CF | PF | AF | ZF | SF | OF;

export const mask = (bits: number) => (bits === 32 ? 0xffffffff : 2 ** bits - 1);
export const signed = (v: number, bits: number) => (v >= 2 ** (bits - 1) ? v - 2 ** bits : v);

/** PF: "set if the least-significant byte of the result contains an even number of 1 bits". */
export function parity(v: number): number {
  let ones = 0;
  for (let i = 0; i < 8; i++) ones += (v >> i) & 1;
  return ones % 2 === 0 ? PF : 0;
}

/** SF, ZF and PF of a result of `bits` bits. */
export function szp(r: number, bits: number): number {
  return (r >= 2 ** (bits - 1) ? SF : 0) | (r === 0 ? ZF : 0) | parity(r & 0xff);
}

export const flagList = (f: number) =>
  [[CF, "CF"], [PF, "PF"], [AF, "AF"], [ZF, "ZF"], [SF, "SF"], [DF, "DF"], [OF, "OF"]]
    .filter(([b]) => f & (b as number)).map(([, n]) => n).join(" ") || "-";

/** Values where results and flags change character, for operand sizes 8, 16 and 32. */
export function edges(bits: number): number[] {
  const m = mask(bits);
  const list = [0, 1, 2, 0x0f, 0x10, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 0x12345678];
  return [...new Set(list.map((v) => (v & m) >>> 0))];
}
