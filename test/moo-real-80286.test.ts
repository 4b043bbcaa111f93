// The reader against the hardware-captured 80286 slice: facts checked here come from the files
// themselves (cross-checked between fields), from upstream's README, or from iced-x86.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Decoder, DecoderOptions, Formatter, FormatterSyntax } from "iced-x86";
import { beforeAll, describe, expect, it } from "vitest";
import { REGS16, type MooTest } from "../src/moo/types.js";
import { iterateTests, readMooPreamble } from "../src/moo/reader.js";
import { listMooSuite, loadMooFile, readMooBytes } from "../src/node/moo-files.js";

const SUITE = fileURLToPath(new URL("../../shared/conformance/80286/", import.meta.url));
const listing = listMooSuite(`${SUITE}v1_real_mode`);
const file = (key: string) => listing.files.find((f) => f.key === key)!.path;

const linear = (segment: number, offset: number) => segment * 16 + (offset & 0xffff);

// NASM syntax with MASM-style hex numbers is what the names use. The invalid-form check is off
// because the suite deliberately includes LOCK on instructions that cannot take it.
const formatter = new Formatter(FormatterSyntax.Nasm);
formatter.hexPrefix = "";
formatter.hexSuffix = "h";
formatter.uppercaseHex = true;
formatter.addLeadingZeroToHexNumbers = true;
const normal = (text: string) => text.toLowerCase().replace(/\s+/g, " ").trim();

function disassemble(bytes: Uint8Array): string {
  const decoder = new Decoder(16, bytes, DecoderOptions.NoInvalidCheck);
  const instruction = decoder.decode();
  const text = formatter.format(instruction);
  instruction.free();
  decoder.free();
  return text;
}

const hashes = new Set<string>();
const exceptionNumbers = new Set<number>();

/** Per-test checks, each returning what is wrong or undefined. */
const checks = {
  basics(test: MooTest): string | undefined {
    if (test.name.length === 0) return "empty NAME";
    // Upstream: each test is the instruction under test followed by HLT (F4).
    if (test.bytes[test.bytes.length - 1] !== 0xf4) return "BYTS does not end in F4";
    if (Object.keys(test.init.regs).sort().join() !== [...REGS16].sort().join()) return "INIT lacks registers";
    if (!/^[0-9a-f]{40}$/.test(test.hash)) return `hash ${test.hash}`;
    // Upstream: the tests assume 16 MiB of RAM.
    if ([...test.init.ram, ...test.final.ram].some(([address]) => address >= 1 << 24)) return "RAM beyond 16 MiB";
    return undefined;
  },
  uniqueHash(test: MooTest): string | undefined {
    if (hashes.has(test.hash)) return `duplicate hash ${test.hash}`;
    hashes.add(test.hash);
    return undefined;
  },
  bytesAtCsIp(test: MooTest): string | undefined {
    const { cs, ip } = test.init.regs;
    const ram = new Map(test.init.ram);
    const at = test.bytes.findIndex((byte, k) => ram.get(linear(cs!, ip! + k)) !== byte);
    return at < 0 ? undefined : `byte ${at} not found at CS:IP+${at}`;
  },
  flagsAddress(test: MooTest): string | undefined {
    if (!test.exception) return undefined;
    exceptionNumbers.add(test.exception.number);
    const { ss, sp } = test.init.regs;
    const expected = linear(ss!, sp! - 2) & ~1;
    const found = test.exception.flagsAddress;
    return found === expected ? undefined : `FLAGS address ${found}, expected ${expected}`;
  },
  nameIsDisassembly(test: MooTest): string | undefined {
    const text = disassemble(test.bytes);
    return normal(text) === normal(test.name) ? undefined : `iced-x86 says '${text}'`;
  },
};

const failures = Object.fromEntries(Object.keys(checks).map((k) => [k, [] as string[]])) as Record<keyof typeof checks, string[]>;
let testsSeen = 0;
const fileProblems: string[] = [];

/** File-level facts: upstream's README says 500 tests per file were kept; META names the opcode. */
function checkFile(key: string, bytes: Uint8Array): void {
  const { header, meta } = readMooPreamble(bytes, { label: key });
  const expected = { major: 1, minor: 0, count: 500, cpu: "C286" };
  if (JSON.stringify(header) !== JSON.stringify(expected)) fileProblems.push(`${key}: header ${JSON.stringify(header)}`);
  // "F6.6" holds opcode F6; every file is real mode.
  if (meta?.opcode !== parseInt(key.slice(0, 2), 16) || meta.cpuMode !== 0) {
    fileProblems.push(`${key}: META opcode ${meta?.opcode}, mode ${meta?.cpuMode}`);
  }
}

// One sweep over the 162,500 tests runs every check; the cases below report one check each.
beforeAll(() => {
  for (const { key, path } of listing.files) {
    const bytes = readMooBytes(path);
    checkFile(key, bytes);
    let index = 0;
    for (const test of iterateTests(bytes, { label: key })) {
      testsSeen++;
      if (test.index !== index++) fileProblems.push(`${key}: test ${index - 1} has index ${test.index}`);
      for (const [name, check] of Object.entries(checks)) {
        const problem = check(test);
        const list = failures[name as keyof typeof checks];
        if (problem && list.length < 10) list.push(`${key} #${test.index} '${test.name}': ${problem}`);
      }
    }
  }
});

describe("the 80286 real-mode slice", () => {
  it("holds 325 opcode files of 500 tests each, indexed in order, as each header says", () => {
    expect(listing.files.length).toBe(325);
    expect(fileProblems).toEqual([]);
    expect(testsSeen).toBe(325 * 500);
  });

  it("gives every test a name, bytes ending in HLT, a full initial register set and a hash", () => {
    expect(failures.basics).toEqual([]);
  });

  it("never repeats a hash (upstream checks the suite for duplicates before publishing)", () => {
    expect(failures.uniqueHash).toEqual([]);
    expect(hashes.size).toBe(325 * 500);
  });

  it("places BYTS in the initial RAM at CS:IP (so cs and ip are decoded from the right slots)", () => {
    expect(failures.bytesAtCsIp).toEqual([]);
  });

  it("ends straight-line tests with IP just past the HLT (so FINA's sparse registers line up)", () => {
    // ADD r/m8, r8 neither branches nor faults here; upstream: final IP is the one after HLT.
    const tests = loadMooFile(file("00")).tests;
    for (const test of tests) {
      expect(test.exception, test.name).toBeUndefined();
      expect(test.final.regs.ip, test.name).toBe((test.init.regs.ip! + test.bytes.length) & 0xffff);
    }
  });

  it("records an exception's FLAGS address as the word below SS:SP, on an even address", () => {
    // Measured on the slice: the address is that of the bus word, so for an odd SP it is one
    // byte below the FLAGS actually pushed at SS:SP-2.
    expect(failures.flagsAddress).toEqual([]);
    // Divide error, breakpoint, INTO, BOUND, invalid opcode and general protection all occur.
    for (const n of [0, 3, 4, 5, 6, 13]) expect(exceptionNumbers).toContain(n);
  });

  it("decodes test 0 of 00.MOO.gz exactly as upstream's README shows it", () => {
    const readme = readFileSync(`${SUITE}UPSTREAM-README.md`, "utf8");
    const block = /```json\n([\s\S]*?)```/.exec(readme)![1].trim().replace(/,$/, "");
    const example = JSON.parse(block);
    const test = loadMooFile(file("00")).tests[0];
    expect(test.index).toBe(example.idx);
    expect(test.name).toBe(example.name);
    expect([...test.bytes]).toEqual(example.bytes);
    expect(test.init.regs).toEqual(example.initial.regs);
    expect(test.init.ram).toEqual(example.initial.ram);
    expect(test.final.regs).toEqual(example.final.regs);
    expect(test.final.ram).toEqual(example.final.ram);
    expect(test.hash).toBe(example.hash);
  });

  it("names each test with the disassembly iced-x86 gives for its bytes", () => {
    expect(failures.nameIsDisassembly).toEqual([]);
  });
});
