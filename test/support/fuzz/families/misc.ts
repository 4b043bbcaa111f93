// The nops (90, pause, 0f 1f /0, endbr32) and encodings that must raise #UD.
import type { CaseBuilder } from "../builder";

export function nops(b: CaseBuilder): void {
  const r = b.rng;
  const form = r.below(3);
  if (form === 0) {
    b.prefixes("maybe");
    b.emit(...r.pick([[0x90], [0xf3, 0x90]])); // nop, pause
  } else if (form === 1) {
    b.prefixes("maybe", "maybe");
    b.emit(0x0f, 0x1f);
    b.modrm(0, { noAccess: true });
  } else {
    b.emit(0xf3, 0x0f, 0x1e, 0xfb); // endbr32
  }
}

/** #UD: ud2, fe /2-/7, ff /7, c6/c7 /1-/6 (/7 with a register is xabort/xbegin on TSX parts).
 *  Memory operands point at mapped pages: Unicorn reads ff /7's operand before it finds the
 *  encoding invalid (the hardware does not), and an unmapped address would fault first there. */
export function invalid(b: CaseBuilder): void {
  const r = b.rng;
  const form = r.below(4);
  if (form === 0) {
    b.emit(0x0f, 0x0b);
  } else if (form === 1) {
    b.emit(0xfe);
    b.modrm(r.range(2, 7));
  } else if (form === 2) {
    b.prefixes("maybe");
    b.emit(0xff);
    b.modrm(7);
  } else {
    const op = r.pick([0xc6, 0xc7]);
    b.emit(op);
    b.modrm(r.range(1, 6));
    b.imm(r.nextU32(), op === 0xc6 ? 1 : 4);
  }
}
