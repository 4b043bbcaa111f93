/**
 * The assembler's public API: NASM-syntax source in, flat binary (as `nasm -f bin`), an address
 * map and every error out. Runs in Node and in the browser (no Node-only imports here).
 *
 *   const r = assemble(source, { fileName: "prog.asm" });
 *   if (r.errors.length) show(r.errors.map(formatError));
 *   else load(r.bytes, r.org);
 */
import { Layout } from "./layout.js";
import { formatListing, listingEntries, type ListingEntry } from "./listing.js";
import { Parser } from "./parser.js";

export type { ListingEntry } from "./listing.js";
export { disassemble, disassembleOne, type DisasmInsn, type DisasmOptions } from "../disasm/index.js";

export interface AssembleOptions {
  /** Used in error messages. */
  fileName: string;
  /** Initial `bits` (default 16, as nasm); a `bits` directive in the source overrides it. */
  bits?: 16 | 32;
  /** Initial origin (default 0, as nasm); an `org` directive in the source overrides it. */
  org?: number;
}

export interface AsmDiagnostic {
  file: string;
  line: number;
  col: number;
  message: string;
}

export interface AssembleResult {
  /** The flat image: progbits sections from `org` on. Empty when there are errors. */
  bytes: Uint8Array;
  /** Load address of bytes[0]. */
  org: number;
  /** Address map, one entry per line that occupies bytes, in source order. */
  listing: ListingEntry[];
  /** Every error in the file, sorted by line and column. */
  errors: AsmDiagnostic[];
  /** Label and equ values (absolute addresses for labels). */
  symbols: Map<string, number>;
  /** `nasm -l`-like text listing. */
  listingText(): string;
}

export function assemble(source: string, options: AssembleOptions): AssembleResult {
  const parser = new Parser();
  const lines = parser.parseSource(source);
  const layout = new Layout(lines, { bits: options.bits ?? 16, org: options.org ?? 0 }).run();
  // Statements that failed to parse are absent from the layout, so their errors are separate.
  const seen = new Set<string>();
  const errors = [...parser.errors, ...layout.errors]
    .filter((e) => {
      // `times` repeats a statement, and with it the statement's error: report it once.
      const key = `${e.line}:${e.col}:${e.message}`;
      return !seen.has(key) && seen.add(key) !== undefined;
    })
    .map((e) => ({ file: options.fileName, ...e }))
    .sort((a, b) => a.line - b.line || a.col - b.col);
  return {
    bytes: errors.length ? new Uint8Array(0) : layout.image,
    org: layout.org,
    listing: listingEntries(layout.lines),
    errors,
    symbols: layout.symbols,
    listingText: () => formatListing(source, layout.lines),
  };
}

/** `FILE:LINE:COL: message`, the form editors and the CLI use. */
export function formatError(e: AsmDiagnostic): string {
  return `${e.file}:${e.line}:${e.col}: ${e.message}`;
}
