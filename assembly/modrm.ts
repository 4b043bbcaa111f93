// ModR/M and SIB decoding, and access to the operands they name.
// After decodeModRM(): modReg is the reg field; if isRegOperand, the r/m operand is register
// modRm, else it is memory at eaOff in segment eaSeg (linear address eaLin).
import { SEG_DS, SEG_SS } from "./layout";
import {
  fetch8, fetch16, fetch32, a32, dataSeg, segBase, reg32, reg16, getReg, setReg, realMode,
} from "./cpu";
import { rdSz, wrSz } from "./memory";
import { rdSeg, wrSeg, withinLimit } from "./segaccess";

export let modReg: u32 = 0;
export let modRm: u32 = 0;
export let isRegOperand: bool = false;
export let eaOff: u32 = 0;
export let eaSeg: u32 = 0;
export let eaLin: u32 = 0;

export function decodeModRM(): void {
  decodeModRMFrom(fetch8());
}
// decodeModRM when the ModR/M byte m has been fetched already.
export function decodeModRMFrom(m: u32): void {
  modReg = (m >> 3) & 7;
  modRm = m & 7;
  if (m >= 0xc0) {
    isRegOperand = true;
    return;
  }
  isRegOperand = false;
  if (a32) ea32(m);
  else ea16(m);
}

// A 32-bit-addressed memory operand whose ModR/M byte m (< 0xc0) was fetched: its offset in the
// low 32 bits and its default segment above (both ea32 and addr32 read it; inlined, the packing
// folds away).
@inline function offsetAndSeg32(m: u32): u64 {
  let mod = m >> 6;
  let rm = m & 7;
  let off: u32 = 0;
  let seg: u32 = SEG_DS;
  if (rm == 4) {
    let sib = fetch8();
    let base = sib & 7;
    let index = (sib >> 3) & 7;
    if (index != 4) off = reg32(index) << (sib >> 6);
    if (base == 5 && mod == 0) {
      off += fetch32();
    } else {
      off += reg32(base);
      if (base == 4 || base == 5) seg = SEG_SS;
    }
  } else if (rm == 5 && mod == 0) {
    off = fetch32();
  } else {
    off = reg32(rm);
    if (rm == 5) seg = SEG_SS;
  }
  if (mod == 1) off += <u32><i32><i8>fetch8();
  else if (mod == 2) off += fetch32();
  return (<u64>seg << 32) | <u64>off;
}

// The same operand computed into a value instead of the decode globals, for the hot forms
// (exec.ts, exec-alu.ts) that need nothing else of the decode: its linear address, or (withSeg
// false: lea) its offset.
@inline export function addr32(m: u32, withSeg: bool): u32 {
  let os = offsetAndSeg32(m);
  return withSeg ? segBase(dataSeg(<u32>(os >> 32))) + <u32>os : <u32>os;
}
// True when a memory operand may take addr32 and go straight to memory: 32-bit addresses and no
// segment limit to check (only real mode has them).
@inline export function flatOperand(): bool {
  return a32 && !realMode;
}

function ea32(m: u32): void {
  let os = offsetAndSeg32(m);
  setEA(dataSeg(<u32>(os >> 32)), <u32>os);
}

function ea16(m: u32): void {
  let mod = m >> 6;
  let rm = m & 7;
  let off: u32;
  let seg: u32 = SEG_DS;
  switch (rm) {
    case 0: off = reg16(3) + reg16(6); break; // bx+si
    case 1: off = reg16(3) + reg16(7); break; // bx+di
    case 2: off = reg16(5) + reg16(6); seg = SEG_SS; break; // bp+si
    case 3: off = reg16(5) + reg16(7); seg = SEG_SS; break; // bp+di
    case 4: off = reg16(6); break; // si
    case 5: off = reg16(7); break; // di
    case 6:
      if (mod == 0) off = fetch16();
      else { off = reg16(5); seg = SEG_SS; } // bp
      break;
    default: off = reg16(3); break; // bx
  }
  if (mod == 1) off += <u32><i32><i8>fetch8();
  else if (mod == 2) off += fetch16();
  setEA(dataSeg(seg), off & 0xffff);
}

@inline function setEA(seg: u32, off: u32): void {
  eaSeg = seg;
  eaOff = off;
  eaLin = segBase(seg) + off;
}

// Reads the part of the memory operand `delta` bytes in (far pointers, bound). Its offset wraps
// the way the address size wraps offsets, and it is checked against the limit on its own.
export function readEAt(sz: u32, delta: u32): u32 {
  let off = eaOff + delta;
  if (!a32) off &= 0xffff;
  return rdSeg(sz, eaSeg, off);
}

// Writes the part of the memory operand `delta` bytes in, offset and limit as readEAt.
export function writeEAt(sz: u32, delta: u32, v: u32): void {
  let off = eaOff + delta;
  if (!a32) off &= 0xffff;
  wrSeg(sz, eaSeg, off, v);
}

// Points the memory operand at an explicit segment:offset (string instructions, moffs).
export function setMemOperand(seg: u32, off: u32): void {
  isRegOperand = false;
  setEA(seg, off);
}

// ---- operand access; sz: 0 byte, 1 word, 2 dword ----
@inline export function readE(sz: u32): u32 {
  if (isRegOperand) return getReg(sz, modRm);
  return withinLimit(eaSeg, eaOff, 1 << sz) ? rdSz(sz, eaLin) : 0;
}
@inline export function writeE(sz: u32, v: u32): void {
  if (isRegOperand) setReg(sz, modRm, v);
  else if (withinLimit(eaSeg, eaOff, 1 << sz)) wrSz(sz, eaLin, v);
}
@inline export function readG(sz: u32): u32 {
  return getReg(sz, modReg);
}
@inline export function writeG(sz: u32, v: u32): void {
  setReg(sz, modReg, v);
}
