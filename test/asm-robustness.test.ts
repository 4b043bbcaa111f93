/**
 * Proves that malformed input never escapes as an exception: seeded random token soup is
 * assembled and random bytes are disassembled; every problem must come back as an error with
 * a line and column inside the source (the CLI turns those into FILE:LINE:COL messages).
 */
import { expect, it } from "vitest";
import { assemble, disassemble } from "../src/asm/index.js";
import { Prng } from "../src/util/prng.js";

const PIECES = [
  "mov", "eax", ",", "[", "]", "ebx", "+", "*", "4", "0x10", "-", "byte", "word", "dword", "far", "short",
  "near", "strict", "es", ":", "label", ".loc", "$", "$$", "(", ")", "'ab'", '"x', "`\\x4", "times", "db",
  "dw", "dd", "equ", "resb", "align", "section", ".data", ".bss", "bits", "16", "32", "org", "jmp", "jz",
  "loop", "push", "pop", "lock", "rep", "o16", "a32", "%define", "~", "<<", ">>", "//", "%%", "/", "0", "1",
  "al", "cx", "cs", "lea", "imul", "shl", "cl", "0b102", "99999999999999999999999", ";", "\\", "#", "@",
];

it("assembling random token soup reports errors, never throws", () => {
  for (let seed = 0; seed < 1500; seed++) {
    const rng = new Prng(seed);
    const lines = Array.from({ length: 8 }, () =>
      Array.from({ length: rng.range(0, 8) }, () => rng.pick(PIECES)).join(rng.chance(0.5) ? " " : ""),
    );
    const result = assemble(lines.join("\n"), { fileName: "soup.asm" });
    for (const e of result.errors) {
      expect(e.line).toBeGreaterThanOrEqual(1);
      expect(e.line).toBeLessThanOrEqual(lines.length);
      expect(e.col).toBeGreaterThanOrEqual(1);
      expect(e.col).toBeLessThanOrEqual(lines[e.line - 1].length + 1);
    }
  }
});

it("disassembling random bytes covers every byte, never throws", () => {
  for (let seed = 0; seed < 1500; seed++) {
    const rng = new Prng(seed);
    const bytes = Uint8Array.from({ length: rng.range(1, 40) }, () => rng.below(256));
    for (const bits of [16, 32] as const) {
      const insns = disassemble(bytes, { bits, org: 0x1000 });
      expect(insns.reduce((n, i) => n + i.length, 0)).toBe(bytes.length);
      expect(insns[0].address).toBe(0x1000);
    }
  }
});
