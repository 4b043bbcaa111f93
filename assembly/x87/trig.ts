// fsin, fcos, fsincos and fptan as qemu-i386 does them: through the host's double-precision
// libm. ST0 is rounded to a double in the current mode, the function applied, and the result
// widened at the precision control; no exception flag reaches the status word. Arguments beyond
// +-2^63 set C2 and leave the stack alone. qemu's host libm is glibc's, not always correctly
// rounded; ours (sincos.ts) is, so the two differ in the last bit where glibc misrounds.
import { INT_BIT, rSe, rM, setExc } from "./float80";
import { sinCR, cosCR, tanCR } from "./sincos";
import { toF64, fromF64 } from "./convert";
import { stSe, stM, setSt, pushValue, setCC } from "./state";

const MAXTAN: f64 = 9223372036854775808.0;

export const TRIG_SIN: u32 = 0;
export const TRIG_COS: u32 = 1;
export const TRIG_SINCOS: u32 = 2;
export const TRIG_TAN: u32 = 3;

export function trig(kind: u32): void {
  let x = reinterpret<f64>(toF64(stSe(0), stM(0)));
  if (x > MAXTAN || x < -MAXTAN) {
    setCC(0x400, 0x400);
  } else {
    let first = kind == TRIG_COS ? cosCR(x) : (kind == TRIG_TAN ? tanCR(x) : sinCR(x));
    fromF64(reinterpret<u64>(first));
    setSt(0, rSe, rM);
    if (kind == TRIG_TAN) {
      pushValue(0x3fff, INT_BIT);
    } else if (kind == TRIG_SINCOS) {
      fromF64(reinterpret<u64>(cosCR(x)));
      pushValue(rSe, rM);
    }
    setCC(0x400, 0);
  }
  setExc(0);
}
