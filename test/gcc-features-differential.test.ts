// Hand-written C programs for what GCC 12 emits from integer C that random programs (csmith)
// rarely contain: jump tables and computed goto, alloca and VLAs, the bit and overflow builtins,
// 64-bit arithmetic, bit-fields, struct passing and returns, varargs, __builtin_setjmp and
// non-local goto, inlined string operations, unaligned accesses, division by constants, 8- and
// 16-bit arithmetic, atomics (lock prefixes, cmpxchg8b), unrolled loops and the other calling
// conventions (test/support/gcc-features/, one file per group). Each is built at -O0, -O1, -O2,
// -O3 and -Os with -march=i686 and at -O2 with -march=i386, plus the builds its header lists
// under "extra builds:", and must print the same stdout and stderr and exit with the same status
// under qemu-i386 as on the lockstep machine (in dmr for one build of each program, in simplex
// for the others). The programs check nothing themselves: qemu-i386 is the oracle.
//   LOCKSTEP86_GCC_FEATURES=switch,wide   only these programs
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { buildGuestAsync, missingGuestTools, runOnLockstep } from "./support/gcc-guest";
import { runUnderQemu } from "./support/qemu";

const SOURCES = fileURLToPath(new URL("support/gcc-features", import.meta.url));
const BUILDS = [
  ["-O0", "-march=i686"], ["-O1", "-march=i686"], ["-O2", "-march=i686"], ["-O3", "-march=i686"], ["-Os", "-march=i686"],
  ["-O2", "-march=i386"],
];
// No floating point anywhere (the core has no x87); the programs include feat.h from their directory.
const CFLAGS = ["-mgeneral-regs-only", `-I${SOURCES}`];

const only = process.env.LOCKSTEP86_GCC_FEATURES?.split(",");
const programs = readdirSync(SOURCES)
  .filter((f) => f.endsWith(".c"))
  .map((f) => f.slice(0, -2))
  .filter((name) => !only || only.includes(name))
  .sort();

/** The program's builds: the common ones, then those of its "extra builds:" header line. */
function buildsOf(name: string): string[][] {
  const extra = /extra builds: (.*)/.exec(readFileSync(join(SOURCES, `${name}.c`), "utf8"));
  return [...BUILDS, ...(extra ? extra[1].split(";").map((b) => b.trim().split(/\s+/)) : [])];
}

const why = missingGuestTools();
if (why) console.warn(`skipping the GCC feature differential test: ${why}`);

describe.skipIf(why !== undefined)("GCC feature programs agree with qemu-i386", () => {
  const dir = mkdtempSync(join(tmpdir(), "lockstep86-gcc-features-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Every build starts at once, as many at a time as there are CPUs, in the order the tests
  // need them: gcc runs while the tests run the programs already built.
  const queue: Array<() => Promise<void>> = [];
  const built = new Map<string, Promise<void>>();
  for (const name of programs)
    buildsOf(name).forEach((flags, i) => {
      const elf = join(dir, `${name}.${i}.elf`);
      const done = new Promise<void>((resolve, reject) =>
        queue.push(() => buildGuestAsync([join(SOURCES, `${name}.c`)], [...CFLAGS, ...flags], elf).then(resolve, reject)),
      );
      done.catch(() => {}); // reported by the test that awaits it
      built.set(elf, done);
    });
  const worker = async (): Promise<void> => {
    for (let job = queue.shift(); job; job = queue.shift()) await job().catch(() => {});
  };
  for (let i = 0; i < Math.max(1, availableParallelism()); i++) void worker();

  programs.forEach((name, n) => {
    it(name, async () => {
      const builds = buildsOf(name);
      for (const [i, flags] of builds.entries()) {
        const elf = join(dir, `${name}.${i}.elf`);
        await built.get(elf);
        const mode = i === n % builds.length ? "dmr" : "simplex";
        const what = `${name}.c, gcc ${flags.join(" ")}, ${mode}`;
        const ref = runUnderQemu(elf, { maxSeconds: 30 });
        expect(ref.timedOut, `qemu-i386 ran ${what} past 30 s`).toBe(false);
        // Every program ends by writing the number of groups it printed to stderr.
        expect(Buffer.from(ref.stderr).toString("latin1"), `${what}: under qemu-i386`).toMatch(/^\d+ groups\n$/);
        const r = runOnLockstep(elf, mode);
        expect(r.stop.kind, `${what}: ${r.stop.message}`).toBe("exit");
        expect(Buffer.from(r.stdout).toString("latin1"), what).toBe(Buffer.from(ref.stdout).toString("latin1"));
        expect(Buffer.from(r.stderr).toString("latin1"), what).toBe(Buffer.from(ref.stderr).toString("latin1"));
        expect(r.exitCode, what).toBe(ref.exitCode);
      }
    });
  });
});
