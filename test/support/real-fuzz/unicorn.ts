// The oracle: runs a batch of real-mode cases through Unicorn (unicorn_real.py), one process for
// the whole batch; a case that crashes Unicorn is reported as skipped.
import { fileURLToPath } from "node:url";
import { runBatch } from "../fuzz-common/python-batch";
import { baseBytes, CS, MEMORY_SIZE, type RealCase, type RealOutcome } from "./real-case";

const RUNNER = fileURLToPath(new URL("./unicorn_real.py", import.meta.url));

export function runUnicornReal(cases: RealCase[]): RealOutcome[] {
  return runBatch(cases, {
    script: RUNNER,
    header: JSON.stringify({ size: MEMORY_SIZE, base: baseBytes() }),
    line: (c) => {
      const code = c.segs[CS] * 16 + c.ip;
      return JSON.stringify({
        index: c.index, regs: c.regs, segs: c.segs, ip: c.ip, eflags: c.eflags, cr0: c.cr0, cr3: c.cr3, mem: c.mem,
        code: [code, code + c.code.length], rep: c.rep,
      });
    },
    outcome: (o) => o,
    crashed: (c, why) => ({
      regs: c.regs, segs: c.segs, eip: c.ip, eflags: c.eflags, cr0: c.cr0 ?? 0, cr3: c.cr3 ?? 0, mem: [],
      exception: null, hlt: null, skip: `unicorn crashed (${why})`,
    }),
  });
}
