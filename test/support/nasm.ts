/**
 * Runs the reference tools (nasm, ndisasm) on sources and binaries written to a temporary
 * directory. Tests that need them skip, saying why, when the tools are not installed.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const probe = (tool: string) => spawnSync(tool, ["-v"], { encoding: "utf8" }).status === 0;
export const hasNasm = probe("nasm");
export const hasNdisasm = probe("ndisasm");

export function skipNote(what: string, tools: string[]): void {
  const missing = tools.filter((t) => !(t === "nasm" ? hasNasm : hasNdisasm));
  if (missing.length) console.warn(`skipping ${what}: ${missing.join(" and ")} not installed (CI installs nasm)`);
}

export interface NasmResult {
  bin: Buffer;
  /** Diagnostics nasm printed, as { line, kind, message }. */
  diagnostics: { line: number; kind: "error" | "warning"; message: string }[];
  /** From the listing: source line -> offset and length of its bytes (section-relative). */
  lines: Map<number, { offset: number; length: number }>;
}

function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "lockstep86-nasm-"));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Assembles `source` with `nasm -f bin -l`; `dir` is where %include would look (unused). */
export function nasmAssemble(source: string, name = "input.asm"): NasmResult {
  return withTempDir((dir) => {
    const asm = join(dir, name);
    writeFileSync(asm, source);
    const run = spawnSync("nasm", ["-f", "bin", asm, "-o", join(dir, "out.bin"), "-l", join(dir, "out.lst")], {
      encoding: "utf8",
      maxBuffer: 1 << 26,
    });
    const diagnostics = run.stderr
      .split("\n")
      .map((l) => l.match(/:(\d+): (error|warning): (.*)$/))
      .filter((m): m is RegExpMatchArray => m !== null)
      .map((m) => ({ line: Number(m[1]), kind: m[2] as "error" | "warning", message: m[3] }));
    let bin = Buffer.alloc(0);
    try {
      bin = readFileSync(join(dir, "out.bin"));
    } catch {
      /* no output when nasm failed */
    }
    const lines = new Map<number, { offset: number; length: number }>();
    let listing = "";
    try {
      listing = readFileSync(join(dir, "out.lst"), "utf8");
    } catch {
      /* no listing */
    }
    for (const l of listing.split("\n")) {
      // "  12 0000001A 8718<rep 3h>  source": bytes may carry [..] or (..) around relocated fields.
      const m = l.match(/^\s*(\d+) ([0-9A-F]{8}) ([0-9A-F()[\]]+)(?:<rep ([0-9A-F]+)h>)?-?\s/);
      if (!m) continue;
      const n = Number(m[1]);
      const reps = m[4] ? parseInt(m[4], 16) : 1;
      const length = (m[3].replace(/[()[\]]/g, "").length / 2) * reps;
      const prev = lines.get(n);
      lines.set(n, prev ? { offset: prev.offset, length: prev.length + length } : { offset: parseInt(m[2], 16), length });
    }
    return { bin, diagnostics, lines };
  });
}

export interface NdisasmLine {
  address: number;
  hex: string;
  text: string;
}

/** Disassembles with `ndisasm -b BITS -o ORG`; long instructions' continuation rows are merged. */
export function ndisasm(bin: Uint8Array, bits: 16 | 32, org = 0): NdisasmLine[] {
  return withTempDir((dir) => {
    const file = join(dir, "in.bin");
    writeFileSync(file, bin);
    const run = spawnSync("ndisasm", ["-b", String(bits), "-o", String(org), file], { encoding: "utf8", maxBuffer: 1 << 28 });
    const out: NdisasmLine[] = [];
    for (const l of run.stdout.split("\n")) {
      const cont = l.match(/^\s+-([0-9A-F]+)\s*$/);
      if (cont) {
        out[out.length - 1].hex += cont[1];
        continue;
      }
      const m = l.match(/^([0-9A-F]{8})\s+([0-9A-F]+)\s+(.*)$/);
      if (m) out.push({ address: parseInt(m[1], 16), hex: m[2], text: m[3].trim() });
    }
    return out;
  });
}

/**
 * Our text differs from ndisasm's on purpose in two ways, both so that it reassembles to the
 * same bytes: short conditional jumps say `short`, and 32-bit addresses in 16-bit code do not
 * carry ndisasm's `dword` (which nasm would read as a 32-bit displacement).
 */
export function normalize(text: string): string {
  return text.replace(/\bshort /g, "").replace(/\[d?word ([^\]]*[a-z]{2}[^\]]*)\]/g, (m, inner: string) =>
    /\b(e?[abcd]x|e?[sd]i|e?[sb]p)\b/.test(inner) ? `[${inner}]` : m,
  );
}
