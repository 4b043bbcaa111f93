// The oracle: runs a batch of cases through Unicorn (unicorn_runner.py), one process for the
// whole batch.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PYTHON, runBatch } from "../fuzz-common/python-batch";
import { CODE_BASE, CODE_FILLER, CODE_SIZE, REGIONS, type FuzzCase, type Outcome } from "./fuzz-case";

const RUNNER = fileURLToPath(new URL("./unicorn_runner.py", import.meta.url));

/** Why Unicorn cannot be used here, or null when it can. */
export function unicornMissing(): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const probe = spawnSync(PYTHON, ["-c", "import unicorn; print(unicorn.__version__)"], { encoding: "utf8" });
  if (probe.status !== 0) return `${PYTHON} cannot import unicorn (apt-get install python3-unicorn)`;
  return null;
}

const hex = (bytes: ArrayLike<number>) => Buffer.from(Uint8Array.from(bytes)).toString("hex");

/** Unicorn's outcome of each case, in order; a case that crashes Unicorn says so. */
export function runUnicorn(cases: FuzzCase[], memory: { base: number; bytes: Uint8Array }[]): Outcome[] {
  return runBatch(cases, {
    script: RUNNER,
    header: JSON.stringify({
      regions: REGIONS.map((r) => [r.base, r.size]),
      memory: memory.map((m) => [m.base, hex(m.bytes)]),
      code: [CODE_BASE, CODE_SIZE],
      filler: CODE_FILLER,
    }),
    line: (c) =>
      JSON.stringify({ index: c.index, eip: c.eip, code: hex(c.code), lead: c.lead, regs: c.regs, eflags: c.eflags, patches: c.patches, rep: c.rep }),
    outcome: (o) => ({ regs: o.regs, eip: o.eip, eflags: o.eflags, mem: o.mem, exception: o.exception }),
    crashed: (c, why) => ({ regs: c.regs, eip: c.eip, eflags: c.eflags, mem: [], exception: `unicorn crashed (${why})` }),
  });
}
