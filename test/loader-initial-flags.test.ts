// The EFLAGS a program starts with: an ELF process as Linux starts one (start_thread sets IF;
// qemu-i386 shows the same), a flat binary as a machine after reset (interrupts off).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runSimplex } from "../src/harness/simplex";
import { parseElf } from "../src/loader/elf";
import { flatImage } from "../src/loader/image";
import { loadCoreWasm } from "../src/node/core-wasm";
import { hasQemu, runUnderQemu } from "./support/qemu";

const le32 = (v: number) => [0, 8, 16, 24].map((s) => (v >>> s) & 0xff);

// pushfd; pop ebx; shr ebx, 9; and ebx, 1; mov eax, 1; int 0x80: exits with IF.
const EXIT_WITH_IF = [0x9c, 0x5b, 0xc1, 0xeb, 0x09, 0x83, 0xe3, 0x01, 0xb8, ...le32(1), 0xcd, 0x80];

/** A minimal ELF32 executable: one PT_LOAD at 1 MiB holding the headers and `code`. */
function tinyElf(code: number[]): Uint8Array {
  const base = 0x100000, headers = 52 + 32, size = headers + code.length;
  const elf = new Uint8Array(size);
  const dv = new DataView(elf.buffer);
  elf.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]); // "\x7fELF", 32-bit, little-endian, version 1
  dv.setUint16(16, 2, true); // ET_EXEC
  dv.setUint16(18, 3, true); // EM_386
  dv.setUint32(20, 1, true);
  dv.setUint32(24, base + headers, true); // entry: the first byte of code
  dv.setUint32(28, 52, true); // program headers right after the ELF header
  dv.setUint16(40, 52, true);
  dv.setUint16(42, 32, true);
  dv.setUint16(44, 1, true);
  [1, 0, base, base, size, size, 5, 0x1000].forEach((v, i) => dv.setUint32(52 + 4 * i, v, true)); // PT_LOAD r-x
  elf.set(code, headers);
  return elf;
}

describe("initial EFLAGS", () => {
  const elf = tinyElf(EXIT_WITH_IF);

  it("an ELF process starts with IF set", () => {
    expect(runSimplex(loadCoreWasm(), parseElf("if.elf", elf)).exitCode).toBe(1);
  });

  it.skipIf(!hasQemu())("as under qemu-i386", () => {
    const dir = mkdtempSync(join(tmpdir(), "lockstep86-if-"));
    try {
      const path = join(dir, "if.elf");
      writeFileSync(path, elf, { mode: 0o755 });
      expect(runUnderQemu(path).exitCode).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a flat binary starts with interrupts off", () => {
    expect(runSimplex(loadCoreWasm(), flatImage("if.bin", Uint8Array.from(EXIT_WITH_IF))).exitCode).toBe(0);
  });
});
