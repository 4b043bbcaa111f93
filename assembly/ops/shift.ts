// Shifts and rotates (group 2: rol ror rcl rcr shl shr sal sar) and shld/shrd, with the 386's
// count masking to 5 bits. A masked count ovf 0 changes neither the operand nor the flags.
// Rotates change only CF and OF; shifts set SF, ZF, PF from the result.
import { setLazy, auxFor, sizeMask, signBit, getCF, setArithFlags, CF, OF } from "../flags";

function rotateFlags(cf: u32, ovf: u32): void {
  setArithFlags(CF | OF, cf | (ovf << 11));
}

// op is the ModR/M reg field. count is unmasked. Returns the new value ovf the operand.
export function shiftOp(op: u32, a: u32, count: u32, sz: u32): u32 {
  return shiftInline(op, a, count, sz);
}
// shiftOp written out where it is called with op and sz constant (exec.ts: shiftC1d).
@inline export function shiftInline(op: u32, a: u32, count: u32, sz: u32): u32 {
  let c = count & 31;
  if (c == 0) return a;
  let bits: u32 = 8 << sz;
  let mask = sizeMask(sz);
  let top = signBit(sz);
  let r: u32;
  let cf: u32;
  switch (op) {
    case 0: { // rol
      let k = c & (bits - 1);
      r = k == 0 ? a : ((a << k) | (a >> (bits - k))) & mask;
      cf = r & 1;
      rotateFlags(cf, ((r >> top) ^ cf) & 1);
      return r;
    }
    case 1: { // ror
      let k = c & (bits - 1);
      r = k == 0 ? a : ((a >> k) | (a << (bits - k))) & mask;
      cf = (r >> top) & 1;
      rotateFlags(cf, ((r >> top) ^ (r >> (top - 1))) & 1);
      return r;
    }
    case 2: { // rcl: rotate the bits+1 bit value CF:a
      let k: u32 = sz == 2 ? c : c % (bits + 1);
      let v: u64 = (<u64>getCF() << bits) | <u64>a;
      if (k != 0) v = ((v << k) | (v >> (bits + 1 - k))) & ((<u64>1 << (bits + 1)) - 1);
      r = <u32>v & mask;
      cf = <u32>(v >> bits) & 1;
      rotateFlags(cf, ((r >> top) ^ cf) & 1);
      return r;
    }
    case 3: { // rcr
      let k: u32 = sz == 2 ? c : c % (bits + 1);
      let v: u64 = (<u64>getCF() << bits) | <u64>a;
      if (k != 0) v = ((v >> k) | (v << (bits + 1 - k))) & ((<u64>1 << (bits + 1)) - 1);
      r = <u32>v & mask;
      cf = <u32>(v >> bits) & 1;
      rotateFlags(cf, ((r >> top) ^ (r >> (top - 1))) & 1);
      return r;
    }
    case 4:
    case 6: { // shl, sal
      r = c < 32 ? (a << c) & mask : 0;
      cf = c <= bits ? (<u32>(<u64>a >> (bits - c))) & 1 : 0;
      setLazy(r, auxFor(cf, ((r >> top) ^ cf) & 1, sz), sz);
      return r;
    }
    case 5: { // shr
      r = a >> c;
      cf = (a >> (c - 1)) & 1;
      // OF is the operand's sign after a 1-bit shift; a longer shift's last step moves a 0 into
      // a 0, so OF is 0 (as hardware shows).
      setLazy(r, auxFor(cf, c == 1 ? (a >> top) & 1 : 0, sz), sz);
      return r;
    }
    default: { // sar
      let s: i32 = sz == 2 ? <i32>a : (sz == 1 ? <i32><i16>a : <i32><i8>a);
      r = <u32>(s >> c) & mask;
      cf = <u32>(s >> (c - 1)) & 1;
      setLazy(r, auxFor(cf, 0, sz), sz);
      return r;
    }
  }
}

// shld (left) / shrd (right): shift a, filling from b. sz is 1 or 2.
export function shiftDouble(left: bool, a: u32, b: u32, count: u32, sz: u32): u32 {
  let c = count & 31;
  if (c == 0) return a;
  let top = signBit(sz);
  let r: u32;
  let cf: u32;
  if (sz == 2) {
    let v: u64 = left ? (<u64>a << 32) | <u64>b : (<u64>b << 32) | <u64>a;
    if (left) {
      r = <u32>((v << c) >> 32);
      cf = <u32>(v >> (64 - c)) & 1;
    } else {
      r = <u32>(v >> c);
      cf = <u32>(v >> (c - 1)) & 1;
    }
  } else {
    // 16-bit counts above 16 are undefined; like the 386 (and QEMU) this shifts the 48-bit
    // pattern a:b:a, so both directions agree with the reference for every count.
    let v: u64 = (<u64>a << 32) | (<u64>b << 16) | <u64>a;
    if (left) {
      r = <u32>((v << c) >> 32) & 0xffff;
      cf = <u32>((v << (c - 1)) >> 47) & 1;
    } else {
      r = <u32>(v >> c) & 0xffff;
      cf = <u32>(v >> (c - 1)) & 1;
    }
  }
  let ovf = ((r ^ a) >> top) & 1;
  setLazy(r, auxFor(cf, ovf, sz), sz);
  return r;
}
