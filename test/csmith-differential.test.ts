// Programs no one wrote by hand: csmith generates random, well-defined C programs that print a
// checksum of their global state (and, here, every variable's running checksum). Each is built
// as the guest programs are, at several optimisation levels and -march values, and must print
// exactly what it prints under qemu-i386, with the same exit status, in simplex and in dmr.
//   LOCKSTEP86_CSMITH_SEEDS=5,77,300   other csmith seeds (csmith 2.3.0 as Debian 12 ships it)
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { buildGuest, missingGuestTools, runOnLockstep } from "./support/gcc-guest";
import { runUnderQemu } from "./support/qemu";

const SHIM = fileURLToPath(new URL("support/csmith", import.meta.url));
const CSMITH_INCLUDE = "/usr/include/csmith";

// Seeds whose programs run between 0.2 and 1.1 million instructions at -O2.
const SEEDS = (process.env.LOCKSTEP86_CSMITH_SEEDS ?? "1,3,6,9,11,15,18,24,28,40").split(",").map(Number);
const BUILDS = [["-O0", "-march=i386"], ["-O1", "-march=i686"], ["-O2", "-march=i686"], ["-O3", "-march=i686"], ["-Os", "-march=i386"]];
// Besides the guest programs' flags (GUEST_CFLAGS), which leave out -mgeneral-regs-only: csmith's
// runtime defines float helpers, which these integer programs never call.
const CFLAGS = ["-w", `-I${join(SHIM, "include")}`, `-I${CSMITH_INCLUDE}`];

function missing(): string | undefined {
  // Even --version writes platform.info into the working directory.
  if (spawnSync("csmith", ["--version"], { cwd: tmpdir() }).status !== 0) return "csmith is missing (apt-get install csmith libcsmith-dev)";
  if (!existsSync(join(CSMITH_INCLUDE, "csmith.h"))) return "csmith's headers are missing (apt-get install libcsmith-dev)";
  return missingGuestTools();
}
const why = missing();
if (why) console.warn(`skipping the csmith differential test: ${why}`);

describe.skipIf(why !== undefined)("csmith programs agree with qemu-i386", () => {
  const dir = mkdtempSync(join(tmpdir(), "lockstep86-csmith-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function generate(seed: number): string {
    const source = join(dir, `s${seed}.c`);
    // csmith writes platform.info into its working directory.
    const r = spawnSync("csmith", ["--seed", String(seed), "--output", source], { cwd: dir, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`csmith --seed ${seed}: ${r.stderr}`);
    // Print each variable's checksum as it is hashed, not only the final one: a wrong value shows where.
    const text = readFileSync(source, "utf8");
    if (!text.includes("int print_hash_value = 0;")) throw new Error(`csmith --seed ${seed}: no print_hash_value to turn on`);
    writeFileSync(source, text.replace("int print_hash_value = 0;", "int print_hash_value = 1;"));
    return source;
  }

  SEEDS.forEach((seed, n) => {
    it(`seed ${seed}`, () => {
      const source = generate(seed);
      for (const [k, flags] of [BUILDS[seed % BUILDS.length], BUILDS[(seed + 2) % BUILDS.length]].entries()) {
        const elf = join(dir, `s${seed}${flags.join("")}.elf`);
        buildGuest([join(SHIM, "rt.c"), source], [...CFLAGS, ...flags], elf);
        const ref = runUnderQemu(elf, { maxSeconds: 60 });
        expect(ref.timedOut, `qemu-i386 ran ${elf} past 60 s`).toBe(false);
        const text = Buffer.from(ref.stdout).toString("latin1");
        expect(text).toMatch(/^checksum = [0-9A-F]+$/m);
        // dmr for every other build: the lockstep pair must agree with each other and with qemu.
        const mode = (n + k) % 2 ? "dmr" : "simplex";
        const r = runOnLockstep(elf, mode);
        const what = `csmith --seed ${seed}, gcc ${flags.join(" ")}, ${mode}`;
        expect(r.stop.kind, what).toBe("exit");
        expect(Buffer.from(r.stdout).toString("latin1"), what).toBe(text);
        expect(r.exitCode, what).toBe(ref.exitCode);
      }
    });
  });
});
