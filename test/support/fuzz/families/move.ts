// Data movement: mov (every form), movzx/movsx, lea, xchg, xadd, cmpxchg, bswap, cbw/cwde,
// cwd/cdq, xlat, cmovcc, setcc.
import { CaseBuilder, EAX, EBX, ECX, EDX } from "../builder";
import { UNDEFINED } from "../flag-masks";

export function mov(b: CaseBuilder): void {
  const r = b.rng;
  const form = r.below(5); // 0-1 88-8b, 2 c6/c7, 3 b0-bf, 4 a0-a3 (moffs)
  const byte = r.chance(0.4);
  b.prefixes(byte ? false : "maybe", form === 2 ? false : "maybe");
  const bits = byte ? 8 : b.osize;
  if (form <= 1) {
    b.emit(0x88 | (byte ? 0 : 1) | (r.chance(0.5) ? 2 : 0));
    b.operandPair(bits);
  } else if (form === 2) {
    b.emit(byte ? 0xc6 : 0xc7);
    b.modrm(0, { width: bits / 8 });
    b.imm(b.value(bits), bits / 8);
  } else if (form === 3) {
    b.emit((byte ? 0xb0 : 0xb8) | r.below(8));
    b.imm(b.value(bits), bits / 8);
  } else {
    b.emit(0xa0 | (byte ? 0 : 1) | (r.chance(0.5) ? 2 : 0));
    const at = b.dataAddress(0, 4);
    b.imm(at, b.a16 ? 2 : 4);
    b.setMem(at, bits / 8, b.value(bits));
    b.setReg(EAX, bits, b.value(bits));
  }
}

/** movzx/movsx: 0f b6/b7/be/bf. */
export function movExtend(b: CaseBuilder): void {
  const r = b.rng;
  const op = r.pick([0xb6, 0xb7, 0xbe, 0xbf]);
  const srcBits = op & 1 ? 16 : 8;
  b.prefixes("maybe", "maybe");
  b.emit(0x0f, op);
  const e = b.modrm(r.below(8), { width: srcBits / 8 });
  b.setOperand(e, srcBits, b.value(srcBits));
}

/** lea: the address is computed, never accessed, so the registers stay random. */
export function lea(b: CaseBuilder): void {
  const r = b.rng;
  b.prefixes("maybe", "maybe");
  b.emit(0x8d);
  // The register form is #UD.
  b.modrm(r.below(8), { noAccess: true, register: r.chance(0.03) });
}

/** xchg E,G (86/87) and xchg eAX,r (90+r). */
export function xchg(b: CaseBuilder): void {
  const r = b.rng;
  const byte = r.chance(0.4);
  if (r.chance(0.3)) {
    b.prefixes("maybe");
    const reg = r.below(8);
    b.emit(0x90 | reg);
    b.setReg(reg, b.osize, b.value(b.osize));
    return;
  }
  const lock = b.lock();
  b.prefixes(byte ? false : "maybe", "maybe", lock ? [0xf0] : []);
  const bits = byte ? 8 : b.osize;
  b.emit(byte ? 0x86 : 0x87);
  b.operandPair(bits, lock);
}

/** xadd (0f c0/c1) and cmpxchg (0f b0/b1). */
export function exchangeArith(b: CaseBuilder): void {
  const r = b.rng;
  const cmpxchg = r.chance(0.5);
  const byte = r.chance(0.4);
  const lock = b.lock();
  b.prefixes(byte ? false : "maybe", "maybe", lock ? [0xf0] : []);
  const bits = byte ? 8 : b.osize;
  b.emit(0x0f, (cmpxchg ? 0xb0 : 0xc0) | (byte ? 0 : 1));
  const g = r.below(8);
  const e = b.modrm(g, { width: bits / 8, register: lock ? false : undefined });
  const v = b.value(bits);
  b.setOperand(e, bits, v);
  b.setReg(g, bits, b.value(bits));
  // cmpxchg: the accumulator equals the destination half of the time.
  if (cmpxchg) b.setReg(EAX, bits, r.chance(0.5) ? v : b.value(bits));
  b.undefinedFlags = UNDEFINED.arith;
}

/** cmpxchg8b m64 (0f c7 /1); the register form is #UD. */
export function cmpxchg8b(b: CaseBuilder): void {
  const r = b.rng;
  for (const reg of [EAX, ECX, EDX, EBX]) b.reserve(reg);
  // With 0x66, later CPUs give the register forms of 0f c7 other meanings: none there.
  const register = r.chance(0.03);
  b.prefixes(register ? false : "maybe", "maybe", b.lock() ? [0xf0] : []);
  b.emit(0x0f, 0xc7);
  const e = b.modrm(1, { width: 8, register });
  const lo = b.value(32);
  const hi = b.value(32);
  if ("mem" in e) {
    b.setMem(e.mem, 4, lo);
    b.setMem(e.mem + 4, 4, hi);
  }
  // EDX:EAX equals the destination half of the time, or one of its halves.
  const k = r.below(4);
  b.setReg(EAX, 32, k === 0 || k === 1 ? lo : b.value(32));
  b.setReg(EDX, 32, k === 0 || k === 2 ? hi : b.value(32));
  b.setReg(ECX, 32, b.value(32));
  b.setReg(EBX, 32, b.value(32));
}

/** bswap r32 (the 16-bit form is undefined and not fuzzed). */
export function bswap(b: CaseBuilder): void {
  const reg = b.rng.below(8);
  b.emit(0x0f, 0xc8 | reg);
  b.setReg(reg, 32, b.value(32));
}

/** cbw/cwde (98), cwd/cdq (99). */
export function convert(b: CaseBuilder): void {
  b.prefixes("maybe");
  b.emit(b.rng.chance(0.5) ? 0x98 : 0x99);
  b.setReg(EAX, 32, b.value(32));
}

/** xlat: al = [ebx + al] (bx with 0x67). */
export function xlat(b: CaseBuilder): void {
  const r = b.rng;
  b.prefixes(false, "maybe");
  b.emit(0xd7);
  const table = b.dataAddress(0, 256);
  b.fix(EBX, b.a16 ? ((b.regs[EBX] & 0xffff0000) | table) >>> 0 : table);
  const al = r.below(256);
  b.setReg(EAX, 8, al);
  b.setMem(table + al, 1, r.below(256));
}

export function cmovcc(b: CaseBuilder): void {
  const r = b.rng;
  b.prefixes("maybe", "maybe");
  b.emit(0x0f, 0x40 | r.below(16));
  const g = r.below(8);
  const e = b.modrm(g, { width: b.osize / 8 });
  b.setOperand(e, b.osize, b.value(b.osize));
}

export function setcc(b: CaseBuilder): void {
  const r = b.rng;
  b.prefixes(false, "maybe");
  b.emit(0x0f, 0x90 | r.below(16));
  b.modrm(0, { width: 1 });
}
