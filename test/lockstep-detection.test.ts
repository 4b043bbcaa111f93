// Each fault kind is found the way the hardware would find it, at the cycle where it shows, and
// masked. The probe program's cycles are known by counting its instructions (see probe.asm).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { flatImage, type ProgramImage } from "../src/loader/image";
import { classifyRun, faultReports } from "../src/harness/outcome";
import type { LockstepResult } from "../src/harness/lockstep";
import { ROOT } from "./support/cli";
import { run, text } from "./support/machine";

const hasNasm = spawnSync("nasm", ["-v"]).status === 0;
if (!hasNasm) console.warn("lockstep-detection: nasm is not installed (apt-get install nasm); skipping");

const DATA_READ = 2001, DATA_WRITTEN = 2002, EBX_WRITTEN = 2003, DISK_READ = 2010, EXIT = 2023;
const disk = new Uint8Array(64 << 10);
disk.set(new TextEncoder().encode("sector five data"), 5 * 512);

describe.skipIf(!hasNasm)("fault detection on the probe program", () => {
  let probe: ProgramImage;
  let dataAddr: number;
  let golden: LockstepResult;
  beforeAll(() => {
    const out = join(mkdtempSync(join(tmpdir(), "probe-")), "probe.bin");
    const r = spawnSync("nasm", ["-f", "bin", "-o", out, join(ROOT, "test/fixtures/lockstep/probe.asm")]);
    expect(r.status, r.stderr.toString()).toBe(0);
    probe = flatImage("probe.bin", new Uint8Array(readFileSync(out)));
    // `data` is the first dword after the code, 4-aligned: find it by its contents.
    const bytes = probe.segments[0].data;
    dataAddr = 0x1000 + Buffer.from(bytes).indexOf(Buffer.from("DCBA"));
    golden = run(probe, { mode: "simplex", disk });
    expect(golden.cycles).toBe(EXIT + 1);
    expect(text(golden.stdout)).toBe("DCBA\0\0\0\0sector five data");
  });
  const events = (r: LockstepResult, kind: string) => r.events.filter((e) => e.kind === kind);
  const ram = () => `ram@100/A:addr=0x${dataAddr.toString(16)},bit=1`;

  it("a flipped RAM bit: parity names the module when the word is read; it goes offline", () => {
    const r = run(probe, { mode: "dmr", disk, inject: [ram()] });
    expect(events(r, "machine-check")).toEqual([expect.objectContaining({ cycle: DATA_READ, module: "A" })]);
    expect(events(r, "offline")).toEqual([expect.objectContaining({ cycle: DATA_READ, module: "A" })]);
    expect(text(r.stdout)).toBe(text(golden.stdout));
    expect(classifyRun(r, golden)).toBe("masked");
    expect(faultReports(r, golden)[0]).toMatchObject({ injectedAt: 100, detectedAt: DATA_READ, outcome: "masked" });
  });

  it("without ECC, dmr sees the divergence at the write, retries, and fail-stops releasing nothing", () => {
    const r = run(probe, { mode: "dmr", disk, ecc: "none", inject: [ram()] });
    expect(events(r, "divergence").map((e) => e.cycle)).toEqual([DATA_WRITTEN, DATA_WRITTEN]);
    expect(events(r, "rollback")).toHaveLength(1);
    expect(events(r, "fail-stop")).toHaveLength(1);
    expect(r.stdout.length).toBe(0);
    expect(classifyRun(r, golden)).toBe("detected");
  });

  it("without ECC, tmr outvotes the module at the write and resyncs it", () => {
    const r = run(probe, { mode: "tmr", disk, ecc: "none", inject: [ram()] });
    expect(events(r, "vote")).toEqual([expect.objectContaining({ cycle: DATA_WRITTEN, module: "A" })]);
    expect(text(r.stdout)).toBe(text(golden.stdout));
    expect(classifyRun(r, golden)).toBe("masked");
  });

  it("a flipped register diverges where it is written; the retry agrees (transient)", () => {
    const r = run(probe, { mode: "dmr", disk, inject: ["reg@100/B:reg=ebx,bit=0"] });
    expect(events(r, "divergence").map((e) => e.cycle)).toEqual([EBX_WRITTEN]);
    expect(events(r, "retry-agreed")).toHaveLength(1);
    expect(r.modules.every((m) => m.state === "online")).toBe(true);
    expect(classifyRun(r, golden)).toBe("masked");
  });

  it("a flipped disk bit fails its sector's checksum when read; the sector is repaired from the mirror", () => {
    const r = run(probe, { mode: "dmr", disk, inject: ["disk@100/A:sector=5,byte=2,bit=4"] });
    expect(events(r, "machine-check")).toEqual([expect.objectContaining({ cycle: DISK_READ, module: "A" })]);
    expect(events(r, "repair")).toEqual([expect.objectContaining({ module: "A" })]);
    expect(text(r.stdout)).toBe(text(golden.stdout));
    expect(classifyRun(r, golden)).toBe("masked");
  });

  it("a stuck cell is found when read; SEC-DED corrects it instead", () => {
    const stuck = `stuck@0/B:addr=0x${dataAddr.toString(16)},bit=0,value=1`; // 0x44 has bit 0 clear
    const parity = run(probe, { mode: "dmr", disk, inject: [stuck] });
    expect(events(parity, "machine-check")).toEqual([expect.objectContaining({ cycle: DATA_READ, module: "B" })]);
    expect(classifyRun(parity, golden)).toBe("masked");
    const secded = run(probe, { mode: "dmr", disk, ecc: "secded", inject: [stuck] });
    expect(events(secded, "machine-check")).toHaveLength(0);
    expect(events(secded, "corrected")).toEqual([expect.objectContaining({ module: "B" })]);
    expect(secded.modules.every((m) => m.state === "online")).toBe(true);
    expect(text(secded.stdout)).toBe(text(golden.stdout));
  });

  it("a halted CPU is dropped at the cycle it stopped; the partner loses nothing", () => {
    const r = run(probe, { mode: "dmr", disk, inject: ["halt@500/A"] });
    expect(events(r, "offline")).toEqual([expect.objectContaining({ cycle: 500, module: "A" })]);
    expect(r.modules).toEqual([{ name: "A", state: "offline" }, { name: "B", state: "online" }]);
    expect(text(r.stdout)).toBe(text(golden.stdout));
  });

  it("in simplex the same faults are not masked", () => {
    const flipped = run(probe, { mode: "simplex", disk, ecc: "none", inject: [ram()] });
    expect(text(flipped.stdout)).toBe("DCBA\0\0\0\0sector five data".replace("DCBA", "FCBA"));
    expect(classifyRun(flipped, golden)).toBe("sdc");
    const checked = run(probe, { mode: "simplex", disk, inject: [ram()] });
    expect(classifyRun(checked, golden)).toBe("detected");
    expect(checked.stdout.length).toBe(0);
  });
});
