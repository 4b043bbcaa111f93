/**
 * Compares a whole program's assembly with nasm's: nasm's map file gives each section's start
 * and every symbol's value, its listing each line's section-relative offset and length (bytes
 * or reservation). Each line must be at the same address with the same bytes, every symbol
 * must have the same value and the images must be equal.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assemble } from "../../src/asm/index.js";

export interface NasmLayout {
  /** nasm's diagnostics, `LINE: error: message` or `LINE: warning: message`. */
  diagnostics: string[];
  bin: Buffer;
  sections: Map<string, { start: number; nobits: boolean }>;
  /** Source line -> section-relative offset and length, summed over the line's listing rows. */
  lines: Map<number, { offset: number; length: number }>;
  symbols: Map<string, bigint>;
}

export function nasmLayout(source: string): NasmLayout {
  const dir = mkdtempSync(join(tmpdir(), "lockstep86-nasm-layout-"));
  try {
    const asm = join(dir, "prog.asm");
    // Appended, so that no line number moves.
    writeFileSync(asm, `${source}\n[map all ${join(dir, "prog.map")}]\n`);
    const run = spawnSync("nasm", ["-f", "bin", asm, "-o", join(dir, "prog.bin"), "-l", join(dir, "prog.lst")], {
      encoding: "utf8",
    });
    const diagnostics = run.stderr
      .split("\n")
      .map((l) => l.match(/:(\d+): (error|warning): (.*)$/))
      .filter((m): m is RegExpMatchArray => m !== null)
      .map((m) => `${m[1]}: ${m[2]}: ${m[3]}`);
    const read = (name: string) => {
      try {
        return readFileSync(join(dir, name));
      } catch {
        return Buffer.alloc(0);
      }
    };
    return { diagnostics, bin: read("prog.bin"), ...parseMap(read("prog.map").toString()), lines: parseListing(read("prog.lst").toString()) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function parseMap(map: string): Pick<NasmLayout, "sections" | "symbols"> {
  const sections = new Map<string, { start: number; nobits: boolean }>();
  const symbols = new Map<string, bigint>();
  let part = "";
  for (const line of map.split("\n")) {
    if (line.startsWith("-- ")) part = line;
    let m: RegExpMatchArray | null;
    if (part.startsWith("-- Sections (summary)") && (m = line.match(/^\s*[0-9A-F]+\s+([0-9A-F]+)\s+[0-9A-F]+\s+[0-9A-F]+\s+(progbits|nobits)\s+(\S+)$/))) {
      sections.set(m[3], { start: parseInt(m[1], 16), nobits: m[2] === "nobits" });
    } else if (part.startsWith("-- Symbols") && (m = line.match(/^\s*(?:([0-9A-F]+)\s+)?([0-9A-F]+)\s+(\S+)$/))) {
      if (m[3] !== "Name") symbols.set(m[3], BigInt(`0x${m[2]}`));
    }
  }
  return { sections, symbols };
}

function parseListing(listing: string): NasmLayout["lines"] {
  const lines = new Map<number, { offset: number; length: number }>();
  for (const l of listing.split("\n")) {
    // "  12 0000001A 8718<rep 3h>  source"; reservations show as ???? or <res 12Ch>.
    const m = l.match(/^\s*(\d+) ([0-9A-F]{8}) ((?:[0-9A-F()[\]?]|<re[ps] [0-9A-F]+h>)+)/);
    if (!m) continue;
    const res = m[3].match(/^<res ([0-9A-F]+)h>$/);
    // `<rep Nh>` ends the last row of one repetition: it multiplies all of the line's rows.
    const rep = m[3].match(/<rep ([0-9A-F]+)h>/);
    const n = Number(m[1]);
    const prev = lines.get(n) ?? { offset: parseInt(m[2], 16), length: 0 };
    let length = prev.length + (res ? parseInt(res[1], 16) : m[3].replace(/<rep [0-9A-F]+h>|[()[\]]/g, "").length / 2);
    if (rep) length *= parseInt(rep[1], 16);
    // `times 3 db ''` is listed, empty.
    if (length) lines.set(n, { offset: prev.offset, length });
  }
  return lines;
}

/** The section each source line is in, from its `section`/`segment` directives. */
function lineSections(source: string): string[] {
  let sect = ".text";
  return source.split("\n").map((line) => {
    const m = line.match(/^\s*\[?\s*(?:section|segment)\s+([^\s\]]+)/i);
    if (m) sect = m[1];
    return sect;
  });
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex") || "(none)";

/**
 * Every difference between our assembly of `source` and nasm's, one message per line or symbol
 * (`line N: SOURCE: ...` with both addresses and byte strings). Empty when they agree.
 */
export function compareWithNasm(source: string): string[] {
  const ref = nasmLayout(source);
  const nasmErrors = ref.diagnostics;
  const ours = assemble(source, { fileName: "prog.asm" });
  const text = source.split("\n");
  if (nasmErrors.length || ours.errors.length) {
    return [
      ...nasmErrors.map((d) => `nasm: ${d}: ${text[Number(d.split(":")[0]) - 1]?.trim()}`),
      ...ours.errors.map((e) => `ours: ${e.line}: ${e.message}: ${text[e.line - 1]?.trim()}`),
    ];
  }
  const org = ours.org;
  const sects = lineSections(source);
  const out: string[] = [];
  const mine = new Map(ours.listing.map((e) => [e.line, e]));
  for (const n of [...new Set([...mine.keys(), ...ref.lines.keys()])].sort((x, y) => x - y)) {
    const e = mine.get(n);
    const t = ref.lines.get(n);
    const sect = ref.sections.get(sects[n - 1]);
    const theirAddr = t && sect ? sect.start + t.offset : undefined;
    const slice = (bin: Uint8Array, at: number | undefined, length: number) =>
      at === undefined || sect?.nobits ? new Uint8Array(0) : bin.subarray(at - org, at - org + length);
    const a = slice(ours.bytes, e?.address, e?.length ?? 0);
    const b = slice(ref.bin, theirAddr, t?.length ?? 0);
    if (e?.address !== theirAddr || e?.length !== t?.length || hex(a) !== hex(b)) {
      const where = (at: number | undefined, len = 0) => (at === undefined ? "nothing" : `0x${at.toString(16)}+${len}`);
      out.push(`line ${n}: ${text[n - 1].trim()}: ours ${where(e?.address, e?.length)} ${hex(a)}, nasm ${where(theirAddr, t?.length)} ${hex(b)}`);
    }
  }
  for (const [name, value] of ref.symbols) {
    const v = ours.symbols.get(name);
    if (v === undefined) out.push(`symbol ${name}: missing here, nasm 0x${value.toString(16)}`);
    else if (Math.abs(v) < 2 ** 53 && BigInt.asUintN(64, BigInt(v)) !== value) {
      out.push(`symbol ${name}: ours 0x${BigInt.asUintN(64, BigInt(v)).toString(16)}, nasm 0x${value.toString(16)}`);
    }
  }
  if (!out.length && !Buffer.from(ours.bytes).equals(ref.bin)) {
    out.push(`images differ: ours ${ours.bytes.length} bytes, nasm ${ref.bin.length}`);
  }
  return out;
}
