// The auxiliary vector an ELF process starts with: the same entries, in the same order, as
// qemu-i386 gives a static program (less AT_PLATFORM, whose string names a CPU this core is not).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assemble } from "../src/asm/index";
import { lockstep86 } from "./support/cli";
import { hasQemu, runUnderQemu } from "./support/qemu";
import { tinyElf } from "./support/tiny-elf";

const AT_PLATFORM = 15;
const BASE = 0x100000;

// Writes the type of every auxv entry, one byte each, up to and including AT_NULL.
const SOURCE = `
bits 32
org ${BASE + 52 + 32}
    mov esi, esp
    mov eax, [esi]            ; argc
    lea esi, [esi+eax*4+8]    ; envp
skip_env:
    lodsd
    test eax, eax
    jnz skip_env
    sub esp, 256
    mov edi, esp
next:
    mov eax, [esi]
    add esi, 8
    mov [edi], al
    inc edi
    test eax, eax
    jnz next
    mov edx, edi
    sub edx, esp
    mov ecx, esp
    mov ebx, 1
    mov eax, 4
    int 0x80
    mov eax, 1
    xor ebx, ebx
    int 0x80
`;

describe("the auxiliary vector", () => {
  const code = assemble(SOURCE, { fileName: "auxv.asm" });
  const dir = mkdtempSync(join(tmpdir(), "lockstep86-auxv-"));
  const path = join(dir, "auxv.elf");
  writeFileSync(path, tinyElf([...code.bytes], { base: BASE }), { mode: 0o755 });
  const ours = [...lockstep86(["run", "--mode", "simplex", path]).stdout];
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("ends in AT_NULL after the entries a static program gets", () => {
    expect(ours.at(-1)).toBe(0);
    expect(ours).toEqual(expect.arrayContaining([3, 4, 5, 6, 9, 25]));
  });

  it.skipIf(!hasQemu())("holds qemu-i386's entries in qemu-i386's order", () => {
    const theirs = [...runUnderQemu(path).stdout].filter((t) => t !== AT_PLATFORM);
    expect(theirs.length).toBeGreaterThan(10);
    expect(ours).toEqual(theirs);
  });
});
