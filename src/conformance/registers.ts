// How the registers named in MOO files map onto the core's state. The 16-bit layout (REGS) names
// the 8086 register file; the 32-bit one (RG32) the 386's. Of the control and debug registers
// the core models CR0 and CR3 (SMSW, LMSW, CLTS and MOV reach them); DR6 and DR7 a test may only
// leave as they were.
import * as L from "../../assembly/layout";
import type { RegName } from "../moo/types";

export type RegisterSlot =
  | { kind: "gpr"; index: number; width: 16 | 32 }
  | { kind: "seg"; index: number }
  | { kind: "ip"; width: 16 | 32 }
  | { kind: "flags"; width: 16 | 32 }
  | { kind: "cr"; offset: number }
  | { kind: "unmodelled" };

const gpr = (index: number, width: 16 | 32): RegisterSlot => ({ kind: "gpr", index, width });
const seg = (index: number): RegisterSlot => ({ kind: "seg", index });

export const REGISTER_SLOTS: Record<RegName, RegisterSlot> = {
  ax: gpr(L.EAX, 16), cx: gpr(L.ECX, 16), dx: gpr(L.EDX, 16), bx: gpr(L.EBX, 16),
  sp: gpr(L.ESP, 16), bp: gpr(L.EBP, 16), si: gpr(L.ESI, 16), di: gpr(L.EDI, 16),
  eax: gpr(L.EAX, 32), ecx: gpr(L.ECX, 32), edx: gpr(L.EDX, 32), ebx: gpr(L.EBX, 32),
  esp: gpr(L.ESP, 32), ebp: gpr(L.EBP, 32), esi: gpr(L.ESI, 32), edi: gpr(L.EDI, 32),
  es: seg(L.SEG_ES), cs: seg(L.SEG_CS), ss: seg(L.SEG_SS), ds: seg(L.SEG_DS),
  fs: seg(L.SEG_FS), gs: seg(L.SEG_GS),
  ip: { kind: "ip", width: 16 }, eip: { kind: "ip", width: 32 },
  flags: { kind: "flags", width: 16 }, eflags: { kind: "flags", width: 32 },
  cr0: { kind: "cr", offset: L.S_CR0 }, cr3: { kind: "cr", offset: L.S_CR3 },
  dr6: { kind: "unmodelled" }, dr7: { kind: "unmodelled" },
};

/** Segment registers in the order the core numbers them, for checking their hidden bases. */
export const SEGMENT_NAMES = ["es", "cs", "ss", "ds", "fs", "gs"] as const;
