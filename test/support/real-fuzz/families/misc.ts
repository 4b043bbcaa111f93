// Flag instructions, decimal adjusts, bound (#BR when out of range) and nop, in real mode.
import { EAX, RealBuilder } from "../builder";
import { UNDEFINED } from "../../fuzz/flag-masks";

/** cmc clc stc cli sti cld std (f5 f8-fd), sahf (9e), lahf (9f). */
export function flagOps(b: RealBuilder): void {
  b.prefixes(0.2, 0.1);
  b.emit(b.rng.pick([0xf5, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0x9e, 0x9f]));
  b.setReg(EAX, 32, b.value(32));
}

/** daa das aaa aas (27 2f 37 3f), aam aad (d4 d5 ib; aam 0 is #DE). */
export function decimal(b: RealBuilder): void {
  const r = b.rng;
  b.prefixes(0.2, 0.1);
  const op = r.pick([0x27, 0x2f, 0x37, 0x3f, 0xd4, 0xd5]);
  b.emit(op);
  if (op >= 0xd4) b.emit(r.chance(0.6) ? 10 : r.chance(0.2) ? 0 : r.below(256));
  b.setReg(EAX, 16, r.chance(0.5) ? b.value(16) : r.below(0x10000));
  b.undefinedFlags = op === 0x27 || op === 0x2f ? UNDEFINED.decimalAdjust : op <= 0x3f ? UNDEFINED.asciiAdjust : UNDEFINED.asciiMulDiv;
}

/** bound Gv,Ma (62): the index against a lower and an upper bound; #BR (5) outside them. */
export function bound(b: RealBuilder): void {
  const r = b.rng;
  b.prefixes();
  b.emit(0x62);
  const bits = b.osize;
  const g = r.below(8);
  const e = b.modrm(g, { register: false, width: 2 * (bits / 8) });
  if (!("mem" in e)) return;
  const lo = b.value(bits), hi = r.chance(0.3) ? lo : b.value(bits);
  b.setMem(e.mem.seg, e.mem.off, bits / 8, lo);
  b.setMem(e.mem.seg, e.mem.off + bits / 8, bits / 8, hi);
  b.setReg(g, bits, r.pick([lo, hi, lo - 1, hi + 1, b.value(bits)]) >>> 0);
}

/** nop (90) under random prefixes. */
export function nop(b: RealBuilder): void {
  b.prefixes();
  b.emit(0x90);
}
