// Control transfers in real mode at 16 and 32 bits (0x66): jcc short and near (0f 80-8f), jmp and
// call near, far and indirect, ret/retf/iret, loop/jcxz with CX or ECX (0x67). Every target lies
// inside the code segment's 64 KiB (a 386 raises #GP past it; Unicorn does not check).
import { ECX, RealBuilder } from "../builder";
import { SS } from "../real-case";
import { flagsImage, NOT_ON_A_386 } from "./stack";

/** A target offset away from the instruction (a HLT goes there). */
function targetOffset(b: RealBuilder): number {
  for (;;) {
    const t = b.offset(1);
    if (Math.abs(t - b.ip) > 24) return t;
  }
}

/**
 * Emits a relative displacement of `bytes` bytes (1, 2 or 4) as the instruction's last bytes so
 * that it lands on a target inside the segment: 16-bit operand size wraps it to 16 bits, 32-bit
 * must not leave [0, 0xFFFF].
 */
function relative(b: RealBuilder, bytes: number): void {
  const next = b.next + bytes;
  const r = b.rng;
  if (bytes === 1) {
    for (let tries = 0; ; tries++) {
      const d = tries > 20 ? 0 : r.range(-128, 127);
      const target = next + d;
      if (!b.o32 || (target >= 0 && target <= 0xffff)) {
        b.imm(d, 1);
        return;
      }
    }
  }
  const target = targetOffset(b);
  let d = target - next;
  // With 16 bits any displacement wraps to the target; draw from the equivalent ones.
  if (bytes === 2 && r.chance(0.3)) d += 0x10000;
  b.imm(d >>> 0, bytes);
}

export function jcc(b: RealBuilder): void {
  const r = b.rng;
  b.prefixes();
  if (r.chance(0.4)) {
    b.emit(0x70 | r.below(16));
    relative(b, 1);
  } else {
    b.emit(0x0f, 0x80 | r.below(16));
    relative(b, b.o32 ? 4 : 2);
  }
}

export function jmpCall(b: RealBuilder): void {
  const r = b.rng;
  b.prefixes();
  const bytes = b.osize / 8;
  const call = r.chance(0.5);
  const kind = r.below(4); // relative, far immediate, indirect near, indirect far
  const pushed = call ? (kind === 1 || kind === 3 ? 2 * bytes : bytes) : 0;
  b.setStack(pushed, 0);
  if (kind === 0) {
    if (!call && r.chance(0.3)) {
      b.emit(0xeb);
      relative(b, 1);
    } else {
      b.emit(call ? 0xe8 : 0xe9);
      relative(b, bytes);
    }
  } else if (kind === 1) {
    b.emit(call ? 0x9a : 0xea);
    b.imm(b.offset(1), bytes);
    b.imm(b.selector(), 2);
  } else if (kind === 2) {
    b.emit(0xff);
    const e = b.modrm(call ? 2 : 4, { width: bytes });
    b.setOperand(e, b.osize, targetOffset(b));
    // A register the stack or an address fixed keeps its value: a 32-bit one may lie past the limit.
    if (b.o32 && b.getOperand(e, 32) > 0xffff) b.failed = true;
  } else {
    b.emit(0xff);
    const e = b.modrm(call ? 3 : 5, { register: false, width: bytes + 2 });
    if ("mem" in e) {
      b.setMem(e.mem.seg, e.mem.off, bytes, b.offset(1));
      b.setMem(e.mem.seg, e.mem.off + bytes, 2, b.selector());
    }
  }
}

/** ret (c3, c2 iw), retf (cb, ca iw), iret (cf). */
export function ret(b: RealBuilder): void {
  const r = b.rng;
  b.prefixes();
  const bytes = b.osize / 8;
  const kind = r.below(3);
  const words = kind === 0 ? 1 : kind === 1 ? 2 : 3;
  const sp = b.setStack(0, words * bytes);
  const put = (k: number, v: number) => b.setMem(SS, sp + k * bytes, bytes, v);
  put(0, targetOffset(b));
  // A 32-bit slot's upper half is popped and dropped.
  if (kind >= 1) put(1, (b.selector() | (b.o32 ? b.value(32) & 0xffff0000 : 0)) >>> 0);
  if (kind === 2) {
    put(2, flagsImage(b, b.osize));
    b.unjudgedFlags = NOT_ON_A_386;
    b.emit(0xcf);
    return;
  }
  const release = r.chance(0.4);
  b.emit((kind === 0 ? 0xc2 : 0xca) | (release ? 0 : 1));
  if (release) b.imm(r.chance(0.5) ? r.below(16) * 2 : b.value(16), 2);
}

/** loopne (e0), loope (e1), loop (e2), jcxz/jecxz (e3); the counter is ECX with 0x67. */
export function loop(b: RealBuilder): void {
  const r = b.rng;
  b.prefixes();
  b.emit(0xe0 | r.below(4));
  const count = r.pick([0, 1, 2, 0xffff, 0x10000, 0x10001, r.below(0x10000), b.value(32)]);
  b.fix(ECX, count);
  relative(b, 1);
}
