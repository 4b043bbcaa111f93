// Stack instructions in real mode at 16 and 32 bits (0x66): push/pop of registers, of segment
// registers (FS and GS too), of immediates and of memory, pusha/popa, pushf/popf, enter/leave.
// SP is drawn so that nothing runs past the end of the stack segment.
import { EBP, ESP, RealBuilder } from "../builder";
import { SS } from "../real-case";

/** FLAGS bits a 386 lacks but Unicorn's CPU has: AC (18) and ID (21). */
export const NOT_ON_A_386 = 0x240000;

/** A FLAGS image to pop: random, but with TF clear (its trap would come after the HLT). */
export function flagsImage(b: RealBuilder, bits: number): number {
  const v = bits === 32 ? b.rng.nextU32() : b.rng.below(0x10000);
  return (v & ~0x100) >>> 0;
}

/** Puts `bits` of v on the stack at SP + `at`. */
function stackValue(b: RealBuilder, at: number, bits: number, v: number): void {
  b.setMem(SS, ((b.regs[ESP] & 0xffff) + at) & 0xffff, bits / 8, v);
}

export function pushPop(b: RealBuilder): void {
  const r = b.rng;
  b.prefixes();
  const bytes = b.osize / 8;
  const kind = r.below(9);
  if (kind <= 3) {
    // push: r (50-57), imm (68, 6a), segment register, E (ff /6, whose address may use ESP as
    // it was before the push)
    const what = r.below(4);
    b.setStack(bytes, 0, what === 3);
    if (what === 0) b.emit(0x50 | r.below(8));
    else if (what === 1) {
      const imm8 = r.chance(0.5);
      b.emit(imm8 ? 0x6a : 0x68);
      b.imm(b.value(imm8 ? 8 : b.osize), imm8 ? 1 : bytes);
    } else if (what === 2) {
      const seg = r.below(6);
      b.emit(...(seg < 4 ? [0x06 | (seg << 3)] : [0x0f, seg === 4 ? 0xa0 : 0xa8]));
    } else {
      b.emit(0xff);
      const e = b.modrm(6, { width: bytes, base: ESP });
      b.setOperand(e, b.osize, b.value(b.osize));
    }
    return;
  }
  if (kind <= 7) {
    // pop: r (58-5f), segment register (not CS), E (8f /0, whose address uses ESP as the pop
    // left it: solved with that value, then ESP is put back)
    const what = r.below(3);
    // QEMU forms pop's [esp+...] address from the old ESP plus the size in 32 bits, which differs
    // from ESP after the pop (the SDM's) when SP wraps to 0: not drawn, a unit test has it.
    do b.setStack(0, bytes, what === 2);
    while (what === 2 && ((b.regs[ESP] + bytes) & 0xffff) === 0);
    stackValue(b, 0, b.osize, what === 1 ? b.selector() | (b.o32 ? b.value(32) & 0xffff0000 : 0) : b.value(b.osize));
    if (what === 0) b.emit(0x58 | r.below(8));
    else if (what === 1) {
      const seg = r.pick([0, 2, 3, 4, 5]);
      b.emit(...(seg < 4 ? [0x07 | (seg << 3)] : [0x0f, seg === 4 ? 0xa1 : 0xa9]));
    } else {
      b.emit(0x8f);
      const before = b.regs[ESP];
      b.regs[ESP] = ((before & 0xffff0000) | ((before + bytes) & 0xffff)) >>> 0;
      const e = b.modrm(0, { width: bytes, base: ESP });
      b.regs[ESP] = before;
      // The popped value lands there; any bytes set for the operand would only be overwritten.
      if ("reg" in e) b.setOperand(e, b.osize, b.value(b.osize));
    }
    return;
  }
  // pusha (60) / popa (61)
  if (r.chance(0.5)) {
    b.setStack(8 * bytes, 0);
    b.emit(0x60);
  } else {
    b.setStack(0, 8 * bytes);
    for (let k = 0; k < 8; k++) stackValue(b, k * bytes, b.osize, b.value(b.osize));
    b.emit(0x61);
  }
}

export function pushfPopf(b: RealBuilder): void {
  b.prefixes();
  const bytes = b.osize / 8;
  if (b.rng.chance(0.4)) {
    b.setStack(bytes, 0);
    b.emit(0x9c);
    return;
  }
  b.setStack(0, bytes);
  stackValue(b, 0, b.osize, flagsImage(b, b.osize));
  b.emit(0x9d);
  b.unjudgedFlags = NOT_ON_A_386;
}

/** enter (c8 iw ib) with nesting levels 0-3 mostly, up to 31; leave (c9). */
export function enterLeave(b: RealBuilder): void {
  const r = b.rng;
  b.prefixes();
  const bytes = b.osize / 8;
  if (r.chance(0.4)) {
    // leave: SP = BP, then BP (EBP) is popped.
    const bp = b.stackPointer(0, bytes);
    b.fix(EBP, (b.regs[EBP] & 0xffff0000) | bp);
    b.reserve(ESP);
    b.setMem(SS, bp, bytes, b.value(b.osize));
    b.emit(0xc9);
    return;
  }
  const level = r.chance(0.8) ? r.below(4) : r.below(32);
  // QEMU takes a 32-bit enter's frame pointer as ESP - 4 computed in 32 bits, which differs from
  // ESP after the push (the SDM's FrameTemp) when SP wraps: SP = 0 is not drawn for it.
  do b.setStack(bytes * (level + 1), 0);
  while (b.o32 && (b.regs[ESP] & 0xffff) === 0);
  // The outer frames' pointers are read at BP - 2, BP - 4, ... (or -4, -8 at 32 bits).
  const bp = b.offset(2 + bytes, bytes * level + 2, 0);
  b.fix(EBP, (b.regs[EBP] & 0xffff0000) | bp);
  for (let k = 1; k < level; k++) b.setMem(SS, bp - k * bytes, bytes, b.value(b.osize));
  b.emit(0xc8);
  b.imm(r.chance(0.5) ? r.below(64) : b.value(16), 2);
  // EBP <- FrameTemp = ESP, all of it (SDM ENTER, and Bochs); QEMU writes only BP on a 16-bit stack.
  if (b.o32) b.ignoredReg = { reg: EBP, mask: 0xffff0000 };
  b.emit(level | (r.chance(0.1) ? r.pick([0x20, 0x40, 0xe0]) : 0)); // the level is taken modulo 32
}
