// The conditional jumps, one small function per condition (70-7f short, 0f 80-8f near): the
// condition is a constant in each, so testing it is a few loads inline instead of a call to
// testCC, its switch and a call to a flag getter.
import { jccShort, jccNear } from "./ops/control";

export function jcc70(): void { jccShort(0); }
export function jcc71(): void { jccShort(1); }
export function jcc72(): void { jccShort(2); }
export function jcc73(): void { jccShort(3); }
export function jcc74(): void { jccShort(4); }
export function jcc75(): void { jccShort(5); }
export function jcc76(): void { jccShort(6); }
export function jcc77(): void { jccShort(7); }
export function jcc78(): void { jccShort(8); }
export function jcc79(): void { jccShort(9); }
export function jcc7a(): void { jccShort(10); }
export function jcc7b(): void { jccShort(11); }
export function jcc7c(): void { jccShort(12); }
export function jcc7d(): void { jccShort(13); }
export function jcc7e(): void { jccShort(14); }
export function jcc7f(): void { jccShort(15); }
export function jccNear80(): void { jccNear(0); }
export function jccNear81(): void { jccNear(1); }
export function jccNear82(): void { jccNear(2); }
export function jccNear83(): void { jccNear(3); }
export function jccNear84(): void { jccNear(4); }
export function jccNear85(): void { jccNear(5); }
export function jccNear86(): void { jccNear(6); }
export function jccNear87(): void { jccNear(7); }
export function jccNear88(): void { jccNear(8); }
export function jccNear89(): void { jccNear(9); }
export function jccNear8a(): void { jccNear(10); }
export function jccNear8b(): void { jccNear(11); }
export function jccNear8c(): void { jccNear(12); }
export function jccNear8d(): void { jccNear(13); }
export function jccNear8e(): void { jccNear(14); }
export function jccNear8f(): void { jccNear(15); }

// 0f 80-8f, by the low four bits of the opcode.
export function jccNearOf(cc: u32): void {
  switch (cc) {
    case 0: jccNear80(); break;
    case 1: jccNear81(); break;
    case 2: jccNear82(); break;
    case 3: jccNear83(); break;
    case 4: jccNear84(); break;
    case 5: jccNear85(); break;
    case 6: jccNear86(); break;
    case 7: jccNear87(); break;
    case 8: jccNear88(); break;
    case 9: jccNear89(); break;
    case 10: jccNear8a(); break;
    case 11: jccNear8b(); break;
    case 12: jccNear8c(); break;
    case 13: jccNear8d(); break;
    case 14: jccNear8e(); break;
    default: jccNear8f(); break;
  }
}
