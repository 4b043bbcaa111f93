// Data movement that needs more than random operands: lea (never accessed, sometimes #UD),
// cmpxchg8b, xlat (the rest is drawn from its rows).
import { CaseBuilder, EAX, EBX, ECX, EDX } from "../builder";

/** lea: the address is computed, never accessed, so the registers stay random. */
export function lea(b: CaseBuilder): void {
  const r = b.rng;
  b.prefixes("maybe", "maybe");
  b.emit(0x8d);
  // The register form is #UD.
  b.modrm(r.below(8), { noAccess: true, register: r.chance(0.03) });
}

/** cmpxchg8b m64 (0f c7 /1); the register form is #UD. */
export function cmpxchg8b(b: CaseBuilder): void {
  const r = b.rng;
  for (const reg of [EAX, ECX, EDX, EBX]) b.reserve(reg);
  // With 0x66, later CPUs give the register forms of 0f c7 other meanings: none there.
  const register = r.chance(0.03);
  b.prefixes(register ? false : "maybe", "maybe", b.lock() ? [0xf0] : []);
  b.emit(0x0f, 0xc7);
  const e = b.modrm(1, { width: 8, register });
  const lo = b.value(32);
  const hi = b.value(32);
  if ("mem" in e) {
    b.setMem(e.mem, 4, lo);
    b.setMem(e.mem + 4, 4, hi);
  }
  // EDX:EAX equals the destination half of the time, or one of its halves.
  const k = r.below(4);
  b.setReg(EAX, 32, k === 0 || k === 1 ? lo : b.value(32));
  b.setReg(EDX, 32, k === 0 || k === 2 ? hi : b.value(32));
  b.setReg(ECX, 32, b.value(32));
  b.setReg(EBX, 32, b.value(32));
}

/** xlat: al = [ebx + al] (bx with 0x67). */
export function xlat(b: CaseBuilder): void {
  const r = b.rng;
  b.prefixes(false, "maybe");
  b.emit(0xd7);
  const table = b.dataAddress(0, 256);
  b.fix(EBX, b.a16 ? ((b.regs[EBX] & 0xffff0000) | table) >>> 0 : table);
  const al = r.below(256);
  b.setReg(EAX, 8, al);
  b.setMem(table + al, 1, r.below(256));
}

