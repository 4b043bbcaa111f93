// Decimal adjust: daa das aaa aas aam aad. OF (and for aaa/aas also SF, ZF, PF) is undefined by
// the manual; these set SF, ZF, PF from AL and clear OF.
import { EAX, FAULT_DIVIDE } from "../layout";
import { reg8, setReg8, reg16, setReg16 } from "../cpu";
import { getCF, getAF, setEflags, getEflags, setLazy, ARITH, CF, AF } from "../flags";
import { raiseFault } from "../faults";

// Sets all six arithmetic flags: SF ZF PF from the byte al, CF and AF as given, OF clear.
function bcdFlags(al: u32, cf: u32, af: u32): void {
  let f = getEflags() & ~ARITH;
  f |= cf ? CF : 0;
  f |= af ? AF : 0;
  f |= (al & 0xff) == 0 ? 0x40 : 0;
  f |= al & 0x80;
  f |= ((popcnt<u32>(al & 0xff) & 1) ^ 1) << 2;
  setEflags(f);
}

export function daa(): void {
  let al = reg8(0);
  let adjust = (al & 0x0f) > 9 || getAF() != 0;
  let r = adjust ? (al + 6) & 0xff : al;
  // The carry of the low adjustment is overridden by the high one, as in the manual.
  let cf: u32 = al > 0x99 || getCF() != 0 ? 1 : 0;
  if (cf) r = (r + 0x60) & 0xff;
  setReg8(0, r);
  bcdFlags(r, cf, adjust ? 1 : 0);
}

export function das(): void {
  let al = reg8(0);
  let cf = getCF();
  let af: u32 = 0;
  let ncf: u32 = 0;
  let r = al;
  if ((al & 0x0f) > 9 || getAF()) {
    ncf = cf | (al < 6 ? 1 : 0);
    r = (al - 6) & 0xff;
    af = 1;
  }
  if (al > 0x99 || cf) {
    r = (r - 0x60) & 0xff;
    ncf = 1;
  }
  setReg8(0, r);
  bcdFlags(r, ncf, af);
}

export function aaa(): void {
  let ax = reg16(EAX);
  let adjust = (ax & 0x0f) > 9 || getAF() != 0;
  if (adjust) ax = (ax + 0x106) & 0xffff;
  ax &= 0xff0f;
  setReg16(EAX, ax);
  bcdFlags(ax & 0xff, adjust ? 1 : 0, adjust ? 1 : 0);
}

export function aas(): void {
  let ax = reg16(EAX);
  let adjust = (ax & 0x0f) > 9 || getAF() != 0;
  if (adjust) ax = (ax - 6 - 0x100) & 0xffff;
  ax &= 0xff0f;
  setReg16(EAX, ax);
  bcdFlags(ax & 0xff, adjust ? 1 : 0, adjust ? 1 : 0);
}

export function aam(base: u32): void {
  if (base == 0) { raiseFault(FAULT_DIVIDE); return; }
  let al = reg8(0);
  setReg8(4, al / base);
  let r = al % base;
  setReg8(0, r);
  setLazy(r, 0, 0);
}

export function aad(base: u32): void {
  let r = (reg8(0) + reg8(4) * base) & 0xff;
  setReg16(EAX, r);
  setLazy(r, 0, 0);
}
