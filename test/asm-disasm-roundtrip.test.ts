/**
 * Proves the disassembler against ndisasm and against itself: nasm's bytes for the generated
 * corpus are disassembled by us; the text must match ndisasm's (normalized, see below), and it
 * must assemble back to the same bytes with our assembler and with nasm.
 */
import { describe, expect, it } from "vitest";
import { assemble, disassemble } from "../src/asm/index.js";
import { generateCorpus } from "./support/isa/generate.js";
import { hasNasm, hasNdisasm, nasmAssemble, ndisasm, normalize, skipNote } from "./support/nasm.js";
import { CORPUS_SEED } from "./support/seed.js";

skipNote("the disassembler comparison", ["nasm", "ndisasm"]);

describe.skipIf(!hasNasm || !hasNdisasm)(`disassembly of the corpus (seed ${CORPUS_SEED})`, () => {
  for (const bits of [16, 32] as const) {
    describe(`bits ${bits}`, () => {
      const corpus = generateCorpus({ seed: CORPUS_SEED, bits });
      const ref = hasNasm ? nasmAssemble(corpus.source) : undefined;
      const bytes = new Uint8Array(ref?.bin ?? []);
      const ours = disassemble(bytes, { bits, org: 0 });
      const text = `bits ${bits}\n` + ours.map((i) => i.text).join("\n") + "\n";

      it("decodes every instruction and agrees with ndisasm", () => {
        expect(ours.filter((i) => i.text.startsWith("db "))).toEqual([]);
        const theirs = ndisasm(bytes, bits);
        expect(theirs.length).toBe(ours.length);
        const diffs: string[] = [];
        ours.forEach((insn, k) => {
          const t = theirs[k];
          const hex = Buffer.from(insn.bytes).toString("hex").toUpperCase();
          if (t.address !== insn.address || t.hex !== hex || normalize(t.text) !== normalize(insn.text)) {
            diffs.push(`${hex}: ours '${insn.text}', ndisasm '${t.text}' (${t.hex})`);
          }
        });
        expect(diffs.slice(0, 20)).toEqual([]);
      });

      it("reassembles to the same bytes with our assembler", () => {
        const again = assemble(text, { fileName: "disasm.asm" });
        expect(again.errors).toEqual([]);
        const diffs: string[] = [];
        again.listing.forEach((entry, k) => {
          const got = Buffer.from(again.bytes.subarray(entry.address, entry.address + entry.length)).toString("hex");
          const want = Buffer.from(ours[k].bytes).toString("hex");
          if (got !== want) diffs.push(`${ours[k].text}: ${want} became ${got}`);
        });
        expect(diffs.slice(0, 20)).toEqual([]);
        expect(Buffer.from(again.bytes).equals(Buffer.from(bytes))).toBe(true);
      });

      it("reassembles to the same bytes with nasm", () => {
        const again = nasmAssemble(text);
        expect(again.diagnostics.filter((d) => d.kind === "error")).toEqual([]);
        expect(again.bin.equals(Buffer.from(bytes))).toBe(true);
      });
    });
  }
});
