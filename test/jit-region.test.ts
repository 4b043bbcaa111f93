// Regions: what the translator puts in one function, and that control stays there. A program
// assembled by nasm (the independent assembler) holds a loop of several blocks, a recursive
// function called from it and a `switch` through a jump table. The region found at the loop's
// head must hold the blocks nasm placed at those labels; run translated (threshold 1) against
// the interpreter it must leave the same journal, registers and cycles after every slice; and
// one call of a region function must retire many blocks' worth of instructions.
import { describe, expect, it } from "vitest";
import * as L from "../assembly/layout";
import { CpuModule } from "../src/core/module";
import { findRegion } from "../src/jit/region";
import { serveTranslations } from "../src/jit/service";
import { flatImage, FLAT_LOAD_ADDRESS } from "../src/loader/image";
import { loadProgram } from "../src/loader/process";
import { loadCoreWasm } from "../src/node/core-wasm";
import { counting, type RegionFunction } from "./support/jit/meter";
import { runProgramPair } from "./support/jit/program-pair";
import { hasNasm, nasmAssemble } from "./support/nasm";

const SOURCE = `bits 32
org 0x${FLAT_LOAD_ADDRESS.toString(16)}
start:  mov ecx, 3000
        xor eax, eax
outer:  test ecx, 1
        jz even
        add eax, ecx
        jmp join
even:   sub eax, 3
join:   push 6
        call rec
after_call: add esp, 4
        add eax, edx
        mov edx, ecx
        and edx, 3
        jmp [table + edx*4]
case0:  inc eax
        jmp next
case1:  add eax, 7
        jmp next
case2:  xor eax, 0x55
        jmp next
case3:  sar eax, 1
next:   mov [result], eax
        dec ecx
        jnz outer
        hlt
rec:    mov edx, [esp+4]
        test edx, edx
        jz base
        dec edx
        push edx
        call rec
rec_ret: add esp, 4
        add edx, [esp+4]
        ret
base:   ret
align 4
table:  dd case0, case1, case2, case3
align 4096, db 0 ; data on a page of its own: a write to a page of code leaves translated code
result: dd 0
`;

if (!hasNasm) console.warn("jit-region: nasm is not installed (apt-get install nasm); skipping");

/** The address nasm gave each label (each label sits on the line of its instruction). */
function labels(lines: Map<number, { offset: number }>): Map<string, number> {
  const out = new Map<string, number>();
  SOURCE.split("\n").forEach((text, i) => {
    const m = /^(\w+):/.exec(text);
    const at = lines.get(i + 1);
    if (m && at) out.set(m[1], FLAT_LOAD_ADDRESS + at.offset);
  });
  return out;
}

describe.skipIf(!hasNasm)("regions", () => {
  const wasm = loadCoreWasm();
  const asm = hasNasm ? nasmAssemble(SOURCE) : undefined;
  const image = () => flatImage("region.bin", new Uint8Array(asm!.bin));

  it("hold the blocks reachable by branches, calls, returns and a jump table", () => {
    const at = labels(asm!.lines);
    const ram = new Uint8Array(1 << 16);
    ram.set(asm!.bin, FLAT_LOAD_ADDRESS);
    const region = findRegion(ram, at.get("outer")!, 0, () => true);
    if (typeof region === "string") throw new Error(`no region: ${region}`);
    const starts = new Set(region.blocks.map((b) => b.start));
    for (const label of ["outer", "even", "join", "rec", "after_call", "rec_ret", "base", "case0", "case1", "case2", "case3", "next"])
      expect(starts.has(at.get(label)!), label).toBe(true);
    expect(region.blocks[0].start).toBe(at.get("outer"));
    const armOf = (label: string) => region.arms.get(at.get(label)!)!;
    expect(new Set(region.returnSites)).toEqual(new Set([armOf("after_call"), armOf("rec_ret")]));
    const jmp = region.blocks[armOf("after_call")].insns.at(-1)!.eip;
    expect(region.tables.get(jmp)).toEqual(["case0", "case1", "case2", "case3"].map(armOf));
  });

  it("run as the interpreter does, slice by slice, under each check code", () => {
    for (const [i, ecc] of (["none", "parity", "secded"] as const).entries()) {
      const r = runProgramPair(wasm, image(), { disk: new Uint8Array(4096), ecc, seed: 7 + i });
      expect(r.diffs, ecc).toEqual([]);
      expect(r.status, ecc).toBe(L.ST_HLT);
      expect(r.translated / r.cycles, ecc).toBeGreaterThan(0.9);
    }
  });

  it("keep loops, calls, returns and the switch inside one function call", () => {
    const m = new CpuModule(wasm, { ramSize: 1 << 20, diskSize: 4096, jitThreshold: 1, translator: serveTranslations });
    loadProgram(m, image(), ["region.bin"]);
    let calls = 0;
    let retired = 0;
    let wrapped = m.table.length;
    for (let status = L.ST_CYCLE_LIMIT; status !== L.ST_HLT; ) {
      status = m.run(1 << 14);
      m.clearJournal();
      for (; wrapped < m.table.length; wrapped++) {
        const fn = m.table.get(wrapped) as RegionFunction;
        m.table.set(wrapped, counting(fn, (n) => ((calls += 1), (retired += n))));
      }
      expect([L.ST_CYCLE_LIMIT, L.ST_JOURNAL_FULL, L.ST_HLT]).toContain(status);
    }
    // A pass round the loop is 14 blocks, about 50 instructions; a block alone retires at most 6.
    expect(calls).toBeGreaterThan(0);
    expect(retired / calls).toBeGreaterThan(500);
  });
});
