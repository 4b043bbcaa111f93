// The benchmark's runners: each runs one built program and returns its output (and, for the
// core, its retired-instruction count). The table has a column group per runner, so another
// way of running the core (duplexed, triplexed) is one more coreRunner(...) in the list.
import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { readFileSync } from "node:fs";
import { runSimplex } from "../src/harness/simplex";
import { Lockstep, DEFAULT_EPOCH, type Mode } from "../src/harness/lockstep";
import { forgetCompiledBlocks } from "../src/jit/service";
import { parseElf } from "../src/loader/elf";
import type { ProgramImage } from "../src/loader/image";
import type { BuiltProgram } from "./bench-build";
import type { NativeI386 } from "./bench-host";
import { loadCoreWasm } from "../src/node/core-wasm";
import { defaultThreads, workerHosts } from "../src/node/module-worker-host";
import type { CompareMode } from "../src/harness/epoch-hash";
import * as L from "../assembly/layout";

export interface RunOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
  cycles?: number; // retired instructions, from the core
  translated?: number; // of those, retired by translated code (simplex)
}

export interface Runner {
  key: string; // column heading, e.g. "simplex"
  legend: string; // what the column measures, printed under the table
  /** Runs the i386 ELF itself, so the core's instruction count gives its MIPS. */
  sameBinary: boolean;
  /** Runs in this process (its first run also pays for V8's tiering), not as a child process. */
  inProcess: boolean;
  /** At most this many warm runs (a slow runner that gains nothing from warming up: 0). */
  maxWarmRuns?: number;
  /** Work done before timing starts (reading files); returns the timed run, or null if this
   *  runner has nothing to run for the program. */
  prepare(p: BuiltProgram): (() => RunOutput) | null;
}

// Large enough that the core returns to the host only when the journal fills or output waits.
export const BENCH_EPOCH = 2 ** 31;

const text = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.length).toString("latin1");

export type CoreRun = (
  wasm: WebAssembly.Module,
  image: ProgramImage,
) => { cycles: number; exitCode: number; stdout: Uint8Array; stderr: Uint8Array; translated?: number };

/** A runner executing the core in this process; the core's wasm is compiled before any timing,
 *  the translated blocks within each timed run (none are kept from an earlier run). */
export function coreRunner(key: string, legend: string, run: CoreRun): Runner {
  const wasm = loadCoreWasm();
  return {
    key,
    legend,
    sameBinary: true,
    inProcess: true,
    prepare(p) {
      const image = parseElf(p.name, readFileSync(p.elf));
      return () => {
        forgetCompiledBlocks();
        const r = run(wasm, image);
        return { stdout: text(r.stdout), stderr: text(r.stderr), exitCode: r.exitCode, cycles: r.cycles, translated: r.translated };
      };
    },
  };
}

export function simplexRunner(): Runner {
  return coreRunner(
    "simplex",
    "lockstep86 core, one module (in this process; module creation is startup; every run translates its hot code afresh)",
    (wasm, image) => {
      const machine = new Lockstep(wasm, image, { mode: "simplex", epoch: BENCH_EPOCH });
      const r = machine.run();
      const m = machine.onlineModules()[0];
      const translated = m.getU32(L.S_JIT_RETIRED) + m.getU32(L.S_JIT_RETIRED + 4) * 2 ** 32;
      return { ...r, translated };
    },
  );
}

/** The interpreter alone: one module, no translated code (`--no-jit`). */
export function interpreterRunner(): Runner {
  // Timed as the other runners (the best warm run): nothing is translated, but one run of a program
  // moved by up to 1.5x from one bench to the next on this project's shared machine.
  return coreRunner(
    "interp",
    "lockstep86 core, one module, --no-jit: every instruction interpreted",
    (wasm, image) => runSimplex(wasm, image, { epoch: BENCH_EPOCH, jit: false }),
  );
}

/** The core in lockstep: every module runs the program; journals compared each epoch. With
 *  `threads`, B and C run in worker threads beside A (module hosts); `compare` is --compare. */
export function lockstepRunner(mode: Mode, threads = false, compare: CompareMode = "writes"): Runner {
  const modules = mode === "dmr" ? "two modules" : "three modules";
  const where = threads ? `on threads as lockstep86 run places them (A in this one, the others in worker threads, as many threads in all as lockstep86 run uses by default: ${workerThreadsNote()})` : "on one thread";
  const what = compare === "writes" ? "journals and state" : compare === "state" ? "state (registers and written pages)" : "output";
  const hosts = threads ? workerHosts(loadCoreWasm()) : undefined;
  return coreRunner(
    `${mode}${threads ? "-threads" : ""}${compare === "writes" ? "" : `-${compare}`}`,
    `lockstep86 ${mode}: ${modules} in lockstep ${where}, ${what} compared every ${DEFAULT_EPOCH} cycles (the default epoch)`,
    (wasm, image) => new Lockstep(wasm, image, { mode, hosts, compare }).run(),
  );
}

function workerThreadsNote(): string {
  const threads = defaultThreads();
  return `${availableParallelism()} cores, ${threads} threads, so ${threads >= 3 ? "B and C have a worker each" : "B and C share one worker"}`;
}

function spawnRun(cmd: string, args: string[]): RunOutput {
  // An empty environment: the guest's initial stack must not depend on ours.
  const r = spawnSync(cmd, args, { env: {}, stdio: ["ignore", "pipe", "pipe"], encoding: "latin1", maxBuffer: 1 << 26 });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.status ?? 128 };
}

export function hasQemu(): boolean {
  const r = spawnSync("qemu-i386", ["--version"]);
  return !r.error && r.status === 0;
}

export function qemuRunner(): Runner {
  return {
    key: "qemu",
    legend: "qemu-i386 (user mode, TCG) running the same i386 ELF",
    sameBinary: true,
    inProcess: false,
    prepare: (p) => () => spawnRun("qemu-i386", [p.elf]),
  };
}

/** The host CPU: the i386 ELF itself when the kernel runs it, else the x86-64 build of the source. */
export function nativeRunner(native: NativeI386): Runner {
  if (native.canExec)
    return {
      key: "native",
      legend: "the same i386 ELF executed natively by the host CPU",
      sameBinary: true,
      inProcess: false,
      prepare: (p) => () => spawnRun(p.elf, []),
    };
  return {
    key: "native",
    legend:
      "native x86-64 build of the same C source (the same gcc flags but -m32 and -march=i686, with an x86-64 " +
      "syscall shim for lib/sys.h and crt0): a different binary, so time ratios only, no MIPS",
    sameBinary: false,
    inProcess: false,
    prepare: (p) => {
      const exe = p.nativeX64;
      return exe ? () => spawnRun(exe, []) : null;
    },
  };
}
