/**
 * Proves that real sources assemble byte-identical to `nasm -f bin`: every .asm under
 * programs/ (whatever is there) and the fixtures under test/fixtures/asm/, which exercise
 * sections, times, equ, align, local labels and expressions.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { assemble, formatError } from "../src/asm/index.js";
import { hasNasm, nasmAssemble, skipNote } from "./support/nasm.js";

const ROOT = join(import.meta.dirname, "..");

function asmFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return asmFiles(path);
    return name.endsWith(".asm") ? [path] : [];
  });
}

const programs = asmFiles(join(ROOT, "programs"));
const fixtures = asmFiles(join(ROOT, "test/fixtures/asm"));
console.info(`asm sources compared with nasm: ${programs.length} in programs/, ${fixtures.length} fixtures`);
skipNote("the program comparison", ["nasm"]);

describe.skipIf(!hasNasm)("sources assemble byte-identical to nasm -f bin", () => {
  it.each([...programs, ...fixtures].map((p) => relative(ROOT, p)))("%s", (file) => {
    const source = readFileSync(join(ROOT, file), "utf8");
    const ref = nasmAssemble(source);
    expect(ref.diagnostics.filter((d) => d.kind === "error")).toEqual([]);
    const ours = assemble(source, { fileName: file });
    expect(ours.errors.map(formatError)).toEqual([]);
    if (!Buffer.from(ours.bytes).equals(ref.bin)) {
      // Name the first line whose bytes differ.
      const at = ours.bytes.findIndex((b, k) => b !== ref.bin[k]);
      const offset = at < 0 ? Math.min(ours.bytes.length, ref.bin.length) : at;
      const entry = ours.listing.find((e) => e.address - ours.org <= offset && offset < e.address - ours.org + e.length);
      const line = entry ? `line ${entry.line}: ${source.split("\n")[entry.line - 1].trim()}` : "after the last line";
      expect.fail(`first difference at offset 0x${offset.toString(16)} (${line}); sizes ${ours.bytes.length} vs ${ref.bin.length}`);
    }
  });
});
