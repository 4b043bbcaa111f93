/**
 * `lockstep86 availability`: a campaign results file's coverage is what the prediction uses
 * (counted here from the file's lines), the built-in campaign fills in the rest, and bad input
 * gets one line and status 2.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { workloadSource } from "../src/availability/workload";
import { lockstep86 } from "./support/cli";

const dir = mkdtempSync(join(tmpdir(), "lockstep86-availability-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const text = (b: Uint8Array) => Buffer.from(b).toString();

describe("lockstep86 availability", () => {
  it("uses a campaign file's coverage for its mode and the built-in campaign for the rest", () => {
    const asm = join(dir, "workload.asm");
    writeFileSync(asm, workloadSource());
    writeFileSync(join(dir, "disk.img"), new Uint8Array(64 << 10));
    const out = join(dir, "dmr.jsonl");
    const c = lockstep86(["campaign", asm, "--mode", "dmr", "--faults", "18", "--seed", "3", "--ram", "1M", "--disk", join(dir, "disk.img"), "--jobs", "1", "--out", out]);
    expect(c.status).toBe(0);
    const cases = readFileSync(out, "utf8").trim().split("\n").slice(1).map((l) => JSON.parse(l) as { kind: string; outcome: string });
    const r = lockstep86(["availability", "--mode", "dmr", "--coverage", out, "--runs", "2", "--years", "2000", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const j = JSON.parse(text(r.stdout));
    for (const kind of ["ram", "reg", "disk", "stuck", "halt", "pull"]) {
      const mine = cases.filter((x) => x.kind === kind);
      const used = j.coverage.dmr[kind];
      expect(used.none + used.lost + used.down).toBe(mine.length);
      // Down: the run stopped (detected) or went wrong (sdc, crash, hang).
      expect(used.down).toBe(mine.filter((x) => ["detected", "sdc", "crash", "hang"].includes(x.outcome)).length);
      // The simulation drew from the machine's own runs: two a class.
      const run = j.runs.dmr[kind];
      expect(run.none + run.lost + run.down).toBe(2);
    }
    expect(Object.keys(j.coverage.simplex)).toEqual(["ram", "reg", "disk", "stuck", "halt"]);
    expect(j.report.modes.map((m: { mode: string }) => m.mode)).toEqual(["dmr"]);
    // Text output: the table with the vendor's claim beside dmr.
    const t = lockstep86(["availability", "--mode", "dmr", "--coverage", out, "--runs", "2", "--years", "2000"]);
    expect(t.status).toBe(0);
    expect(text(t.stdout)).toMatch(/^dmr +\d+\.\d\d \(99\.9+\d*%\) +[\d.]+-[\d.]+ .* 5\.00 \(5\.26 min\) +(yes|NO)$/m);
    expect(text(t.stdout)).toContain(`from ${out} and the built-in campaign`);
  }, 60_000);

  const bad = (args: string[], message: string) => {
    const r = lockstep86(["availability", ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`lockstep86: ${message}\n`);
    expect(text(r.stdout)).toBe("");
  };

  it("refuses bad values with one line and status 2", () => {
    bad(["--fit-dimm", "lots"], "--fit-dimm: 'lots' is not a number");
    bad(["--fit-cpu", "-5"], "--fit-cpu: -5 is out of range (0 to 1000000000)");
    bad(["--transient-cpu", "1.5"], "--transient-cpu: 1.5 is out of range (0 to 1)");
    bad(["--dimms", "2.5"], "--dimms: '2.5' is not a whole number");
    bad(["--mode", "dmr,quad"], "--mode: 'quad' is not one of simplex, dmr, tmr");
    bad(["--ecc", "chipkill"], "--ecc: 'chipkill' is not one of none, parity, secded");
    bad(["--fit-dimm", "0", "--fit-cpu", "0", "--fit-disk", "0"], "every failure rate is zero: nothing would ever fail");
  });

  it("refuses a coverage file that is missing, not a campaign, or of a mode not computed", () => {
    bad(["--coverage", join(dir, "none.jsonl")], `${join(dir, "none.jsonl")}: cannot read the results: no such file or directory`);
    writeFileSync(join(dir, "junk.jsonl"), "hello\n");
    bad(["--coverage", join(dir, "junk.jsonl")], `${join(dir, "junk.jsonl")}:1: not JSON`);
    const header = { format: "lockstep86-campaign/1", core: "x", program: "y", options: { mode: "tmr" }, seed: 1, faults: 1, golden: {}, spaces: { reg: 1 }, replay: {} };
    writeFileSync(join(dir, "tmr.jsonl"), JSON.stringify(header) + "\n" + JSON.stringify({ case: 0, spec: "reg@1/A:reg=eax,bit=0", kind: "reg", outcome: "masked", injectedAt: 1, detectedAt: 1, mechanism: "vote" }) + "\n");
    bad(["--mode", "simplex", "--coverage", join(dir, "tmr.jsonl")], "--coverage: a campaign of tmr, which none of the modes computed (simplex) runs as");
  });
});
