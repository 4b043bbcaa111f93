// mul, imul (one, two and three operands), div, idiv at 8, 16 and 32 bits.
// mul/imul set CF = OF = "the upper half carries information"; SF, ZF, AF, PF are undefined and
// follow the low half of the result here. div/idiv leave the flags alone (they are undefined) and
// raise #DE on a zero divisor or a quotient that does not fit.
import { EAX, EDX, FAULT_DIVIDE } from "../layout";
import { reg32, setReg32, reg16, setReg16, reg8, setReg8 } from "../cpu";
import { setLazy, auxFor, sizeMask } from "../flags";
import { raiseFault } from "../faults";

function mulFlags(lo: u32, overflow: bool, sz: u32): void {
  let o: u32 = overflow ? 1 : 0;
  setLazy(lo & sizeMask(sz), auxFor(o, o, sz), sz);
}

export function mul(src: u32, sz: u32): void {
  if (sz == 0) {
    let r = reg8(0) * src;
    setReg16(EAX, r);
    mulFlags(r, (r >> 8) != 0, 0);
  } else if (sz == 1) {
    let r = reg16(EAX) * src;
    setReg16(EAX, r);
    setReg16(EDX, r >> 16);
    mulFlags(r, (r >> 16) != 0, 1);
  } else {
    let r: u64 = <u64>reg32(EAX) * <u64>src;
    setReg32(EAX, <u32>r);
    setReg32(EDX, <u32>(r >> 32));
    mulFlags(<u32>r, (r >> 32) != 0, 2);
  }
}

// Signed product of a and b at size sz; sets flags, returns the truncated product. The full
// product's upper half goes to `imulHigh`.
export let imulHigh: u32 = 0;
export function imulTrunc(a: u32, b: u32, sz: u32): u32 {
  if (sz == 0) {
    let r: i32 = <i32><i8>a * <i32><i8>b;
    imulHigh = <u32>(r >> 8) & 0xff;
    mulFlags(<u32>r, r != <i32><i8>r, 0);
    return <u32>r & 0xff;
  } else if (sz == 1) {
    let r: i32 = <i32><i16>a * <i32><i16>b;
    imulHigh = <u32>(r >> 16) & 0xffff;
    mulFlags(<u32>r, r != <i32><i16>r, 1);
    return <u32>r & 0xffff;
  }
  let r: i64 = <i64><i32>a * <i64><i32>b;
  imulHigh = <u32>(r >> 32);
  mulFlags(<u32>r, r != <i64><i32>r, 2);
  return <u32>r;
}

export function imul1(src: u32, sz: u32): void {
  if (sz == 0) {
    let lo = imulTrunc(reg8(0), src, 0);
    setReg16(EAX, lo | (imulHigh << 8));
  } else if (sz == 1) {
    setReg16(EAX, imulTrunc(reg16(EAX), src, 1));
    setReg16(EDX, imulHigh);
  } else {
    setReg32(EAX, imulTrunc(reg32(EAX), src, 2));
    setReg32(EDX, imulHigh);
  }
}

export function div(src: u32, sz: u32): void {
  if (src == 0) { raiseFault(FAULT_DIVIDE); return; }
  if (sz == 0) {
    let n = reg16(EAX);
    let q = n / src;
    if (q > 0xff) { raiseFault(FAULT_DIVIDE); return; }
    setReg8(0, q);
    setReg8(4, n % src);
  } else if (sz == 1) {
    let n = (reg16(EDX) << 16) | reg16(EAX);
    let q = n / src;
    if (q > 0xffff) { raiseFault(FAULT_DIVIDE); return; }
    setReg16(EAX, q);
    setReg16(EDX, n % src);
  } else {
    let n: u64 = (<u64>reg32(EDX) << 32) | <u64>reg32(EAX);
    let q: u64 = n / <u64>src;
    if (q > 0xffffffff) { raiseFault(FAULT_DIVIDE); return; }
    setReg32(EAX, <u32>q);
    setReg32(EDX, <u32>(n % <u64>src));
  }
}

export function idiv(src: u32, sz: u32): void {
  if ((src & sizeMask(sz)) == 0) { raiseFault(FAULT_DIVIDE); return; }
  if (sz == 0) {
    let n: i32 = <i32><i16>reg16(EAX);
    let d: i32 = <i32><i8>src;
    let q = n / d;
    if (q != <i32><i8>q) { raiseFault(FAULT_DIVIDE); return; }
    setReg8(0, <u32>q);
    setReg8(4, <u32>(n % d));
  } else if (sz == 1) {
    let n: i32 = <i32>((reg16(EDX) << 16) | reg16(EAX));
    let d: i32 = <i32><i16>src;
    // -2^31 / -1 overflows i32 division in wasm (a trap): it is #DE on x86 too.
    if (n == i32.MIN_VALUE && d == -1) { raiseFault(FAULT_DIVIDE); return; }
    let q = n / d;
    if (q != <i32><i16>q) { raiseFault(FAULT_DIVIDE); return; }
    setReg16(EAX, <u32>q);
    setReg16(EDX, <u32>(n % d));
  } else {
    let n: i64 = <i64>((<u64>reg32(EDX) << 32) | <u64>reg32(EAX));
    let d: i64 = <i64><i32>src;
    if (n == i64.MIN_VALUE && d == -1) { raiseFault(FAULT_DIVIDE); return; }
    let q = n / d;
    if (q != <i64><i32>q) { raiseFault(FAULT_DIVIDE); return; }
    setReg32(EAX, <u32>q);
    setReg32(EDX, <u32>(n % d));
  }
}
