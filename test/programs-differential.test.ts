// Every guest program, in every build variant, runs under qemu-i386 and under `lockstep86 run`:
// stdout, stderr, exit status and the final disk image must be identical.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROGRAM_CASES } from "./support/program-expectations";
import { DEFAULT_DISK_SIZE, hasQemu, runUnderQemu } from "./support/qemu";
import { ROOT, runProgram } from "./support/cli";

const BIN = join(ROOT, "programs", "bin");
const elfFiles = existsSync(BIN) ? readdirSync(BIN).filter((f) => f.endsWith(".elf")).sort() : [];
const latin1 = (b: Uint8Array) => Buffer.from(b).toString("latin1");

if (!hasQemu()) console.warn("programs-differential: qemu-i386 is not installed (apt-get install qemu-user); skipping");

describe.skipIf(!hasQemu())("lockstep86 run agrees with qemu-i386", () => {
  it("finds the built programs", () => {
    expect(elfFiles.length).toBeGreaterThanOrEqual(40);
  });
  for (const elf of elfFiles) {
    const cases = PROGRAM_CASES[elf.split(".")[0]] ?? [{ label: "default" }];
    for (const c of cases) {
      it(`${elf}: ${c.label}`, () => {
        const disk = new Uint8Array(DEFAULT_DISK_SIZE);
        // A recognisable disk, so that reads of unwritten sectors are compared too.
        for (let i = 0; i < disk.length; i += 4096) disk[i] = (i >>> 12) & 0xff;
        // Both runners get the same path as argv[0], and the program's own arguments after "--".
        const path = join("programs", "bin", elf);
        const q = runUnderQemu(join(BIN, elf), { stdin: c.stdin, disk, args: c.args, argv0: path });
        const ours = runProgram(path, { stdin: c.stdin, disk, programArgs: c.args });
        expect(ours.stderr.replace(/^lockstep86: .*\n/gm, "")).toBe(latin1(q.stderr));
        expect(latin1(ours.stdout)).toBe(latin1(q.stdout));
        expect(ours.status).toBe(q.exitCode);
        expect(Buffer.compare(Buffer.from(ours.disk!), Buffer.from(q.disk))).toBe(0);
      });
    }
  }
});
