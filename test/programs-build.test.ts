// The committed guest binaries are what scripts/build-programs.mjs makes from the sources
// (checked when the local toolchain is the one recorded in programs/bin/toolchain.txt), and
// every ELF has the shape the loader relies on, read here straight from the ELF32 headers.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "programs", "bin");
const RAM_SIZE = 16 << 20; // the emulator's default
const PT_LOAD = 1;

const built = readdirSync(BIN).filter((f) => f.endsWith(".elf") || f.endsWith(".bin")).sort();

describe("guest ELF layout", () => {
  for (const name of built.filter((f) => f.endsWith(".elf")))
    it(`${name} is a static i386 ET_EXEC with PT_LOAD segments inside RAM`, () => {
      const elf = readFileSync(join(BIN, name));
      expect([...elf.subarray(0, 7)]).toEqual([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]); // ELF32 LSB v1
      expect(elf.readUInt16LE(16)).toBe(2); // ET_EXEC
      expect(elf.readUInt16LE(18)).toBe(3); // EM_386
      const entry = elf.readUInt32LE(24);
      const phoff = elf.readUInt32LE(28);
      const phnum = elf.readUInt16LE(44);
      let entryIsCode = false;
      for (let i = 0; i < phnum; i++) {
        const ph = phoff + 32 * i;
        const [type, offset, vaddr, , filesz, memsz, flags, align] = [0, 4, 8, 12, 16, 20, 24, 28].map(
          (at) => elf.readUInt32LE(ph + at),
        );
        expect(type, `program header ${i}`).toBe(PT_LOAD);
        expect(filesz).toBeLessThanOrEqual(memsz);
        expect(offset + filesz).toBeLessThanOrEqual(elf.length);
        expect(vaddr).toBeGreaterThanOrEqual(0x1000);
        expect(vaddr + memsz).toBeLessThan(RAM_SIZE - (1 << 20)); // room left for heap and stack
        expect(vaddr % align).toBe(offset % align); // mappable, as qemu-i386 requires
        if (flags & 1 && entry >= vaddr && entry < vaddr + filesz) entryIsCode = true;
      }
      expect(entryIsCode, "entry point inside an executable segment").toBe(true);
    });
});

describe("committed binaries", () => {
  it("are byte for byte what the build makes from the sources", (ctx) => {
    const out = mkdtempSync(join(tmpdir(), "lockstep86-build-"));
    try {
      const r = spawnSync("node", [join(ROOT, "scripts", "build-programs.mjs"), "--out", out], {
        encoding: "utf8",
      });
      const missingTool = /is missing|cannot build 32-bit/.test(r.stderr);
      if (r.status !== 0 && missingTool) {
        console.warn(`skipping the rebuild comparison: ${r.stderr.trim()}`);
        ctx.skip();
      }
      expect(r.status, r.stderr).toBe(0);
      const toolchain = readFileSync(join(out, "toolchain.txt"), "utf8");
      if (toolchain !== readFileSync(join(BIN, "toolchain.txt"), "utf8")) {
        console.warn("skipping the rebuild comparison: the toolchain differs from programs/bin/toolchain.txt");
        ctx.skip();
      }
      expect(readdirSync(out).filter((f) => f !== "toolchain.txt").sort()).toEqual(built);
      for (const name of built)
        expect(Buffer.compare(readFileSync(join(out, name)), readFileSync(join(BIN, name))), name).toBe(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
