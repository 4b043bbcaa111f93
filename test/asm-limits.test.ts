// The assembler's bounds: deep and long expressions parse without recursion, as far as nasm goes
// and a little past, then fail with a clear error; `times` of data repeats by copying bytes, and
// `times` of anything else is bounded by the work it takes, not only by the output's size.
import { describe, expect, it } from "vitest";
import { assemble } from "../src/asm/index.js";
import { MAX_EXPR_TOKENS } from "../src/asm/expr.js";
import { MAX_TIMES_WORK } from "../src/asm/layout.js";
import { hasNasm, nasmAssemble, skipNote } from "./support/nasm.js";
import { lockstep86 } from "./support/cli.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

skipNote("the assembler's limits against nasm", ["nasm"]);

const ours = (src: string) => assemble(src, { fileName: "t.asm", bits: 32 });
const sum = (n: number) => Array(n).fill("1").join("+");
const nest = (n: number) => "(".repeat(n) + "1" + ")".repeat(n);

describe.skipIf(!hasNasm)("expressions as deep or long as nasm takes", () => {
  const cases: Array<[string, string]> = [
    ["1,000 nested parentheses", `dd ${nest(1000)}`],
    ["1,000 unary operators", `dd ${"-".repeat(1000)}5\ndd ${"~-".repeat(500)}7\ndd ${"-~!+".repeat(250)}9`],
    ["parentheses and unary operators mixed", `dd ${"-(".repeat(800)}3${")".repeat(800)}*2`],
    ["8,191 nested parentheses (nasm's most)", `dd ${nest(8191)}`],
    ["a sum of 8,192 terms (nasm's most)", `dd ${sum(8192)}`],
    ["a long mixed expression", `dd ${Array.from({ length: 3000 }, (_, i) => `${i}${["+", "-", "*", "|", "^"][i % 5]}`).join("")}1`],
  ];
  for (const [name, body] of cases) {
    it(`${name}: the bytes nasm makes`, () => {
      const src = `bits 32\n${body}\n`;
      const theirs = nasmAssemble(src);
      expect(theirs.diagnostics.filter((d) => d.kind === "error")).toEqual([]);
      const r = ours(src);
      expect(r.errors).toEqual([]);
      expect(Buffer.from(r.bytes).equals(theirs.bin)).toBe(true);
    });
  }

  it("past the bound (a 200,000-term sum, 100,000 parentheses): one clear error, as nasm refuses them too", () => {
    for (const expr of [sum(200_000), nest(100_000)]) {
      const src = `bits 32\ndd ${expr}\n`;
      expect(nasmAssemble(src).diagnostics.map((d) => d.message)).toContain("expression too long");
      expect(ours(src).errors.map((e) => [e.line, e.col, e.message])).toEqual([[2, 4, `expression too long (more than ${MAX_EXPR_TOKENS} tokens)`]]);
    }
  });

  it("the CLI reports it as FILE:LINE:COL, status 2, one line", () => {
    const file = join(mkdtempSync(join(tmpdir(), "asm-limits-")), "long.asm");
    writeFileSync(file, `dd ${sum(200_000)}\n`);
    const r = lockstep86(["asm", file, "-o", file + ".bin"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`lockstep86: ${file}:1:4: expression too long (more than ${MAX_EXPR_TOKENS} tokens)\n`);
  });
});

describe.skipIf(!hasNasm)("times", () => {
  it("times 0x3fffff0 db 0 (just under the 64 MiB section limit): all zeros, its length exact", () => {
    const r = ours("times 0x3fffff0 db 0\n");
    expect(r.errors).toEqual([]);
    expect(r.bytes.length).toBe(0x3fffff0);
    expect(r.bytes.every((b) => b === 0)).toBe(true);
  });

  it("a repeated data line with several items and `$`: the bytes nasm makes", () => {
    const src = "db 1\nstart: times 100000 db 1, 2, 'ab'\ntimes 5000 dd $ - start, 7\nlast: times 3 resb 2\n";
    const r = ours(src);
    expect(r.errors).toEqual([]);
    expect(Buffer.from(r.bytes).equals(nasmAssemble(src).bin)).toBe(true);
  });

  it("nested times: the innermost count is used, as in nasm", () => {
    for (const src of ["times 0x1000 times 0x1000 db 0x90\n", "times 3 times 2 db 0x90\n", "times 0 times 5 db 1\n", "times 2 times 3 nop\n"]) {
      const r = ours(src);
      expect(r.errors, src).toEqual([]);
      expect(Buffer.from(r.bytes).equals(nasmAssemble(src).bin), src).toBe(true);
    }
  });

  it("instructions repeat copy by copy up to a bound; past it, one clear error", () => {
    const src = "bits 32\nlab: times 1000 jmp lab\ntimes 1000 nop\n";
    const r = ours(src);
    expect(r.errors).toEqual([]);
    expect(Buffer.from(r.bytes).equals(nasmAssemble(src).bin)).toBe(true);
    const big = ours(`bits 32\ntimes ${MAX_TIMES_WORK + 2} nop\n`);
    expect(big.errors.map((e) => [e.line, e.col, e.message])).toEqual([[2, 7, `times repeats more than ${MAX_TIMES_WORK} instructions or alignments in all (data and reservations repeat up to the 64 MiB section limit)`]]);
  });
});
