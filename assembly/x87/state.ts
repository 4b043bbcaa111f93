// The x87 register stack, control, status and tag words in module state (layout.ts S_FPU_*).
// As in qemu (the oracle), pushing onto a full stack or reading an empty register is not checked:
// the register's contents are used as they are.
import {
  S_FPU_ST, FPU_SLOT, S_FPU_CW, S_FPU_SW, S_FPU_TOP, S_FPU_EMPTY, S_FPU_IP, S_FPU_CS, S_FPU_DP,
  S_FPU_DS, S_FPU_OP, FPU_CW_INIT,
} from "../layout";
import { setRound, setPrec, clearExc, fpExc } from "./float80";

@inline function slot(phys: u32): u32 { return S_FPU_ST + phys * FPU_SLOT; }
@inline export function fpuTop(): u32 { return load<u32>(S_FPU_TOP); }
@inline export function physOf(i: u32): u32 { return (fpuTop() + i) & 7; }

export function stSe(i: u32): u32 { return <u32>load<u16>(slot(physOf(i)) + 8); }
export function stM(i: u32): u64 { return load<u64>(slot(physOf(i))); }
export function setSt(i: u32, se: u32, m: u64): void {
  let p = slot(physOf(i));
  store<u64>(p, m);
  store<u16>(p + 8, <u16>se);
}

// Push: TOP - 1 becomes ST(0) and is tagged valid; the caller writes it.
export function fpush(): void {
  let t = (fpuTop() - 1) & 7;
  store<u32>(S_FPU_TOP, t);
  store<u32>(S_FPU_EMPTY, load<u32>(S_FPU_EMPTY) & ~(<u32>1 << t));
}
export function fpop(): void {
  let t = fpuTop();
  store<u32>(S_FPU_EMPTY, load<u32>(S_FPU_EMPTY) | (<u32>1 << t));
  store<u32>(S_FPU_TOP, (t + 1) & 7);
}
export function pushValue(se: u32, m: u64): void {
  fpush();
  setSt(0, se, m);
}
@inline export function isEmpty(i: u32): bool { return (load<u32>(S_FPU_EMPTY) & (<u32>1 << physOf(i))) != 0; }
export function setEmpty(i: u32): void { store<u32>(S_FPU_EMPTY, load<u32>(S_FPU_EMPTY) | (<u32>1 << physOf(i))); }

@inline export function controlWord(): u32 { return load<u32>(S_FPU_CW); }
export function setControlWord(v: u32): void { store<u32>(S_FPU_CW, v & 0xffff); }
export function statusWord(): u32 { return load<u32>(S_FPU_SW) | (fpuTop() << 11); }
// Loads a whole status word (fldenv, frstor): TOP from it, B mirrors ES.
export function setStatusWord(v: u32): void {
  store<u32>(S_FPU_TOP, (v >> 11) & 7);
  let sw = v & ~0x3800 & ~0x8000;
  if ((sw & 0x80) != 0) sw |= 0x8000;
  store<u32>(S_FPU_SW, sw);
}
// Sets the condition bits C0-C3 (mask of 0x4700) to `bits`.
export function setCC(mask: u32, bits: u32): void {
  store<u32>(S_FPU_SW, (load<u32>(S_FPU_SW) & ~mask) | bits);
}

// Before an arithmetic instruction: the rounding environment from the control word, no flags.
export function beginOp(): void {
  let cw = controlWord();
  setRound((cw >> 10) & 3);
  let pc = (cw >> 8) & 3;
  setPrec(pc == 0 ? 24 : (pc == 2 ? 53 : 64));
  clearExc();
}
// After it: the raised flags accumulate in the status word; an unmasked one sets ES and B.
export function endOp(): void {
  let sw = load<u32>(S_FPU_SW) | fpExc;
  if ((sw & ~controlWord() & 0x3f) != 0) sw |= 0x8080;
  store<u32>(S_FPU_SW, sw);
}

// The full tag word as fnstenv writes it: 11 empty, 01 zero, 10 special (NaN, infinity,
// denormal, unsupported), 00 valid; by physical register.
export function tagWord(): u32 {
  let tags: u32 = 0;
  let empty = load<u32>(S_FPU_EMPTY);
  for (let i: i32 = 7; i >= 0; i--) {
    tags <<= 2;
    if ((empty & (<u32>1 << i)) != 0) { tags |= 3; continue; }
    let p = slot(<u32>i);
    let e = <u32>load<u16>(p + 8) & 0x7fff;
    let m = load<u64>(p);
    if (e == 0 && m == 0) tags |= 1;
    else if (e == 0 || e == 0x7fff || (m >> 63) == 0) tags |= 2;
  }
  return tags;
}
// fldenv: only "empty" is kept from a tag word.
export function setTagWord(tags: u32): void {
  let empty: u32 = 0;
  for (let i: u32 = 0; i < 8; i++) if (((tags >> (i * 2)) & 3) == 3) empty |= <u32>1 << i;
  store<u32>(S_FPU_EMPTY, empty);
}

export function fpuReset(): void {
  store<u32>(S_FPU_CW, FPU_CW_INIT);
  store<u32>(S_FPU_SW, 0);
  store<u32>(S_FPU_TOP, 0);
  store<u32>(S_FPU_EMPTY, 0xff);
  store<u32>(S_FPU_IP, 0);
  store<u32>(S_FPU_CS, 0);
  store<u32>(S_FPU_DP, 0);
  store<u32>(S_FPU_DS, 0);
  store<u32>(S_FPU_OP, 0);
}
