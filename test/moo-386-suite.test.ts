// The 80386 suite's layout: an opcode CSV (80386.csv) in place of metadata.json, RG32 registers,
// and files named with their size prefixes (6601, 676601, 660FBA.4). The expected states here are
// worked out by hand from the instruction set.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { baseOpcodeKey, metadataKeyOf, opcodeMetadataFor } from "../src/moo/metadata.js";
import { parseCsv, parseOpcodeCsv } from "../src/moo/opcode-csv.js";
import { lockstep86 } from "./support/cli.js";
import { mooFile } from "./support/moo-writer.js";
import { errorOf } from "./support/user-error.js";

const CSV = [
  "op,re,g,ex,ud,pf,66,67,fc,pm,lck,rep,so,reg,m,mnemonic,f_umask,desc",
  "01,,1,,,,1,1,,,1,,1,1,1,ADD,,Add r16/32 to r/m16/32",
  "21,,1,,,,1,1,,,1,,1,1,1,AND,FFEF,\"Logical AND, r/m16/32 with r16/32\"",
  "66,,,,,1,,,,,,,,,,OPSIZE,,Operand-size override",
  "0FA0,,,,,,1,,,,,,,,,PUSH,,Push FS",
  "0FBA,,8,4,,,1,1,,,,,1,1,1,BT,0x0000F7FE,Bit test imm8",
  "0F00,,6,0,,,,,,1,,,1,1,1,SLDT,,Store LDTR",
  "8F,,1a,1,1,,1,1,,,,,1,1,1,POP,,undefined reg field",
].join("\r\n");

describe("the 80386 opcode CSV", () => {
  it("splits quoted fields with commas and doubled quotes", () => {
    expect(parseCsv('a,"b, c","say ""hi"""\n1,,3\n', "x.csv")).toEqual([["a", "b, c", 'say "hi"'], ["1", "", "3"]]);
    expect(errorOf(() => parseCsv('a,"open\n', "x.csv")).message).toBe("x.csv: line 2: a quoted field is not closed");
  });

  it("keys rows like the test files, with status and the flags mask", () => {
    const meta = parseOpcodeCsv(CSV);
    expect(meta.opcodes["01"]).toEqual({ status: "normal", mnemonic: "ADD" });
    expect(meta.opcodes["21"]).toEqual({ status: "normal", mnemonic: "AND", flagsMask: 0xffef });
    expect(meta.opcodes["66"].status).toBe("prefix");
    expect(meta.opcodes["0FA0"].mnemonic).toBe("PUSH");
    expect(meta.opcodes["0FBA.4"]).toEqual({ status: "normal", mnemonic: "BT", flagsMask: 0xf7fe });
    expect(meta.opcodes["0F00.0"].status).toBe("protected-mode");
    expect(meta.opcodes["8F.1"].status).toBe("undefined");
  });

  it("names the line and field of a bad value", () => {
    expect(errorOf(() => parseOpcodeCsv("op,ex\nZZ,\n")).message).toBe("80386.csv: line 2: op: 'ZZ' is not a hex number up to 0xffff");
    expect(errorOf(() => parseOpcodeCsv("op,ex\n80,9\n")).message).toBe("80386.csv: line 2: ex: '9' is not 0-7");
    expect(errorOf(() => parseOpcodeCsv("op,f_umask\n80,x1\n")).message).toBe("80386.csv: line 2: f_umask: 'x1' is not a hex number up to 0xffffffff");
    expect(errorOf(() => parseOpcodeCsv("mnemonic\nADD\n")).message).toBe("80386.csv: line 1: no 'op' column in the header");
  });

  it("finds the entry of a file named with size prefixes", () => {
    const meta = parseOpcodeCsv(CSV);
    expect(metadataKeyOf("676601.MOO.gz")).toBe("676601");
    expect(metadataKeyOf("660FBA.4.MOO")).toBe("660FBA.4");
    expect(baseOpcodeKey("676601")).toBe("01");
    expect(baseOpcodeKey("66")).toBe("66");
    expect(opcodeMetadataFor(meta, "6621", Uint8Array.of(0x66, 0x21, 0xd8))?.flagsMask).toBe(0xffef);
    expect(opcodeMetadataFor(meta, "660FBA.4", Uint8Array.of(0x66, 0x0f, 0xba, 0xe0, 3))?.mnemonic).toBe("BT");
    // A group opcode in one file: the reg field is read past every prefix, size prefixes included.
    expect(opcodeMetadataFor(meta, "668F", Uint8Array.of(0x26, 0x66, 0x8f, 0x08))?.status).toBe("undefined");
  });
});

describe("lockstep86 conformance on a suite laid out as the 80386's", () => {
  const scratch = mkdtempSync(join(tmpdir(), "suite386-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  // 66 21 D8 (and eax,ebx) in real mode at 1000:0100: EAX = FFFF00FF & 0F0F0F0F = 0F0F000F;
  // CF = OF = SF = ZF = 0, PF = 1 (0F has four bits set). AF is undefined: the recorded EFLAGS
  // claims AF = 1 (0x16), which only the CSV's mask FFEF forgives.
  const regs32 = {
    cr0: 0x7ffffff0, cr3: 0, eax: 0xffff00ff, ebx: 0x0f0f0f0f, ecx: 0, edx: 0, esi: 0, edi: 0, ebp: 0, esp: 0x100,
    cs: 0x1000, ds: 0x3000, es: 0x4000, fs: 0x5000, gs: 0x6000, ss: 0x2000, eip: 0x100, eflags: 0x2, dr6: 0, dr7: 0,
  };
  const test = {
    index: 0, name: "and eax,ebx", bytes: [0x66, 0x21, 0xd8], hash: "ab".repeat(20),
    init: { regs32, ram: [0x66, 0x21, 0xd8, 0xf4].map((b, k) => [0x10100 + k, b] as [number, number]) },
    final: { regs32: { eax: 0x0f0f000f, eip: 0x104, eflags: 0x16 } },
  };

  function suite(name: string, csv: boolean): string {
    const dir = join(scratch, name, "v1_ex_real_mode");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "6621.MOO"), mooFile({ cpu: "386E", tests: [test] }));
    if (csv) writeFileSync(join(scratch, name, "80386.csv"), CSV);
    return dir;
  }

  it("reads 80386.csv from the parent and applies its flags mask", () => {
    const r = lockstep86(["conformance", suite("with-csv", true), "--json"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(Buffer.from(r.stdout).toString()).opcodes["6621"]).toEqual({ total: 1, passed: 1, failed: 0, skipped: 0 });
  });

  it("without any metadata, says so and compares FLAGS in full", () => {
    const dir = suite("bare", false);
    const r = lockstep86(["conformance", dir, "--json"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`lockstep86: note: ${dir}: no metadata.json or 80386.csv`);
    expect(r.stderr).toMatch(/eflags: expected 0+16, got 0+6/);
  });
});
