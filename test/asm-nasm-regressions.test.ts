/**
 * Minimal programs for differences from nasm found by the random program generator (and by
 * probing what nasm accepts next to them), each with the bytes nasm 2.16 produces for it. With
 * nasm installed, nasm must still produce those bytes and the whole layout (line addresses,
 * symbols) must match it too.
 */
import { describe, expect, it } from "vitest";
import { assemble, formatError } from "../src/asm/index.js";
import { hasNasm, nasmAssemble } from "./support/nasm.js";
import { compareWithNasm } from "./support/nasm-layout.js";

const nops = (n: number) => "90".repeat(n);

const CASES: { name: string; source: string[]; nasm: string }[] = [
  {
    // NASM's radix letters b y q o d t h x, as a 0-prefix or a suffix; the larger radix wins.
    name: "numbers with t and x radix letters, prefix and suffix together",
    source: ["dd 0t99, 99t, 1fx, 0b1h, 0d10h, 0x1_0b, 0T12, 12D"],
    nasm: "63000000630000001f000000b1000000100d00000b0100000c0000000c000000",
  },
  {
    // A `section` line is not listed: it used to get the length of the section switched to.
    name: "the listing has no entry for a section switch",
    source: ["section .data", "db 1, 2, 3", "section .text", "nop", "section .data", "db 4"],
    nasm: "9000000001020304",
  },
  {
    // An empty section after an unaligned end starts past the image (it used to throw).
    name: "an empty section after the last byte",
    source: ["nop", "section .data"],
    nasm: "90",
  },
  {
    // `$` is where the line starts, for every copy `times` makes.
    name: "$ inside times",
    source: ["org 0x100", "times 3 dw $", "times 2 jmp $", "times 2 jmp short $+2"],
    nasm: "000100010001ebfeebfceb00ebfe",
  },
  {
    // .text is aligned too (default 1); `align` raises a section's alignment, and any alignment
    // asked for replaces the default 4 of the others, even a smaller one.
    name: "section starts follow their alignment, .text included",
    source: ["org 0x101", "start: nop", "align 4", "dd $$, start", "section .data", "dd $$", "align 2", "section .bss", "resb 1", "section .text", "nop"],
    nasm: "000000909090900401000004010000900012010000",
  },
  {
    // Adding two numbers (or a register to itself) with a non-zero sum drops the hint that
    // makes the first register written the base; a symbol brings its number even when 0.
    name: "base register after summed numbers",
    source: [
      "bits 32",
      "L:",
      "mov al, [edi+4+4+ebx]",
      "mov al, [edi+(L-1)+ebx]",
      "mov al, [edi+(L-L)+ebx]",
      "mov al, [edi+4+ebx]",
      "zero equ L-L",
      "mov al, [zero+edi+eax*1-3]",
      "mov al, [nosplit eax+eax]",
      "mov al, [nosplit eax*2]",
    ],
    nasm: "8a443b088a843bffffffff8a041f8a441f048a4438fd8a04008a044500000000",
  },
  {
    name: "shift by 1: strict keeps D1, a size keyword takes C1",
    source: ["bits 32", "shl eax, strict 1", "shl eax, byte 1", "shl eax, strict byte 1", "shl eax, 1"],
    nasm: "d1e0c1e001c1e001d1e0",
  },
  // Jumps are sized from the previous pass's addresses, so a near jump whose short form would
  // reach can be final when an earlier line shrank after the first pass: the first pass must
  // size forward references as NASM's does.
  {
    // `b - a` with b not defined yet: no error, a full displacement; disp8 from pass 2 on.
    name: "first pass: an unknown displacement is full size",
    source: ["bits 32", "a:", "xchg bl, [edi + ecx*8 + (b - a)]", "b:", "jng x", "times 125 nop", "x:"],
    nasm: "865ccf040f8e7d000000" + nops(125),
  },
  {
    // K is 0 (a number, not an address) in the first pass: `jmp K` is near there.
    name: "first pass: an equ of a later label is 0",
    source: ["bits 32", "K equ far_label", "jmp K", "jz x", "times 124 nop", "x:", "far_label:"],
    nasm: "e97e000000747c" + nops(124),
  },
  {
    // Two undefined symbols cancel out: `b - c` is a known 0 (no displacement) in pass 1.
    name: "first pass: a difference of two later labels is 0",
    source: ["bits 32", "mov eax, [ebx + (b - c)]", "jz x", "times 127 nop", "x:", "b:", "c:"],
    nasm: "8b03747f" + nops(127),
  },
  {
    // Labels are kept relative to their section: .data moving after pass 1 moves its labels too.
    name: "jumps inside a section that moved",
    source: ["org 0x1000", "pop es", "section .data", "dat:", "jl .x", "jnc .x", "times 61 dw 0", ".x:"],
    nasm: "07000000" + "7c7c737a" + "00".repeat(122),
  },
  {
    // `\u` and `\U` as UTF-8 (up to 6 bytes); an escape of another character, or without its
    // digits, is that character.
    name: "backquoted strings: \\u, \\U and other escapes",
    source: ["db `\\u263a\\U0001F600\\u12`, `\\q\\xg\\8`, `\\U7fffffff`"],
    nasm: "e298baf09f98801271786738fdbfbfbfbfbf",
  },
  {
    name: "a data list may end with a comma",
    source: ['db "a", 0,', "dw 1,", "times 2 dd 3, ; x"],
    nasm: "610001000300000003000000",
  },
  {
    // A section's base may be negated or doubled along the way; only the result must be a
    // number or one address.
    name: "address arithmetic through -a and 2*b",
    source: ["bits 32", "a: dd -a + b, 2*b - a - b", "mov eax, [ebx - a + b]", "push -a + b", "b:"],
    nasm: "0d0000000d0000008b430d6a0d",
  },
  {
    // A section's base summed with itself (2*b - b) is a sum too: no base register by hint.
    name: "base register after an address summed with itself",
    source: ["bits 32", "b: nop", "mov al, [edi + (2*b - b - b) + ebp*1]", "mov al, [edi + (b + b - b - b) + ebp]", "mov al, [edi + (b - b) + ebp]"],
    nasm: "908a443d008a443d008a042f",
  },
];

describe("differences from nasm found by generated programs", () => {
  it.each(CASES)("$name", ({ source, nasm }) => {
    const text = source.join("\n") + "\n";
    const ours = assemble(text, { fileName: "case.asm" });
    expect(ours.errors.map(formatError)).toEqual([]);
    expect(Buffer.from(ours.bytes).toString("hex")).toBe(nasm);
  });

  it.skipIf(!hasNasm).each(CASES)("nasm agrees: $name", ({ source, nasm }) => {
    const text = source.join("\n") + "\n";
    expect(nasmAssemble(text).bin.toString("hex")).toBe(nasm);
    expect(compareWithNasm(text)).toEqual([]);
  });
});
