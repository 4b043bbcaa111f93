// A Linux program's world (--file, --env, --start-time, --seed, --tty) in scenarios, run as a
// user runs them: --print-scenario and --print-link carry it, the scenario gives the flags' run
// (what the program read, its environment in order, its clock and terminal are the values given
// here), the flags that set it are refused beside a scenario, a scenario's bad world fields are
// named, and --out-dir and --gdb go beside a scenario as beside a program.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeLink, parseScenario, scenarioJson } from "../src/scenario/index";
import { lockstep86, ROOT } from "./support/cli";
import { buildGlibc } from "./support/linux-guest";
import { missingGuestTools } from "./support/gcc-guest";
import { freePort } from "./support/free-port";

const SOURCE = fileURLToPath(new URL("support/scenario-world/world.c", import.meta.url));
const why = missingGuestTools();
if (why) console.warn(`skipping the scenario world test: ${why}`);
const hasGdb = spawnSync("gdb", ["--version"]).status === 0;

const dir = mkdtempSync(join(tmpdir(), "cli-world-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const elf = join(dir, "world");
const input = join(dir, "in.txt");

const run = (a: string[]) => {
  const r = lockstep86(["run", ...a]);
  return { status: r.status, stdout: Buffer.from(r.stdout).toString("latin1"), stderr: r.stderr };
};
const START = 1_000_000_000;
const WORLD = ["--file", `${input}=/data/in.txt`, "--env", "HOME=/home/guest", "--env", "EMPTY=", "--env", "EQ=a=b",
  "--start-time", String(START), "--seed", "7", "--tty"];

describe.skipIf(why !== undefined)("a scenario carries the program's Linux world", () => {
  let byFlags: ReturnType<typeof run>;
  let scenarioFile: string;
  beforeAll(async () => {
    await buildGlibc(SOURCE, elf);
    writeFileSync(input, "the file's first line\n");
    byFlags = run([elf, "--mode", "simplex", ...WORLD]);
    scenarioFile = join(dir, "world.json");
    writeFileSync(scenarioFile, run([elf, "--mode", "simplex", ...WORLD, "--print-scenario"]).stdout);
  }, 120_000);

  it("the flags give the program what they say", () => {
    expect(byFlags.status, byFlags.stderr).toBe(0);
    const lines = byFlags.stdout.split("\n");
    expect(lines.slice(0, 4)).toEqual(["file the file's first line", "env HOME=/home/guest", "env EMPTY=", "env EQ=a=b"]);
    expect(lines).toContain(`time ${START}`); // well under a second of cycles: still the start's second
    expect(lines).toContain("isatty 1");
    expect(lines).toContain("create refused"); // no --out-dir
    const bare = run([elf, "--mode", "simplex"]).stdout.split("\n");
    expect(bare[0]).toBe("file missing");
    expect(bare[1]).toMatch(/^getrandom 4 /); // no environment
    expect(bare).toContain("time 1767225600");
    expect(bare).toContain("isatty 0");
  });

  it("--print-scenario writes the world, and the scenario runs as the flags did", () => {
    const s = parseScenario(readFileSync(scenarioFile, "utf8"));
    expect(s.env).toEqual(["HOME=/home/guest", "EMPTY=", "EQ=a=b"]);
    expect(s.files).toEqual([{ path: "/data/in.txt", data: Buffer.from("the file's first line\n").toString("base64") }]);
    expect([s.startTime, s.seed, s.tty]).toEqual([START, 7, true]);
    expect(run([scenarioFile])).toEqual(byFlags);
    expect(run(["--scenario", scenarioFile])).toEqual(byFlags);
  });

  it("--print-link carries the same scenario", () => {
    const hash = run([elf, "--mode", "simplex", ...WORLD, "--print-link"]).stdout.trim();
    expect(scenarioJson(decodeLink(hash).scenario)).toBe(scenarioJson(parseScenario(readFileSync(scenarioFile, "utf8"))));
  });

  it("another seed gives other random bytes, and the scenario's seed is the one used", () => {
    const other = run([elf, "--mode", "simplex", ...WORLD.slice(0, -3), "--seed", "8", "--tty"]);
    const bytes = (out: string) => /getrandom 4 (\w+)/.exec(out)?.[1];
    expect(bytes(other.stdout)).toBeDefined();
    expect(bytes(other.stdout)).not.toBe(bytes(byFlags.stdout));
  });

  for (const [flag, value] of [["--file", input], ["--env", "A=1"], ["--start-time", "5"], ["--seed", "1"], ["--tty", undefined]] as const) {
    it(`${flag} beside a scenario: one line, status 2`, () => {
      const r = run([scenarioFile, flag, ...(value === undefined ? [] : [value])]);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`lockstep86: ${scenarioFile}: ${flag} cannot be given beside a scenario (the scenario sets it)\n`);
      const i = lockstep86(["inspect", scenarioFile, "--at", "10", flag, ...(value === undefined ? [] : [value])]);
      expect(i.status).toBe(2);
      expect(i.stderr).toBe(`lockstep86: inspect: ${flag} cannot be given beside a scenario (the scenario sets it)\n`);
    });
  }

  it("--out-dir beside a scenario lets the program create files and writes them there", () => {
    const out = join(dir, "out");
    const r = run([scenarioFile, "--out-dir", out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(byFlags.stdout.replace("create refused", "create ok"));
    expect(readFileSync(join(out, "made.txt"), "utf8")).toBe("made by the guest\n");
  });

  it.skipIf(!hasGdb)("--gdb beside a scenario waits for gdb, which runs the program to its end", async () => {
    const port = await freePort();
    const ours = spawn(process.execPath, [join(ROOT, "bin", "lockstep86.js"), "run", scenarioFile, "--gdb", String(port)]);
    let stdout = "";
    ours.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    const ended = new Promise<number | null>((resolve) => ours.on("close", resolve));
    const g = spawnSync("gdb", ["-batch", "-nx", "-ex", `target remote 127.0.0.1:${port}`, "-ex", "continue", elf], { encoding: "utf8", timeout: 60_000 });
    expect(g.stdout + g.stderr).toMatch(/exited normally/);
    expect(await ended).toBe(0);
    expect(stdout).toBe(byFlags.stdout);
  }, 90_000);
});

describe("a scenario's bad world fields are named", () => {
  const base = { version: 1, program: { example: "hello" } };
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ["an env string without a name", { env: ["=x"] }, "field 'env[0]': '=x' must be NAME=VALUE"],
    ["an env string with a NUL", { env: ["A=1", "B=x\u0000y"] }, "field 'env[1]': 'B=x\\0y' holds a NUL byte, which ends a C string"],
    ["env not an array", { env: "A=1" }, "field 'env': expected an array of NAME=VALUE strings"],
    ["a file's data not base64", { files: [{ path: "/a", data: "!!" }] }, "field 'files[0].data': expected the file's bytes as a base64 string"],
    ["a file with no path", { files: [{ data: "" }] }, "field 'files[0].path': undefined is not a path"],
    ["a file given twice", { files: [{ path: "/a", data: "" }, { path: "a", data: "" }] }, "field 'files': /a is given twice"],
    ["a file's unknown field", { files: [{ path: "/a", data: "", mode: 1 }] }, "field 'files[0].mode': unknown field (a file has path and data)"],
    ["a start time past 2^32", { startTime: 2 ** 32 }, "field 'startTime': 4294967296 is not an integer between 0 and 4294967295"],
    ["a seed that is no number", { seed: "7" }, "field 'seed': '7' is not an integer between 0 and 4294967295"],
    ["tty not a boolean", { tty: 1 }, "field 'tty': 1 is not true or false"],
  ];
  for (const [what, fields, message] of cases) {
    it(`${what}: one line, status 2`, () => {
      const f = join(dir, `bad-${cases.findIndex((c) => c[0] === what)}.json`);
      writeFileSync(f, JSON.stringify({ ...base, ...fields }));
      const r = run([f]);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`lockstep86: ${f}: scenario: ${message}\n`);
    });
  }

  it("a scenario without them is written as before (its links unchanged)", () => {
    expect(scenarioJson(parseScenario(base))).toBe('{"version":1,"program":{"example":"hello"},"args":[],"mode":"dmr","ecc":"parity","epoch":65536,"faults":[],"autoReplace":false,"maxCycles":null}');
  });
});
