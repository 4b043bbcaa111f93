// The oracle: runs a batch of cases through Unicorn (unicorn_runner.py under the system Python,
// where Debian's python3-unicorn lives), one process for the whole batch.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CODE_BASE, CODE_FILLER, CODE_SIZE, REGIONS, type FuzzCase, type Outcome } from "./fuzz-case";

export const PYTHON = "/usr/bin/python3";
const RUNNER = fileURLToPath(new URL("./unicorn_runner.py", import.meta.url));

/** Why Unicorn cannot be used here, or null when it can. */
export function unicornMissing(): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const probe = spawnSync(PYTHON, ["-c", "import unicorn; print(unicorn.__version__)"], { encoding: "utf8" });
  if (probe.status !== 0) return `${PYTHON} cannot import unicorn (apt-get install python3-unicorn)`;
  return null;
}

const hex = (bytes: ArrayLike<number>) => Buffer.from(Uint8Array.from(bytes)).toString("hex");

/**
 * Unicorn's outcome of each case, in order. Should Unicorn itself crash on a case (it aborts on
 * some inputs), that case's outcome says so, and the batch goes on in a new process.
 */
export function runUnicorn(cases: FuzzCase[], memory: { base: number; bytes: Uint8Array }[]): Outcome[] {
  const header = JSON.stringify({
    regions: REGIONS.map((r) => [r.base, r.size]),
    memory: memory.map((m) => [m.base, hex(m.bytes)]),
    code: [CODE_BASE, CODE_SIZE],
    filler: CODE_FILLER,
  });
  const lines = cases.map((c) =>
    JSON.stringify({ index: c.index, eip: c.eip, code: hex(c.code), lead: c.lead, regs: c.regs, eflags: c.eflags, patches: c.patches, rep: c.rep }),
  );
  const outcomes: Outcome[] = [];
  while (outcomes.length < cases.length) {
    const rest = lines.slice(outcomes.length);
    const run = spawnSync(PYTHON, [RUNNER], { input: [header, ...rest].join("\n") + "\n", encoding: "utf8", maxBuffer: 1 << 30 });
    const answered = run.stdout.split("\n").filter((l) => l.startsWith("{"));
    for (const line of answered) {
      const o = JSON.parse(line) as Outcome & { index: number };
      const c = cases[outcomes.length];
      if (o.index !== c.index) throw new Error(`unicorn_runner.py answered case ${o.index} for ${c.index}`);
      outcomes.push({ regs: o.regs, eip: o.eip, eflags: o.eflags, mem: o.mem, exception: o.exception });
    }
    if (run.status === 0 && outcomes.length === cases.length) break;
    // A crash shows as a signal (and, when it came before all input was written, as EPIPE).
    if (run.signal === null && (run.error || answered.length === 0)) {
      throw new Error(`unicorn_runner.py failed (${run.status ?? run.error}): ${run.stderr}`);
    }
    const why = run.stderr.trim().split("\n").pop() || String(run.signal ?? run.status);
    const c = cases[outcomes.length];
    outcomes.push({ regs: c.regs, eip: c.eip, eflags: c.eflags, mem: [], exception: `unicorn crashed (${why})` });
  }
  return outcomes;
}
