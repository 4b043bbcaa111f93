// div and idiv at 8 bits and the operand size, as both fuzzers draw them once their prefixes are
// out. Dividends are built from a chosen quotient and
// remainder, so in-range results, overflow by one (#DE) and division by zero all come up often.
import type { Prng } from "../../../../src/util/prng";
import { UNDEFINED } from "../../fuzz/flag-masks";
import type { InstructionBuilder, Operand } from "../instruction-builder";
import { EAX, EDX } from "../registers";

/** div or idiv (f6/f7 /6 /7) of edx:eax (ax for a byte) by the r/m operand. */
export function emitDivide<M>(b: InstructionBuilder<M>, signed: boolean, byte: boolean): void {
  const r = b.rng;
  const bits = byte ? 8 : b.osize;
  b.emit(byte ? 0xf6 : 0xf7);
  // The dividend is built after the divisor: keep its registers out of the address.
  b.reserve(EAX);
  b.reserve(EDX);
  const e = b.modrm(signed ? 7 : 6, { width: bits / 8 });
  const divisor = r.weighted([
    { weight: 1, value: 0 },
    { weight: 2, value: signed ? -1 : 1 },
    { weight: 6, value: b.value(bits) },
    { weight: 3, value: r.range(2, 20) * (signed && r.chance(0.5) ? -1 : 1) },
  ]);
  b.setOperand(e, bits, divisor >>> 0);
  // The flat fuzzer's lead instruction (drawn next, run first) must not change the divisor.
  if ("reg" in e) b.reserve(bits === 8 ? e.reg & 3 : e.reg);
  b.undefinedFlags = UNDEFINED.div;
  if (overlapsDividend(e, bits)) return;
  setDividend(b, bits, dividendFor(r, bits, signed, divisor));
  // Unicorn 2.0.1 divides natively and dies of SIGFPE on the most negative 32- or 64-bit
  // dividend over -1 (16- and 32-bit idiv). The dividend one above it overflows (#DE) as well.
  const low = b.getReg(EAX, bits), high = b.getReg(EDX, bits);
  if (signed && bits > 8 && low === 0 && high === 2 ** (bits - 1) && b.getOperand(e, bits) === 2 ** bits - 1) {
    b.setReg(EAX, bits, 1);
  }
}

/** Whether the divisor is part of the dividend (al/ah/ax/eax/dx/edx): then leave both random. */
function overlapsDividend<M>(e: Operand<M>, bits: number): boolean {
  if (!("reg" in e)) return false;
  return bits === 8 ? e.reg === 0 || e.reg === 4 : e.reg === EAX || e.reg === EDX;
}

/** A dividend of 2*bits bits: quotient * divisor + remainder, or an edge case. */
function dividendFor(r: Prng, bits: number, signed: boolean, divisorRaw: number): bigint {
  const n = BigInt(bits);
  const width = 2n * n;
  const full = (1n << width) - 1n;
  const d = signed ? BigInt.asIntN(bits, BigInt(divisorRaw)) : BigInt.asUintN(bits, BigInt(divisorRaw));
  const kind = r.below(20);
  if (kind === 0) return signed ? 1n << (width - 1n) : full; // most negative / largest dividend
  if (kind === 1 || d === 0n) return BigInt(r.nextU32()) | (BigInt(r.nextU32()) << 32n);
  const abs = d < 0n ? -d : d;
  let q: bigint;
  if (kind <= 4) {
    // Just out of range: #DE.
    q = signed ? (r.chance(0.5) ? 1n << (n - 1n) : -(1n << (n - 1n)) - 1n) : 1n << n;
  } else {
    const top = signed ? 1n << (n - 1n) : 1n << n;
    q = BigInt(r.nextU32()) % top;
    if (r.chance(0.2)) q = top - 1n; // the largest quotient that fits
    if (signed && r.chance(0.5)) q = -q - (r.chance(0.2) ? 1n : 0n);
  }
  let rem = abs > 1n ? BigInt(r.nextU32()) % abs : 0n;
  // The remainder takes the dividend's sign.
  const product = q * d;
  if (signed && (product < 0n || (product === 0n && r.chance(0.5)))) rem = -rem;
  return (product + rem) & full;
}

/** edx:eax (dx:ax; ax for a byte) = v. */
function setDividend<M>(b: InstructionBuilder<M>, bits: number, v: bigint): void {
  if (bits === 8) {
    b.setReg(EAX, 16, Number(v & 0xffffn));
    return;
  }
  const m = (1n << BigInt(bits)) - 1n;
  b.setReg(EAX, bits, Number(v & m));
  b.setReg(EDX, bits, Number((v >> BigInt(bits)) & m));
}
