// Decimal adjust (daa das aaa aas aam aad), flag instructions (lahf sahf clc stc cmc cld std),
// the nops (90, pause, 0f 1f /0, endbr32) and encodings that must raise #UD.
import { CaseBuilder, EAX } from "../builder";
import { UNDEFINED } from "../flag-masks";

const AL_EDGES = [0x00, 0x09, 0x0a, 0x0f, 0x10, 0x19, 0x1a, 0x5f, 0x60, 0x79, 0x7f, 0x80, 0x99, 0x9a, 0x9f, 0xa0, 0xf9, 0xfa, 0xff];

export function decimal(b: CaseBuilder): void {
  const r = b.rng;
  const op = r.pick([0x27, 0x2f, 0x37, 0x3f, 0xd4, 0xd5]);
  b.emit(op);
  b.setReg(EAX, 8, r.chance(0.6) ? r.pick(AL_EDGES) : r.below(256));
  b.setReg(4, 8, r.below(256)); // ah
  if (op === 0xd4 || op === 0xd5) {
    // aam 0 is #DE; other bases are undocumented but work on every x86.
    b.emit(r.weighted([{ weight: 6, value: 10 }, { weight: 1, value: 0 }, { weight: 3, value: r.below(256) }]));
    b.undefinedFlags = UNDEFINED.asciiMulDiv;
  } else {
    b.undefinedFlags = op === 0x27 || op === 0x2f ? UNDEFINED.decimalAdjust : UNDEFINED.asciiAdjust;
  }
}

export function flagOps(b: CaseBuilder): void {
  const r = b.rng;
  b.emit(r.pick([0x9e, 0x9f, 0xf8, 0xf9, 0xf5, 0xfc, 0xfd]));
  b.setReg(4, 8, r.below(256)); // ah for sahf
}

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
