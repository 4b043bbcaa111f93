// The conformance runner on small synthetic suites built with the MOO writer. Expected states are
// worked out by hand from the instruction set, never taken from the core's output.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { parseMoo } from "../src/moo/reader.js";
import { parseMetadata } from "../src/moo/metadata.js";
import type { MooFile } from "../src/moo/types.js";
import { loadCoreWasm } from "../src/node/core-wasm.js";
import { ConformanceRunner, type TestFailure } from "../src/conformance/index.js";
import { lockstep86 } from "./support/cli.js";
import { mooFile, type FileSpec, type TestSpec } from "./support/moo-writer.js";

const scratch = mkdtempSync(join(tmpdir(), "conformance-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Real mode: code at 1000:0100 (physical 0x10100), stack 2000:0100, data at 3000:0000.
const REGS = {
  ax: 0, bx: 0, cx: 0, dx: 0, cs: 0x1000, ss: 0x2000, ds: 0x3000, es: 0x4000,
  sp: 0x0100, bp: 0, si: 0, di: 0, ip: 0x0100, flags: 0x0002,
};
const CODE = 0x10100;
const code = (bytes: number[], at = CODE): Array<[number, number]> => bytes.map((b, k) => [at + k, b]);
const hash = (n: number) => n.toString(16).padStart(40, "0");

interface Extra {
  /** Initial RAM besides the instruction's bytes. */
  ram?: Array<[number, number]>;
  exception?: TestSpec["exception"];
}

function spec(index: number, name: string, bytes: number[], init: Partial<typeof REGS>, final: TestSpec["final"], extra: Extra = {}): TestSpec {
  return {
    index, name, bytes, hash: hash(index + 1),
    init: { regs: { ...REGS, ...init }, ram: [...code(bytes), ...(extra.ram ?? [])] },
    final,
    ...(extra.exception ? { exception: extra.exception } : {}),
  };
}

// mov ax,1234h; hlt: AX is loaded and IP moves past both bytes of the HLT pair.
const MOV_AX = spec(0, "mov ax,1234h", [0xb8, 0x34, 0x12, 0xf4], {}, { regs: { ax: 0x1234, ip: 0x0104 } });
const MOV_AX_WRONG = spec(1, "mov ax,1234h", [0xb8, 0x34, 0x12, 0xf4], {}, { regs: { ax: 0x1235, ip: 0x0104 } });
// and al,0Fh with AL=FF: AL=0F, PF=1 (four bits set), CF=OF=ZF=SF=0; AF is undefined and the
// expected value below claims AF=1, which only a flags-mask of FFEF forgives.
const AND_AL = spec(2, "and al,0Fh", [0x24, 0x0f, 0xf4], { ax: 0x00ff }, { regs: { ax: 0x000f, ip: 0x0103, flags: 0x0016 } });
// int3 with an odd SP (0x0101): FLAGS lands at SS:00FF (physical 0x200FF, odd), CS at 00FD, the
// next IP (0x0101) at 00FB. Vector 3 (at 0x0C) points to 0200:0010, where a HLT waits.
const INT3 = spec(
  3, "int3", [0xcc, 0xf4], { sp: 0x0101, flags: 0x0202 },
  {
    regs: { cs: 0x0200, ip: 0x0011, sp: 0x00fb, flags: 0x0002 },
    // The pushed FLAGS (0202) is recorded with AF set (0212): forgiven only at its real address.
    ram: [[0x200ff, 0x12], [0x20100, 0x02], [0x200fd, 0x00], [0x200fe, 0x10], [0x200fb, 0x01], [0x200fc, 0x01]],
  },
  {
    exception: { number: 3, flagsAddress: 0x200fe },
    ram: [[0x0c, 0x10], [0x0d, 0x00], [0x0e, 0x00], [0x0f, 0x02], [0x2010, 0xf4]],
  },
);
// mov [bx],al writes 55 at DS:0010 (physical 0x30010); the first test lists the write, the second
// leaves it out (a stray write), the third reads the byte back and expects 0: the runner must
// have cleared what the first test wrote.
const STORE = spec(4, "mov [bx],al", [0x88, 0x07, 0xf4], { ax: 0x55, bx: 0x10 }, { regs: { ip: 0x0103 }, ram: [[0x30010, 0x55]] });
const STORE_UNLISTED = spec(5, "mov [bx],al", [0x88, 0x07, 0xf4], { ax: 0x55, bx: 0x10 }, { regs: { ip: 0x0103 } });
const LOAD = spec(6, "mov al,[bx]", [0x8a, 0x07, 0xf4], { ax: 0x1111, bx: 0x10 }, { regs: { ax: 0x1100, ip: 0x0103 } });
// mov [bx],fs on a 286 is #UD: vector 6 at 0x18 points to 0300:0000. The 386 stores FS instead,
// so for a C286 suite the "fs-gs" rule skips it.
const MOV_FS = spec(
  7, "mov [bx],fs", [0x8c, 0x27, 0xf4], {},
  { regs: { cs: 0x0300, ip: 0x0001, sp: 0x00fa, flags: 0x0002 }, ram: [[0x200fe, 0x02], [0x200ff, 0x00], [0x200fc, 0x00], [0x200fd, 0x10], [0x200fa, 0x00], [0x200fb, 0x01]] },
  { exception: { number: 6, flagsAddress: 0x200fe }, ram: [[0x18, 0x00], [0x19, 0x00], [0x1a, 0x00], [0x1b, 0x03], [0x3000, 0xf4]] },
);

const file = (tests: TestSpec[], cpu = "C286"): FileSpec => ({ cpu, tests });
const parsed = (tests: TestSpec[], cpu?: string): MooFile => parseMoo(mooFile(file(tests, cpu)));

function run(key: string, tests: TestSpec[], options: { cpu?: string; masks?: Record<string, number>; revoked?: string[] } = {}) {
  const moo = parsed(tests, options.cpu);
  const failures: TestFailure[] = [];
  const opcodes = Object.fromEntries(Object.entries(options.masks ?? {}).map(([k, m]) => [k, { status: "normal", "flags-mask": m }]));
  const runner = new ConformanceRunner(loadCoreWasm(), {
    metadata: parseMetadata({ opcodes }),
    revoked: new Set(options.revoked ?? []),
    onFailure: (f) => failures.push(f),
  });
  const tally = runner.runFile({ name: `${key}.MOO`, key, preamble: moo }, moo.tests);
  return { tally, failures, report: runner.report() };
}

describe("checking a test", () => {
  it("passes a test whose final state the instruction produces, and fails one it does not", () => {
    const { tally, failures } = run("B8", [MOV_AX, MOV_AX_WRONG]);
    expect(tally).toEqual({ total: 2, passed: 1, failed: 1, skipped: 0 });
    expect(failures[0].test.index).toBe(1);
    expect(failures[0].differences).toEqual([{ field: "ax", expected: 0x1235, actual: 0x1234 }]);
  });

  it("masks undefined flags with the metadata's flags-mask, and only then", () => {
    expect(run("24", [AND_AL]).tally.failed).toBe(1);
    expect(run("24", [AND_AL], { masks: { "24": 0xffef } }).tally.passed).toBe(1);
  });

  it("masks the FLAGS word an exception pushed where it really lies, with an odd SP", () => {
    const unmasked = run("CC", [INT3]);
    expect(unmasked.failures[0].differences).toEqual([{ field: "ram[0x200ff]", expected: 0x12, actual: 0x02 }]);
    expect(run("CC", [INT3], { masks: { CC: 0xffef } }).tally.passed).toBe(1);
  });

  it("fails a write the final state does not list, and clears written bytes between tests", () => {
    const { tally, failures } = run("88", [STORE, STORE_UNLISTED, LOAD]);
    expect(tally).toMatchObject({ passed: 2, failed: 1 });
    expect(failures[0].differences).toEqual([{ field: "ram[0x30010]", expected: 0, actual: 0x55 }]);
  });

  it("skips a test an exclusion rule covers for the CPU it names, and runs it for others", () => {
    const on286 = run("8C", [MOV_FS]);
    expect(on286.tally).toEqual({ total: 1, passed: 0, failed: 0, skipped: 1, skippedBy: { "fs-gs": 1 } });
    expect(run("8C", [MOV_FS], { cpu: "8086" }).tally).toMatchObject({ failed: 1, skipped: 0 });
  });

  it("rejects a test with RAM beyond the 16 MiB the tests assume", () => {
    const far = spec(8, "mov ax,1234h", [0xb8, 0x34, 0x12, 0xf4], {}, { regs: { ax: 0x1234, ip: 0x0104 }, ram: [[1 << 24, 0]] });
    expect(() => run("B8", [far])).toThrow("B8.MOO: test 8: RAM address 0x1000000 lies beyond the 16 MiB the tests assume");
  });

  it("skips revoked tests", () => {
    const { tally } = run("B8", [MOV_AX, MOV_AX_WRONG], { revoked: [MOV_AX_WRONG.hash] });
    expect(tally).toEqual({ total: 2, passed: 1, failed: 0, skipped: 1, skippedBy: { revoked: 1 } });
  });
});

describe("lockstep86 conformance", () => {
  function suite(name: string, files: Record<string, Uint8Array>, helpers: { metadata?: unknown; revocation?: string; revocationInParent?: boolean } = {}): string {
    const root = join(scratch, name);
    const dir = join(root, "v1");
    mkdirSync(dir, { recursive: true });
    for (const [fileName, data] of Object.entries(files)) writeFileSync(join(dir, fileName), data);
    if (helpers.metadata !== null) writeFileSync(join(dir, "metadata.json"), JSON.stringify(helpers.metadata ?? { opcodes: {} }));
    if (helpers.revocation !== undefined) writeFileSync(join(helpers.revocationInParent ? root : dir, "revocation_list.txt"), helpers.revocation);
    return dir;
  }
  const json = (r: { stdout: Uint8Array }) => JSON.parse(new TextDecoder().decode(r.stdout));

  const files = {
    "B8.MOO": mooFile(file([MOV_AX, MOV_AX_WRONG])),
    "24.MOO.gz": gzipSync(mooFile(file([AND_AL]))),
    "80.0.MOO": mooFile(file([MOV_AX])),
    "80.1.MOO": mooFile(file([MOV_AX])),
    "8C.MOO": mooFile(file([MOV_FS])),
  };

  it("prints the counts as JSON: total, passed, failed, skipped and per opcode; exit 1 on a failure", () => {
    const dir = suite("json", files, { metadata: { opcodes: { "24": { status: "normal", "flags-mask": 0xffef } } } });
    const r = lockstep86(["conformance", dir, "--json"]);
    expect(r.status).toBe(1);
    const report = json(r);
    expect(Object.keys(report)).toEqual(["total", "passed", "failed", "skipped", "opcodes"]);
    expect(report).toMatchObject({ total: 6, passed: 4, failed: 1, skipped: 1 });
    expect(report.opcodes).toEqual({
      "24": { total: 1, passed: 1, failed: 0, skipped: 0 },
      "80.0": { total: 1, passed: 1, failed: 0, skipped: 0 },
      "80.1": { total: 1, passed: 1, failed: 0, skipped: 0 },
      "8C": { total: 1, passed: 0, failed: 0, skipped: 1, skippedBy: { "fs-gs": 1 } },
      B8: { total: 2, passed: 1, failed: 1, skipped: 0 },
    });
    expect(r.stderr).toContain("B8.MOO test 1");
    expect(r.stderr).toContain("ax: expected 1235, got 1234");
  });

  it("prints a table per opcode with the total, and exits 0 when nothing fails", () => {
    const dir = suite("table", { "24.MOO.gz": files["24.MOO.gz"], "8C.MOO": files["8C.MOO"] }, {
      metadata: { opcodes: { "24": { status: "normal", "flags-mask": 0xffef } } },
    });
    const r = lockstep86(["conformance", dir]);
    expect(r.status).toBe(0);
    const lines = new TextDecoder().decode(r.stdout).trim().split("\n");
    expect(lines[0].split(/\s+/)).toEqual(["opcode", "status", "tests", "passed", "failed", "skipped", "skipped", "as"]);
    expect(lines[1].split(/\s+/)).toEqual(["24", "normal", "1", "1", "0", "0"]);
    expect(lines[2].split(/\s+/)).toEqual(["8C", "1", "0", "0", "1", "fs-gs", "1"]);
    expect(lines[3].split(/\s+/)).toEqual(["total", "2", "1", "0", "1"]);
  });

  it("runs only the files --opcodes names; a group opcode names all its files", () => {
    const dir = suite("opcodes", files);
    expect(Object.keys(json(lockstep86(["conformance", dir, "--json", "--opcodes", "b8,8C"])).opcodes).sort()).toEqual(["8C", "B8"]);
    expect(Object.keys(json(lockstep86(["conformance", dir, "--json", "--opcodes", "80"])).opcodes).sort()).toEqual(["80.0", "80.1"]);
    const r = lockstep86(["conformance", dir, "--opcodes", "B8,F6"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`lockstep86: --opcodes: ${dir} has no test file for opcode 'F6'\n`);
  });

  it("honours a revocation list beside the files or in their parent", () => {
    for (const revocationInParent of [false, true]) {
      const dir = suite(`revoked-${revocationInParent}`, { "B8.MOO": files["B8.MOO"] }, {
        revocation: `# bad capture\n${MOV_AX_WRONG.hash}\n`, revocationInParent,
      });
      const r = lockstep86(["conformance", dir, "--json"]);
      expect(r.status).toBe(0);
      expect(json(r).opcodes.B8).toEqual({ total: 2, passed: 1, failed: 0, skipped: 1, skippedBy: { revoked: 1 } });
    }
  });

  it("reports a malformed MOO file in one line naming the file and offset, with status 2", () => {
    const whole = mooFile(file([MOV_AX, MOV_AX_WRONG]));
    const cases: Record<string, Uint8Array> = {
      "cut.MOO": whole.subarray(0, whole.length - 7),
      "junk.MOO": new TextEncoder().encode("not a MOO file at all"),
      "cut.MOO.gz": gzipSync(whole).subarray(0, 40),
    };
    for (const [name, data] of Object.entries(cases)) {
      const key = name.replace(/\..*/, "");
      const dir = suite(`bad-${name}`, { [name.replace(key, "B8")]: data });
      const r = lockstep86(["conformance", dir]);
      expect(r.status, name).toBe(2);
      expect(r.stderr, name).toMatch(/^lockstep86: B8\.MOO(\.gz)?: offset \d+: .+\n$/);
    }
  });

  it("rejects a directory without tests; runs one without metadata.json, saying so", () => {
    const empty = suite("empty", {});
    const none = lockstep86(["conformance", empty]);
    expect(none.status).toBe(2);
    expect(none.stderr).toBe(`lockstep86: ${empty}: no *.MOO or *.MOO.gz files\n`);
    const bare = suite("bare", { "B8.MOO": files["B8.MOO"] }, { metadata: null });
    const r = lockstep86(["conformance", bare, "--json"]);
    expect(r.status).toBe(1); // MOV_AX_WRONG fails, as with metadata
    expect(r.stderr).toContain(`lockstep86: note: ${bare}: no metadata.json or 80386.csv in it or its parent`);
    expect(json(r).opcodes.B8).toEqual({ total: 2, passed: 1, failed: 1, skipped: 0 });
  });
});

it("bundles src/conformance for the browser without Node modules", async () => {
  const result = await build({
    entryPoints: [fileURLToPath(new URL("../src/conformance/index.ts", import.meta.url))],
    bundle: true, platform: "browser", format: "esm", write: false, logLevel: "silent",
  });
  expect(result.errors).toEqual([]);
  expect(result.outputFiles[0].text).not.toMatch(/\bnode:/);
});
