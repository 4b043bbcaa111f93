// The stack: push/pop of registers, memory and immediates, pusha/popa, pushf/popf, enter/leave.
import { CaseBuilder, ESP, EBP } from "../builder";
import { STACK_BASE } from "../fuzz-case";

/** Fills the `count` operands a pop will read at esp with fresh values. */
function stackValues(b: CaseBuilder, count: number): void {
  const bytes = b.osize / 8;
  for (let i = 0; i < count; i++) b.setMem(b.regs[ESP] + i * bytes, bytes, b.value(b.osize));
}

export function pushPop(b: CaseBuilder): void {
  const r = b.rng;
  const form = r.below(7); // 0 push r, 1 pop r, 2 push E, 3 pop E, 4 push imm32/16, 5 push imm8, 6 pusha/popa
  b.prefixes("maybe", form === 2 || form === 3 ? "maybe" : false);
  // The stack pointer is set before any memory operand, which then has to work around it.
  b.fix(ESP, b.stackPointer());
  const bits = b.osize;
  switch (form) {
    case 0:
    case 1: {
      const reg = r.below(8);
      b.emit((form === 0 ? 0x50 : 0x58) | reg);
      b.setReg(reg, bits, b.value(bits));
      if (form === 1) stackValues(b, 1);
      break;
    }
    case 2:
    case 3: {
      b.emit(form === 2 ? 0xff : 0x8f);
      const e = b.modrm(form === 2 ? 6 : 0, { width: bits / 8 });
      b.setOperand(e, bits, b.value(bits));
      if (form === 3) stackValues(b, 1);
      break;
    }
    case 4:
      b.emit(0x68);
      b.imm(b.value(bits), bits / 8);
      break;
    case 5:
      b.emit(0x6a);
      b.imm(b.value(8), 1);
      break;
    default:
      b.emit(r.chance(0.5) ? 0x60 : 0x61);
      stackValues(b, 8);
      break;
  }
}

/** pushf/popf. The popped image has random arithmetic flags, DF, the flags a user program may
 *  change (AC, ID, NT) and reserved bits; TF, IF and IOPL stay clear (a trap, and privilege:
 *  Unicorn runs at CPL 0, our flat mode models a user process). */
export function pushfPopf(b: CaseBuilder): void {
  const r = b.rng;
  b.prefixes("maybe");
  b.fix(ESP, b.stackPointer());
  if (r.chance(0.5)) {
    b.emit(0x9c);
    return;
  }
  b.emit(0x9d);
  const image = (r.nextU32() & ~(0x100 | 0x200 | 0x3000)) >>> 0;
  b.setMem(b.regs[ESP], b.osize / 8, image);
}

export function enterLeave(b: CaseBuilder): void {
  const r = b.rng;
  b.prefixes("maybe");
  b.fix(ESP, b.stackPointer());
  // ebp points into the stack page too, with room for 31 levels of frame pointers below it.
  const bp = STACK_BASE + 0x100 + r.below(0xe00);
  b.fix(EBP, r.chance(0.9) ? bp & ~3 : bp);
  if (r.chance(0.4)) {
    b.emit(0xc9);
    b.setMem(b.regs[EBP], b.osize / 8, b.value(b.osize));
    return;
  }
  const level = r.weighted([
    { weight: 4, value: 0 },
    { weight: 2, value: 1 },
    { weight: 2, value: r.range(2, 5) },
    { weight: 1, value: r.below(256) }, // masked to 5 bits
  ]);
  b.emit(0xc8);
  b.imm(r.chance(0.3) ? r.pick([0, 1, 4, 0xffff]) : r.below(0x10000), 2);
  b.emit(level);
}
