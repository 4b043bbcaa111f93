// Runs a batch of cases through one of the Unicorn runners (Python scripts under the system
// Python, where Debian's python3-unicorn lives), one process for the whole batch: a header line
// and a case a line in, an answer a line out, in order.
import { spawnSync } from "node:child_process";
import { basename } from "node:path";

export const PYTHON = "/usr/bin/python3";

export interface Batch<C, O> {
  /** The runner script's path. */
  script: string;
  /** The first line: what every case shares. */
  header: string;
  /** A case as the runner reads it. */
  line(c: C): string;
  /** An answer line, parsed, as the outcome of case c. */
  outcome(answer: O & { index: number }, c: C): O;
  /** The outcome of a case that crashed the runner, and why it did. */
  crashed(c: C, why: string): O;
}

/**
 * Each case's outcome, in order. Should Unicorn itself crash on a case (it aborts on some inputs),
 * that case's outcome says so, and the batch goes on in a new process.
 */
export function runBatch<C extends { index: number }, O>(cases: C[], batch: Batch<C, O>): O[] {
  const name = basename(batch.script);
  const lines = cases.map((c) => batch.line(c));
  const outcomes: O[] = [];
  while (outcomes.length < cases.length) {
    const rest = lines.slice(outcomes.length);
    const input = [batch.header, ...rest].join("\n") + "\n";
    const run = spawnSync(PYTHON, [batch.script], { input, encoding: "utf8", maxBuffer: 1 << 30 });
    const answered = run.stdout.split("\n").filter((l) => l.startsWith("{"));
    for (const line of answered) {
      const o = JSON.parse(line) as O & { index: number };
      const c = cases[outcomes.length];
      if (o.index !== c.index) throw new Error(`${name} answered case ${o.index} for ${c.index}`);
      outcomes.push(batch.outcome(o, c));
    }
    if (run.status === 0 && outcomes.length === cases.length) break;
    // A crash shows as a signal (and, when it came before all input was written, as EPIPE).
    if (run.signal === null && (run.error || answered.length === 0)) {
      throw new Error(`${name} failed (${run.status ?? run.error}): ${run.stderr}`);
    }
    const why = run.stderr.trim().split("\n").pop() || String(run.signal ?? run.status);
    outcomes.push(batch.crashed(cases[outcomes.length], why));
  }
  return outcomes;
}
