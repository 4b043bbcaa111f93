// The ALU group (add or adc sbb and sub xor cmp), inc/dec/neg/not/test: results and lazy flags.
// Operands are already masked to the operand size sz (0 byte, 1 word, 2 dword).
import { setLazy, sizeMask, signBit, getCF, cfNow } from "../flags";

export const OP_ADD: u32 = 0;
export const OP_OR: u32 = 1;
export const OP_ADC: u32 = 2;
export const OP_SBB: u32 = 3;
export const OP_AND: u32 = 4;
export const OP_SUB: u32 = 5;
export const OP_XOR: u32 = 6;
export const OP_CMP: u32 = 7;

@inline export function add(a: u32, b: u32, sz: u32): u32 {
  let r = (a + b) & sizeMask(sz);
  setLazy(r, (a & b) | ((a | b) & ~r), sz);
  return r;
}
@inline export function sub(a: u32, b: u32, sz: u32): u32 {
  let r = (a - b) & sizeMask(sz);
  setLazy(r, (~a & b) | (~(a ^ b) & r), sz);
  return r;
}
@inline export function logic(r: u32, sz: u32): u32 {
  setLazy(r, 0, sz);
  return r;
}
export function adc(a: u32, b: u32, sz: u32): u32 {
  let r = (a + b + getCF()) & sizeMask(sz);
  setLazy(r, (a & b) | ((a | b) & ~r), sz);
  return r;
}
export function sbb(a: u32, b: u32, sz: u32): u32 {
  let r = (a - b - getCF()) & sizeMask(sz);
  setLazy(r, (~a & b) | (~(a ^ b) & r), sz);
  return r;
}

// Returns the result; for cmp it is a, unchanged (the caller must not write it back).
export function alu(op: u32, a: u32, b: u32, sz: u32): u32 {
  return aluInline(op, a, b, sz);
}
// alu written out where it is called: with a constant op the switch folds away.
@inline export function aluInline(op: u32, a: u32, b: u32, sz: u32): u32 {
  switch (op) {
    case OP_ADD: return add(a, b, sz);
    case OP_OR: return logic(a | b, sz);
    case OP_ADC: return adc(a, b, sz);
    case OP_SBB: return sbb(a, b, sz);
    case OP_AND: return logic(a & b, sz);
    case OP_SUB: return sub(a, b, sz);
    case OP_XOR: return logic(a ^ b, sz);
    default: sub(a, b, sz); return a;
  }
}

// inc and dec leave CF alone: the crafted carry vector keeps the old CF at the top bit and
// still yields the operation's OF.
@inline function keepCF(aux: u32, sz: u32): u32 {
  let top = signBit(sz);
  let ovf = ((aux >> top) ^ (aux >> (top - 1))) & 1;
  let cf = cfNow();
  return (aux & ~(3 << (top - 1))) | (cf << top) | ((cf ^ ovf) << (top - 1));
}
export function inc(a: u32, sz: u32): u32 { return incInline(a, sz); }
export function dec(a: u32, sz: u32): u32 { return decInline(a, sz); }
// inc and dec written out where they are called (40-4f, at a constant operand size).
@inline export function incInline(a: u32, sz: u32): u32 {
  let r = (a + 1) & sizeMask(sz);
  let aux = keepCF((a & 1) | ((a | 1) & ~r), sz);
  setLazy(r, aux, sz);
  return r;
}
@inline export function decInline(a: u32, sz: u32): u32 {
  let r = (a - 1) & sizeMask(sz);
  let aux = keepCF((~a & 1) | (~(a ^ 1) & r), sz);
  setLazy(r, aux, sz);
  return r;
}
export function neg(a: u32, sz: u32): u32 {
  return sub(0, a, sz);
}
