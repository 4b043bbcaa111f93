// Loading segment registers from memory: les/lds/lss/lfs/lgs (a far pointer) and pop of a
// segment register, shared by the one- and two-byte opcode maps.
import { osz, loadSeg, aborted } from "../cpu";
import { decodeModRM, isRegOperand, readE, readEAt, writeG } from "../modrm";
import { popV } from "./stack";
import { invalidOpcode } from "../faults";

// les/lds/lss/lfs/lgs: load offset and selector from memory.
export function loadFarPointer(seg: u32): void {
  decodeModRM();
  if (isRegOperand) { invalidOpcode(); return; }
  let sz = osz();
  let off = readE(sz);
  let sel = readEAt(1, sz == 2 ? 4 : 2);
  if (aborted) return;
  writeG(sz, off);
  loadSeg(seg, sel);
}

export function popSeg(s: u32): void {
  let v = popV();
  if (!aborted) loadSeg(s, v);
}
