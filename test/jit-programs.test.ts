// Every guest program, in every build variant, with and without the translator: the same
// journal entry for entry (RAM, disk and output writes, with their cycles), the same registers
// and cycle count after every run() slice, the same exit status and final RAM and disk. The
// translator gets every branch target it reaches (threshold 1), so short programs are covered.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as L from "../assembly/layout";
import type { EccMode } from "../src/core/module";
import { parseElf } from "../src/loader/elf";
import { flatImage } from "../src/loader/image";
import { loadCoreWasm } from "../src/node/core-wasm";
import { ROOT } from "./support/cli";
import { runProgramPair } from "./support/jit/program-pair";
import { PROGRAM_CASES } from "./support/program-expectations";

const BIN = join(ROOT, "programs", "bin");
const files = existsSync(BIN) ? readdirSync(BIN).filter((f) => /\.(elf|bin)$/.test(f)).sort() : [];
const ECC: EccMode[] = ["parity", "none", "secded"];

// A recognisable disk, so that reads of sectors the program did not write are compared too.
const disk = new Uint8Array(1 << 20);
for (let i = 0; i < disk.length; i += 512) disk[i] = (i >>> 9) & 0xff;

describe("guest programs with the translator and without", () => {
  const wasm = loadCoreWasm();

  it("finds the built programs", () => {
    expect(files.length).toBeGreaterThanOrEqual(41);
  });

  files.forEach((file, k) => {
    const data = new Uint8Array(readFileSync(join(BIN, file)));
    const img = file.endsWith(".bin") ? flatImage(file, data) : parseElf(file, data);
    const cases = PROGRAM_CASES[file.split(".")[0]] ?? [{ label: "default" }];
    cases.forEach((c, j) => {
      const ecc = ECC[(k + j) % ECC.length];
      it(`${file}: ${c.label} (ECC ${ecc})`, () => {
        const r = runProgramPair(wasm, img, { stdin: c.stdin, args: c.args, disk, ecc, seed: 1000 * k + j });
        expect(r.diffs).toEqual([]);
        expect([L.ST_EXIT, L.ST_HLT]).toContain(r.status);
        // Not vacuous: the translator ran most of every program that runs long enough (the
        // shortest ones hardly come back to a branch target).
        if (r.cycles > 100_000) expect(r.translated / r.cycles).toBeGreaterThan(0.5);
        else if (r.cycles > 1000) expect(r.translated).toBeGreaterThan(0);
      });
    });
  });
});
