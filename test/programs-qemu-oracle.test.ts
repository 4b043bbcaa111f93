// The guest programs are right under the oracle: every built ELF (all optimisation and -march
// variants) runs under qemu-i386 and prints exactly what an independent TypeScript model of
// it says, with the expected exit status and final disk. The emulator is later compared
// with qemu on these same binaries, so a wrong program would otherwise look like a CPU bug.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROGRAM_CASES } from "./support/program-expectations";
import { DEFAULT_DISK_SIZE, hasQemu, runUnderQemu } from "./support/qemu";
import { le32, tinyElf } from "./support/tiny-elf";

const PROGRAMS = fileURLToPath(new URL("../programs", import.meta.url));
const BIN = join(PROGRAMS, "bin");

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");
const elfFiles = existsSync(BIN) ? readdirSync(BIN).filter((f) => f.endsWith(".elf")).sort() : [];
const programOf = (elf: string) => elf.split(".")[0];


if (!hasQemu()) console.warn("skipping the qemu-i386 oracle tests: qemu-i386 not found (apt-get install qemu-user)");

describe.skipIf(!hasQemu())("guest programs under qemu-i386", () => {
  it("has every program built, in every variant, and a model for each", () => {
    const sources = readdirSync(PROGRAMS).filter((f) => f.endsWith(".c")).map((f) => f.slice(0, -2));
    expect(sources.length).toBeGreaterThan(0);
    for (const name of sources) {
      expect(PROGRAM_CASES, `no model for programs/${name}.c`).toHaveProperty(name);
      for (const variant of ["", ".O0", ".O3", ".i386"])
        expect(elfFiles, "run npm run build:programs").toContain(`${name}${variant}.elf`);
    }
  });

  for (const elf of elfFiles)
    describe(elf, () => {
      for (const c of PROGRAM_CASES[programOf(elf)] ?? [])
        it(c.label, () => {
          const initialDisk = new Uint8Array(DEFAULT_DISK_SIZE);
          const r = runUnderQemu(join(BIN, elf), { stdin: c.stdin, args: c.args, disk: initialDisk, maxSeconds: 60 });
          const stdout = latin1(r.stdout);
          const want = c.expected(stdout);
          expect(stdout).toBe(want.stdout);
          expect(latin1(r.stderr)).toBe(want.stderr ?? "");
          expect(r.exitCode).toBe(want.exitCode);
          expect(r.timedOut).toBe(false);
          // The disk is fixed-size in the emulator: the file must not have grown.
          expect(r.disk.length).toBe(DEFAULT_DISK_SIZE);
          const wantDisk = want.disk ? want.disk(initialDisk) : initialDisk;
          expect(Buffer.compare(r.disk, wantDisk), "final disk image").toBe(0);
        });
    });

  describe("runUnderQemu", () => {
    let dir = "";
    beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), "lockstep86-elf-"))));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const tmpElf = (name: string, code: number[]) => {
      const path = join(dir, name);
      writeFileSync(path, tinyElf(code), { mode: 0o755 });
      return path;
    };

    it("reports the status passed to exit", () => {
      // mov eax, 1 (exit); mov ebx, 7; int 0x80
      const r = runUnderQemu(tmpElf("exit7.elf", [0xb8, ...le32(1), 0xbb, ...le32(7), 0xcd, 0x80]));
      expect(r.exitCode).toBe(7);
    });

    it("lets a guest exit without reading all of its input", () => {
      const r = runUnderQemu(tmpElf("exit7b.elf", [0xb8, ...le32(1), 0xbb, ...le32(7), 0xcd, 0x80]), {
        stdin: new Uint8Array(1 << 20),
      });
      expect(r.exitCode).toBe(7);
    });

    it("maps death by a signal to 128 + signo, like a shell", () => {
      const r = runUnderQemu(tmpElf("hlt.elf", [0xf4])); // hlt in user mode: SIGSEGV
      expect(r.exitCode).toBe(128 + 11);
    });

    it("kills a run that takes longer than maxSeconds", () => {
      const r = runUnderQemu(tmpElf("loop.elf", [0xeb, 0xfe]), { maxSeconds: 1 }); // jmp $
      expect(r.timedOut).toBe(true);
      expect(r.exitCode).toBe(128 + 9);
    });

    it("returns the disk as the guest left it, without changing the caller's copy", () => {
      const message = 0x100000 + 84 + 38; // "OK", after the 38 bytes of code
      const code = [
        0xb8, ...le32(181), // mov eax, 181 (pwrite64)
        0xbb, ...le32(3), // mov ebx, 3 (the disk)
        0xb9, ...le32(message), // mov ecx, message
        0xba, ...le32(2), // mov edx, 2 (bytes)
        0xbe, ...le32(512), // mov esi, 512 (offset, low half)
        0x31, 0xff, // xor edi, edi (offset, high half)
        0xcd, 0x80, // int 0x80
        0x89, 0xc3, // mov ebx, eax (status: pwrite64's result)
        0xb8, ...le32(1), // mov eax, 1 (exit)
        0xcd, 0x80, // int 0x80
        0x4f, 0x4b, // "OK"
      ];
      const disk = new Uint8Array(1024);
      const r = runUnderQemu(tmpElf("pwrite.elf", code), { disk });
      expect(r.exitCode).toBe(2);
      expect(latin1(r.disk.subarray(512, 514))).toBe("OK");
      expect(r.disk.length).toBe(1024);
      expect(disk.every((b) => b === 0)).toBe(true);
    });
  });
});
