// String instructions movs, cmps, stos, lods, scas, ins, outs at 8/16/32 bits, with rep, repe,
// repne and the direction flag. A rep instruction retires as one cycle when it completes; when
// the journal fills it is suspended with (e)cx, (e)si, (e)di saved and resumes where it stopped,
// as an interrupted rep does on the 386.
import { ECX, ESI, EDI, SEG_DS, SEG_ES, S_EFLAGS } from "../layout";
import {
  reg32, setReg32, reg16, setReg16, a32, dataSeg, repPrefix, aborted, stopRun,
  restartInsn, setReg, getReg, realMode, segBase,
} from "../cpu";
import { keepRepProgress } from "../snapshot";
import { readMem, writeMem } from "../memory";
import { rdSeg, wrSeg } from "../segaccess";
import { sub } from "./alu";
import { getZF, DF } from "../flags";
import { portIn, portOut } from "../devices/ports";

export const STR_MOVS: u32 = 0;
export const STR_CMPS: u32 = 1;
export const STR_STOS: u32 = 2;
export const STR_LODS: u32 = 3;
export const STR_SCAS: u32 = 4;
export const STR_INS: u32 = 5;
export const STR_OUTS: u32 = 6;

@inline function idx(r: u32): u32 { return a32 ? reg32(r) : reg16(r); }
@inline function setIdx(r: u32, v: u32): void {
  if (a32) setReg32(r, v);
  else setReg16(r, v);
}

// One iteration. Returns false if it faulted.
function once(kind: u32, sz: u32, step: u32): void {
  let bytes: u32 = 1 << sz;
  switch (kind) {
    case STR_MOVS: {
      let v = rdSeg(sz, dataSeg(SEG_DS), idx(ESI));
      wrSeg(sz, SEG_ES, idx(EDI), v);
      if (aborted) return;
      setIdx(ESI, idx(ESI) + step);
      setIdx(EDI, idx(EDI) + step);
      break;
    }
    case STR_CMPS: {
      let a = rdSeg(sz, dataSeg(SEG_DS), idx(ESI));
      let b = rdSeg(sz, SEG_ES, idx(EDI));
      if (aborted) return;
      sub(a, b, sz);
      setIdx(ESI, idx(ESI) + step);
      setIdx(EDI, idx(EDI) + step);
      break;
    }
    case STR_STOS:
      wrSeg(sz, SEG_ES, idx(EDI), getReg(sz, 0));
      if (aborted) return;
      setIdx(EDI, idx(EDI) + step);
      break;
    case STR_LODS: {
      let v = rdSeg(sz, dataSeg(SEG_DS), idx(ESI));
      if (aborted) return;
      setReg(sz, 0, v);
      setIdx(ESI, idx(ESI) + step);
      break;
    }
    case STR_SCAS: {
      let b = rdSeg(sz, SEG_ES, idx(EDI));
      if (aborted) return;
      sub(getReg(sz, 0), b, sz);
      setIdx(EDI, idx(EDI) + step);
      break;
    }
    case STR_INS: {
      let v = portIn(reg16(2), bytes);
      wrSeg(sz, SEG_ES, idx(EDI), v);
      if (aborted) return;
      setIdx(EDI, idx(EDI) + step);
      break;
    }
    default: { // outs
      let v = rdSeg(sz, dataSeg(SEG_DS), idx(ESI));
      if (aborted) return;
      portOut(reg16(2), bytes, v);
      setIdx(ESI, idx(ESI) + step);
      break;
    }
  }
}

export function stringOp(kind: u32, sz: u32): void {
  let bytes: u32 = 1 << sz;
  let step: u32 = (load<u32>(S_EFLAGS) & DF) != 0 ? -bytes : bytes;
  if (repPrefix == 0) {
    once(kind, sz, step);
    return;
  }
  let compares = kind == STR_CMPS || kind == STR_SCAS;
  let untilEqual = repPrefix == 0xf2; // repne stops when ZF = 1, repe when ZF = 0
  if (a32 && !realMode && kind <= STR_SCAS && kind != STR_LODS) {
    repFlat(kind, sz, step, compares, untilEqual);
    return;
  }
  let count = idx(ECX);
  while (count != 0) {
    once(kind, sz, step);
    if (aborted) return;
    count = (count - 1) & (a32 ? 0xffffffff : 0xffff);
    setIdx(ECX, count);
    keepRepProgress(); // a fault in a later iteration keeps this one's register updates
    if (compares && ((getZF() != 0) == untilEqual)) return;
    if (stopRun && count != 0) { restartInsn(); return; } // the journal is nearly full
  }
}

// rep movs, stos, cmps and scas with 32-bit addressing outside real mode (memcpy, memset, memcmp,
// strlen as compilers emit them): the loop above with its per-iteration dispatch taken out. There
// no segment limit can be overrun (withinLimit is true), so each iteration is the same reads and
// writes through readMem and writeMem as once() makes; the index registers stay in locals and
// are stored wherever the loop above would leave them visible (it stops, faults or completes).
function repFlat(kind: u32, sz: u32, step: u32, compares: bool, untilEqual: bool): void {
  let bytes: u32 = 1 << sz;
  let mask: u32 = sz == 2 ? 0xffffffff : (sz == 1 ? 0xffff : 0xff);
  let srcBase = segBase(dataSeg(SEG_DS));
  let dstBase = segBase(SEG_ES);
  let acc = getReg(sz, 0);
  let si = reg32(ESI);
  let di = reg32(EDI);
  let count = reg32(ECX);
  let usesSi = kind == STR_MOVS || kind == STR_CMPS;
  while (count != 0) {
    if (kind == STR_MOVS) {
      let v = readMem(srcBase + si, bytes);
      writeMem(dstBase + di, v & mask, bytes); // as wrSz: a corrected read is masked too
    } else if (kind == STR_STOS) {
      writeMem(dstBase + di, acc, bytes);
    } else if (kind == STR_CMPS) {
      let a = readMem(srcBase + si, bytes);
      let b = readMem(dstBase + di, bytes);
      if (!aborted) sub(a, b, sz);
    } else { // scas
      let b = readMem(dstBase + di, bytes);
      if (!aborted) sub(acc, b, sz);
    }
    if (aborted) break;
    if (usesSi) si += step;
    di += step;
    count--;
    if (compares && ((getZF() != 0) == untilEqual)) break;
    if (stopRun && count != 0) {
      restartInsn(); // the journal is nearly full
      break;
    }
  }
  if (usesSi) setReg32(ESI, si);
  setReg32(EDI, di);
  setReg32(ECX, count);
}
