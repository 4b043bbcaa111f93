// The ALU opcodes 00-3d, one small function each: the operation and form are constants in each,
// so the switches on them (and on the operation inside alu) fold away, and a register-to-register
// form runs on locals without decoding its ModR/M byte into the globals. Kept out of dispatch
// (each is called, not inlined there): dispatch with every form written into it got several times
// larger and slower (docs/performance.md).
import { EAX } from "./layout";
import { fetch8, fetchImm, o32, aborted, reg8, setReg8, getReg, setReg } from "./cpu";
import { decodeModRMFrom, readE, writeE, readG, writeG, addr32, flatOperand } from "./modrm";
import { rdLin, wrLin } from "./memory";
import { aluInline, OP_CMP } from "./ops/alu";

// op: the opcode, a constant. (op >> 3) is the operation, (op & 7) the form.
@inline function aluOp(op: u32): void {
  let aop = op >> 3;
  let form = op & 7;
  if (form == 4) { // AL, Ib
    let r = aluInline(aop, reg8(0), fetch8(), 0);
    if (aop != OP_CMP) setReg8(0, r);
  } else if (form == 5) { // eAX, Iv
    let sz: u32 = o32 ? 2 : 1;
    let r = aluInline(aop, getReg(sz, EAX), fetchImm(), sz);
    if (aop != OP_CMP) setReg(sz, EAX, r);
  } else if ((form & 1) == 0) {
    aluModRM(aop, form, 0);
  } else if (o32) {
    aluModRM(aop, form, 2);
  } else {
    aluModRM(aop, form, 1);
  }
}

// Forms 0-3: E, G (form 0, 1) or G, E (2, 3) at operand size sz (0 byte, 1 word, 2 dword).
@inline function aluModRM(aop: u32, form: u32, sz: u32): void {
  let m = fetch8();
  if (m >= 0xc0) {
    let e = m & 7, g = (m >> 3) & 7;
    let d = form < 2 ? e : g, s = form < 2 ? g : e;
    let r = aluInline(aop, getReg(sz, d), getReg(sz, s), sz);
    if (aop != OP_CMP) setReg(sz, d, r);
    return;
  }
  if (flatOperand()) { // no segment limit to check: the access goes straight to memory
    let lin = addr32(m, true);
    let g = (m >> 3) & 7;
    if (form < 2) {
      let r = aluInline(aop, rdLin(sz, lin), getReg(sz, g), sz);
      if (aop != OP_CMP) wrLin(sz, lin, r);
    } else {
      let r = aluInline(aop, getReg(sz, g), rdLin(sz, lin), sz);
      if (aop != OP_CMP && !aborted) setReg(sz, g, r);
    }
    return;
  }
  decodeModRMFrom(m);
  if (form < 2) {
    let r = aluInline(aop, readE(sz), readG(sz), sz);
    if (aop != OP_CMP) writeE(sz, r);
  } else {
    let r = aluInline(aop, readG(sz), readE(sz), sz);
    if (aop != OP_CMP && !aborted) writeG(sz, r);
  }
}

export function alu00(): void { aluOp(0x00); }
export function alu01(): void { aluOp(0x01); }
export function alu02(): void { aluOp(0x02); }
export function alu03(): void { aluOp(0x03); }
export function alu04(): void { aluOp(0x04); }
export function alu05(): void { aluOp(0x05); }
export function alu08(): void { aluOp(0x08); }
export function alu09(): void { aluOp(0x09); }
export function alu0a(): void { aluOp(0x0a); }
export function alu0b(): void { aluOp(0x0b); }
export function alu0c(): void { aluOp(0x0c); }
export function alu0d(): void { aluOp(0x0d); }
export function alu10(): void { aluOp(0x10); }
export function alu11(): void { aluOp(0x11); }
export function alu12(): void { aluOp(0x12); }
export function alu13(): void { aluOp(0x13); }
export function alu14(): void { aluOp(0x14); }
export function alu15(): void { aluOp(0x15); }
export function alu18(): void { aluOp(0x18); }
export function alu19(): void { aluOp(0x19); }
export function alu1a(): void { aluOp(0x1a); }
export function alu1b(): void { aluOp(0x1b); }
export function alu1c(): void { aluOp(0x1c); }
export function alu1d(): void { aluOp(0x1d); }
export function alu20(): void { aluOp(0x20); }
export function alu21(): void { aluOp(0x21); }
export function alu22(): void { aluOp(0x22); }
export function alu23(): void { aluOp(0x23); }
export function alu24(): void { aluOp(0x24); }
export function alu25(): void { aluOp(0x25); }
export function alu28(): void { aluOp(0x28); }
export function alu29(): void { aluOp(0x29); }
export function alu2a(): void { aluOp(0x2a); }
export function alu2b(): void { aluOp(0x2b); }
export function alu2c(): void { aluOp(0x2c); }
export function alu2d(): void { aluOp(0x2d); }
export function alu30(): void { aluOp(0x30); }
export function alu31(): void { aluOp(0x31); }
export function alu32(): void { aluOp(0x32); }
export function alu33(): void { aluOp(0x33); }
export function alu34(): void { aluOp(0x34); }
export function alu35(): void { aluOp(0x35); }
export function alu38(): void { aluOp(0x38); }
export function alu39(): void { aluOp(0x39); }
export function alu3a(): void { aluOp(0x3a); }
export function alu3b(): void { aluOp(0x3b); }
export function alu3c(): void { aluOp(0x3c); }
export function alu3d(): void { aluOp(0x3d); }
