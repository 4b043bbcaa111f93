// The two-byte opcode map (0F xx) of the subset.
import {
  EAX, ECX, EDX, EBX, SEG_SS, SEG_FS, SEG_GS, S_CR0, S_CR2, S_CR3, S_GDTR_BASE, S_IDTR_BASE, FAULT_GP,
} from "./layout";
import {
  fetch8, osz, o32, a32, reg8, setReg8, reg32, setReg32, getReg, setReg, segSel, aborted, realMode,
} from "./cpu";
import { rdLin } from "./memory";
import { withinLimit } from "./segaccess";
import { testCC, getZF, setArithFlags, ZF } from "./flags";
import {
  decodeModRM, decodeModRMFrom, modReg, modRm, isRegOperand, eaSeg, eaOff, readE, writeE, readG, writeG,
  readEAt, writeEAt, addr32, flatOperand,
} from "./modrm";
import { add, sub } from "./ops/alu";
import { shiftDouble } from "./ops/shift";
import { imulTrunc } from "./ops/muldiv";
import { bitTest, bitScan } from "./ops/bits";
import { jccNearOf } from "./exec-jcc";
import { pushV } from "./ops/stack";
import { cpuid, rdtsc } from "./ops/system";
import { invalidOpcode, raiseFault } from "./faults";
import { loadFarPointer, popSeg } from "./ops/segload";
import { after386 } from "./generated/decode-facts";

function cmovcc(cc: u32): void {
  decodeModRM();
  let sz = osz();
  let v = readE(sz); // the source is read (and may fault) even when the condition is false
  if (!aborted && testCC(cc)) writeG(sz, v);
}

function setcc(cc: u32): void {
  let m = fetch8();
  if (m >= 0xc0) { // a register: no decode into the globals
    setReg8(m & 7, testCC(cc) ? 1 : 0);
    return;
  }
  decodeModRMFrom(m);
  writeE(0, testCC(cc) ? 1 : 0);
}

function shld(left: bool, byCl: bool): void {
  decodeModRM();
  let sz = osz();
  let count: u32 = byCl ? reg8(ECX) : fetch8();
  let a = readE(sz);
  if (aborted || (count & 31) == 0) return;
  writeE(sz, shiftDouble(left, a, readG(sz), count, sz));
}

function bitOpReg(op: u32): void {
  decodeModRM();
  let sz = osz();
  let off = readG(sz);
  // A 16-bit offset is signed too.
  if (sz == 1) off = <u32><i32><i16>off;
  bitTest(op, off, true, sz);
}

function group8(): void {
  decodeModRM();
  if (modReg < 4) { invalidOpcode(); return; }
  bitTest(modReg - 4, fetch8(), false, osz());
}

function cmpxchg(sz: u32): void {
  decodeModRM();
  let d = readE(sz);
  if (aborted) return;
  sub(getReg(sz, 0), d, sz);
  if (getZF()) writeE(sz, readG(sz));
  else setReg(sz, 0, d);
}

// cmpxchg8b m64 (0F C7 /1; a Pentium instruction GCC emits for 64-bit atomics at -march=i586 and
// later): EDX:EAX against m64; equal: ZF=1 and m64 = ECX:EBX; else ZF=0 and EDX:EAX = m64. Both
// halves are read before anything is written, so a fault on either leaves nothing changed.
function cmpxchg8b(): void {
  decodeModRM();
  if (isRegOperand || modReg != 1) { invalidOpcode(); return; }
  let lo = readE(2);
  let hi = readEAt(2, 4);
  if (aborted) return;
  let equal = lo == reg32(EAX) && hi == reg32(EDX);
  if (equal) {
    writeE(2, reg32(EBX));
    writeEAt(2, 4, reg32(ECX));
    if (aborted) return;
  } else {
    setReg32(EAX, lo);
    setReg32(EDX, hi);
  }
  setArithFlags(ZF, equal ? ZF : 0);
}

function xadd(sz: u32): void {
  decodeModRM();
  let d = readE(sz);
  if (aborted) return;
  let s = readG(sz);
  let t = add(d, s, sz);
  writeG(sz, d);
  writeE(sz, t);
}

function movx(signed: bool, srcSize: u32): void {
  let m = fetch8();
  if (o32 && (m >= 0xc0 || flatOperand())) { // the common forms, without the decode globals
    let v = m >= 0xc0 ? getReg(srcSize, m & 7) : rdLin(srcSize, addr32(m, true));
    if (aborted) return;
    if (signed) v = srcSize == 0 ? <u32><i32><i8>v : <u32><i32><i16>v;
    setReg32((m >> 3) & 7, v);
    return;
  }
  decodeModRMFrom(m);
  let v = readE(srcSize);
  if (aborted) return;
  if (signed) v = srcSize == 0 ? <u32><i32><i8>v : <u32><i32><i16>v;
  writeG(osz(), v);
}

function imul2(): void {
  decodeModRM();
  let sz = osz();
  let v = readE(sz);
  if (!aborted) writeG(sz, imulTrunc(readG(sz), v, sz));
}

// SGDT SIDT LGDT LIDT (0f 01 /0-/3): a 6-byte operand in memory, the limit word then the base.
// With a 16-bit operand the base has 24 bits: the loads drop the top byte, the stores write it as
// 0 (SDM SGDT). Both parts are checked against the limit before anything is stored.
function descriptorTable(op: u32): void {
  if (isRegOperand) { invalidOpcode(); return; }
  let reg: u32 = (op & 1) != 0 ? S_IDTR_BASE : S_GDTR_BASE; // base, then limit 4 bytes on
  let mask: u32 = o32 ? 0xffffffff : 0x00ffffff;
  if (op >= 2) {
    let limit = readE(1);
    let base = readEAt(2, 2);
    if (aborted) return;
    store<u32>(reg, base & mask);
    store<u32>(reg + 4, limit);
    return;
  }
  let off = a32 ? eaOff + 2 : (eaOff + 2) & 0xffff;
  if (!withinLimit(eaSeg, eaOff, 2) || !withinLimit(eaSeg, off, 4)) return;
  writeE(1, load<u32>(reg + 4));
  writeEAt(2, 2, load<u32>(reg) & mask);
}

// Group 7 (0f 01) in real mode: the descriptor-table forms, and SMSW (/4) and LMSW (/6), the
// 286's machine status word (CR0's low half). LMSW loads PE, MP, EM and TS and can set PE but not
// clear it. A user-mode process has none of them here.
function group7(): void {
  decodeModRM();
  if (!realMode || modReg == 5 || modReg == 7) { invalidOpcode(); return; }
  if (modReg < 4) { descriptorTable(modReg); return; }
  let cr0 = load<u32>(S_CR0);
  if (modReg == 4) {
    // To a 32-bit register all of CR0 (the 386 leaves the upper half undefined); to memory a word.
    if (isRegOperand) setReg(osz(), modRm, o32 ? cr0 : cr0 & 0xffff);
    else writeE(1, cr0 & 0xffff);
    return;
  }
  let v = readE(1);
  if (!aborted) store<u32>(S_CR0, (cr0 & ~0xe) | (v & 0xf));
}

// MOV to and from CR0, CR2, CR3 (0f 20, 0f 22) in real mode, which runs at privilege 0. The
// ModR/M byte names a 32-bit register whatever its mod bits and the operand size; CR1 and CR4-7
// do not exist on the 386 (#UD). Setting PG without PE is #GP. The core does not follow PE or PG
// into protected mode or paging: CR0 only holds them.
function movCr(toCr: bool): void {
  if (!realMode) { invalidOpcode(); return; }
  let m = fetch8(); // no displacement follows, whatever the mod bits
  let n = (m >> 3) & 7;
  if (n == 1 || n > 3) { invalidOpcode(); return; }
  let at: u32 = n == 0 ? S_CR0 : (n == 2 ? S_CR2 : S_CR3);
  if (!toCr) { setReg32(m & 7, load<u32>(at)); return; }
  let v = reg32(m & 7);
  if (n == 0 && (v & 0x80000001) == 0x80000000) { raiseFault(FAULT_GP); return; }
  store<u32>(at, v);
}

// Real mode is the 386's, which lacks what came after it (the table's generations): the 486's
// bswap, xadd and cmpxchg, the Pentium's cmpxchg8b, rdtsc and cpuid, the P6's cmov and hint nops.
// There they are #UD; flat mode has them (compilers emit them).
export function execute0F(op: u32): void {
  if (realMode && after386(op)) { invalidOpcode(); return; }
  switch (op) {
    case 0x01: group7(); break;
    case 0x06: // clts: CR0.TS = 0
      if (realMode) store<u32>(S_CR0, load<u32>(S_CR0) & ~8);
      else invalidOpcode();
      break;
    case 0x0b: invalidOpcode(); break; // ud2
    case 0x18: case 0x19: case 0x1a: case 0x1b: case 0x1c: case 0x1d: case 0x1e: case 0x1f:
      decodeModRM(); break; // hint nops: nop r/m, endbr32 (f3 0f 1e fb)
    case 0x20: movCr(false); break;
    case 0x22: movCr(true); break;
    case 0x31: rdtsc(); break;
    case 0x40: case 0x41: case 0x42: case 0x43: case 0x44: case 0x45: case 0x46: case 0x47:
    case 0x48: case 0x49: case 0x4a: case 0x4b: case 0x4c: case 0x4d: case 0x4e: case 0x4f:
      cmovcc(op & 15); break;
    case 0x80: case 0x81: case 0x82: case 0x83: case 0x84: case 0x85: case 0x86: case 0x87:
    case 0x88: case 0x89: case 0x8a: case 0x8b: case 0x8c: case 0x8d: case 0x8e: case 0x8f:
      jccNearOf(op & 15); break;
    case 0x90: case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96: case 0x97:
    case 0x98: case 0x99: case 0x9a: case 0x9b: case 0x9c: case 0x9d: case 0x9e: case 0x9f:
      setcc(op & 15); break;
    case 0xa0: pushV(segSel(SEG_FS)); break;
    case 0xa1: popSeg(SEG_FS); break;
    case 0xa2: cpuid(); break;
    case 0xa3: bitOpReg(0); break;
    case 0xa4: shld(true, false); break;
    case 0xa5: shld(true, true); break;
    case 0xa8: pushV(segSel(SEG_GS)); break;
    case 0xa9: popSeg(SEG_GS); break;
    case 0xab: bitOpReg(1); break;
    case 0xac: shld(false, false); break;
    case 0xad: shld(false, true); break;
    case 0xaf: imul2(); break;
    case 0xb0: cmpxchg(0); break;
    case 0xb1: cmpxchg(osz()); break;
    case 0xb2: loadFarPointer(SEG_SS); break;
    case 0xb3: bitOpReg(2); break;
    case 0xb4: loadFarPointer(SEG_FS); break;
    case 0xb5: loadFarPointer(SEG_GS); break;
    case 0xb6: movx(false, 0); break;
    case 0xb7: movx(false, 1); break;
    case 0xba: group8(); break;
    case 0xbb: bitOpReg(3); break;
    case 0xbc: decodeModRM(); bitScan(false, osz()); break;
    case 0xbd: decodeModRM(); bitScan(true, osz()); break;
    case 0xbe: movx(true, 0); break;
    case 0xbf: movx(true, 1); break;
    case 0xc0: xadd(0); break;
    case 0xc1: xadd(osz()); break;
    case 0xc7: cmpxchg8b(); break;
    case 0xc8: case 0xc9: case 0xca: case 0xcb: case 0xcc: case 0xcd: case 0xce: case 0xcf: {
      let r = op & 7;
      // bswap of a 16-bit register is undefined; the 486 and later clear it, so do we.
      if (o32) setReg32(r, bswap<u32>(reg32(r)));
      else setReg(1, r, 0);
      break;
    }
    default: invalidOpcode(); break;
  }
}
