// Comparisons of 80-bit values (fcom, fucom, fcomi, fucomi, ftst, ficom): less, equal, greater
// or unordered. The signaling forms raise invalid on any NaN, the quiet ones on signaling NaNs.
import {
  FE_INVALID, QUIET_BIT, raise, isInvalidEnc, isNaN80, isInf80, isZero80, signOf, unpackFinite,
  uExp, uM,
} from "./float80";

export const REL_LESS = 0;
export const REL_EQUAL = 1;
export const REL_GREATER = 2;
export const REL_UNORDERED = 3;

export function compare80(ase: u32, am: u64, bse: u32, bm: u64, quiet: bool): u32 {
  if (isInvalidEnc(ase, am) || isInvalidEnc(bse, bm)) { raise(FE_INVALID); return REL_UNORDERED; }
  let aNaN = isNaN80(ase, am);
  let bNaN = isNaN80(bse, bm);
  if (aNaN || bNaN) {
    let sig = (aNaN && (am & QUIET_BIT) == 0) || (bNaN && (bm & QUIET_BIT) == 0);
    if (!quiet || sig) raise(FE_INVALID);
    return REL_UNORDERED;
  }
  let aZero = isZero80(ase, am);
  let bZero = isZero80(bse, bm);
  if (aZero && bZero) return REL_EQUAL;
  let as = signOf(ase);
  let bs = signOf(bse);
  if (as != bs) return as != 0 ? REL_LESS : REL_GREATER;
  // Same sign: order the magnitudes (a zero is below everything), then flip for negatives.
  let c: i32;
  if (aZero) c = -1;
  else if (bZero) c = 1;
  else {
    let aInf = isInf80(ase, am);
    let bInf = isInf80(bse, bm);
    if (aInf || bInf) c = aInf && bInf ? 0 : (aInf ? 1 : -1);
    else {
      unpackFinite(ase, am);
      let ea = uExp;
      let ma = uM;
      unpackFinite(bse, bm);
      c = ea != uExp ? (ea > uExp ? 1 : -1) : (ma == uM ? 0 : (ma > uM ? 1 : -1));
    }
  }
  if (as != 0) c = -c;
  return c == 0 ? REL_EQUAL : (c > 0 ? REL_GREATER : REL_LESS);
}
