// The oracle: runs a batch of real-mode cases through Unicorn (unicorn_real.py under the system
// Python), one process for the whole batch; a case that crashes Unicorn is reported as skipped
// and the batch goes on in a new process.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { PYTHON } from "../fuzz/unicorn";
import { baseBytes, CS, MEMORY_SIZE, type RealCase, type RealOutcome } from "./real-case";

const RUNNER = fileURLToPath(new URL("./unicorn_real.py", import.meta.url));

export function runUnicornReal(cases: RealCase[]): RealOutcome[] {
  const header = JSON.stringify({ size: MEMORY_SIZE, base: baseBytes() });
  const lines = cases.map((c) => {
    const code = c.segs[CS] * 16 + c.ip;
    return JSON.stringify({
      index: c.index, regs: c.regs, segs: c.segs, ip: c.ip, eflags: c.eflags, cr0: c.cr0, cr3: c.cr3, mem: c.mem,
      code: [code, code + c.code.length], rep: c.rep,
    });
  });
  const outcomes: RealOutcome[] = [];
  while (outcomes.length < cases.length) {
    const rest = lines.slice(outcomes.length);
    const run = spawnSync(PYTHON, [RUNNER], { input: [header, ...rest].join("\n") + "\n", encoding: "utf8", maxBuffer: 1 << 30 });
    const answered = run.stdout.split("\n").filter((l) => l.startsWith("{"));
    for (const line of answered) {
      const o = JSON.parse(line) as RealOutcome & { index: number };
      const c = cases[outcomes.length];
      if (o.index !== c.index) throw new Error(`unicorn_real.py answered case ${o.index} for ${c.index}`);
      outcomes.push(o);
    }
    if (run.status === 0 && outcomes.length === cases.length) break;
    if (run.signal === null && (run.error || answered.length === 0)) {
      throw new Error(`unicorn_real.py failed (${run.status ?? run.error}): ${run.stderr}`);
    }
    const why = run.stderr.trim().split("\n").pop() || String(run.signal ?? run.status);
    const c = cases[outcomes.length];
    outcomes.push({ regs: c.regs, segs: c.segs, eip: c.ip, eflags: c.eflags, cr0: c.cr0 ?? 0, cr3: c.cr3 ?? 0, mem: [], exception: null, hlt: null, skip: `unicorn crashed (${why})` });
  }
  return outcomes;
}
