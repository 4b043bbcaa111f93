// bound (#BR when out of range), nop, the system instructions and #UD, in real mode (flag
// instructions and decimal adjusts are drawn from their table rows).
import type { RealBuilder } from "../builder";
import { modrmByte } from "../../modrm";

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

/** smsw (0f 01 /4) and lmsw (0f 01 /6) with CR0's PE clear (setting it is a unit test: Unicorn
 *  would go on in protected mode); ET is set, as QEMU keeps it. */
export function msw(b: RealBuilder): void {
  const r = b.rng;
  b.prefixes();
  const lmsw = r.chance(0.5);
  b.cr0 = 0x10 | (r.nextU32() & 0xe);
  b.emit(0x0f, 0x01);
  const e = b.modrm(lmsw ? 6 : 4, { width: 2 });
  if (lmsw) {
    b.setOperand(e, 16, b.value(16) & ~1);
    if (b.getOperand(e, 16) & 1) b.failed = true;
  } else {
    b.setOperand(e, 16, b.value(16));
    // A 32-bit register's upper half is undefined on the 386; Unicorn leaves it, the core writes CR0's.
    if ("reg" in e && b.o32) b.ignoredReg = { reg: e.reg, mask: 0xffff0000 };
  }
}

/**
 * Encodings that are #UD on the 386 and in Unicorn alike: ud2, fe /2-/7, ff /7, c6/c7 /1-/6, mov
 * to CS and to segment registers 6-7, register forms of lea, les, lds, lss, lfs, lgs, bound and of
 * far call and jmp, arpl (not recognized in real mode) and group 6 (0f 00: no descriptor tables
 * in real mode). The memory operand of an invalid form is never accessed.
 */
export function invalid(b: RealBuilder): void {
  const r = b.rng;
  b.prefixes(0.3, 0.2);
  const reg = (lo: number, hi: number) => b.modrm(r.range(lo, hi));
  switch (r.below(8)) {
    case 0: b.emit(0x0f, 0x0b); break;
    case 1: b.emit(0xfe); reg(2, 7); break;
    case 2: b.emit(0xff); reg(7, 7); break;
    case 3: {
      const op = r.pick([0xc6, 0xc7]);
      b.emit(op);
      reg(1, 6);
      b.imm(r.nextU32(), op === 0xc6 ? 1 : b.osize / 8);
      break;
    }
    case 4: b.emit(r.pick([0x8c, 0x8e])); b.modrm(r.pick([6, 7])); break;
    case 5: b.emit(0x8e); b.modrm(1); break;
    case 6: {
      const op = r.pick([[0x8d], [0xc4], [0xc5], [0x62], [0x0f, 0xb2], [0x0f, 0xb4], [0x0f, 0xb5], [0xff, 3], [0xff, 5]]);
      b.emit(op[0]);
      if (op[0] === 0x0f) b.emit(op[1]);
      b.modrm(op[0] === 0xff ? op[1] : r.below(8), { register: true });
      break;
    }
    default:
      if (r.chance(0.3)) { b.emit(0x63); b.modrm(r.below(8)); }
      else { b.emit(0x0f, 0x00); b.modrm(r.below(8)); }
  }
}

/** sgdt sidt lgdt lidt (0f 01 /0-/3) on a 6-byte memory operand; both start from the reset values
 *  (GDTR 0/FFFF, IDTR 0/3FF), which a MooTest cannot change. */
export function descriptorTable(b: RealBuilder): void {
  const r = b.rng;
  b.prefixes();
  const op = r.below(4);
  b.emit(0x0f, 0x01);
  const e = b.modrm(op, { register: false, width: 6 });
  if ("mem" in e) {
    b.setMem(e.mem.seg, e.mem.off, 2, b.value(16));
    b.setMem(e.mem.seg, e.mem.off + 2, 4, b.value(32));
  }
}

/**
 * mov r32,crN and mov crN,r32 (0f 20, 0f 22; N = 0, 2, 3, any mod bits) and clts (0f 06). CR0
 * never gets PE or PG (Unicorn would change modes; unit tests cover PG without PE), and its ET is
 * not compared: QEMU forces it to 1, as a 486 does.
 */
export function controlRegister(b: RealBuilder): void {
  const r = b.rng;
  b.prefixes(0.3, 0.2, [], 0.1);
  b.cr0 = 0x10 | (r.nextU32() & 0xe);
  b.cr3 = b.value(32);
  const kind = r.below(5);
  if (kind === 0) {
    b.emit(0x0f, 0x06);
    return;
  }
  const toCr = kind >= 3;
  const n = r.pick([0, 2, 3]);
  const rm = r.below(8);
  b.emit(0x0f, toCr ? 0x22 : 0x20, modrmByte(r.below(4), n, rm));
  if (toCr && n === 0) b.setReg(rm, 32, b.value(32) & 0x7ffffffe);
  b.ignoredCr0 = 0x10;
}
