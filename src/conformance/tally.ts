// Counts per opcode file and for the whole run, in the shape `--json` prints.

export interface OpcodeTally {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  /** Skipped tests by cause: an exclusion rule's id, or "revoked". Absent when none. */
  skippedBy?: Record<string, number>;
}

export interface ConformanceReport {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  /** Keyed like the test files: "00", "80.0", "0F01.2". */
  opcodes: Record<string, OpcodeTally>;
}

export type Outcome = { kind: "passed" } | { kind: "failed" } | { kind: "skipped"; by: string };

export function emptyTally(): OpcodeTally {
  return { total: 0, passed: 0, failed: 0, skipped: 0 };
}

export function count(tally: OpcodeTally, outcome: Outcome): void {
  tally.total++;
  tally[outcome.kind]++;
  if (outcome.kind === "skipped") {
    tally.skippedBy ??= {};
    tally.skippedBy[outcome.by] = (tally.skippedBy[outcome.by] ?? 0) + 1;
  }
}

export function summarize(opcodes: Record<string, OpcodeTally>): ConformanceReport {
  const report: ConformanceReport = { total: 0, passed: 0, failed: 0, skipped: 0, opcodes };
  for (const t of Object.values(opcodes)) {
    report.total += t.total;
    report.passed += t.passed;
    report.failed += t.failed;
    report.skipped += t.skipped;
  }
  return report;
}

/** Skipped tests by cause over the whole report. */
export function skippedByCause(report: ConformanceReport): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of Object.values(report.opcodes)) {
    for (const [cause, n] of Object.entries(t.skippedBy ?? {})) out[cause] = (out[cause] ?? 0) + n;
  }
  return out;
}
