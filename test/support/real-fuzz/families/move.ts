// Moves in real mode: mov (incl. moffs and segment registers FS and GS), lea, xchg, xlat and the
// far-pointer loads (les lds lss lfs lgs); movzx/movsx, cbw/cwd and setcc are drawn from their rows.
import { EAX, EBX, RealBuilder } from "../builder";
import { DS } from "../real-case";

export function mov(b: RealBuilder): void {
  const r = b.rng;
  b.prefixes();
  const form = r.below(4);
  const byte = r.chance(0.35);
  const bits = byte ? 8 : b.osize;
  if (form === 0) {
    // 88/89/8a/8b
    b.emit(0x88 | (r.below(2) << 1) | (byte ? 0 : 1));
    b.operandPair(bits);
  } else if (form === 1) {
    // c6/c7 /0 E,imm
    b.emit(byte ? 0xc6 : 0xc7);
    const e = b.modrm(0, { width: bits / 8 });
    b.setOperand(e, bits, b.value(bits));
    b.imm(b.value(bits), bits / 8);
  } else if (form === 2) {
    // b0-bf r,imm
    const reg = r.below(8);
    b.emit((byte ? 0xb0 : 0xb8) | reg);
    b.imm(b.value(bits), bits / 8);
  } else {
    // a0-a3 moffs: the offset is 16 bits, or 32 with 0x67.
    const toAcc = r.chance(0.5);
    b.emit((toAcc ? 0xa0 : 0xa2) | (byte ? 0 : 1));
    const off = b.offset(bits / 8);
    b.imm(off, b.a32 ? 4 : 2);
    const seg = b.dataSeg(DS);
    b.setMem(seg, off, bits / 8, b.value(bits));
    b.setReg(EAX, bits, b.value(bits));
  }
}

/** 8c mov Ev,Sreg (with 0x66 and a register: 32 bits) and 8e mov Sreg,Ew (not CS). */
export function movSeg(b: RealBuilder): void {
  const r = b.rng;
  b.prefixes();
  const toSeg = r.chance(0.5);
  const sreg = toSeg ? r.pick([0, 2, 3, 4, 5]) : r.below(6); // mov cs,E is #UD
  b.emit(toSeg ? 0x8e : 0x8c);
  const e = b.modrm(sreg, { width: 2 });
  b.setOperand(e, 16, b.selector());
}

export function lea(b: RealBuilder): void {
  b.prefixes();
  b.emit(0x8d);
  b.modrm(b.rng.below(8), { register: false, noAccess: true });
}

/** xchg E,G (86/87) and xchg eAX,r (91-97). */
export function xchg(b: RealBuilder): void {
  const r = b.rng;
  b.prefixes();
  if (r.chance(0.3)) {
    b.emit(0x90 | (1 + r.below(7)));
    return;
  }
  const byte = r.chance(0.35);
  const bits = byte ? 8 : b.osize;
  const lock = b.lock();
  if (lock) b.emit(0xf0);
  b.emit(byte ? 0x86 : 0x87);
  b.operandPair(bits, lock);
}

/** xlat (d7): DS:[BX + AL], or [EBX + AL] with 0x67. */
export function xlat(b: RealBuilder): void {
  const r = b.rng;
  b.prefixes();
  b.emit(0xd7);
  const al = b.value(8);
  b.setReg(EAX, 8, al);
  const off = b.offset(1);
  const base = b.a32 ? (off - al) >>> 0 : (b.regs[EBX] & 0xffff0000) | ((off - al) & 0xffff);
  b.fix(EBX, base);
  if (r.chance(0.1)) b.fix(EBX, b.a32 ? base : base ^ 0xffff0000); // 16 bits ignore the upper half
  b.setMem(b.dataSeg(DS), off, 1, b.value(8));
}

/** les (c4), lds (c5), lss (0f b2), lfs (0f b4), lgs (0f b5): offset then selector. */
export function farPointer(b: RealBuilder): void {
  const r = b.rng;
  b.prefixes();
  const which = r.below(5);
  if (which < 2) b.emit(0xc4 | which);
  else b.emit(0x0f, [0xb2, 0xb4, 0xb5][which - 2]);
  const g = r.below(8);
  const bytes = b.osize / 8;
  const e = b.modrm(g, { register: false, width: bytes + 2 });
  if ("mem" in e) {
    b.setMem(e.mem.seg, e.mem.off, bytes, b.value(b.osize));
    b.setMem(e.mem.seg, e.mem.off + bytes, 2, b.selector());
  }
}

