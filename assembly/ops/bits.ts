// Bit tests (bt bts btr btc) and bit scans (bsf bsr).
import { setArithFlags, setLazy, CF } from "../flags";
import { isRegOperand, eaSeg, eaOff, readE, writeE, writeG } from "../modrm";
import { a32 } from "../cpu";
import { rdSeg, wrSeg } from "../segaccess";

// op: 0 bt, 1 bts, 2 btr, 3 btc. offset is the bit offset: from a register it is signed and may
// reach outside the operand in memory; from an immediate it is taken modulo the operand size.
export function bitTest(op: u32, offset: u32, fromReg: bool, sz: u32): void {
  let bits: u32 = 8 << sz;
  let bit = offset & (bits - 1);
  let off = eaOff;
  let v: u32;
  if (isRegOperand) {
    v = readE(sz);
  } else {
    if (fromReg) {
      // Signed displacement in whole operands: offset >> 4 words or offset >> 5 dwords.
      let delta: i32 = (<i32>offset >> (sz == 2 ? 5 : 4)) << (sz == 2 ? 2 : 1);
      off += <u32>delta;
      if (!a32) off &= 0xffff;
    }
    v = rdSeg(sz, eaSeg, off);
  }
  let cf = (v >> bit) & 1;
  setArithFlags(CF, cf);
  if (op == 0) return;
  let m: u32 = 1 << bit;
  let r = op == 1 ? v | m : (op == 2 ? v & ~m : v ^ m);
  if (isRegOperand) writeE(sz, r);
  else wrSeg(sz, eaSeg, off, r);
}

// bsf/bsr: ZF = 1 and the destination unchanged for a zero source (as the hardware does).
export function bitScan(reverse: bool, sz: u32): void {
  let v = readE(sz);
  if (v == 0) {
    setLazy(0, 0, sz); // ZF = 1; the other flags are undefined
    return;
  }
  let idx: u32 = reverse ? 31 - clz<u32>(v) : ctz<u32>(v);
  setLazy(v, 0, sz);
  writeG(sz, idx);
}
