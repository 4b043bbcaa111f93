// The stack: push/pop at the operand size through SS, with esp or sp as the stack size says.
// A push that faults leaves esp unchanged.
import { ESP, EBP, SEG_SS } from "../layout";
import { reg32, setReg32, reg16, setReg16, stack32, aborted, o32, realMode, segBase } from "../cpu";
import { rdSeg, wrSeg } from "../segaccess";
import { readMem, writeMem } from "../memory";

@inline function sp(): u32 { return stack32() ? reg32(ESP) : reg16(ESP); }
@inline function setSp(v: u32): void {
  if (stack32()) setReg32(ESP, v);
  else setReg16(ESP, v);
}
@inline function spMask(): u32 { return stack32() ? 0xffffffff : 0xffff; }

// Outside real mode no limit is checked, so the access goes straight to memory.
export function push32(v: u32): void {
  let s = (sp() - 4) & spMask();
  if (!realMode) writeMem(segBase(SEG_SS) + s, v, 4);
  else wrSeg(2, SEG_SS, s, v);
  if (!aborted) setSp(s);
}
export function push16(v: u32): void {
  let s = (sp() - 2) & spMask();
  wrSeg(1, SEG_SS, s, v);
  if (!aborted) setSp(s);
}
export function pop32(): u32 {
  let s = sp();
  let v = !realMode ? readMem(segBase(SEG_SS) + s, 4) : rdSeg(2, SEG_SS, s);
  if (!aborted) setSp((s + 4) & spMask());
  return v;
}
export function pop16(): u32 {
  let s = sp();
  let v = rdSeg(1, SEG_SS, s);
  if (!aborted) setSp((s + 2) & spMask());
  return v;
}
// At the operand size of the instruction; written out where called, so that a call or return
// makes one call for its stack access, not two.
@inline export function pushV(v: u32): void {
  if (o32) push32(v);
  else push16(v);
}
@inline export function popV(): u32 {
  return o32 ? pop32() : pop16();
}
// Reads the value `depth` bytes above the top of the stack without popping.
export function peekV(depth: u32): u32 {
  return rdSeg(o32 ? 2 : 1, SEG_SS, (sp() + depth) & spMask());
}
export function adjustSp(delta: u32): void {
  setSp((sp() + delta) & spMask());
}

export function pusha(): void {
  let start = o32 ? reg32(ESP) : reg16(ESP);
  for (let r: u32 = 0; r < 8; r++) {
    let v = r == ESP ? start : (o32 ? reg32(r) : reg16(r));
    pushV(v);
  }
}
export function popa(): void {
  for (let i: u32 = 0; i < 8; i++) {
    let r = 7 - i;
    let v = popV();
    if (r == ESP) continue; // the saved esp is discarded
    if (o32) setReg32(r, v);
    else setReg16(r, v);
  }
}

export function enter(frameSize: u32, nesting: u32): void {
  let level = nesting & 31;
  let bp = o32 ? reg32(EBP) : reg16(EBP);
  pushV(bp);
  // The outer frame pointers are read through ebp or bp by the stack size (SDM ENTER), not the
  // operand size: a 16-bit enter on a 32-bit stack walks ebp.
  bp = stack32() ? reg32(EBP) : reg16(EBP);
  // The frame pointer is ESP or SP by the operand size: a 32-bit enter on a 16-bit stack takes
  // all of ESP (SDM ENTER: FrameTemp <- ESP), whose upper half the push left as it was.
  let frame = o32 ? reg32(ESP) : reg16(ESP);
  if (level > 0) {
    let step: u32 = o32 ? 4 : 2;
    let bpMask = stack32() ? 0xffffffff : 0xffff;
    for (let i: u32 = 1; i < level; i++) {
      bp = (bp - step) & bpMask;
      pushV(rdSeg(o32 ? 2 : 1, SEG_SS, bp));
    }
    pushV(frame);
  }
  if (aborted) return;
  if (o32) setReg32(EBP, frame);
  else setReg16(EBP, frame);
  setSp((sp() - frameSize) & spMask());
}

export function leave(): void {
  if (stack32()) setReg32(ESP, reg32(EBP));
  else setReg16(ESP, reg16(EBP));
  let v = popV();
  if (aborted) return;
  if (o32) setReg32(EBP, v);
  else setReg16(EBP, v);
}
