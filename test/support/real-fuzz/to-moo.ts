// A case and Unicorn's outcome as a conformance test (the MooTest a SingleStepTests file would
// hold), so that the core runs it exactly as `lockstep86 conformance` runs the 386 suite: the
// initial state loaded, the instruction run to the HLT after it (or at the exception handler),
// every register and every written byte compared.
import type { MooTest, RegisterValues } from "../../../src/moo/types";
import { disassemble16 } from "./report";
import { baseBytes, CS, ES, FS, GS, DS, HANDLER_CS, HANDLER_IP, SS, type RealCase, type RealOutcome } from "./real-case";

const ESP = 4;
const IF = 0x200, TF = 0x100;

function registers(regs: number[], segs: number[]): RegisterValues {
  return {
    eax: regs[0], ecx: regs[1], edx: regs[2], ebx: regs[3], esp: regs[4], ebp: regs[5], esi: regs[6], edi: regs[7],
    es: segs[ES], cs: segs[CS], ss: segs[SS], ds: segs[DS], fs: segs[FS], gs: segs[GS],
  };
}
const GPR = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"] as const;

/** What a real-mode fault leaves: FLAGS, CS, IP (the faulting instruction's) pushed, IF and TF
 *  clear, CS:IP from the vector, every other register as the instruction found it. */
function afterFault(c: RealCase, o: RealOutcome): { regs: RegisterValues; ram: [number, number][] } {
  const sp = o.regs[ESP] & 0xffff;
  const at = (k: number) => o.segs[SS] * 16 + ((sp - k) & 0xffff);
  const word = (k: number, v: number): [number, number][] => [[at(k), v & 0xff], [at(k - 1), (v >> 8) & 0xff]];
  const regs = registers(o.regs, o.segs);
  regs.esp = ((o.regs[ESP] & 0xffff0000) | ((sp - 6) & 0xffff)) >>> 0;
  return {
    regs: { ...regs, cs: HANDLER_CS, eip: HANDLER_IP + 1, eflags: (o.eflags & ~(IF | TF)) >>> 0 },
    ram: [...word(2, o.eflags), ...word(4, c.segs[CS]), ...word(6, c.ip)],
  };
}

export function toMooTest(c: RealCase, o: RealOutcome): MooTest {
  const init = {
    regs: {
      ...registers(c.regs, c.segs), eip: c.ip, eflags: c.eflags,
      ...(c.cr0 === undefined ? {} : { cr0: c.cr0 }), ...(c.cr3 === undefined ? {} : { cr3: c.cr3 }),
    },
    ram: [...baseBytes(), ...c.mem, ...(o.hlt === null ? [] : [[o.hlt, 0xf4] as [number, number]])],
  };
  let final: { regs: RegisterValues; ram: [number, number][] };
  if (o.exception === null) {
    // The run ends past the HLT where control went.
    final = { regs: { ...registers(o.regs, o.segs), eip: (o.eip + 1) >>> 0, eflags: o.eflags }, ram: o.mem };
  } else {
    const fault = afterFault(c, o);
    final = { regs: fault.regs, ram: [...new Map([...o.mem, ...fault.ram])] };
  }
  if (c.cr0 !== undefined) final.regs.cr0 = o.cr0;
  if (c.cr3 !== undefined) final.regs.cr3 = o.cr3;
  const masks: RegisterValues = { eflags: ~(c.undefinedFlags | c.unjudgedFlags) >>> 0 };
  if (c.ignoredCr0 !== undefined) masks.cr0 = ~c.ignoredCr0 >>> 0;
  if (c.ignoredReg) masks[GPR[c.ignoredReg.reg]] = ~c.ignoredReg.mask >>> 0;
  return {
    index: c.index,
    name: disassemble16(c.code, c.ip),
    bytes: Uint8Array.from([...c.code, 0xf4]),
    init,
    final: { ...final, masks },
    exception: o.exception === null ? undefined : { number: o.exception, flagsAddress: 0 },
    hash: "0".repeat(40),
    offset: 0,
  };
}
