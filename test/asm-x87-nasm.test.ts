/**
 * The x87 forms of the instruction table against nasm and ndisasm: every assembler form of
 * D8-DF and the FWAIT forms (9B ...), several instances each (seeded operands), is assembled by
 * nasm and by us and the bytes must agree line by line; nasm's bytes of the escape forms are
 * disassembled by us and by ndisasm and the text must agree (fsave is 9B DD /6 to both). A lone
 * fwait is compared on bytes only: ndisasm prints it as a prefix of the next instruction
 * (`wait fld1`), our disassembler as an instruction of its own (`wait`).
 */
import { describe, expect, it } from "vitest";
import { assemble, disassemble } from "../src/asm/index.js";
import { FORMS } from "../src/isa/table.js";
import { Prng } from "../src/util/prng.js";
import { InstructionGenerator } from "./support/isa/generate.js";
import { hasNasm, hasNdisasm, nasmAssemble, ndisasm, normalize, skipNote } from "./support/nasm.js";
import { CORPUS_SEED } from "./support/seed.js";

skipNote("the x87 comparison", ["nasm", "ndisasm"]);

const isEscape = (b: number) => b >= 0xd8 && b <= 0xdf;
const X87 = FORMS.filter((f) => !f.disOnly && (isEscape(f.opcode[0]) || f.opcode[0] === 0x9b));

/** Lines for the escape forms, or for the FWAIT forms (with the lone fwait unless `joined`). */
function source(bits: 16 | 32, wait: boolean, joined = false): string[] {
  const rng = new Prng(CORPUS_SEED ^ bits);
  const gen = new InstructionGenerator(rng, bits, () => "0");
  const lines: string[] = [];
  for (const form of X87.filter((f) => (f.opcode[0] === 0x9b) === wait && !(joined && f.opcode.length === 1))) {
    for (let i = 0; i < 4; i++) {
      // The generator leaves FWAIT forms out of shuffled corpora; here each stands alone.
      const ops = form.opcode[0] === 0x9b ? gen.operands({ ...form, opcode: form.opcode.slice(1) }) : gen.operands(form);
      lines.push(ops!.length ? `${form.mnemonic} ${ops!.join(", ")}` : form.mnemonic);
    }
  }
  return lines;
}

describe.skipIf(!hasNasm || !hasNdisasm)(`x87 forms (seed ${CORPUS_SEED})`, () => {
  it("covers the escape opcodes' forms", () => {
    expect(X87.filter((f) => !f.asmOnly).length).toBeGreaterThanOrEqual(80);
  });

  for (const bits of [16, 32] as const) {
    for (const wait of [false, true]) {
      it(`bits ${bits}${wait ? ", FWAIT forms" : ""}: assembles byte-identical to nasm`, () => {
        const lines = source(bits, wait);
        const text = `bits ${bits}\n${lines.join("\n")}\n`;
        const ref = nasmAssemble(text);
        expect(ref.diagnostics.filter((d) => d.kind === "error")).toEqual([]);
        const ours = assemble(text, { fileName: "x87.asm" });
        expect(ours.errors).toEqual([]);
        const diffs: string[] = [];
        for (const entry of ours.listing) {
          const theirs = ref.lines.get(entry.line)!;
          const mine = Buffer.from(ours.bytes.subarray(entry.address, entry.address + entry.length)).toString("hex");
          const want = ref.bin.subarray(theirs.offset, theirs.offset + theirs.length).toString("hex");
          if (mine !== want) diffs.push(`${lines[entry.line - 2]}: ours ${mine}, nasm ${want}`);
        }
        expect(diffs.slice(0, 20)).toEqual([]);
        expect(ours.listing.length).toBe(lines.length);
        expect(Buffer.from(ours.bytes).equals(ref.bin)).toBe(true);
      });
    }

    for (const wait of [false, true]) {
      it(`bits ${bits}${wait ? ", FWAIT forms" : ""}: disassembles nasm's bytes as ndisasm does, and back to the same bytes`, () => {
        const text = `bits ${bits}\n${source(bits, wait, true).join("\n")}\n`;
        const bytes = new Uint8Array(nasmAssemble(text).bin);
        const ours = disassemble(bytes, { bits, org: 0 });
        const theirs = ndisasm(bytes, bits);
        expect(ours.filter((i) => i.text.startsWith("db ") || i.text.startsWith("esc"))).toEqual([]);
        expect(ours.length).toBe(theirs.length);
        const diffs: string[] = [];
        ours.forEach((insn, k) => {
          const hex = Buffer.from(insn.bytes).toString("hex").toUpperCase();
          if (theirs[k].hex !== hex || normalize(theirs[k].text) !== normalize(insn.text)) {
            diffs.push(`${hex}: ours '${insn.text}', ndisasm '${theirs[k].text}'`);
          }
        });
        expect(diffs.slice(0, 20)).toEqual([]);
        const again = assemble(`bits ${bits}\n` + ours.map((i) => i.text).join("\n") + "\n", { fileName: "x87-dis.asm" });
        expect(again.errors).toEqual([]);
        expect(Buffer.from(again.bytes).equals(Buffer.from(bytes))).toBe(true);
      });
    }
  }

  it("rejects what nasm rejects: unsized x87 memory, ST registers in addresses, fadd st1, st2", () => {
    for (const line of ["fld [eax]", "fiadd [bx]", "fld st1, [eax]", "fadd st1, st2", "fld dword [st0]", "fadd to eax"]) {
      const text = `bits 32\n${line}\n`;
      expect(nasmAssemble(text).diagnostics.filter((d) => d.kind === "error").length, line).toBeGreaterThan(0);
      const ours = assemble(text, { fileName: "bad.asm" });
      expect(ours.errors.map((e) => e.line), line).toEqual([2]);
    }
    expect(assemble("fld [eax]\n", { fileName: "bad.asm" }).errors[0].message).toBe("operation size not specified");
  });
});
