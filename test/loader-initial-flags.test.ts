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
import { le32, tinyElf } from "./support/tiny-elf";


// pushfd; pop ebx; shr ebx, 9; and ebx, 1; mov eax, 1; int 0x80: exits with IF.
const EXIT_WITH_IF = [0x9c, 0x5b, 0xc1, 0xeb, 0x09, 0x83, 0xe3, 0x01, 0xb8, ...le32(1), 0xcd, 0x80];

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
