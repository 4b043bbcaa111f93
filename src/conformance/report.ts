// The text forms of a conformance run: the per-opcode table with its total, and failure details.
import { baseOpcodeKey, type SuiteMetadata } from "../moo/metadata";
import type { ConformanceReport, OpcodeTally } from "./tally";
import type { TestFailure } from "./runner";

const hex = (v: number, digits = 4) => (v >>> 0).toString(16).padStart(digits, "0");

/** The metadata status of a file's opcode; for files split by ModR/M reg, their statuses. */
function statusOf(metadata: SuiteMetadata | undefined, fileKey: string): string {
  if (!metadata) return "";
  const key = baseOpcodeKey(fileKey);
  const direct = metadata.opcodes[key];
  if (direct) return direct.status;
  const parts = Object.entries(metadata.opcodes).filter(([k]) => k.startsWith(`${key}.`));
  return [...new Set(parts.map(([, e]) => e.status))].join("/");
}

function row(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd();
}

function skippedNote(t: OpcodeTally): string {
  return Object.entries(t.skippedBy ?? {}).map(([cause, n]) => `${cause} ${n}`).join(", ");
}

export function formatTable(report: ConformanceReport, metadata?: SuiteMetadata): string {
  const header = ["opcode", "status", "tests", "passed", "failed", "skipped", "skipped as"];
  // Sorted here: an object lists integer-like keys ("10") before the others ("0F", "80.1").
  const entries = Object.entries(report.opcodes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const rows = entries.map(([key, t]) => [
    key, statusOf(metadata, key), String(t.total), String(t.passed), String(t.failed), String(t.skipped),
    skippedNote(t),
  ]);
  const total = ["total", "", String(report.total), String(report.passed), String(report.failed), String(report.skipped), ""];
  const widths = header.map((h, i) => Math.max(h.length, ...[...rows, total].map((r) => r[i].length)));
  widths[widths.length - 1] = 0;
  return [header, ...rows, total].map((r) => row(r, widths)).join("\n") + "\n";
}

/** One failing test: where it is, what it runs, and every difference. */
export function formatFailure(f: TestFailure): string {
  const t = f.test;
  const bytes = Array.from(t.bytes, (b) => hex(b, 2)).join(" ");
  const regs = Object.entries(t.init.regs).map(([k, v]) => `${k}=${hex(v!)}`).join(" ");
  const diffs = f.differences.map((d) => {
    const mask = d.mask === undefined ? "" : ` (compared bits ${hex(d.mask)})`;
    return `    ${d.field}: expected ${hex(d.expected)}, got ${hex(d.actual)}${mask}`;
  });
  const exception = t.exception ? `, exception ${t.exception.number}` : "";
  return [
    `${f.file} test ${t.index} (${t.hash}): ${t.name} [${bytes}]${exception}`,
    `    initial: ${regs}`,
    ...diffs,
  ].join("\n") + "\n";
}
