// A module that has written a journal worth comparing: qsort after 20,000 cycles (over a thousand
// entries), for the tests of what modules compare an epoch on.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CpuModule } from "../../src/core/module";
import { serveTranslations } from "../../src/jit/service";
import { parseElf } from "../../src/loader/elf";
import { loadProgram } from "../../src/loader/process";
import { loadCoreWasm } from "../../src/node/core-wasm";
import { ROOT } from "./cli";

const wasm = loadCoreWasm();
const image = parseElf("qsort.elf", readFileSync(join(ROOT, "programs", "bin", "qsort.elf")));

export function journalModule(): CpuModule {
  const m = new CpuModule(wasm, { ramSize: 16 << 20, diskSize: 4 << 20, translator: serveTranslations });
  loadProgram(m, image);
  m.run(20_000);
  return m;
}
