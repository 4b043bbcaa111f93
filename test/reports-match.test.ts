// Reports say what the machine did: a fault spec the hardware cannot hold is refused, an empty
// slot stays empty, the module a vote outvoted is the one named, and what the guest sees never
// depends on a speed setting (epoch, translation).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { flatImage } from "../src/loader/image";
import { faultReports } from "../src/harness/outcome";
import * as L from "../assembly/layout";
import { run, image, golden } from "./support/machine";
import { lockstep86, ROOT } from "./support/cli";
import { hasNasm, releaseDisk, releaseProgram } from "./support/release-program";

describe("fault specs the hardware cannot hold", () => {
  it(`a ${L.STUCK_MAX + 1}th stuck bit on one module is refused in one line (status 2)`, () => {
    const specs = Array.from({ length: L.STUCK_MAX + 1 }, (_, i) => ["--inject", `stuck@10/A:addr=0x${(0x3000 + i).toString(16)},bit=0,value=1`]).flat();
    const r = lockstep86(["run", "programs/bin/hello.elf", ...specs]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`lockstep86: --inject 'stuck@10/A:addr=0x${(0x3000 + L.STUCK_MAX).toString(16)},bit=0,value=1': module A can hold at most ${L.STUCK_MAX} stuck bits\n`);
    // As many as the table holds are accepted, and each is applied.
    const ok = lockstep86(["run", "programs/bin/hello.elf", "--json", ...specs.slice(0, -2)]);
    expect(ok.status).toBe(0);
    const j = JSON.parse(Buffer.from(ok.stdout).toString());
    expect(j.faults.every((f: { outcome: string }) => f.outcome !== "not-applied")).toBe(true);
  });
});

describe("an empty slot stays empty until a module is inserted", () => {
  const img = image("qsort.elf");
  const resyncs = (r: ReturnType<typeof run>, m: string) => r.events.filter((e) => e.kind === "resync-start" && e.module === m).length;
  it("tmr: a pulled module is never resynced without an insert", () => {
    const r = run(img, { mode: "tmr", inject: ["pull@5000/B"] });
    expect(resyncs(r, "B")).toBe(0);
    expect(r.events.filter((e) => e.kind === "offline" && e.module === "B")).toHaveLength(1);
    expect(r.modules.find((m) => m.name === "B")!.state).toBe("offline");
    expect(Buffer.from(r.stdout).equals(Buffer.from(golden(img).stdout))).toBe(true);
  });
  it("dmr --auto-replace: likewise; after an insert the slot is resynced once and comes online", () => {
    const r = run(img, { mode: "dmr", autoReplace: true, inject: ["pull@5000/A"] });
    expect(resyncs(r, "A")).toBe(0);
    const back = run(img, { mode: "dmr", autoReplace: true, inject: ["pull@5000/A", "insert@20000/A"] });
    expect(resyncs(back, "A")).toBe(1);
    expect(back.modules.find((m) => m.name === "A")!.state).toBe("online");
  });
});

describe("an insert into a slot that holds a module", () => {
  it("is reported not applied", () => {
    const img = image("qsort.elf");
    const r = run(img, { mode: "dmr", inject: ["insert@5000/A"] });
    expect(r.events.some((e) => e.kind === "insert" && /insert ignored/.test(e.detail))).toBe(true);
    expect(faultReports(r, golden(img))[0]).toMatchObject({ outcome: "not-applied", injectedAt: null });
  });
});

describe.skipIf(!hasNasm)("a vote names the module it outvoted", () => {
  it("identical flips on A and B in tmr: C is outvoted, and every fault's recovery says so", () => {
    const { img, data } = releaseProgram();
    const at = `addr=0x${data.toString(16)},bit=1`;
    const r = run(img, { mode: "tmr", ecc: "none", disk: releaseDisk(), epoch: 1024, inject: [`ram@3000/A:${at}`, `ram@3000/B:${at}`] });
    const votes = r.events.filter((e) => e.kind === "vote").map((e) => e.module);
    expect(votes).toEqual(["C"]);
    const ref = run(img, { mode: "simplex", disk: releaseDisk(), epoch: 1024 });
    expect(faultReports(r, ref).map((f) => f.recovery)).toEqual(["module C outvoted", "module C outvoted"]);
  });
});

describe.skipIf(!hasNasm)("read() returns the same bytes whatever the epoch or translation", () => {
  it("counts of read(0, buf, 5000) with the journal nearly full at every read", () => {
    const out = join(mkdtempSync(join(tmpdir(), "reads-")), "r.bin");
    const asm = spawnSync("nasm", ["-f", "bin", "-o", out, join(ROOT, "test/fixtures/lockstep/read-counts.asm")]);
    expect(asm.status, asm.stderr.toString()).toBe(0);
    const img = flatImage("r.bin", new Uint8Array(readFileSync(out)));
    const stdin = new Uint8Array(100_000).map((_, i) => i * 7);
    const counts = (epoch: number, jit: boolean, mode: "simplex" | "dmr") => {
      const r = run(img, { mode, epoch, jit, stdin });
      expect(r.exitCode).toBe(0);
      return [...new Uint32Array(new Uint8Array(r.stdout).buffer)];
    };
    // The model: input is queued as far as the ring holds it; a read takes min(5000, queued);
    // once the ring is empty it is refilled up to its size.
    const expected: number[] = [];
    for (let left = stdin.length, queued = 0; left > 0 || queued > 0;) {
      if (queued === 0) {
        queued = Math.min(left, L.INPUT_SIZE);
        left -= queued;
      }
      const n = Math.min(5000, queued);
      expected.push(n);
      queued -= n;
    }
    for (const [epoch, jit, mode] of [[65536, true, "dmr"], [1000, true, "dmr"], [4097, false, "dmr"], [1 << 20, true, "simplex"], [333, false, "simplex"]] as const) {
      expect(counts(epoch, jit, mode), `--epoch ${epoch} jit ${jit} ${mode}`).toEqual(expected);
    }
  });
});
