// RAM bit flips under translated code: a loop reads (or reads and writes) its way through data,
// its block is translated, then a bit of a cell ahead of it flips (the data or its check byte,
// or the loop's own code) and the blocks come back before the cell is read. The translated read
// must find what the interpreter's finds: a machine check at the same instruction (parity, or
// two bits under SEC-DED), a corrected single bit (SEC-DED), or just other data (no ECC).
import { describe, expect, it } from "vitest";
import type { EccMode } from "../src/core/module";
import { loadCoreWasm } from "../src/node/core-wasm";
import { asmCase, DATA, ORIGIN } from "./support/jit/asm-case";
import type { Step } from "./support/jit/case";
import { Machines, runCase } from "./support/jit/pair";
import { describeCase, describeOutcome } from "./support/jit/report";

const LOOPS = [
  { name: "mov al, [ebx]", width: 1, asm: "start: mov al, [ebx]\n add ebx, 1\n jmp start" },
  { name: "mov ax, [ebx]", width: 2, asm: "start: mov ax, [ebx]\n add ebx, 2\n jmp start" },
  { name: "mov eax, [ebx]", width: 4, asm: "start: mov eax, [ebx]\n add ebx, 4\n jmp start" },
  { name: "add [ebx], eax (read, then write)", width: 4, asm: "start: add [ebx], eax\n add ebx, 4\n jmp start" },
  { name: "cmp ax, [ebx] a byte further each time", width: 2, asm: "start: inc ebx\n cmp ax, [ebx]\n jmp start" },
];
const FLIPS: Array<{ name: string; bits: number; shadow: boolean }> = [
  { name: "one data bit", bits: 0x04, shadow: false },
  { name: "two data bits", bits: 0x41, shadow: false },
  { name: "the parity bit of the check byte", bits: 0x01, shadow: true },
  { name: "a Hamming bit of the check byte", bits: 0x08, shadow: true },
];
const ECC: EccMode[] = ["none", "parity", "secded"];
const AHEAD = 0x40; // the flipped cell: 16 or more iterations ahead of where the loop stands

describe("flipped RAM under translated code", () => {
  const machines = new Machines(loadCoreWasm());
  const check = (name: string, asm: string, flip: Step) => {
    for (const ecc of ECC) {
      // The block is installed (slices 1-2), the flip removes it, one iteration brings it back.
      const c = asmCase({ name, asm, regs: { ebx: DATA, eax: 0x01020304 }, runs: [1, 5, 3, 300], between: [[], [flip], []] }, ecc);
      const o = runCase(machines, c);
      if (o.step !== undefined) console.error(`${describeCase(c)}\n${describeOutcome(c, o)}`);
      expect(o.diffs, `${name}, ECC ${ecc}`).toEqual([]);
    }
  };
  for (const loop of LOOPS) {
    for (const f of FLIPS) {
      it(`${loop.name}: ${f.name}, in each byte read`, () => {
        for (let k = 0; k < loop.width; k++) check(`${loop.asm} / ${f.name} at +${k}`, loop.asm, { flip: { addr: DATA + AHEAD + k }, bits: f.bits, shadow: f.shadow });
      });
    }
  }
  it("a flip in the loop's own code", () => {
    for (let at = 0; at < 7; at++) {
      for (const f of FLIPS) check(`code byte ${at}, ${f.name}`, LOOPS[2].asm, { flip: { addr: ORIGIN + at }, bits: f.bits, shadow: f.shadow });
    }
  });
});
