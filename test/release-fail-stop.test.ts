// A machine that stops without being able to vouch for its state releases nothing past the last
// checkpoint (src/harness/release.ts): the console output committed up to it, and no disk image.
// Every way a run can end like that is tried, in the library and through the CLI's --save-disk
// and --json; what was released is compared with the fault-free run stopped at that checkpoint.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ProgramImage } from "../src/loader/image";
import type { LockstepResult } from "../src/harness/lockstep";
import { classifyRun } from "../src/harness/outcome";
import { released } from "../src/harness/release";
import { run, text } from "./support/machine";
import { lockstep86 } from "./support/cli";
import { RELEASE_ASM, goldenUpTo, hasNasm, releaseDisk, releaseProgram } from "./support/release-program";

const EPOCH = 1024;

describe.skipIf(!hasNasm)("a fail-stop releases nothing past the last checkpoint", () => {
  let img: ProgramImage;
  let data: number;
  let golden: LockstepResult;
  beforeAll(() => {
    ({ img, data } = releaseProgram());
    golden = run(img, { mode: "simplex", disk: releaseDisk(), epoch: EPOCH });
    expect(text(golden.stdout)).toBe("first\nsector 2");
    expect(golden.exitCode).toBe(3);
  });
  const at = () => `addr=0x${data.toString(16)},bit=1`;

  // Each way to stop: [name, mode, ecc, faults, expected status].
  const cases: Array<[string, "dmr" | "tmr", "none" | "parity", () => string[], number]> = [
    ["dmr: an unattributable divergence (a RAM flip without ECC)", "dmr", "none", () => [`ram@3000/A:${at()}`], 125],
    ["dmr: a halted module and a bad sector on the other (scrub before release fails)", "dmr", "parity", () => ["halt@2000/A", "disk@3000/B:sector=9,byte=0,bit=0"], 125],
    ["dmr: every module halted (no module is left online)", "dmr", "parity", () => ["halt@3000/A", "halt@3000/B"], 126],
    ["tmr: every module halted", "tmr", "parity", () => ["halt@3000/A", "halt@3000/B", "halt@3000/C"], 126],
    ["dmr: a pulled module and a halted one", "dmr", "parity", () => ["pull@2000/A", "halt@3000/B"], 126],
    ["dmr: a machine check on every module (no good partner)", "dmr", "parity", () => [`ram@3000/A:${at()}`, `ram@3000/B:${at()}`], 125],
    ["tmr: a machine check on every module", "tmr", "parity", () => [`ram@3000/A:${at()}`, `ram@3000/B:${at()}`, `ram@3000/C:${at()}`], 125],
    ["dmr: a sector bad on both modules when read (no good copy)", "dmr", "parity", () => ["disk@3000/A:sector=2,byte=0,bit=0", "disk@3000/B:sector=2,byte=1,bit=0"], 125],
  ];

  for (const [name, mode, ecc, faults, status] of cases) {
    it(name, () => {
      const r = run(img, { mode, ecc, disk: releaseDisk(), epoch: EPOCH, inject: faults() });
      expect(r.failStop).toBe(true);
      expect(r.exitCode).toBe(status);
      expect(r.disk).toBeNull();
      expect(released(r).withheld).toMatch(/nothing past the last checkpoint/);
      // The console output is exactly what the fault-free run had produced by that checkpoint.
      const upTo = goldenUpTo(img, r.cycles, EPOCH);
      expect(text(r.stdout)).toBe(text(upTo.stdout));
      expect(text(r.stderr)).toBe(text(upTo.stderr));
      expect(classifyRun(r, golden)).toBe("detected");
      // Every module is shown as it is: a stopped one or one a RAM machine check named is offline;
      // one no check named (a disagreement, a bad sector on each) is still online.
      const online = r.modules.filter((m) => m.state === "online").map((m) => m.name);
      if (/halted|machine check/.test(name) && !/bad sector/.test(name)) expect(online, JSON.stringify(r.modules)).toEqual([]);
      else expect(online.length, JSON.stringify(r.modules)).toBeGreaterThan(0);
    });
  }

  it("the classifier calls a fail-stop that released a disk image or disputed output sdc, not detected", () => {
    const r = run(img, { mode: "dmr", ecc: "none", disk: releaseDisk(), epoch: EPOCH, inject: [`ram@3000/A:${at()}`] });
    expect(classifyRun(r, golden)).toBe("detected");
    expect(classifyRun({ ...r, disk: golden.disk }, golden)).toBe("sdc");
    expect(classifyRun({ ...r, stdout: new TextEncoder().encode("firsT\n") }, golden)).toBe("sdc");
  });

  describe("through the CLI", () => {
    const dir = mkdtempSync(join(tmpdir(), "release-cli-"));
    const diskFile = join(dir, "disk.img");
    writeFileSync(diskFile, releaseDisk());
    const base = () => ["run", RELEASE_ASM, "--disk", diskFile, "--epoch", String(EPOCH)];

    it("--save-disk writes no image after a fail-stop, and says so in one line", () => {
      const out = join(dir, "failstop.img");
      const r = lockstep86([...base(), "--ecc", "none", "--inject", `ram@3000/A:${at()}`, "--save-disk", out]);
      expect(r.status).toBe(125);
      expect(existsSync(out)).toBe(false);
      expect(r.stderr).toContain(`lockstep86: ${out}: not written: nothing past the last checkpoint is released`);
      expect(text(r.stdout)).toBe("first\n");
    });

    it("--save-disk writes no image when every module halted; --json says the image was withheld", () => {
      const out = join(dir, "halted.img");
      const r = lockstep86([...base(), "--inject", "halt@3000/A", "--inject", "halt@3000/B", "--save-disk", out, "--json"]);
      expect(r.status).toBe(126);
      expect(existsSync(out)).toBe(false);
      const j = JSON.parse(Buffer.from(r.stdout).toString());
      expect(j).toMatchObject({ exitCode: 126, status: "stopped", diskReleased: false, outcome: "detected", output: "first\n" });
      expect(j.modules).toEqual([{ name: "A", state: "offline" }, { name: "B", state: "offline" }]);
    });

    it("--save-disk writes the image of a masked run, equal to the fault-free one", () => {
      const out = join(dir, "masked.img");
      const r = lockstep86([...base(), "--inject", `ram@3000/A:${at()}`, "--save-disk", out, "--json"]);
      expect(r.status).toBe(3);
      const j = JSON.parse(Buffer.from(r.stdout).toString());
      expect(j).toMatchObject({ outcome: "masked", diskReleased: true });
      expect(Buffer.compare(readFileSync(out), Buffer.from(golden.disk!))).toBe(0);
    });
  });
});
