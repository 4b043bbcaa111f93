// Control transfer: jcc, jmp, call, ret (near and far), loop/jcxz, int/into/iret.
import { ECX, SEG_CS, S_CPU_MODE, CPU_REAL, FAULT_INT, FAULT_BREAKPOINT, FAULT_OVERFLOW } from "../layout";
import {
  o32, a32, nextEip, jumpTo, fetch8, fetch16, fetchImm, fetchSimm8, reg32, setReg32, reg16,
  setReg16, segSel, loadSeg, aborted, realMode,
} from "../cpu";
import { ccNow, testCC, getOF, getEflags, setEflags, NOT_ON_386 } from "../flags";
import { pushV, popV, adjustSp } from "./stack";
import { raiseTrap } from "../interrupts";
import { syscall } from "../syscalls";

// Operand-size wrap of a near target (16-bit code keeps ip in 64 KiB).
@inline function near(target: u32): u32 { return o32 ? target : target & 0xffff; }

// cc is a constant where these are inlined (exec-jcc.ts): one small function per condition.
@inline export function jccShort(cc: u32): void {
  let d = fetchSimm8();
  if (ccNow(cc)) jumpTo(near(nextEip() + d));
}
@inline export function jccNear(cc: u32): void {
  let d = fetchImm();
  if (ccNow(cc)) jumpTo(near(nextEip() + d));
}
export function jmpShort(): void {
  let d = fetchSimm8();
  jumpTo(near(nextEip() + d));
}
export function jmpNear(): void {
  let d = fetchImm();
  jumpTo(near(nextEip() + d));
}
export function callNear(): void {
  let d = fetchImm();
  let ret = nextEip();
  pushV(ret);
  if (!aborted) jumpTo(near(ret + d));
}
export function callIndirect(target: u32): void {
  pushV(nextEip());
  if (!aborted) jumpTo(near(target));
}
export function retNear(release: u32): void {
  let ip = popV();
  if (aborted) return;
  adjustSp(release);
  jumpTo(near(ip));
}

// Far transfers load CS (real mode: base = selector * 16; flat mode: the selector only).
export function farJump(sel: u32, off: u32): void {
  loadSeg(SEG_CS, sel);
  jumpTo(near(off));
}
export function farCall(sel: u32, off: u32): void {
  pushV(segSel(SEG_CS));
  pushV(nextEip());
  if (aborted) return;
  farJump(sel, off);
}
export function callFarImm(): void {
  let off = fetchImm();
  let sel = fetch16();
  farCall(sel, off);
}
export function jmpFarImm(): void {
  let off = fetchImm();
  let sel = fetch16();
  farJump(sel, off);
}
export function retFar(release: u32): void {
  let ip = popV();
  let cs = popV();
  if (aborted) return;
  adjustSp(release);
  farJump(cs, ip);
}

// The EFLAGS bits a 32-bit IRET loads at privilege 0: ID AC RF NT IOPL OF DF IF TF SF ZF AF PF
// CF. VM, VIF and VIP keep their values and the reserved bits stay 0 (SDM IRET, real-address
// mode: tempEFLAGS AND 257FD5H OR EFLAGS AND 1A0000H). A 16-bit IRET loads the low 15 of them.
const IRET_MASK: u32 = 0x00257fd5;

export function iret(): void {
  let ip = popV();
  let cs = popV();
  let f = popV();
  if (aborted) return;
  let mask = o32 ? IRET_MASK : IRET_MASK & 0xffff;
  if (realMode) mask &= ~NOT_ON_386;
  setEflags((getEflags() & ~mask) | (f & mask));
  farJump(cs, ip);
}

// loop, loope, loopne, jcxz: the counter is cx or ecx by address size.
export function loopOp(kind: u32): void {
  let d = fetchSimm8();
  let count: u32;
  let taken: bool;
  if (kind == 3) { // jcxz / jecxz
    count = a32 ? reg32(ECX) : reg16(ECX);
    taken = count == 0;
  } else {
    count = ((a32 ? reg32(ECX) : reg16(ECX)) - 1) & (a32 ? 0xffffffff : 0xffff);
    if (a32) setReg32(ECX, count);
    else setReg16(ECX, count);
    taken = count != 0;
    if (kind == 0) taken = taken && !testCC(4); // loopne: ZF = 0
    else if (kind == 1) taken = taken && testCC(4); // loope: ZF = 1
  }
  if (taken) jumpTo(near(nextEip() + d));
}

export function intN(): void {
  let n = fetch8();
  if (n == 0x80 && load<u32>(S_CPU_MODE) != CPU_REAL) syscall();
  else raiseTrap(n, FAULT_INT);
}
export function int3(): void {
  raiseTrap(3, FAULT_BREAKPOINT);
}
export function into(): void {
  if (getOF()) raiseTrap(4, FAULT_OVERFLOW);
}
