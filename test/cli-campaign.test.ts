/**
 * `lockstep86 campaign`: the tally adds up, the same seed gives the same campaign, the
 * redundant modes let nothing through, and every case it reports replays to the same outcome
 * under `lockstep86 run --inject`, which judges the run on its own (an independent check of
 * the campaign's bookkeeping). Bad input gets one line and status 2.
 */
import { describe, expect, it } from "vitest";
import { lockstep86 } from "./support/cli";

interface CampaignJson {
  options: { mode: string; env?: string[]; startTime?: number };
  faults: number;
  golden: { cycles: number; exitCode: number; status: string };
  spaces: Record<string, number>;
  tally: { kinds: Array<{ kind: string; n: number; outcomes: Record<string, number> }>; total: { n: number; outcomes: Record<string, number> } };
  cases: Array<{ case: number; spec: string; kind: string; outcome: string; injectedAt: number | null }>;
}

/** args with `flag` added as an option of ours: before a "--", after which all is the program's. */
function withFlag(args: string[], flag: string): string[] {
  const end = args.indexOf("--");
  return end < 0 ? [...args, flag] : [...args.slice(0, end), flag, ...args.slice(end)];
}

function campaign(args: string[]): { status: number; json: CampaignJson } {
  const r = lockstep86(["campaign", ...withFlag(args, "--json")]);
  expect(r.stderr).toBe("");
  return { status: r.status, json: JSON.parse(Buffer.from(r.stdout).toString()) };
}

const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

describe("lockstep86 campaign", () => {
  it("dmr: the tally adds up, every fault strikes in the run, none gets through", () => {
    const { status, json } = campaign(["programs/bin/hello.elf", "--faults", "40", "--seed", "7"]);
    expect(status).toBe(0);
    expect(json.cases).toHaveLength(40);
    expect(sum(json.tally.total.outcomes)).toBe(40);
    expect(json.tally.kinds.reduce((n, k) => n + sum(k.outcomes), 0)).toBe(40);
    expect(json.cases.map((c) => c.case)).toEqual([...Array(40).keys()]);
    // The fault-free run is the plain run's.
    const plain = JSON.parse(Buffer.from(lockstep86(["run", "programs/bin/hello.elf", "--mode", "simplex", "--json"]).stdout).toString());
    expect(json.golden).toMatchObject({ cycles: plain.cycles, exitCode: plain.exitCode, status: plain.status });
    for (const c of json.cases) {
      expect(c.injectedAt, c.spec).not.toBeNull();
      expect(c.injectedAt!, c.spec).toBeLessThan(json.golden.cycles);
      expect(["benign", "masked"], c.spec).toContain(c.outcome);
    }
    expect(json.tally.total.outcomes.masked).toBeGreaterThan(0);
  });

  it("the same seed gives the same campaign; another seed, other faults", () => {
    const args = ["programs/bin/exitcode.elf", "--faults", "12", "--mode", "tmr"];
    const a = campaign([...args, "--seed", "3"]).json;
    expect(campaign([...args, "--seed", "3"]).json).toEqual(a);
    const b = campaign([...args, "--seed", "4"]).json;
    expect(b.cases.map((c) => c.spec)).not.toEqual(a.cases.map((c) => c.spec));
  });

  it("--kinds draws only those kinds", () => {
    const { json } = campaign(["programs/bin/hello.elf", "--faults", "10", "--kinds", "reg,halt"]);
    expect(new Set(json.cases.map((c) => c.kind))).toEqual(new Set(["reg", "halt"]));
    expect(Object.keys(json.spaces).sort()).toEqual(["halt", "reg"]);
    // strata take turns: 5 of each
    expect(json.tally.kinds.map((k) => k.n)).toEqual([5, 5]);
  });

  it("simplex without ECC: faults get through, and each case replays to its outcome with run --inject", () => {
    const { status, json } = campaign(["programs/bin/exitcode.elf", "--mode", "simplex", "--ecc", "none", "--faults", "60", "--seed", "11"]);
    expect(status).toBe(0); // simplex offers no protection: a campaign that shows it is not a failure
    const t = json.tally.total.outcomes;
    expect(t.sdc + t.crash + t.hang).toBeGreaterThan(0);
    const sample = [...json.cases.filter((c) => c.outcome !== "benign").slice(0, 6), ...json.cases.filter((c) => c.outcome === "benign").slice(0, 2)];
    for (const c of sample) {
      const r = lockstep86(["run", "programs/bin/exitcode.elf", "--mode", "simplex", "--ecc", "none", "--max-cycles", String(json.golden.cycles * 2 + 1_000_000), "--json", "--inject", c.spec]);
      expect(JSON.parse(Buffer.from(r.stdout).toString()).outcome, c.spec).toBe(c.outcome);
    }
  });

  it("prints a table with a row per kind and a total, and a replay command for each sdc", () => {
    const args = ["programs/bin/exitcode.elf", "--mode", "simplex", "--ecc", "none", "--faults", "60", "--seed", "11"];
    const { json } = campaign(args);
    const text = Buffer.from(lockstep86(["campaign", ...args]).stdout).toString();
    expect(text).toMatch(/^kind\s+faults\s+benign\s+masked\s+detected\s+sdc\s+crash\s+hang\s+failures \(95% interval\)\s+fault space\s+extrapolated failures$/m);
    for (const k of json.tally.kinds) expect(text).toMatch(new RegExp(`^${k.kind}\\s+${k.n}\\s`, "m"));
    expect(text).toMatch(/^total\s+60\s/m);
    const sdc = json.cases.filter((c) => c.outcome === "sdc");
    expect(sdc.length).toBeGreaterThan(0);
    for (const c of sdc) expect(text).toContain(`lockstep86 run programs/bin/exitcode.elf --mode simplex --ecc none --inject ${c.spec}`);
  });

  it("passes the program its arguments, and each printed replay command carries them", () => {
    const args = ["programs/bin/args.elf", "--mode", "simplex", "--ecc", "none", "--kinds", "reg,ram", "--faults", "80", "--seed", "1"];
    const programArgs = ["two words", "-x"];
    const { json } = campaign([...args, "--", ...programArgs]);
    expect(json.golden.exitCode).toBe(3); // args exits with argc
    const text = Buffer.from(lockstep86(["campaign", ...args, "--", ...programArgs]).stdout).toString();
    const replays = text.split("\n").filter((l) => l.startsWith("  lockstep86 run "));
    expect(replays.length).toBeGreaterThan(0);
    for (const line of replays) {
      // The command as a shell would split it (the quoting used is single quotes only).
      const words = [...line.replace(/\s+#.*$/, "").trim().matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]);
      expect(words.slice(-3)).toEqual(["--", ...programArgs]);
      const r = lockstep86(withFlag(words.slice(1), "--json"));
      expect(JSON.parse(Buffer.from(r.stdout).toString()).outcome, line).toBe("sdc");
    }
  });

  it("keeps the program's environment and clock: in the results' identity and in each replay command", () => {
    const args = ["programs/bin/args.elf", "--mode", "simplex", "--ecc", "none", "--kinds", "reg,ram", "--faults", "40", "--seed", "1", "--env", "A=1", "--env", "B=x y", "--start-time", "9"];
    const { json } = campaign(args);
    expect(json.options).toMatchObject({ env: ["A=1", "B=x y"], startTime: 9 });
    const text = Buffer.from(lockstep86(["campaign", ...args]).stdout).toString();
    const replays = text.split("\n").filter((l) => l.startsWith("  lockstep86 run "));
    expect(replays.length).toBeGreaterThan(0);
    for (const line of replays.slice(0, 3)) {
      const words = [...line.replace(/\s+#.*$/, "").trim().matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]);
      expect(words.join(" ")).toContain("--start-time 9 --env A=1 --env B=x y");
      const r = JSON.parse(Buffer.from(lockstep86(withFlag(words.slice(1), "--json")).stdout).toString());
      expect(r.outcome, line).toBe("sdc");
    }
    // The fault-free run was given the environment: args counts its strings (more cycles than without).
    expect(campaign(args.slice(0, -6)).json.golden.cycles).toBeLessThan(json.golden.cycles);
  });

  it.each([
    [["--faults", "0"], "--faults"],
    [["--faults", "many"], "--faults"],
    [["--kinds", "ram,cosmic"], "--kinds: 'cosmic'"],
    [["--mode", "simplex", "--kinds", "pull"], "--kinds"],
    [["--mode", "quad"], "--mode"],
    [["--seed", "0x1ffffffff"], "--seed"],
    [["--max-cycles", "10"], "did not finish"],
  ])("bad input %j: one line naming %s, status 2", (args, what) => {
    const r = lockstep86(["campaign", "programs/bin/hello.elf", ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(what);
  });
});
