// Ordinary C programs, unmodified, against qemu-i386: built at test time with plain
// `gcc -m32 -static -O2` (glibc) and with Debian's i386 musl, they must print the same stdout
// and stderr, exit with the same status and leave the same files as under qemu-i386 (glibc
// builds in dmr, musl builds in tmr). The programs (test/support/linux-programs/) check nothing
// themselves: qemu-i386 is the oracle. Floating point has its own corpus
// (test/x87-programs-differential.test.ts).
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { missingGuestTools } from "./support/gcc-guest";
import {
  buildGlibc, buildMusl, missingMusl, runQemu, runLockstep, qemuObservable, lockstepObservable,
} from "./support/linux-guest";
import { RUNS } from "./support/linux-programs/runs";

const SOURCES = fileURLToPath(new URL("support/linux-programs", import.meta.url));
const programs = readdirSync(SOURCES).filter((f) => f.endsWith(".c")).map((f) => f.slice(0, -2)).sort();
const why = missingGuestTools();
if (why) console.warn(`skipping the Linux programs differential test: ${why}`);
const noMusl = missingMusl();
if (noMusl) console.warn(`skipping the musl builds: ${noMusl}`);

describe.skipIf(why !== undefined)("standard C programs agree with qemu-i386", () => {
  const dir = mkdtempSync(join(tmpdir(), "lockstep86-linux-programs-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const name of programs) {
    const run = RUNS[name] ?? {};
    it(`${name}.c, glibc, dmr`, async () => {
      const elf = join(dir, `${name}.glibc`);
      await buildGlibc(join(SOURCES, `${name}.c`), elf);
      const ref = runQemu(elf, run);
      expect(ref.timedOut).toBe(false);
      expect(ref.stdout.length, "the program printed under qemu-i386").toBeGreaterThan(0);
      const r = runLockstep(elf, run, "dmr");
      expect(r.stop.message, name).not.toMatch(/not supported|not emulated/);
      expect(lockstepObservable(r)).toEqual(qemuObservable(ref));
    });
    it.skipIf(noMusl !== undefined)(`${name}.c, musl, tmr`, async () => {
      const elf = join(dir, `${name}.musl`);
      await buildMusl(join(SOURCES, `${name}.c`), elf);
      const ref = runQemu(elf, run);
      expect(ref.timedOut).toBe(false);
      const r = runLockstep(elf, run, "tmr");
      expect(lockstepObservable(r)).toEqual(qemuObservable(ref));
    });
  }
});
