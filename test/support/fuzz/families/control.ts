// Control transfer that moves the stack or counts: jmp and call (direct, indirect), ret (imm16),
// loop, loope, loopne, jecxz (jcc is drawn from its rows). Targets may fall outside the mapped pages: only eip is compared.
import { CaseBuilder, ECX, ESP } from "../builder";

function rel(b: CaseBuilder, bytes: number): number {
  const r = b.rng;
  if (bytes === 1) return r.below(256);
  if (r.chance(0.5)) return r.range(-0x1000, 0x1000);
  return bytes === 2 ? r.below(0x10000) : r.nextU32();
}

export function jmpCall(b: CaseBuilder): void {
  const r = b.rng;
  const form = r.below(5); // 0 jmp rel8, 1 jmp rel, 2 call rel, 3 jmp E, 4 call E
  b.prefixes(form === 0 ? false : r.chance(0.15), form >= 3 ? "maybe" : false);
  b.fix(ESP, b.stackPointer());
  const size = b.osize / 8;
  if (form === 0) {
    b.emit(0xeb);
    b.imm(rel(b, 1), 1);
  } else if (form <= 2) {
    b.emit(form === 1 ? 0xe9 : 0xe8);
    b.imm(rel(b, size), size);
  } else {
    b.emit(0xff);
    const e = b.modrm(form === 3 ? 4 : 2, { width: size });
    b.setOperand(e, b.osize, r.chance(0.5) ? b.value(b.osize) : 0x1000 + r.below(0x1000));
  }
}

export function ret(b: CaseBuilder): void {
  const r = b.rng;
  b.prefixes(r.chance(0.15));
  b.fix(ESP, b.stackPointer());
  if (r.chance(0.5)) {
    b.emit(0xc3);
  } else {
    b.emit(0xc2);
    // Unicorn 2.0.1 sign-extends the imm16 (QEMU loads it with ldsw); the SDM adds it
    // unsigned. Only 0..0x7fff, where both agree, are fuzzed; the unit tests cover the rest.
    b.imm(r.chance(0.5) ? r.below(32) & ~1 : r.below(0x8000), 2);
  }
  b.setMem(b.regs[ESP], b.osize / 8, r.chance(0.5) ? b.value(32) : 0x1000 + r.below(0x1000));
}

/** loop/loope/loopne (e0-e2) and jecxz (e3); 0x67 makes the counter cx. */
export function loop(b: CaseBuilder): void {
  const r = b.rng;
  b.prefixes(r.chance(0.1), "maybe");
  b.emit(0xe0 | r.below(4));
  b.imm(rel(b, 1), 1);
  b.setReg(ECX, 32, r.pick([0, 1, 2, 0x10000, 0x10001, 0xffffffff, b.value(32)]));
}
