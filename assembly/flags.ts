// Lazy flags. A flag-setting operation stores only its result (S_LRES, masked to the operand
// size), its carry vector (S_LAUX) and its size (S_LSIZE); the six arithmetic flags are derived
// when something reads them. The carry vector holds, at each bit i, the carry (or borrow) out of
// bit i: for a + b = r it is (a & b) | ((a | b) & ~r), for a - b = r it is (~a & b) | (~(a ^ b) & r).
// Then CF is its top bit, OF the top bit xor the next one, AF bit 3. Operations whose CF or OF
// follow other rules (shifts, multiplies, inc/dec) store a vector crafted to give those bits.
// S_LSIZE == LAZY_NONE means the flags were materialized into S_EFLAGS (after popf, sahf, ...).
import {
  S_EFLAGS, S_LRES, S_LAUX, S_LSIZE, LAZY_NONE,
} from "./layout";

export const CF: u32 = 0x0001;
export const PF: u32 = 0x0004;
export const AF: u32 = 0x0010;
export const ZF: u32 = 0x0040;
export const SF: u32 = 0x0080;
export const TF: u32 = 0x0100;
export const IF: u32 = 0x0200;
export const DF: u32 = 0x0400;
export const OF: u32 = 0x0800;
export const ARITH: u32 = CF | PF | AF | ZF | SF | OF;
// AC (18) and ID (21) came with the 486 and later: a 386 cannot set them (Intel's CPU
// identification tells a 386 by AC not toggling). Real mode is the 386's, so there they stay 0.
export const NOT_ON_386: u32 = 0x00240000;

// Operand size codes: 0 byte, 1 word, 2 dword.
@inline export function sizeMask(sz: u32): u32 {
  return sz == 2 ? 0xffffffff : (sz == 1 ? 0xffff : 0xff);
}
@inline export function signBit(sz: u32): u32 {
  return (8 << sz) - 1;
}

@inline export function setLazy(res: u32, aux: u32, sz: u32): void {
  store<u32>(S_LRES, res);
  store<u32>(S_LAUX, aux);
  store<u32>(S_LSIZE, sz);
}

// Crafts a carry vector that yields the given CF and OF (used by shifts and multiplies).
@inline export function auxFor(cf: u32, ovf: u32, sz: u32): u32 {
  let top = signBit(sz);
  return (cf << top) | ((cf ^ ovf) << (top - 1));
}

@inline export function lazy(): bool {
  return load<u32>(S_LSIZE) != LAZY_NONE;
}

export function getCF(): u32 { return cfNow(); }
@inline export function cfNow(): u32 {
  let sz = load<u32>(S_LSIZE);
  if (sz == LAZY_NONE) return load<u32>(S_EFLAGS) & 1;
  return (load<u32>(S_LAUX) >> signBit(sz)) & 1;
}

export function getZF(): u32 { return zfNow(); }
@inline function zfNow(): u32 {
  if (load<u32>(S_LSIZE) == LAZY_NONE) return (load<u32>(S_EFLAGS) >> 6) & 1;
  return load<u32>(S_LRES) == 0 ? 1 : 0;
}

export function getSF(): u32 { return sfNow(); }
@inline function sfNow(): u32 {
  let sz = load<u32>(S_LSIZE);
  if (sz == LAZY_NONE) return (load<u32>(S_EFLAGS) >> 7) & 1;
  return (load<u32>(S_LRES) >> signBit(sz)) & 1;
}

export function getOF(): u32 { return ofNow(); }
@inline function ofNow(): u32 {
  let sz = load<u32>(S_LSIZE);
  if (sz == LAZY_NONE) return (load<u32>(S_EFLAGS) >> 11) & 1;
  let aux = load<u32>(S_LAUX);
  let top = signBit(sz);
  return ((aux >> top) ^ (aux >> (top - 1))) & 1;
}

export function getPF(): u32 { return pfNow(); }
@inline function pfNow(): u32 {
  if (load<u32>(S_LSIZE) == LAZY_NONE) return (load<u32>(S_EFLAGS) >> 2) & 1;
  return (~popcnt<u32>(load<u32>(S_LRES) & 0xff)) & 1;
}

export function getAF(): u32 {
  if (load<u32>(S_LSIZE) == LAZY_NONE) return (load<u32>(S_EFLAGS) >> 4) & 1;
  return (load<u32>(S_LAUX) >> 3) & 1;
}

export function getEflags(): u32 {
  let f = load<u32>(S_EFLAGS);
  if (load<u32>(S_LSIZE) == LAZY_NONE) return f;
  return (f & ~ARITH) | getCF() | (getPF() << 2) | (getAF() << 4) | (getZF() << 6) |
    (getSF() << 7) | (getOF() << 11);
}

// Writes EFLAGS as a whole (popf, iret, sahf, the host). Bit 1 always reads 1; bits 3, 5, 15
// always read 0.
export function setEflags(v: u32): void {
  store<u32>(S_EFLAGS, (v & ~0x8028) | 2);
  store<u32>(S_LSIZE, LAZY_NONE);
}

export function materializeFlags(): void {
  if (lazy()) setEflags(getEflags());
}

// Sets or clears the given arithmetic flag bits after materializing the others.
export function setArithFlags(mask: u32, values: u32): void {
  let f = getEflags();
  setEflags((f & ~mask) | (values & mask));
}

// Condition codes 0..15 as in jcc/setcc/cmovcc: o no b ae e ne be a s ns p np l ge le g.
export function testCC(cc: u32): bool {
  return ccNow(cc);
}
// testCC written out where it is called: with a constant cc the switch folds away and the flag
// getters are inlined (the jcc handlers, exec-jcc.ts).
@inline export function ccNow(cc: u32): bool {
  let r: u32;
  switch (cc >> 1) {
    case 0: r = ofNow(); break;
    case 1: r = cfNow(); break;
    case 2: r = zfNow(); break;
    case 3: r = cfNow() | zfNow(); break;
    case 4: r = sfNow(); break;
    case 5: r = pfNow(); break;
    case 6: r = sfNow() ^ ofNow(); break;
    default: r = (sfNow() ^ ofNow()) | zfNow(); break;
  }
  return (r ^ (cc & 1)) != 0;
}
