// Decoded instructions for the interpreter's flat loop (run.ts runFlat): the commonest forms of
// flat 32-bit code, decoded once into a record (form, length, registers, displacement, immediate)
// and run from it, with the operation written out for the form. A record holds the bytes it was
// decoded from and is used only while memory still holds them, so writes to code, the host's
// changes and faults in RAM need no invalidation. Anything else (prefixes, other opcodes, forms
// longer than 8 bytes) is recorded as F_GENERIC and decoded each time by the opcode switch.
// Records are a cache: never compared, saved or copied; every module has its own.
import { S_REGS, SEG_DS, SEG_SS, EAX, EDX, ESP, EBP, REC_BASE, REC_SLOTS, REC_SIZE, REC_ZERO } from "./layout";
import { reg32, setReg32, reg16, setReg16, reg8, setReg8, segBase, stack32, aborted } from "./cpu";
import { readMem, writeMem } from "./memory";
import { aluInline, incInline, decInline, inc, dec, neg, logic, OP_ADD, OP_OR, OP_ADC, OP_SBB, OP_AND, OP_SUB, OP_XOR, OP_CMP } from "./ops/alu";
import { shiftInline } from "./ops/shift";
import { mul, imul1, imulTrunc, div, idiv } from "./ops/muldiv";
import { ccNow } from "./flags";
import { push32, pop32 } from "./ops/stack";

// A record: +0 u64 the bytes, +8 u64 the mask of its length, +16 form, +17 length, +18 the
// index's scale (bits 0-1) and bit 7 set for SS as the operand's segment (a base of esp or ebp),
// +19 the register it writes or compares (the ModR/M reg field, or a one-byte form's register),
// +20 u16 the address of the base register's word, +22 u16 the index's (REC_ZERO: none),
// +24 displacement or jump offset, +28 immediate, or the source register of a register form.
const R_FORM = 16, R_LEN = 17, R_SCALE = 18, R_REG = 19, R_BASE = 20, R_INDEX = 22, R_DISP = 24, R_IMM = 28;

export const F_GENERIC: u32 = 0;
// Dword forms: R a register, M memory, I an immediate; the first letter is the destination.
const F_MOV_RR = 1, F_MOV_RM = 2, F_MOV_MR = 3, F_MOV_RI = 4, F_MOV_MI = 5, F_LEA = 6;
const F_ADD_RR = 7, F_OR_RR = 8, F_AND_RR = 9, F_SUB_RR = 10, F_XOR_RR = 11, F_CMP_RR = 12, F_TEST_RR = 13;
const F_ADC_RR = 14, F_SBB_RR = 15;
const F_ADD_RM = 16, F_OR_RM = 17, F_AND_RM = 18, F_SUB_RM = 19, F_XOR_RM = 20, F_CMP_RM = 21;
const F_ADD_RI = 22, F_OR_RI = 23, F_AND_RI = 24, F_SUB_RI = 25, F_XOR_RI = 26, F_CMP_RI = 27, F_TEST_RI = 28;
// The memory-destination forms in the order of the register-destination ones above (mrForm).
const F_ADD_MR = 29, F_OR_MR = 30, F_AND_MR = 31, F_SUB_MR = 32, F_XOR_MR = 33, F_CMP_MR = 34;
const F_ADD_MI = 35, F_SUB_MI = 36, F_CMP_MI = 37;
const F_SHL_RI = 38, F_SHR_RI = 39, F_SAR_RI = 40;
const F_JCC = 41, F_JMP = 42, F_CALL = 43, F_RET = 44, F_JMP_R = 45, F_JMP_M = 46, F_CALL_R = 47, F_CALL_M = 48;
const F_PUSH = 49, F_POP = 50, F_PUSH_M = 51, F_PUSH_I = 52, F_LEAVE = 53;
const F_INC = 54, F_DEC = 55, F_INC_M = 56, F_DEC_M = 57, F_NEG = 58, F_NOT = 59;
const F_MUL = 60, F_IMUL1 = 61, F_DIV = 62, F_IDIV = 63, F_IMUL_RR = 64, F_IMUL_RM = 65, F_IMUL_RRI = 66, F_IMUL_RMI = 67;
const F_CDQ = 68, F_SETCC = 69;
// Byte and word operands.
const F_MOVZXB_RM = 70, F_MOVZXB_RR = 71, F_MOVZXW_RM = 72, F_MOVSXB_RM = 73, F_MOVSXW_RM = 74, F_MOVSXB_RR = 75;
const F_MOVB_MR = 76, F_MOVB_RM = 77, F_MOVB_MI = 78, F_MOVB_RR = 79;
const F_CMPB_MR = 80, F_CMPB_RM = 81, F_CMPB_MI = 82, F_CMPB_RR = 83, F_TESTB_RR = 84, F_CMPB_RI = 85;

/** Every slot empty (a mask of 0 and bytes no instruction has). */
export function recordsClear(): void {
  for (let r = REC_BASE; r < REC_BASE + REC_SLOTS * REC_SIZE; r += REC_SIZE) {
    store<u64>(r, 0xffffffffffffffff);
    store<u64>(r, 0, 8);
  }
  store<u32>(REC_ZERO, 0);
}

@inline export function recordAt(lin: u32): u32 {
  return REC_BASE + ((lin & (REC_SLOTS - 1)) * REC_SIZE);
}
// True when the record at r was made from the bytes at p.
@inline export function recordValid(r: u32, p: usize): bool {
  return (load<u64>(p) & load<u64>(r, 8)) == load<u64>(r);
}
@inline export function recordForm(r: u32): u32 { return load<u8>(r, R_FORM); }

@inline function regAddr(n: u32): u32 { return S_REGS + (n << 2); }

// Decodes the instruction at p into the record at r (F_GENERIC if it is not one of the forms).
export function recordBuild(r: u32, p: usize): void {
  let form: u32 = F_GENERIC;
  let len: u32 = 1;
  let reg: u32 = 0, disp: u32 = 0, imm: u32 = 0;
  let base: u32 = REC_ZERO, index: u32 = REC_ZERO, scale: u32 = 0, ss = false;
  let op = <u32>load<u8>(p);
  // The memory operand of the ModR/M byte at p + len (mod < 3): fills base, index, scale, disp
  // and ss, and moves len past it.
  let m: u32 = 0;
  if (hasModRM(op, <u32>load<u8>(p, 1))) {
    let at: u32 = op == 0x0f ? 2 : 1;
    m = <u32>load<u8>(p + at);
    len = at + 1;
    reg = (m >> 3) & 7;
    let mod = m >> 6, rm = m & 7;
    if (mod != 3) {
      if (rm == 4) {
        let sib = <u32>load<u8>(p + len);
        len++;
        let b = sib & 7, i = (sib >> 3) & 7;
        if (i != 4) { index = regAddr(i); scale = sib >> 6; }
        if (b == 5 && mod == 0) { disp = load<u32>(p + len); len += 4; }
        else { base = regAddr(b); ss = b == 4 || b == 5; }
      } else if (rm == 5 && mod == 0) {
        disp = load<u32>(p + len); len += 4;
      } else {
        base = regAddr(rm); ss = rm == 5;
      }
      if (mod == 1) { disp += <u32><i32><i8>load<u8>(p + len); len++; }
      else if (mod == 2) { disp += load<u32>(p + len); len += 4; }
    }
  }
  let mem = m < 0xc0;
  let e = m & 7;
  switch (op) {
    case 0x89: if (mem) form = F_MOV_MR; else { form = F_MOV_RR; imm = reg; reg = e; } break;
    case 0x8b: if (mem) form = F_MOV_RM; else { form = F_MOV_RR; imm = e; } break;
    case 0x8d: if (mem) form = F_LEA; break;
    case 0x01: case 0x09: case 0x11: case 0x19: case 0x21: case 0x29: case 0x31: case 0x39: case 0x85: // E op= G
      if (!mem) { form = rrForm(op); imm = reg; reg = e; }
      else form = mrForm(op);
      break;
    case 0x03: case 0x0b: case 0x13: case 0x1b: case 0x23: case 0x2b: case 0x33: case 0x3b: // G op= E
      if (mem) form = rmForm(op); else { form = rrForm(op); imm = e; }
      break;
    case 0x05: case 0x0d: case 0x25: case 0x2d: case 0x35: case 0x3d: case 0xa9: // eAX, imm32
      form = op == 0xa9 ? F_TEST_RI : riForm((op >> 3) & 7); reg = 0; imm = load<u32>(p, 1); len = 5;
      break;
    case 0x81: case 0x83: {
      let ib = op == 0x83;
      imm = ib ? <u32><i32><i8>load<u8>(p + len) : load<u32>(p + len);
      len += ib ? 1 : 4;
      if (!mem) { form = riForm(reg); reg = e; }
      else form = reg == 0 ? F_ADD_MI : reg == 5 ? F_SUB_MI : reg == 7 ? F_CMP_MI : F_GENERIC;
      break;
    }
    case 0xc1:
      if (!mem && (reg >= 4)) { form = reg == 5 ? F_SHR_RI : reg == 7 ? F_SAR_RI : F_SHL_RI; reg = e; imm = load<u8>(p + len); len++; }
      break;
    case 0xc7: if (mem && reg == 0) { form = F_MOV_MI; imm = load<u32>(p + len); len += 4; } break;
    case 0xc6: if (mem && reg == 0) { form = F_MOVB_MI; imm = load<u8>(p + len); len++; } break;
    case 0x88: if (mem) form = F_MOVB_MR; else { form = F_MOVB_RR; imm = reg; reg = e; } break;
    case 0x8a: if (mem) form = F_MOVB_RM; else { form = F_MOVB_RR; imm = e; } break;
    case 0x38: if (mem) form = F_CMPB_MR; else { form = F_CMPB_RR; imm = reg; reg = e; } break;
    case 0x3a: if (mem) form = F_CMPB_RM; else { form = F_CMPB_RR; imm = e; } break;
    case 0x84: if (!mem) { form = F_TESTB_RR; imm = reg; reg = e; } break;
    case 0x80:
      if (reg == 7) { form = mem ? F_CMPB_MI : F_CMPB_RI; if (!mem) reg = e; imm = load<u8>(p + len); len++; }
      break;
    case 0x69: case 0x6b: {
      let ib = op == 0x6b;
      imm = ib ? <u32><i32><i8>load<u8>(p + len) : load<u32>(p + len);
      len += ib ? 1 : 4;
      if (mem) form = F_IMUL_RMI; else { form = F_IMUL_RRI; base = regAddr(e); }
      break;
    }
    case 0xf7:
      if (!mem) {
        reg = e;
        switch ((m >> 3) & 7) {
          case 0: form = F_TEST_RI; imm = load<u32>(p + len); len += 4; break;
          case 2: form = F_NOT; break;
          case 3: form = F_NEG; break;
          case 4: form = F_MUL; break;
          case 5: form = F_IMUL1; break;
          case 6: form = F_DIV; break;
          case 7: form = F_IDIV; break;
        }
      }
      break;
    case 0xff:
      switch (reg) {
        case 0: form = mem ? F_INC_M : F_GENERIC; break;
        case 1: form = mem ? F_DEC_M : F_GENERIC; break;
        case 2: form = mem ? F_CALL_M : F_CALL_R; break;
        case 4: form = mem ? F_JMP_M : F_JMP_R; break;
        case 6: form = mem ? F_PUSH_M : F_GENERIC; break;
      }
      if (!mem) reg = e;
      break;
    case 0x0f: {
      let b = <u32>load<u8>(p, 1);
      if ((b & 0xf0) == 0x80) { form = F_JCC; reg = b & 15; disp = load<u32>(p, 2); len = 6; }
      else if ((b & 0xf0) == 0x90) { if (!mem) { form = F_SETCC; imm = b & 15; reg = e; } }
      else if (b == 0xb6) { form = mem ? F_MOVZXB_RM : F_MOVZXB_RR; imm = e; }
      else if (b == 0xbe) { if (mem) form = F_MOVSXB_RM; else { form = F_MOVSXB_RR; imm = e; } }
      else if (b == 0xb7) { if (mem) form = F_MOVZXW_RM; }
      else if (b == 0xbf) { if (mem) form = F_MOVSXW_RM; }
      else if (b == 0xaf) { if (mem) form = F_IMUL_RM; else { form = F_IMUL_RR; imm = e; } }
      break;
    }
    case 0xeb: form = F_JMP; disp = <u32><i32><i8>load<u8>(p, 1); len = 2; break;
    case 0xe9: form = F_JMP; disp = load<u32>(p, 1); len = 5; break;
    case 0xe8: form = F_CALL; disp = load<u32>(p, 1); len = 5; break;
    case 0xc3: form = F_RET; break;
    case 0xc9: form = F_LEAVE; break;
    case 0x99: form = F_CDQ; break;
    case 0x68: form = F_PUSH_I; imm = load<u32>(p, 1); len = 5; break;
    case 0x6a: form = F_PUSH_I; imm = <u32><i32><i8>load<u8>(p, 1); len = 2; break;
    default:
      if (op >= 0x70 && op <= 0x7f) { form = F_JCC; reg = op & 15; disp = <u32><i32><i8>load<u8>(p, 1); len = 2; }
      else if (op >= 0x40 && op <= 0x4f) { form = op < 0x48 ? F_INC : F_DEC; reg = op & 7; }
      else if (op >= 0x50 && op <= 0x57) { form = F_PUSH; reg = op & 7; }
      else if (op >= 0x58 && op <= 0x5f) { form = F_POP; reg = op & 7; }
      else if (op >= 0xb8 && op <= 0xbf) { form = F_MOV_RI; reg = op & 7; imm = load<u32>(p, 1); len = 5; }
  }
  if (form == F_GENERIC || len > 8) {
    form = F_GENERIC;
    len = 1; // the opcode byte alone identifies it as generic
  }
  let mask: u64 = len == 8 ? 0xffffffffffffffff : (<u64>1 << (<u64>len << 3)) - 1;
  store<u64>(r, load<u64>(p) & mask);
  store<u64>(r, mask, 8);
  store<u8>(r, <u8>form, R_FORM);
  store<u8>(r, <u8>len, R_LEN);
  store<u8>(r, <u8>(scale | (ss ? 0x80 : 0)), R_SCALE);
  store<u8>(r, <u8>reg, R_REG);
  store<u16>(r, <u16>base, R_BASE);
  store<u16>(r, <u16>index, R_INDEX);
  store<u32>(r, disp, R_DISP);
  store<u32>(r, imm, R_IMM);
}

// Whether these opcodes of the forms above take a ModR/M byte (0f: the two-byte opcodes above).
function hasModRM(op: u32, next: u32): bool {
  switch (op) {
    case 0x01: case 0x03: case 0x09: case 0x0b: case 0x11: case 0x13: case 0x19: case 0x1b:
    case 0x21: case 0x23: case 0x29: case 0x2b: case 0x31: case 0x33: case 0x38: case 0x39:
    case 0x3a: case 0x3b: case 0x69: case 0x6b: case 0x80: case 0x81: case 0x83: case 0x84:
    case 0x85: case 0x88: case 0x89: case 0x8a: case 0x8b: case 0x8d: case 0xc1: case 0xc6:
    case 0xc7: case 0xf7: case 0xff:
      return true;
    case 0x0f: return (next & 0xf0) == 0x90 || next == 0xb6 || next == 0xb7 || next == 0xbe || next == 0xbf || next == 0xaf;
    default: return false;
  }
}
function rrForm(op: u32): u32 {
  if (op == 0x85) return F_TEST_RR;
  switch (op & 0x38) {
    case 0x00: return F_ADD_RR;
    case 0x08: return F_OR_RR;
    case 0x10: return F_ADC_RR;
    case 0x18: return F_SBB_RR;
    case 0x20: return F_AND_RR;
    case 0x28: return F_SUB_RR;
    case 0x30: return F_XOR_RR;
    default: return F_CMP_RR;
  }
}
function rmForm(op: u32): u32 {
  switch (op & 0x38) {
    case 0x00: return F_ADD_RM;
    case 0x08: return F_OR_RM;
    case 0x20: return F_AND_RM;
    case 0x28: return F_SUB_RM;
    case 0x30: return F_XOR_RM;
    case 0x38: return F_CMP_RM;
    default: return F_GENERIC; // adc, sbb
  }
}
function mrForm(op: u32): u32 {
  if (op == 0x85) return F_GENERIC; // test E, G with memory
  let f = rmForm(op);
  return f == F_GENERIC ? f : f + (F_ADD_MR - F_ADD_RM);
}
function riForm(op: u32): u32 {
  switch (op) {
    case 0: return F_ADD_RI;
    case 1: return F_OR_RI;
    case 4: return F_AND_RI;
    case 5: return F_SUB_RI;
    case 6: return F_XOR_RI;
    case 7: return F_CMP_RI;
    default: return F_GENERIC; // adc, sbb
  }
}

// The linear address of the record's memory operand.
@inline function ea(r: u32): u32 {
  return segBase((load<u8>(r, R_SCALE) & 0x80) != 0 ? SEG_SS : SEG_DS) + offsetOf(r);
}
// Its offset in the segment (lea's result).
@inline function offsetOf(r: u32): u32 {
  let sc = <u32>load<u8>(r, R_SCALE);
  return load<u32>(load<u16>(r, R_BASE)) + (load<u32>(load<u16>(r, R_INDEX)) << (sc & 3)) + load<u32>(r, R_DISP);
}

// The source register of a register form, or the immediate.
@inline function src(r: u32): u32 { return reg32(load<u32>(r, R_IMM)); }
@inline function imm(r: u32): u32 { return load<u32>(r, R_IMM); }

// The record's operation, as its opcode's handler does it, step for step: where the handler sets
// the flags from a read that faulted (the ALU forms with a memory operand: the module stops there
// in flat mode), so does the record. Returns the next eip (a jump's target); a fault leaves
// `aborted` set, and the returned eip is then not used.
@inline export function recordRun(r: u32, form: u32, eip: u32): u32 {
  let g = <u32>load<u8>(r, R_REG);
  let next = eip + <u32>load<u8>(r, R_LEN);
  switch (form) {
    case F_MOV_RR: setReg32(g, src(r)); break;
    case F_MOV_RM: { let v = readMem(ea(r), 4); if (!aborted) setReg32(g, v); break; }
    case F_MOV_MR: writeMem(ea(r), reg32(g), 4); break;
    case F_MOV_RI: setReg32(g, imm(r)); break;
    case F_MOV_MI: writeMem(ea(r), imm(r), 4); break;
    case F_LEA: setReg32(g, offsetOf(r)); break;
    case F_ADD_RR: setReg32(g, aluInline(OP_ADD, reg32(g), src(r), 2)); break;
    case F_OR_RR: setReg32(g, aluInline(OP_OR, reg32(g), src(r), 2)); break;
    case F_ADC_RR: setReg32(g, aluInline(OP_ADC, reg32(g), src(r), 2)); break;
    case F_SBB_RR: setReg32(g, aluInline(OP_SBB, reg32(g), src(r), 2)); break;
    case F_AND_RR: setReg32(g, aluInline(OP_AND, reg32(g), src(r), 2)); break;
    case F_SUB_RR: setReg32(g, aluInline(OP_SUB, reg32(g), src(r), 2)); break;
    case F_XOR_RR: setReg32(g, aluInline(OP_XOR, reg32(g), src(r), 2)); break;
    case F_CMP_RR: aluInline(OP_CMP, reg32(g), src(r), 2); break;
    case F_TEST_RR: logic(reg32(g) & src(r), 2); break;
    case F_ADD_RM: { let x = aluInline(OP_ADD, reg32(g), readMem(ea(r), 4), 2); if (!aborted) setReg32(g, x); break; }
    case F_OR_RM: { let x = aluInline(OP_OR, reg32(g), readMem(ea(r), 4), 2); if (!aborted) setReg32(g, x); break; }
    case F_AND_RM: { let x = aluInline(OP_AND, reg32(g), readMem(ea(r), 4), 2); if (!aborted) setReg32(g, x); break; }
    case F_SUB_RM: { let x = aluInline(OP_SUB, reg32(g), readMem(ea(r), 4), 2); if (!aborted) setReg32(g, x); break; }
    case F_XOR_RM: { let x = aluInline(OP_XOR, reg32(g), readMem(ea(r), 4), 2); if (!aborted) setReg32(g, x); break; }
    case F_CMP_RM: aluInline(OP_CMP, reg32(g), readMem(ea(r), 4), 2); break;
    case F_ADD_RI: setReg32(g, aluInline(OP_ADD, reg32(g), imm(r), 2)); break;
    case F_OR_RI: setReg32(g, aluInline(OP_OR, reg32(g), imm(r), 2)); break;
    case F_AND_RI: setReg32(g, aluInline(OP_AND, reg32(g), imm(r), 2)); break;
    case F_SUB_RI: setReg32(g, aluInline(OP_SUB, reg32(g), imm(r), 2)); break;
    case F_XOR_RI: setReg32(g, aluInline(OP_XOR, reg32(g), imm(r), 2)); break;
    case F_CMP_RI: aluInline(OP_CMP, reg32(g), imm(r), 2); break;
    case F_TEST_RI: logic(reg32(g) & imm(r), 2); break;
    case F_ADD_MR: { let a = ea(r); writeMem(a, aluInline(OP_ADD, readMem(a, 4), reg32(g), 2), 4); break; }
    case F_OR_MR: { let a = ea(r); writeMem(a, aluInline(OP_OR, readMem(a, 4), reg32(g), 2), 4); break; }
    case F_AND_MR: { let a = ea(r); writeMem(a, aluInline(OP_AND, readMem(a, 4), reg32(g), 2), 4); break; }
    case F_SUB_MR: { let a = ea(r); writeMem(a, aluInline(OP_SUB, readMem(a, 4), reg32(g), 2), 4); break; }
    case F_XOR_MR: { let a = ea(r); writeMem(a, aluInline(OP_XOR, readMem(a, 4), reg32(g), 2), 4); break; }
    case F_CMP_MR: aluInline(OP_CMP, readMem(ea(r), 4), reg32(g), 2); break;
    case F_ADD_MI: { let a = ea(r); writeMem(a, aluInline(OP_ADD, readMem(a, 4), imm(r), 2), 4); break; }
    case F_SUB_MI: { let a = ea(r); writeMem(a, aluInline(OP_SUB, readMem(a, 4), imm(r), 2), 4); break; }
    case F_CMP_MI: aluInline(OP_CMP, readMem(ea(r), 4), imm(r), 2); break;
    case F_SHL_RI: if ((imm(r) & 31) != 0) setReg32(g, shiftInline(4, reg32(g), imm(r), 2)); break;
    case F_SHR_RI: if ((imm(r) & 31) != 0) setReg32(g, shiftInline(5, reg32(g), imm(r), 2)); break;
    case F_SAR_RI: if ((imm(r) & 31) != 0) setReg32(g, shiftInline(7, reg32(g), imm(r), 2)); break;
    case F_JCC: if (ccNow(g)) next += load<u32>(r, R_DISP); break;
    case F_JMP: next += load<u32>(r, R_DISP); break;
    case F_CALL: push32(next); next += load<u32>(r, R_DISP); break;
    case F_RET: next = pop32(); break;
    case F_JMP_R: next = reg32(g); break;
    case F_JMP_M: next = readMem(ea(r), 4); break;
    case F_CALL_R: { let t = reg32(g); push32(next); next = t; break; }
    case F_CALL_M: { let t = readMem(ea(r), 4); if (!aborted) push32(next); next = t; break; }
    case F_PUSH: push32(reg32(g)); break;
    case F_POP: { let v = pop32(); if (!aborted) setReg32(g, v); break; }
    case F_PUSH_M: { let v = readMem(ea(r), 4); if (!aborted) push32(v); break; }
    case F_PUSH_I: push32(imm(r)); break;
    case F_LEAVE: { // leave() at a 32-bit operand size, which it would read from the decode globals
      if (stack32()) setReg32(ESP, reg32(EBP));
      else setReg16(ESP, reg16(EBP));
      let v = pop32();
      if (!aborted) setReg32(EBP, v);
      break;
    }
    case F_INC: setReg32(g, incInline(reg32(g), 2)); break;
    case F_DEC: setReg32(g, decInline(reg32(g), 2)); break;
    case F_INC_M: { let a = ea(r); let v = readMem(a, 4); if (!aborted) writeMem(a, inc(v, 2), 4); break; }
    case F_DEC_M: { let a = ea(r); let v = readMem(a, 4); if (!aborted) writeMem(a, dec(v, 2), 4); break; }
    case F_NEG: setReg32(g, neg(reg32(g), 2)); break;
    case F_NOT: setReg32(g, ~reg32(g)); break;
    case F_MUL: mul(reg32(g), 2); break;
    case F_IMUL1: imul1(reg32(g), 2); break;
    case F_DIV: div(reg32(g), 2); break;
    case F_IDIV: idiv(reg32(g), 2); break;
    case F_IMUL_RR: setReg32(g, imulTrunc(reg32(g), src(r), 2)); break;
    case F_IMUL_RM: { let v = readMem(ea(r), 4); if (!aborted) setReg32(g, imulTrunc(reg32(g), v, 2)); break; }
    case F_IMUL_RRI: setReg32(g, imulTrunc(load<u32>(load<u16>(r, R_BASE)), imm(r), 2)); break;
    case F_IMUL_RMI: { let v = readMem(ea(r), 4); if (!aborted) setReg32(g, imulTrunc(v, imm(r), 2)); break; }
    case F_CDQ: setReg32(EDX, <u32>(<i32>reg32(EAX) >> 31)); break;
    case F_SETCC: setReg8(g, ccNow(imm(r)) ? 1 : 0); break;
    case F_MOVZXB_RM: { let v = readMem(ea(r), 1); if (!aborted) setReg32(g, v); break; }
    case F_MOVZXB_RR: setReg32(g, reg8(imm(r))); break;
    case F_MOVZXW_RM: { let v = readMem(ea(r), 2); if (!aborted) setReg32(g, v); break; }
    case F_MOVSXB_RM: { let v = readMem(ea(r), 1); if (!aborted) setReg32(g, <u32><i32><i8>v); break; }
    case F_MOVSXB_RR: setReg32(g, <u32><i32><i8>reg8(imm(r))); break;
    case F_MOVSXW_RM: { let v = readMem(ea(r), 2); if (!aborted) setReg32(g, <u32><i32><i16>v); break; }
    case F_MOVB_MR: writeMem(ea(r), reg8(g), 1); break;
    case F_MOVB_RM: { let v = readMem(ea(r), 1); if (!aborted) setReg8(g, v); break; }
    case F_MOVB_MI: writeMem(ea(r), imm(r), 1); break;
    case F_MOVB_RR: setReg8(g, reg8(imm(r))); break;
    case F_CMPB_MR: aluInline(OP_CMP, readMem(ea(r), 1), reg8(g), 0); break;
    case F_CMPB_RM: aluInline(OP_CMP, reg8(g), readMem(ea(r), 1), 0); break;
    case F_CMPB_MI: aluInline(OP_CMP, readMem(ea(r), 1), imm(r), 0); break;
    case F_CMPB_RI: aluInline(OP_CMP, reg8(g), imm(r), 0); break;
    case F_CMPB_RR: aluInline(OP_CMP, reg8(g), reg8(imm(r)), 0); break;
    case F_TESTB_RR: logic(reg8(g) & reg8(imm(r)), 0); break;
    default: break;
  }
  return next;
}
