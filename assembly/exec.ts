// The one-byte opcode map: prefixes, then one case per opcode (or opcode group).
import {
  EAX, EDX, EBX, SEG_ES, SEG_CS, SEG_SS, SEG_DS, ST_HLT, S_STATUS, S_INSN_EIP, S_CPU_MODE, CPU_REAL,
} from "./layout";
import {
  fetch8, fetch16, fetch32, fetchImm, fetchSimm8, o32, a32, osz, setO32, setA32, code32Default,
  setSegOverride, setRepPrefix, reg32, setReg32, reg16, setReg16, reg8, setReg8, getReg, setReg,
  segSel, loadSeg, dataSeg, aborted, setStopRun, fetchPtr, jumpTo, insnEip,
} from "./cpu";
import { sizeMask, CF, IF, DF, getCF } from "./flags";
import {
  decodeModRM, decodeModRMFrom, modReg, modRm, isRegOperand, eaOff, eaSeg, readE, writeE, readG, writeG,
  readEAt, setMemOperand, addr32, flatOperand,
} from "./modrm";
import { rdLin, wrLin } from "./memory";
import { rdSeg, withinLimit } from "./segaccess";
import { aluInline, inc, dec, incInline, decInline, neg, logic, OP_CMP } from "./ops/alu";
import { shiftOp, shiftInline } from "./ops/shift";
import { mul, imul1, imulTrunc, div, idiv } from "./ops/muldiv";
import { pushV, popV, push32, pop32, pusha, popa, enter, leave } from "./ops/stack";
import {
  jmpShort, jmpNear, callNear, callIndirect, retNear, farJump, farCall, callFarImm,
  jmpFarImm, retFar, iret, loopOp, intN, int3, into,
} from "./ops/control";
import { stringOp, STR_MOVS, STR_CMPS, STR_STOS, STR_LODS, STR_SCAS, STR_INS, STR_OUTS } from "./ops/string";
import { daa, das, aaa, aas, aam, aad } from "./ops/bcd";
import { pushf, popf, sahf, lahf, setFlagBit, cmc, inPort, outPort } from "./ops/system";
import { invalidOpcode, raiseFault } from "./faults";
import { execute0F } from "./exec0f";
import {
  jcc70, jcc71, jcc72, jcc73, jcc74, jcc75, jcc76, jcc77, jcc78, jcc79, jcc7a, jcc7b, jcc7c, jcc7d, jcc7e,
  jcc7f,
  jccNearOf,
} from "./exec-jcc";
import {
  alu00, alu01, alu02, alu03, alu04, alu05, alu08, alu09, alu0a, alu0b, alu0c, alu0d,
  alu10, alu11, alu12, alu13, alu14, alu15, alu18, alu19, alu1a, alu1b, alu1c, alu1d,
  alu20, alu21, alu22, alu23, alu24, alu25, alu28, alu29, alu2a, alu2b, alu2c, alu2d,
  alu30, alu31, alu32, alu33, alu34, alu35, alu38, alu39, alu3a, alu3b, alu3c, alu3d,
} from "./exec-alu";
import { loadFarPointer, popSeg } from "./ops/segload";
import { lockRegs, lockRegs0F } from "./generated/decode-facts";
import { executeX87 } from "./x87/exec";

// Group 1: 80 (Eb, Ib), 81 (Ev, Iv), 82 (alias of 80), 83 (Ev, Ib sign-extended).
function group1(op: u32): void {
  if ((op & 1) == 0) group1At(op, 0);
  else if (o32) group1At(op, 2);
  else group1At(op, 1);
}
@inline function group1At(op: u32, sz: u32): void {
  let m = fetch8();
  let aop = (m >> 3) & 7;
  if (m >= 0xc0) { // a register operand, as in the ALU forms (exec-alu.ts)
    let e = m & 7;
    let imm: u32 = op == 0x81 ? fetchImm() : (op == 0x83 ? fetchSimm8() & sizeMask(sz) : fetch8());
    let r = aluInline(aop, getReg(sz, e), imm, sz);
    if (aop != OP_CMP) setReg(sz, e, r);
    return;
  }
  if (flatOperand()) {
    let lin = addr32(m, true);
    let imm: u32 = op == 0x81 ? fetchImm() : (op == 0x83 ? fetchSimm8() & sizeMask(sz) : fetch8());
    let r = aluInline(aop, rdLin(sz, lin), imm, sz);
    if (aop != OP_CMP) wrLin(sz, lin, r);
    return;
  }
  decodeModRMFrom(m);
  let imm: u32 = op == 0x81 ? fetchImm() : (op == 0x83 ? fetchSimm8() & sizeMask(sz) : fetch8());
  let r = aluInline(aop, readE(sz), imm, sz);
  if (aop != OP_CMP) writeE(sz, r);
}

// Group 2 shifts: c0/c1 by imm8, d0/d1 by 1, d2/d3 by cl.
function group2(op: u32): void {
  group2From(op, fetch8());
}
function group2From(op: u32, m: u32): void {
  let sz: u32 = (op & 1) != 0 ? osz() : 0;
  if (m >= 0xc0) { // a register: no decode into the globals, nothing can fault
    let count: u32 = op <= 0xc1 ? fetch8() : (op <= 0xd1 ? 1 : reg8(1));
    let a = getReg(sz, m & 7);
    if ((count & 31) == 0) return;
    setReg(sz, m & 7, shiftOp((m >> 3) & 7, a, count, sz));
    return;
  }
  decodeModRMFrom(m);
  let count: u32 = op <= 0xc1 ? fetch8() : (op <= 0xd1 ? 1 : reg8(1));
  let a = readE(sz);
  if ((count & 31) == 0 || aborted) return;
  writeE(sz, shiftOp(modReg, a, count, sz));
}

// c1 with a dword operand, the commonest shift: a register shifted by an immediate, with the
// operation a constant in each arm so that shiftInline folds to it; memory takes group2's path.
function shiftC1d(): void {
  let m = fetch8();
  if (m < 0xc0) {
    group2From(0xc1, m);
    return;
  }
  let r = m & 7;
  let count = fetch8();
  if ((count & 31) == 0) return;
  let a = reg32(r);
  switch ((m >> 3) & 7) {
    case 4: case 6: setReg32(r, shiftInline(4, a, count, 2)); break;
    case 5: setReg32(r, shiftInline(5, a, count, 2)); break;
    case 7: setReg32(r, shiftInline(7, a, count, 2)); break;
    default: setReg32(r, shiftOp((m >> 3) & 7, a, count, 2)); break;
  }
}

// Group 3: test/not/neg/mul/imul/div/idiv on Eb (f6) or Ev (f7).
function group3(op: u32): void {
  decodeModRM();
  let sz: u32 = op == 0xf7 ? osz() : 0;
  switch (modReg) {
    case 0:
    case 1: { // test E, imm (1 is an alias)
      let imm: u32 = sz == 0 ? fetch8() : fetchImm();
      logic(readE(sz) & imm, sz);
      break;
    }
    case 2: writeE(sz, ~readE(sz) & sizeMask(sz)); break;
    case 3: {
      let v = readE(sz);
      if (!aborted) writeE(sz, neg(v, sz));
      break;
    }
    case 4: mul(readE(sz), sz); break;
    case 5: imul1(readE(sz), sz); break;
    case 6: div(readE(sz), sz); break;
    default: idiv(readE(sz), sz); break;
  }
}

// Group 4 (fe): inc/dec Eb. Group 5 (ff): inc/dec/call/callf/jmp/jmpf/push Ev.
function group45(op: u32): void {
  let m = fetch8();
  // inc, dec, call, jmp and push of a dword register or a flat memory operand: without the decode
  // globals, as the other hot forms.
  let r = (m >> 3) & 7;
  if (op == 0xff && o32 && (r <= 2 || r == 4 || r == 6) && (m >= 0xc0 || flatOperand())) {
    let reg = m >= 0xc0;
    let lin: u32 = reg ? 0 : addr32(m, true);
    let v = reg ? reg32(m & 7) : rdLin(2, lin);
    if (aborted) return;
    if (r <= 1) {
      let w = r == 0 ? inc(v, 2) : dec(v, 2);
      if (reg) setReg32(m & 7, w);
      else wrLin(2, lin, w);
    } else if (r == 2) {
      callIndirect(v);
    } else if (r == 4) {
      jumpTo(v);
    } else {
      pushV(v);
    }
    return;
  }
  decodeModRMFrom(m);
  let sz: u32 = op == 0xff ? osz() : 0;
  if (r >= 2 && op == 0xfe) { invalidOpcode(); return; }
  switch (r) {
    case 0: { let v = readE(sz); if (!aborted) writeE(sz, inc(v, sz)); break; }
    case 1: { let v = readE(sz); if (!aborted) writeE(sz, dec(v, sz)); break; }
    case 2: { let t = readE(sz); if (!aborted) callIndirect(t); break; }
    case 3:
    case 5: { // far call/jmp through memory: offset, then selector
      if (isRegOperand) { invalidOpcode(); return; }
      let off = readE(sz);
      let sel = readEAt(1, o32 ? 4 : 2);
      if (aborted) return;
      if (r == 3) farCall(sel, off);
      else farJump(sel, off);
      break;
    }
    case 4: { let t = readE(sz); if (!aborted) jumpTo(o32 ? t : t & 0xffff); break; }
    case 6: { let v = readE(sz); if (!aborted) pushV(v); break; }
    default: invalidOpcode(); break;
  }
}

// mov and test with a ModR/M byte, inlined at each operand size as the ALU forms (exec-alu.ts),
// and as there a register operand is read from its ModR/M byte without decoding it into the
// globals.
@inline function movEG(sz: u32): void {
  let m = fetch8();
  if (m >= 0xc0) {
    setReg(sz, m & 7, getReg(sz, (m >> 3) & 7));
    return;
  }
  if (flatOperand()) { // no segment limit to check: the access goes straight to memory
    wrLin(sz, addr32(m, true), getReg(sz, (m >> 3) & 7));
    return;
  }
  decodeModRMFrom(m);
  writeE(sz, readG(sz));
}
@inline function movGE(sz: u32): void {
  let m = fetch8();
  if (m >= 0xc0) {
    setReg(sz, (m >> 3) & 7, getReg(sz, m & 7));
    return;
  }
  if (flatOperand()) {
    let v = rdLin(sz, addr32(m, true));
    if (!aborted) setReg(sz, (m >> 3) & 7, v);
    return;
  }
  decodeModRMFrom(m);
  let v = readE(sz);
  if (!aborted) writeG(sz, v);
}
@inline function testEG(sz: u32): void {
  let m = fetch8();
  if (m >= 0xc0) {
    logic(getReg(sz, m & 7) & getReg(sz, (m >> 3) & 7), sz);
    return;
  }
  decodeModRMFrom(m);
  logic(readE(sz) & readG(sz), sz);
}

function movSegFromReg(): void {
  decodeModRM();
  if (modReg > 5) { invalidOpcode(); return; }
  let v = segSel(modReg);
  if (isRegOperand) setReg(osz(), modRm, v);
  else writeE(1, v);
}

function movSegToReg(): void {
  decodeModRM();
  if (modReg > 5 || modReg == SEG_CS) { invalidOpcode(); return; }
  let v = readE(1);
  if (!aborted) loadSeg(modReg, v);
}

function xchgAcc(r: u32): void {
  let sz = osz();
  let a = getReg(sz, EAX);
  setReg(sz, EAX, getReg(sz, r));
  setReg(sz, r, a);
}

function moffs(toAcc: bool, sz: u32): void {
  let off: u32 = a32 ? fetch32() : fetch16();
  setMemOperand(dataSeg(SEG_DS), off);
  if (toAcc) {
    let v = readE(sz);
    if (!aborted) setReg(sz, EAX, v);
  } else {
    writeE(sz, getReg(sz, EAX));
  }
}

function bound(): void {
  decodeModRM();
  if (isRegOperand) { invalidOpcode(); return; }
  let sz = osz();
  let lo = readE(sz);
  let hi = readEAt(sz, sz == 2 ? 4 : 2);
  if (aborted) return;
  let i: i32 = sz == 2 ? <i32>readG(2) : <i32><i16>readG(1);
  let l: i32 = sz == 2 ? <i32>lo : <i32><i16>lo;
  let h: i32 = sz == 2 ? <i32>hi : <i32><i16>hi;
  if (i < l || i > h) raiseFault(5);
}

function imul3(immSize: u32): void {
  decodeModRM();
  let sz = osz();
  let imm: u32 = immSize == 1 ? fetchSimm8() : fetchImm();
  let v = readE(sz);
  if (!aborted) writeG(sz, imulTrunc(v, imm & sizeMask(sz), sz));
}

function xlat(): void {
  let base: u32 = a32 ? reg32(EBX) : reg16(EBX);
  let off = (base + reg8(0)) & (a32 ? 0xffffffff : 0xffff);
  let v = rdSeg(0, dataSeg(SEG_DS), off);
  if (!aborted) setReg8(0, v);
}

function popToE(): void {
  // pop computes the destination address after incrementing esp.
  if (((load<u8>(fetchPtr) >> 3) & 7) != 0) { invalidOpcode(); return; }
  let v = popV();
  if (aborted) return;
  decodeModRM();
  writeE(osz(), v);
}

// x87 escapes d8-df. Flat mode has the x87 (assembly/x87/). Real mode models the 286 the
// conformance suite was captured on, with no coprocessor attached: CR0.EM is clear, so the CPU
// decodes the instruction and checks its memory operand as a word access (#GP at offset 0xFFFF);
// the coprocessor cycles that follow go unanswered and nothing else changes.
function escape(op: u32): void {
  if (load<u32>(S_CPU_MODE) != CPU_REAL) { executeX87(op); return; }
  decodeModRM();
  if (!isRegOperand) withinLimit(eaSeg, eaOff, 2);
}

function hlt(): void {
  store<u32>(S_INSN_EIP, insnEip);
  store<u32>(S_STATUS, ST_HLT);
  setStopRun(true);
}

// LOCK is accepted only on a read-modify-write of memory, on the forms the instruction table
// marks `lock` (or `lock386`: bt): any other instruction, or a register destination, is #UD (386
// manual, LOCK: "An undefined opcode trap will be generated if a LOCK prefix is used with any
// instruction not listed"). `op` has been fetched; the bytes after it are peeked, not consumed.
function lockable(op: u32): bool {
  let p = fetchPtr;
  let regs: u32;
  if (op == 0x0f) {
    regs = lockRegs0F(<u32>load<u8>(p));
    p++;
  } else {
    regs = lockRegs(op);
  }
  let m = <u32>load<u8>(p);
  return (regs & (1 << ((m >> 3) & 7))) != 0 && m < 0xc0;
}

// Inlined into the run loop: a prefix byte is one more case of dispatch's switch, so that an
// instruction without prefixes (most) costs no test before the jump to its case.
@inline export function executeOne(op: u32): void {
  dispatch(op);
}

function executePrefixed(first: u32): void {
  let op = first;
  // Prefixes, in any order; the last segment override wins.
  for (;;) {
    switch (op) {
      case 0x26: case 0x2e: case 0x36: case 0x3e: setSegOverride((op >> 3) & 3); break;
      case 0x64: case 0x65: setSegOverride(op - 0x60); break;
      case 0x66: setO32(!code32Default); break;
      case 0x67: setA32(!code32Default); break;
      case 0xf0: afterLock(); return; // the rest of a LOCKed instruction: off the common path
      case 0xf2: case 0xf3: setRepPrefix(op); break;
      default: dispatch(op); return;
    }
    op = fetch8();
  }
}

// The rest of an instruction after its LOCK prefix: more prefixes, then the instruction if LOCK
// may prefix it (lockable), else #UD. Every access here is atomic already.
function afterLock(): void {
  for (;;) {
    let op = fetch8();
    switch (op) {
      case 0x26: case 0x2e: case 0x36: case 0x3e: setSegOverride((op >> 3) & 3); break;
      case 0x64: case 0x65: setSegOverride(op - 0x60); break;
      case 0x66: setO32(!code32Default); break;
      case 0x67: setA32(!code32Default); break;
      case 0xf0: break;
      case 0xf2: case 0xf3: setRepPrefix(op); break;
      default:
        if (lockable(op)) dispatch(op);
        else invalidOpcode();
        return;
    }
  }
}

function dispatch(op: u32): void {
  dispatchHere(op);
}
// dispatch written out where it is called (the run loop's flat path, runFlat).
@inline export function dispatchHere(op: u32): void {
  switch (op) {
    case 0x00: alu00(); break;
    case 0x01: alu01(); break;
    case 0x02: alu02(); break;
    case 0x03: alu03(); break;
    case 0x04: alu04(); break;
    case 0x05: alu05(); break;
    case 0x08: alu08(); break;
    case 0x09: alu09(); break;
    case 0x0a: alu0a(); break;
    case 0x0b: alu0b(); break;
    case 0x0c: alu0c(); break;
    case 0x0d: alu0d(); break;
    case 0x10: alu10(); break;
    case 0x11: alu11(); break;
    case 0x12: alu12(); break;
    case 0x13: alu13(); break;
    case 0x14: alu14(); break;
    case 0x15: alu15(); break;
    case 0x18: alu18(); break;
    case 0x19: alu19(); break;
    case 0x1a: alu1a(); break;
    case 0x1b: alu1b(); break;
    case 0x1c: alu1c(); break;
    case 0x1d: alu1d(); break;
    case 0x20: alu20(); break;
    case 0x21: alu21(); break;
    case 0x22: alu22(); break;
    case 0x23: alu23(); break;
    case 0x24: alu24(); break;
    case 0x25: alu25(); break;
    case 0x28: alu28(); break;
    case 0x29: alu29(); break;
    case 0x2a: alu2a(); break;
    case 0x2b: alu2b(); break;
    case 0x2c: alu2c(); break;
    case 0x2d: alu2d(); break;
    case 0x30: alu30(); break;
    case 0x31: alu31(); break;
    case 0x32: alu32(); break;
    case 0x33: alu33(); break;
    case 0x34: alu34(); break;
    case 0x35: alu35(); break;
    case 0x38: alu38(); break;
    case 0x39: alu39(); break;
    case 0x3a: alu3a(); break;
    case 0x3b: alu3b(); break;
    case 0x3c: alu3c(); break;
    case 0x3d: alu3d(); break;
    case 0x06: pushV(segSel(SEG_ES)); break;
    case 0x07: popSeg(SEG_ES); break;
    case 0x0e: pushV(segSel(SEG_CS)); break;
    case 0x0f: { // a near jcc (the commonest two-byte opcode) without execute0F's switch (after386,
      // which execute0F tests in real mode first, holds none of 80-8f)
      let b = fetch8();
      if ((b & 0xf0) == 0x80) jccNearOf(b & 15);
      else execute0F(b);
      break;
    }
    case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65: case 0x66: case 0x67:
    case 0xf0: case 0xf2: case 0xf3:
      executePrefixed(op); break;
    case 0x16: pushV(segSel(SEG_SS)); break;
    case 0x17: popSeg(SEG_SS); break;
    case 0x1e: pushV(segSel(SEG_DS)); break;
    case 0x1f: popSeg(SEG_DS); break;
    case 0x27: daa(); break;
    case 0x2f: das(); break;
    case 0x37: aaa(); break;
    case 0x3f: aas(); break;
    case 0x40: case 0x41: case 0x42: case 0x43: case 0x44: case 0x45: case 0x46: case 0x47: {
      let r = op & 7;
      if (o32) setReg32(r, incInline(reg32(r), 2));
      else setReg16(r, incInline(reg16(r), 1));
      break;
    }
    case 0x48: case 0x49: case 0x4a: case 0x4b: case 0x4c: case 0x4d: case 0x4e: case 0x4f: {
      let r = op & 7;
      if (o32) setReg32(r, decInline(reg32(r), 2));
      else setReg16(r, decInline(reg16(r), 1));
      break;
    }
    case 0x50: case 0x51: case 0x52: case 0x53: case 0x54: case 0x55: case 0x56: case 0x57:
      if (o32) push32(reg32(op & 7));
      else pushV(reg16(op & 7));
      break;
    case 0x58: case 0x59: case 0x5a: case 0x5b: case 0x5c: case 0x5d: case 0x5e: case 0x5f: {
      let v = o32 ? pop32() : popV();
      if (!aborted) setReg(osz(), op & 7, v);
      break;
    }
    case 0x60: pusha(); break;
    case 0x61: popa(); break;
    case 0x62: bound(); break;
    case 0x68: pushV(fetchImm()); break;
    case 0x69: imul3(2); break;
    case 0x6a: pushV(fetchSimm8()); break;
    case 0x6b: imul3(1); break;
    case 0x6c: stringOp(STR_INS, 0); break;
    case 0x6d: stringOp(STR_INS, osz()); break;
    case 0x6e: stringOp(STR_OUTS, 0); break;
    case 0x6f: stringOp(STR_OUTS, osz()); break;
    case 0x70: jcc70(); break;
    case 0x71: jcc71(); break;
    case 0x72: jcc72(); break;
    case 0x73: jcc73(); break;
    case 0x74: jcc74(); break;
    case 0x75: jcc75(); break;
    case 0x76: jcc76(); break;
    case 0x77: jcc77(); break;
    case 0x78: jcc78(); break;
    case 0x79: jcc79(); break;
    case 0x7a: jcc7a(); break;
    case 0x7b: jcc7b(); break;
    case 0x7c: jcc7c(); break;
    case 0x7d: jcc7d(); break;
    case 0x7e: jcc7e(); break;
    case 0x7f: jcc7f(); break;
    case 0x80: case 0x81: case 0x82: case 0x83: group1(op); break;
    case 0x84: decodeModRM(); logic(readE(0) & readG(0), 0); break;
    case 0x85: if (o32) testEG(2); else testEG(1); break;
    case 0x86: case 0x87: {
      decodeModRM();
      let sz: u32 = op == 0x87 ? osz() : 0;
      let a = readE(sz);
      if (aborted) break;
      writeE(sz, readG(sz));
      if (!aborted) writeG(sz, a);
      break;
    }
    case 0x88: movEG(0); break;
    case 0x89: if (o32) movEG(2); else movEG(1); break;
    case 0x8a: movGE(0); break;
    case 0x8b: if (o32) movGE(2); else movGE(1); break;
    case 0x8c: movSegFromReg(); break;
    case 0x8d: {
      if (o32 && a32) {
        let m = fetch8();
        if (m >= 0xc0) invalidOpcode();
        else setReg32((m >> 3) & 7, addr32(m, false));
        break;
      }
      decodeModRM();
      if (isRegOperand) { invalidOpcode(); break; }
      writeG(osz(), o32 ? eaOff : eaOff & 0xffff);
      break;
    }
    case 0x8e: movSegToReg(); break;
    case 0x8f: popToE(); break;
    case 0x90: break; // nop (and pause with f3)
    case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96: case 0x97:
      xchgAcc(op & 7); break;
    case 0x98: // cbw / cwde
      if (o32) setReg32(EAX, <u32><i32><i16>reg16(EAX));
      else setReg16(EAX, <u32><i32><i8>reg8(0));
      break;
    case 0x99: // cwd / cdq
      if (o32) setReg32(EDX, <u32>(<i32>reg32(EAX) >> 31));
      else setReg16(EDX, <u32>(<i32><i16>reg16(EAX) >> 15));
      break;
    case 0x9a: callFarImm(); break;
    case 0x9b: break; // fwait: no coprocessor to wait for
    case 0x9c: pushf(); break;
    case 0x9d: popf(); break;
    case 0x9e: sahf(); break;
    case 0x9f: lahf(); break;
    case 0xa0: moffs(true, 0); break;
    case 0xa1: moffs(true, osz()); break;
    case 0xa2: moffs(false, 0); break;
    case 0xa3: moffs(false, osz()); break;
    case 0xa4: stringOp(STR_MOVS, 0); break;
    case 0xa5: stringOp(STR_MOVS, osz()); break;
    case 0xa6: stringOp(STR_CMPS, 0); break;
    case 0xa7: stringOp(STR_CMPS, osz()); break;
    case 0xa8: logic(reg8(0) & fetch8(), 0); break;
    case 0xa9: { let sz = osz(); logic(getReg(sz, EAX) & fetchImm(), sz); break; }
    case 0xaa: stringOp(STR_STOS, 0); break;
    case 0xab: stringOp(STR_STOS, osz()); break;
    case 0xac: stringOp(STR_LODS, 0); break;
    case 0xad: stringOp(STR_LODS, osz()); break;
    case 0xae: stringOp(STR_SCAS, 0); break;
    case 0xaf: stringOp(STR_SCAS, osz()); break;
    case 0xb0: case 0xb1: case 0xb2: case 0xb3: case 0xb4: case 0xb5: case 0xb6: case 0xb7:
      setReg8(op & 7, fetch8()); break;
    case 0xb8: case 0xb9: case 0xba: case 0xbb: case 0xbc: case 0xbd: case 0xbe: case 0xbf:
      setReg(osz(), op & 7, fetchImm()); break;
    case 0xc1: if (o32) shiftC1d(); else group2(op); break;
    case 0xc0: case 0xd0: case 0xd1: case 0xd2: case 0xd3: group2(op); break;
    case 0xc2: retNear(fetch16()); break;
    case 0xc3: retNear(0); break;
    case 0xc4: loadFarPointer(SEG_ES); break;
    case 0xc5: loadFarPointer(SEG_DS); break;
    case 0xc6: case 0xc7: {
      decodeModRM();
      if (modReg != 0) { invalidOpcode(); break; }
      let sz: u32 = op == 0xc7 ? osz() : 0;
      writeE(sz, sz == 0 ? fetch8() : fetchImm());
      break;
    }
    case 0xc8: { let size = fetch16(); enter(size, fetch8()); break; }
    case 0xc9: leave(); break;
    case 0xca: retFar(fetch16()); break;
    case 0xcb: retFar(0); break;
    case 0xcc: int3(); break;
    case 0xcd: intN(); break;
    case 0xce: into(); break;
    case 0xcf: iret(); break;
    case 0xd4: aam(fetch8()); break;
    case 0xd5: aad(fetch8()); break;
    case 0xd6: setReg8(0, getCF() ? 0xff : 0); break; // salc
    case 0xd7: xlat(); break;
    case 0xd8: case 0xd9: case 0xda: case 0xdb: case 0xdc: case 0xdd: case 0xde: case 0xdf:
      escape(op); break;
    case 0xe0: loopOp(0); break;
    case 0xe1: loopOp(1); break;
    case 0xe2: loopOp(2); break;
    case 0xe3: loopOp(3); break;
    case 0xe4: inPort(fetch8(), 0); break;
    case 0xe5: inPort(fetch8(), osz()); break;
    case 0xe6: outPort(fetch8(), 0); break;
    case 0xe7: outPort(fetch8(), osz()); break;
    case 0xe8: callNear(); break;
    case 0xe9: jmpNear(); break;
    case 0xea: jmpFarImm(); break;
    case 0xeb: jmpShort(); break;
    case 0xec: inPort(reg16(EDX), 0); break;
    case 0xed: inPort(reg16(EDX), osz()); break;
    case 0xee: outPort(reg16(EDX), 0); break;
    case 0xef: outPort(reg16(EDX), osz()); break;
    case 0xf4: hlt(); break;
    case 0xf5: cmc(); break;
    case 0xf6: case 0xf7: group3(op); break;
    case 0xf8: setFlagBit(CF, false); break;
    case 0xf9: setFlagBit(CF, true); break;
    case 0xfa: setFlagBit(IF, false); break;
    case 0xfb: setFlagBit(IF, true); break;
    case 0xfc: setFlagBit(DF, false); break;
    case 0xfd: setFlagBit(DF, true); break;
    case 0xfe: case 0xff: group45(op); break;
    default: invalidOpcode(); break; // 63 arpl, f1, and the rest
  }
}

