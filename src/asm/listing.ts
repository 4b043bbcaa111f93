/**
 * The listing: one row per source line with its address and bytes, in the spirit of
 * `nasm -l`. The playground uses the address map to highlight the line of the current EIP.
 */
import type { LineBytes } from "./layout.js";

export interface ListingEntry {
  /** Address of the line's first byte. */
  address: number;
  /** 1-based source line. */
  line: number;
  /** Bytes the line occupies (emitted or reserved). */
  length: number;
}

export function listingEntries(lines: LineBytes[]): ListingEntry[] {
  return lines.map(({ address, line, length }) => ({ address, line, length }));
}

const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, "0");

/** Text listing: line number, address, up to 8 bytes in hex per row, source text. */
export function formatListing(source: string, lines: LineBytes[]): string {
  const byLine = new Map<number, LineBytes[]>();
  for (const l of lines) byLine.set(l.line, [...(byLine.get(l.line) ?? []), l]);
  const out: string[] = [];
  source.split("\n").forEach((text, i) => {
    const n = i + 1;
    const entries = byLine.get(n) ?? [];
    const src = text.replace(/\r$/, "");
    if (entries.length === 0) {
      out.push(`${String(n).padStart(6)} ${" ".repeat(8)} ${" ".repeat(18)} ${src}`);
      return;
    }
    for (const e of entries) {
      const shown = e.bytes.length ? e.bytes : [];
      let hexBytes = shown.slice(0, 8).map((b) => hex(b, 2)).join("");
      if (shown.length > 8) hexBytes += "...";
      if (!shown.length) hexBytes = `<res ${hex(e.length, 0)}h>`;
      out.push(`${String(n).padStart(6)} ${hex(e.address, 8)} ${hexBytes.padEnd(18)} ${src}`);
    }
  });
  return out.join("\n") + "\n";
}
