// rep string instructions in flat 32-bit code (assembly/ops/string.ts repFlat): where the loop
// stops early, against values worked out by hand from the 386's rules. An interrupted rep leaves
// (e)cx, (e)si, (e)di at the iterations done and eip at the instruction, retiring nothing; a write
// past RAM stops the module after the writes before it.
import { describe, expect, it } from "vitest";
import * as L from "../assembly/layout";
import { CpuModule } from "../src/core/module";
import { loadCoreWasm } from "../src/node/core-wasm";
import { CODE } from "./support/one-step";

const RAM = 1 << 20;
const [EAX, ECX, ESI, EDI] = [0, 1, 6, 7];

function machine(code: number[], regs: Record<number, number>): CpuModule {
  const m = new CpuModule(loadCoreWasm(), { ramSize: RAM, diskSize: 512, ecc: "parity" });
  m.exports.resetCpu(L.CPU_FLAT32);
  m.clearJournal();
  m.loadRam(CODE, Uint8Array.from(code));
  for (const [r, v] of Object.entries(regs)) m.setReg(Number(r), v);
  m.eip = CODE;
  m.eflags = 2;
  return m;
}

const writes = (m: CpuModule) =>
  Array.from({ length: m.journalLength }, (_, i) => m.journalEntry(i)).map((e) => [e.cycle, e.address, e.value]);

describe("rep in flat 32-bit code", () => {
  it("rep stosd stopped by a nearly full journal resumes where it stopped, retiring once", () => {
    const m = machine([0xf3, 0xab], { [EAX]: 0x11223344, [ECX]: 12, [EDI]: 0x5000 });
    // Room for 5 entries before the interpreter must stop (JOURNAL_SLACK kept free).
    m.setU32(L.S_JOURNAL_CAP, L.JOURNAL_SLACK + 5);
    const seen: number[][] = [];
    const stops: number[][] = [];
    for (let run = 0; run < 3; run++) {
      m.run(1);
      seen.push(...writes(m));
      stops.push([m.reg(ECX), m.reg(EDI), m.eip, m.cycle]);
      m.clearJournal();
    }
    // 5, 5 and 2 dwords: the first two runs stop mid-instruction at cycle 0.
    expect(stops).toEqual([
      [7, 0x5014, CODE, 0],
      [2, 0x5028, CODE, 0],
      [0, 0x5030, CODE + 2, 1],
    ]);
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => [0, 0x5000 + 4 * i, 0x11223344]));
    expect(Array.from(m.ram().subarray(0x5000, 0x5030))).toEqual(Array.from({ length: 12 }, () => [0x44, 0x33, 0x22, 0x11]).flat());
  });

  it("rep movsb running past the end of RAM writes the bytes inside it, then stops the module", () => {
    const m = machine([0xf3, 0xa4], { [ECX]: 10, [ESI]: 0x3000, [EDI]: RAM - 3 });
    m.loadRam(0x3000, Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    expect(m.run(1)).toBe(L.ST_FAULT);
    expect([m.getU32(L.S_FAULT), m.getU32(L.S_FAULT_ADDR), m.getU32(L.S_FAULT_INFO)]).toEqual([L.FAULT_MEMORY, RAM, 1 | L.FAULT_WRITE]);
    expect(writes(m)).toEqual([[0, RAM - 3, 1], [0, RAM - 2, 2], [0, RAM - 1, 3]]);
  });

  it("repne scasb and repe cmpsb stop at the first match and mismatch, with ecx counted down", () => {
    const s = machine([0xf2, 0xae], { [EAX]: 0, [ECX]: 0xffffffff, [EDI]: 0x6000 });
    s.loadRam(0x6000, new TextEncoder().encode("lockstep\0"));
    s.run(1);
    // strlen as compilers emit it: the zero at offset 8 found after 9 comparisons.
    expect([s.reg(ECX), s.reg(EDI), s.eip]).toEqual([0xffffffff - 9, 0x6009, CODE + 2]);
    const c = machine([0xf3, 0xa6], { [ECX]: 8, [ESI]: 0x6000, [EDI]: 0x7000 });
    c.loadRam(0x6000, new TextEncoder().encode("lockstep"));
    c.loadRam(0x7000, new TextEncoder().encode("lockstop"));
    c.run(1);
    // 'e' (0x65) against 'o' (0x6f) at offset 6: 7 comparisons, a borrow, not equal.
    expect([c.reg(ECX), c.reg(ESI), c.reg(EDI)]).toEqual([1, 0x6007, 0x7007]);
  });
});
