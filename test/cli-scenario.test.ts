// `lockstep86 run --scenario FILE` and `run --link URL`, run as a user runs them: a scenario file
// and a share link, written here by hand, give the same stdout, stderr, exit status and --json
// result (cycles, events, output, outcome) as the equivalent flags; --print-scenario and
// --print-link give back that scenario; a bad field is one line and status 2.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bytesToBase64, decodeLink, encodeLink, parseScenario } from "../src/scenario/index";
import { lockstep86, ROOT } from "./support/cli";

const dir = mkdtempSync(join(tmpdir(), "cli-scenario-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, data: string | Uint8Array) => {
  writeFileSync(join(dir, name), data);
  return join(dir, name);
};

const stdin = new TextEncoder().encode("one two\nthree\n");
const disk = new Uint8Array(64 << 10).map((_, i) => (i * 7) & 0xff);
const asm = "mov edx, 3\nmov ecx, msg\nmov ebx, 1\nmov eax, 4\nint 0x80\nhlt\nmsg: db 'ok', 10\n";

interface Case {
  name: string;
  flags: string[]; // run's arguments
  scenario: Record<string, unknown>; // the same run, by hand
  plain?: boolean; // also compare the run without --json
}
const CASES: Case[] = [
  {
    name: "qsort in dmr under the demo's faults, auto-replace",
    flags: ["programs/bin/qsort.elf", "--inject", "reg@150000/B:reg=esp,bit=3", "--inject", "ram@300000/A:addr=0x1065a0,bit=2", "--inject", "halt@1200000/B", "--auto-replace"],
    scenario: { version: 1, program: { example: "qsort" }, faults: ["reg@150000/B:reg=esp,bit=3", "ram@300000/A:addr=0x1065a0,bit=2", "halt@1200000/B"], autoReplace: true },
    plain: true,
  },
  {
    name: "qsort in tmr without ECC, a RAM flip outvoted and resynced",
    flags: ["programs/bin/qsort.elf", "--mode", "tmr", "--ecc", "none", "--epoch", "20000", "--ram", "4M", "--inject", "ram@300000/A:addr=0x1065a0,bit=2"],
    scenario: { version: 1, program: { example: "qsort" }, mode: "tmr", ecc: "none", epoch: 20000, ram: 4 << 20, faults: ["ram@300000/A:addr=0x1065a0,bit=2"] },
  },
  {
    name: "stdin with input and arguments, simplex, a cycle limit",
    flags: ["programs/bin/stdin.elf", "--mode", "simplex", "--stdin", "@stdin", "--max-cycles", "100000", "--", "-x", "y"],
    scenario: { version: 1, program: { example: "stdin" }, mode: "simplex", stdin: bytesToBase64(stdin), maxCycles: 100000, args: ["-x", "y"] },
  },
  {
    name: "disk with a disk image and a flipped disk bit, secded",
    flags: ["programs/bin/disk.elf", "--disk", "@disk", "--ecc", "secded", "--inject", "disk@1000/A:sector=3,byte=5,bit=1"],
    scenario: { version: 1, program: { example: "disk" }, disk: bytesToBase64(disk), ecc: "secded", faults: ["disk@1000/A:sector=3,byte=5,bit=1"] },
    plain: true,
  },
  {
    name: "NASM source that is no example, a register flip",
    flags: ["@t.asm", "--inject", "reg@3/A:reg=edx,bit=0"],
    scenario: { version: 1, program: { asm, name: "t.asm" }, faults: ["reg@3/A:reg=edx,bit=0"] },
  },
];

// The case's flags with the input files in place (@stdin, @disk and @t.asm stand for them) and
// `more` of our options before the program's own arguments.
function args(c: Case, ...more: string[]): string[] {
  const paths: Record<string, string> = { "@stdin": file("stdin", stdin), "@disk": file("disk.img", disk), "@t.asm": file("t.asm", asm) };
  const a = c.flags.map((x) => paths[x] ?? x);
  const end = a.indexOf("--") < 0 ? a.length : a.indexOf("--");
  return [...a.slice(0, end), ...more, ...a.slice(end)];
}
const run = (a: string[]) => {
  const r = lockstep86(["run", ...a]);
  return { status: r.status, stdout: Buffer.from(r.stdout).toString("latin1"), stderr: r.stderr };
};

describe.each(CASES)("$name", (c) => {
  const scenarioFile = file(`case${CASES.indexOf(c)}.json`, JSON.stringify(c.scenario));
  const link = `https://example.org/lockstep86/${encodeLink(parseScenario(c.scenario), { run: true })}`;

  it("gives the flags' --json result from a scenario file and from a link", () => {
    const byFlags = run(args(c, "--json"));
    expect(byFlags.status).not.toBe(2);
    const json = JSON.parse(byFlags.stdout);
    expect(json.events.length).toBeGreaterThan(1);
    expect(run(["--scenario", scenarioFile, "--json"])).toEqual(byFlags);
    expect(run([scenarioFile, "--json"])).toEqual(byFlags); // a .json file as PROGRAM, as inspect takes it
    expect(run(["--link", link, "--json"])).toEqual(byFlags);
  });

  if (c.plain) it("gives the flags' output, timeline and exit status", () => {
    const byFlags = run(args(c));
    expect(byFlags.stderr).toContain("timeline");
    expect(run(["--scenario", scenarioFile])).toEqual(byFlags);
    expect(run([scenarioFile])).toEqual(byFlags);
    expect(run(["--link", link])).toEqual(byFlags);
  });

  it("prints the flags' scenario and link", () => {
    const printed = run(args(c, "--print-scenario"));
    expect(printed.status).toBe(0);
    expect(parseScenario(printed.stdout)).toEqual(parseScenario(c.scenario));
    const hash = run(args(c, "--print-link")).stdout.trim();
    expect(decodeLink(hash)).toEqual({ scenario: parseScenario(c.scenario), run: false });
  });
});

describe("bad scenarios and links", () => {
  const bad: Array<[string, string[], string]> = [
    ["a bad field", ["--scenario", file("bad.json", JSON.stringify({ version: 1, program: { example: "qsort" }, mode: "qmr" }))],
      `${join(dir, "bad.json")}: scenario: field 'mode': 'qmr' is not one of simplex, dmr, tmr`],
    ["two bad fields", ["--scenario", file("bad2.json", JSON.stringify({ version: 1, program: { example: "nope" }, epoch: 0 }))],
      `${join(dir, "bad2.json")}: scenario: field 'program.example': 'nope' is not an example (one of args, baremetal, bytecode, crc32, disk, div64, exitcode, fib, fnptr, hello, int64, qsort, recurse, sieve, stdin, strings, wordfreq); scenario: field 'epoch': 0 is not an integer between 1 and 4294967295`],
    ["not JSON", ["--scenario", file("bad3.json", "{")], `${join(dir, "bad3.json")}: scenario: not valid JSON (`],
    // V8's message quotes the text around the error, newlines too: still one line (checked below).
    ["not JSON over lines", ["--scenario", file("bad5.json", "vm\nxx\n")], `${join(dir, "bad5.json")}: scenario: not valid JSON (`],
    ["a missing file", ["--scenario", join(dir, "none.json")], `${join(dir, "none.json")}: cannot read the scenario: `],
    ["a cut link", ["--link", "https://example.org/#s=1.q1Y"], "link: the scenario does not decompress ("],
    ["a flag beside a scenario", ["--link", "#s=1.x", "--epoch", "5"], "--link: --epoch cannot be given beside a scenario (the scenario sets it)"],
    ["a program beside a scenario", ["programs/bin/hello.elf", "--link", "#s=1.x"], "--link: the scenario names the program; 'programs/bin/hello.elf' cannot be given beside it"],
    ["both", ["--link", "#s=1.x", "--scenario", "x.json"], "--scenario and --link cannot be given together"],
    ["nothing to run", [], "run: give a PROGRAM, a scenario (.json) or --link URL"],
    ["a bad field in a .json given as PROGRAM", [file("bad4.json", JSON.stringify({ version: 1, program: { example: "qsort" }, ecc: "ecc" }))],
      `${join(dir, "bad4.json")}: scenario: field 'ecc': 'ecc' is not one of none, parity, secded`],
    ["a .json PROGRAM with arguments", [file("ok.json", JSON.stringify({ version: 1, program: { example: "hello" } })), "extra"],
      `${join(dir, "ok.json")}: the scenario names the program's arguments; 'extra' cannot be given beside it`],
    ["a .json PROGRAM with a flag that describes the run", [join(dir, "ok.json"), "--mode", "tmr"],
      `${join(dir, "ok.json")}: --mode cannot be given beside a scenario (the scenario sets it)`],
  ];
  for (const [what, a, message] of bad) {
    it(`${what}: one line, status 2`, () => {
      const r = run(a);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.split("\n")).toHaveLength(2); // one line and its newline
      expect(r.stderr.startsWith(`lockstep86: ${message}`), r.stderr).toBe(true);
    });
  }

  it("a scenario's help is in --help", () => {
    const help = run(["--help"]).stdout;
    for (const flag of ["--scenario <file>", "--link <url>", "--print-scenario", "--print-link"]) expect(help).toContain(flag);
    expect(readFileSync(join(ROOT, "README.md"), "utf8")).toContain("--scenario");
  });
});
