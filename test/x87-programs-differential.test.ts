// C programs that compute with float, double and long double on the x87 (printf, strtod, libm,
// conversions, rounding modes), built at test time with `gcc -m32 -static -O2` (glibc) and
// Debian's i386 musl, against qemu-i386, whose x87 is soft-float: the same stdout, stderr and
// exit status, bit for bit (every value is printed with all its digits or in hex). Then busybox's
// applets that use the x87: awk, seq and sort -n.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { missingGuestTools } from "./support/gcc-guest";
import { hasQemu } from "./support/qemu";
import {
  BUSYBOX, buildGlibc, buildMusl, missingBusybox, missingMusl, runQemu, runLockstep, qemuObservable,
  lockstepObservable, type LinuxRun,
} from "./support/linux-guest";

const SOURCES = fileURLToPath(new URL("support/x87-programs", import.meta.url));
const programs = readdirSync(SOURCES).filter((f) => f.endsWith(".c")).map((f) => f.slice(0, -2)).sort();
const why = missingGuestTools();
const noMusl = missingMusl();

describe.skipIf(why !== undefined)("x87 programs agree with qemu-i386", () => {
  const dir = mkdtempSync(join(tmpdir(), "lockstep86-x87-programs-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const name of programs) {
    it(`${name}.c, glibc, dmr`, async () => {
      const elf = join(dir, `${name}.glibc`);
      await buildGlibc(join(SOURCES, `${name}.c`), elf, ["-lm"]);
      const ref = runQemu(elf, {});
      expect(ref.timedOut).toBe(false);
      expect(ref.stdout.length, "the program printed under qemu-i386").toBeGreaterThan(0);
      const r = runLockstep(elf, {}, "dmr");
      expect(r.stop.message, name).not.toMatch(/not supported|not emulated/);
      expect(lockstepObservable(r)).toEqual(qemuObservable(ref));
    });
    it.skipIf(noMusl !== undefined)(`${name}.c, musl, simplex`, async () => {
      const elf = join(dir, `${name}.musl`);
      await buildMusl(join(SOURCES, `${name}.c`), elf);
      const ref = runQemu(elf, {});
      expect(ref.timedOut).toBe(false);
      const r = runLockstep(elf, {}, "simplex");
      expect(lockstepObservable(r)).toEqual(qemuObservable(ref));
    });
  }

  it("stops at SSE3's fisttp, naming it, after the output before it", async () => {
    const elf = join(dir, "fisttp.glibc");
    await buildGlibc(fileURLToPath(new URL("support/x87-unsupported/fisttp.c", import.meta.url)), elf);
    const r = runLockstep(elf, {}, "dmr");
    expect(Buffer.from(r.stdout).toString()).toBe("before\n");
    expect(r.exitCode).toBe(132);
    expect(r.stop.message).toMatch(/^invalid opcode DB [0-9A-F ]+ at eip 0x[0-9a-f]{8}: SSE3 \(fisttp\) instructions are not emulated$/);
  });
});

const enc = new TextEncoder();
const nums = enc.encode(["10", "2.5", "-3", "1e3", "0.001", "abc", "7", "-0.5e1", "3.25", "1e-3", "100"].join("\n") + "\n");
const AWK = [
  "BEGIN{x=0.1; for(i=0;i<8;i++){x=x*3.7+1/3; printf(\"%.10g %d %s %e\\n\", x, int(x), x, x)}}",
  "BEGIN{print 10%3.3, -7/2, 1e300*10, 0.1+0.2, 2^10, 2^0.5, 7^-2; printf(\"%.17g %x %c\\n\", 1/3, 255.9, 65.2)}",
  "{s+=$1; n++} END{printf(\"%.6f %.3e %d\\n\", s, s/n, n)}",
];
const BUSYBOX_RUNS: Array<[string, LinuxRun]> = [
  ["seq 0 0.1 1", { args: ["seq", "0", "0.1", "1"] }],
  ["seq -w 1.5 0.25 3", { args: ["seq", "-w", "1.5", "0.25", "3"] }],
  ["sort -n", { args: ["sort", "-n", "nums.txt"], files: { "nums.txt": nums } }],
  ["sort -g -r", { args: ["sort", "-g", "-r", "nums.txt"], files: { "nums.txt": nums } }],
  ...AWK.map((prog, i): [string, LinuxRun] => [`awk program ${i + 1}`, { args: ["awk", prog, "nums.txt"], files: { "nums.txt": nums } }]),
];
const noBusybox = !hasQemu() ? "qemu-i386 is missing" : missingBusybox();

describe.skipIf(noBusybox !== undefined)("busybox applets that use the x87 agree with qemu-i386", () => {
  BUSYBOX_RUNS.forEach(([name, run], i) => {
    const mode = i % 2 === 0 ? "dmr" : "simplex";
    it(`${name} (${mode})`, () => {
      const full: LinuxRun = { argv0: "busybox", ...run };
      const ref = runQemu(BUSYBOX, full);
      expect(ref.timedOut).toBe(false);
      expect(ref.stdout.length).toBeGreaterThan(0);
      expect(lockstepObservable(runLockstep(BUSYBOX, full, mode))).toEqual(qemuObservable(ref));
    });
  });
});
