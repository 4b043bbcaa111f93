/**
 * Campaign results files: the same seed gives the same cases whatever the number of threads or
 * shards (keyed by case index); a run killed midway resumes to exactly the cases of a run that
 * was never interrupted; shards merge when their headers agree and are refused when not.
 */
import { spawn } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lockstep86, ROOT } from "./support/cli";

const dir = mkdtempSync(join(tmpdir(), "lockstep86-campaign-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const path = (name: string) => join(dir, name);

const lines = (file: string) => readFileSync(file, "utf8").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));
const casesOf = (file: string) => lines(file).slice(1).sort((a, b) => a.case - b.case);

const BASE = ["programs/bin/hello.elf", "--mode", "tmr", "--faults", "48", "--seed", "21"];

function campaign(args: string[]) {
  const r = lockstep86(["campaign", ...args]);
  expect(r.stderr, args.join(" ")).toBe("");
  expect(r.status).toBe(0);
  return r;
}

describe("campaign --out", () => {
  it.each([[[]], [["--prune", "defuse"]]])("%j: writes a header and one line per case; the same cases for any --jobs and any sharding", (prune: string[]) => {
    const path = (name: string) => join(dir, `${prune.length ? "pruned-" : ""}${name}`);
    const BASE = ["programs/bin/hello.elf", "--mode", "tmr", "--faults", "48", "--seed", "21", ...prune];
    campaign([...BASE, "--jobs", "1", "--out", path("one.jsonl")]);
    const [header, ...rest] = lines(path("one.jsonl"));
    expect(header).toMatchObject({ format: "lockstep86-campaign/1", seed: 21, faults: 48, options: { mode: "tmr", args: [] } });
    // The header records pruning; an unpruned campaign's has no such field (as before there was pruning).
    expect(header.options.prune).toBe(prune.length ? "defuse" : undefined);
    if (prune.length) expect(rest.some((c) => c.note === "pruned")).toBe(true);
    expect(header.core).toMatch(/^[0-9a-f]{64}$/);
    expect(header.program).toMatch(/^[0-9a-f]{64}$/);
    expect(rest.map((c) => c.case)).toEqual([...Array(48).keys()]);
    for (const c of rest) expect(Object.keys(c)).toEqual(expect.arrayContaining(["case", "spec", "outcome"]));
    const one = casesOf(path("one.jsonl"));

    campaign([...BASE, "--jobs", "3", "--out", path("three.jsonl")]);
    expect(casesOf(path("three.jsonl"))).toEqual(one);

    for (const i of [0, 1, 2]) campaign([...BASE, "--jobs", "2", "--shard", `${i}/3`, "--out", path(`shard${i}.jsonl`)]);
    expect(casesOf(path("shard1.jsonl")).map((c) => c.case)).toEqual([1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 34, 37, 40, 43, 46]);
    const m = lockstep86(["campaign", "merge", path("shard2.jsonl"), path("shard0.jsonl"), path("shard1.jsonl"), "-o", path("merged.jsonl")]);
    expect(m.status).toBe(0);
    expect(lines(path("merged.jsonl"))[0]).toEqual(header);
    expect(casesOf(path("merged.jsonl"))).toEqual(one);
    // The report of the merged file is the report of the one-process run.
    const a = lockstep86(["campaign", "report", path("merged.jsonl")]);
    expect(Buffer.from(a.stdout).toString()).toBe(Buffer.from(lockstep86(["campaign", "report", path("one.jsonl")]).stdout).toString());
  });

  it.each([[[]], [["--prune", "defuse", "--kinds", "ram,stuck,reg", "--faults", "150"]]])("%j: resumes a killed run: the cases end up those of an uninterrupted run", async (prune: string[]) => {
    const path = (name: string) => join(dir, `${prune.length ? "pruned-" : ""}${name}`);
    const args = ["programs/bin/qsort.elf", "--mode", "dmr", "--faults", "60", "--seed", "4", "--jobs", "1", ...prune];
    const n = prune.length ? 150 : 60;
    campaign([...args, "--out", path("whole.jsonl")]);
    const file = path("killed.jsonl");
    const child = spawn(process.execPath, [join(ROOT, "bin", "lockstep86.js"), "campaign", ...args, "--out", file], { cwd: ROOT, stdio: "ignore" });
    // Kill it hard once some cases but not all are written.
    await new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        if (existsSync(file) && readFileSync(file, "utf8").split("\n").length > 12) {
          clearInterval(poll);
          child.kill("SIGKILL");
        }
      }, 20);
      child.on("exit", () => {
        clearInterval(poll);
        resolve();
      });
      child.on("error", reject);
    });
    const before = casesOf(file);
    expect(before.length).toBeGreaterThan(10);
    expect(before.length).toBeLessThan(n);
    // A line half written when the process died.
    appendFileSync(file, '{"case":59,"spec":"reg@1');
    const size = statSync(file).size;
    const r = lockstep86(["campaign", ...args, "--out", file, "--resume", "--json"]);
    expect(r.status).toBe(0);
    expect(statSync(file).size).toBeGreaterThan(size);
    expect(casesOf(file)).toEqual(casesOf(path("whole.jsonl")));
    expect(JSON.parse(Buffer.from(r.stdout).toString()).cases).toEqual(casesOf(path("whole.jsonl")));
  }, 120_000);

  it("--margin picks Leveugle's number of experiments for each kind's space", () => {
    // hello runs 90 cycles; dmr: reg space 90 x 2 x 320 = 57,600 -> n = 95.9 -> 96; halt 180 -> 62.9 -> 63.
    // Kinds take turns, so each gets the larger: 2 x 96.
    // (--shard 0/1000 runs case 0 alone: the header still states the whole campaign's size.)
    const r = lockstep86(["campaign", "programs/bin/hello.elf", "--kinds", "reg,halt", "--margin", "0.1", "--shard", "0/1000", "--json"]);
    expect(JSON.parse(Buffer.from(r.stdout).toString()).faults).toBe(192);
  });

  it.each([
    [["--out", "EXISTING"], "already exists"],
    [["--out", "EXISTING", "--resume", "--seed", "22"], "seed: 21 vs 22"],
    [["--out", "EXISTING", "--resume", "--prune", "defuse"], 'options.prune: undefined vs "defuse"'],
    [["--prune", "all"], "--prune"],
    [["--resume"], "--resume needs --out"],
    [["--shard", "3/3"], "--shard: '3/3'"],
    [["--faults", "10", "--margin", "0.1"], "not both"],
    [["--margin", "2"], "--margin"],
    [["--jobs", "0"], "--jobs"],
  ])("bad input %j: one line naming %s, status 2", (extra, what) => {
    if (!existsSync(path("existing.jsonl"))) campaign([BASE[0], "--faults", "4", "--seed", "21", "--out", path("existing.jsonl")]);
    const args = extra.map((a) => (a === "EXISTING" ? path("existing.jsonl") : a));
    const r = lockstep86(["campaign", BASE[0], "--faults", "4", ...(args.includes("--seed") ? [] : ["--seed", "21"]), ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(what);
  });

  it("merge refuses parts of different campaigns and files that are not results", () => {
    campaign([...BASE, "--faults", "4", "--out", path("a.jsonl")]);
    campaign([...BASE, "--faults", "4", "--mode", "dmr", "--out", path("b.jsonl")]);
    const r = lockstep86(["campaign", "merge", path("a.jsonl"), path("b.jsonl"), "-o", path("c.jsonl")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("options.mode: \"tmr\" vs \"dmr\"");
    expect(existsSync(path("c.jsonl"))).toBe(false);
    appendFileSync(path("bad.jsonl"), '{"format":"lockstep86-campaign/1"}\n');
    const bad = lockstep86(["campaign", "report", path("bad.jsonl")]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toMatch(/bad\.jsonl:1: the header has no "core"$/);
  });
});
