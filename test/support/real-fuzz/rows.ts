// Which table rows the real-mode fuzzer draws, and which it leaves out and why.
import type { InsnForm } from "../../../src/isa/table";
import { REAL_MODE_GENERATION } from "../../../src/isa/core-facts";
import { isX87, mnemonics, UNICORN_REJECTS, type Exclusion } from "../fuzz-common/table-rows";

export const REAL_EXCLUSIONS: readonly Exclusion[] = [
  { reason: "x87: the x87 fuzzer draws it (test/fuzz-x87-unicorn.test.ts)", rows: (f) => isX87(f) || f.mnemonic === "esc" },
  {
    reason: `after the ${REAL_MODE_GENERATION}: real mode models the ${REAL_MODE_GENERATION}, where it is #UD, and Unicorn runs it (ud2 excepted: #UD everywhere)`,
    rows: (f: InsnForm) => f.gen !== 8086 && f.gen > REAL_MODE_GENERATION && f.mnemonic !== "ud2",
  },
  UNICORN_REJECTS,
  { reason: "hlt: every case ends at a HLT of its own, which the one under test would be taken for", rows: mnemonics("hlt") },
  { reason: "int, int3, into: not drawn by the real-mode fuzzer yet (its vectors all lead to the case's end)", rows: mnemonics("int", "int3", "into") },
];
