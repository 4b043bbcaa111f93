// The scenario format: defaults, the canonical JSON, one clear error per bad field, and what a
// scenario loads (checked against nasm's bytes and the built ELF's own parse).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseScenario, scenarioJson, scenarioToOptions, ScenarioError, bytesToBase64 } from "../src/scenario/index";
import { parseElf } from "../src/loader/elf";
import { readExample } from "../src/node/examples";
import { ROOT } from "./support/cli";
import { errorOf } from "./support/user-error";

const qsort = { version: 1, program: { example: "qsort" } };

describe("parseScenario", () => {
  it("fills in the defaults the CLI uses", () => {
    expect(parseScenario(qsort)).toEqual({
      version: 1, program: { example: "qsort" }, args: [], mode: "dmr", ecc: "parity", epoch: 65536,
      faults: [], autoReplace: false, maxCycles: null,
    });
  });

  it("reads its own canonical JSON back unchanged, every field set", () => {
    const full = {
      version: 1, program: { asm: "mov eax, 1\nhlt\n", name: "t.asm" }, args: ["x", "-y"], stdin: "aGk=", disk: "AAAA",
      mode: "tmr", ecc: "secded", epoch: 1000, ram: 1 << 21, faults: ["ram@10/C:addr=0x10,bit=1"], autoReplace: true, maxCycles: 5000,
    };
    const s = parseScenario(JSON.stringify(full));
    expect(JSON.parse(scenarioJson(s))).toEqual(full);
    expect(parseScenario(scenarioJson(s))).toEqual(s);
    // Key order is fixed, whatever order the input had.
    const shuffled = Object.fromEntries(Object.entries(full).reverse());
    expect(scenarioJson(parseScenario(shuffled))).toBe(scenarioJson(s));
  });

  // Each bad field, and the exact line that names it.
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ["a newer version", { version: 2 }, "scenario: field 'version': 2 is newer than this lockstep86 reads (1)"],
    ["no version", { version: undefined }, "scenario: field 'version': missing (this lockstep86 reads version 1)"],
    ["an unknown field", { speed: 3 }, "scenario: field 'speed': unknown field (the fields are version, program, args, env, stdin, disk, files, startTime, seed, tty, mode, ecc, epoch, ram, faults, autoReplace, maxCycles, compare)"],
    ["an unknown example", { program: { example: "qsrt" } }, "scenario: field 'program.example': 'qsrt' is not an example (one of args, baremetal, bytecode, crc32, disk, div64, exitcode, fib, fnptr, hello, int64, qsort, recurse, sieve, stdin, strings, wordfreq)"],
    ["two programs", { program: { example: "qsort", asm: "hlt" } }, "scenario: field 'program': give one of example, asm, not several"],
    ["an ELF that is not base64", { program: { elf: "%%%" } }, "scenario: field 'program.elf': expected the file's bytes as a base64 string"],
    ["a path as a name", { program: { asm: "hlt", name: "../x.asm" } }, "scenario: field 'program.name': '../x.asm' is not a file name"],
    ["a bad mode", { mode: "qmr" }, "scenario: field 'mode': 'qmr' is not one of simplex, dmr, tmr"],
    ["a bad ecc", { ecc: 1 }, "scenario: field 'ecc': 1 is not one of none, parity, secded"],
    ["epoch 0", { epoch: 0 }, "scenario: field 'epoch': 0 is not an integer between 1 and 4294967295"],
    ["a fractional epoch", { epoch: 2.5 }, "scenario: field 'epoch': 2.5 is not an integer between 1 and 4294967295"],
    ["RAM not in pages", { ram: (1 << 20) + 1 }, "scenario: field 'ram': 1048577 is not a multiple of 4 KiB"],
    ["negative maxCycles", { maxCycles: -1 }, "scenario: field 'maxCycles': -1 is not an integer between 0 and 9007199254740991"],
    ["autoReplace as text", { autoReplace: "yes" }, "scenario: field 'autoReplace': 'yes' is not true or false"],
    ["a bad compare", { compare: "writes+state" }, "scenario: field 'compare': 'writes+state' is not one of writes, state, output"],
    ["an argument that is a number", { args: ["a", 7] }, "scenario: field 'args[1]': 7 is not a string"],
    ["stdin not base64", { stdin: "a b c !" }, "scenario: field 'stdin': expected the bytes as a base64 string"],
    ["an empty disk", { disk: "" }, "scenario: field 'disk': the disk image is empty"],
    ["a fault with a bad cycle", { faults: ["ram@x/A:addr=1,bit=1"] }, "scenario: field 'faults[0]': 'ram@x/A:addr=1,bit=1': cycle 'x' is not a number (decimal or 0x hex)"],
    ["module C in dmr", { faults: ["halt@5/A", "halt@5/C"] }, "scenario: field 'faults[1]': module C does not exist in dmr mode"],
    ["pull in simplex", { mode: "simplex", faults: ["pull@5/A"] }, "scenario: field 'faults[0]': pull needs a second module (mode dmr or tmr)"],
  ];
  for (const [what, change, message] of cases) {
    it(`names the field: ${what}`, () => {
      const e = errorOf(() => parseScenario({ ...qsort, ...change }));
      expect(e).toBeInstanceOf(ScenarioError);
      expect(e.message).toBe(message);
    });
  }

  it("reports every bad field at once, on one line", () => {
    const e = errorOf(() => parseScenario({ ...qsort, mode: "x", epoch: -1 })) as ScenarioError;
    expect(e.problems.map((p) => p.field)).toEqual(["mode", "epoch"]);
    expect(e.message).not.toContain("\n");
  });

  it("says what is wrong with text that is not a scenario", () => {
    expect(errorOf(() => parseScenario("{ version: 1")).message).toMatch(/^scenario: not valid JSON \(/);
    expect(errorOf(() => parseScenario("[1]")).message).toBe("scenario: expected a JSON object");
  });
});

describe("scenarioToOptions", () => {
  it("assembles NASM source to nasm's own bytes, for 0x1000 in 32-bit mode", () => {
    const source = "mov eax, 1\nmov ebx, msg\nint 0x80\nmsg: db 'hi', 0\n";
    const dir = mkdtempSync(join(tmpdir(), "scenario-"));
    try {
      writeFileSync(join(dir, "t.asm"), `bits 32\norg 0x1000\n${source}`);
      execFileSync("nasm", ["-f", "bin", "-o", join(dir, "t.bin"), join(dir, "t.asm")]);
      const { image, options } = scenarioToOptions(parseScenario({ version: 1, program: { asm: source, name: "t.asm" }, args: ["a"] }), readExample);
      expect(image.kind).toBe("bin");
      expect(image.entry).toBe(0x1000);
      expect(Buffer.from(image.segments[0].data).equals(readFileSync(join(dir, "t.bin")))).toBe(true);
      expect(options.argv).toEqual(["t.asm", "a"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports assembly errors with the field, file, line and column", () => {
    const e = errorOf(() => scenarioToOptions(parseScenario({ version: 1, program: { asm: "nop\nmov eax,\n", name: "t.asm" } }), readExample));
    expect(e.message).toMatch(/^scenario: field 'program\.asm': t\.asm:2:\d+: /);
  });

  it("loads an example and an ELF given as bytes as the file itself, argv[0] as the CLI gives it", () => {
    const file = readFileSync(join(ROOT, "programs", "bin", "qsort.elf"));
    const fromExample = scenarioToOptions(parseScenario(qsort), readExample);
    const fromBytes = scenarioToOptions(parseScenario({ version: 1, program: { elf: bytesToBase64(file), name: "qsort.elf" } }), readExample);
    expect(fromExample.image).toEqual(parseElf("qsort.elf", new Uint8Array(file)));
    expect(fromBytes.image).toEqual(fromExample.image);
    expect(fromExample.options.argv).toEqual(["programs/bin/qsort.elf"]);
    expect(fromBytes.options.argv).toEqual(["qsort.elf"]);
  });

  it("refuses bytes that are not an ELF in the elf field", () => {
    const e = errorOf(() => scenarioToOptions(parseScenario({ version: 1, program: { elf: bytesToBase64(new Uint8Array([1, 2, 3])), name: "x" } }), readExample));
    expect(e.message).toBe("scenario: field 'program.elf': x: not an ELF file");
  });

  it("turns every field into the machine's options", () => {
    const s = parseScenario({ ...qsort, args: ["1"], stdin: bytesToBase64(new Uint8Array([104, 105])), disk: bytesToBase64(new Uint8Array(600).fill(7)), mode: "tmr", ecc: "none", epoch: 77, ram: 1 << 22, faults: ["halt@9/C"], autoReplace: true, maxCycles: 1000, compare: "output",
      env: ["A=1", "B="], files: [{ path: "/d/x", data: bytesToBase64(new Uint8Array([5, 6])) }], startTime: 12, seed: 34, tty: true });
    const { options } = scenarioToOptions(s, readExample);
    const linux = { ...options.linux, files: options.linux!.files!.map((f) => ({ path: f.path, bytes: [...f.bytes] })) };
    expect({ ...options, faults: options.faults!.map((f) => f.text), stdin: [...options.stdin!], disk: options.disk!.length, linux }).toEqual({
      mode: "tmr", ecc: "none", epoch: 77, ramSize: 1 << 22, maxCycles: 1000, stdin: [104, 105], disk: 600,
      argv: ["programs/bin/qsort.elf", "1"], faults: ["halt@9/C"], autoReplace: true, compare: "output",
      linux: { env: ["A=1", "B="], files: [{ path: "/d/x", bytes: [5, 6] }], startTime: 12, seed: 34, tty: true },
    });
  });
});
