// Standard Linux i386 programs for the differential tests: C built at test time with glibc
// (`gcc -m32 -static`) or Debian's i386 musl, and Debian's i386 static busybox, run under
// qemu-i386 and on the lockstep machine with the same arguments, input and files.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Lockstep, type LockstepOptions, type LockstepResult, type Mode } from "../../src/harness/lockstep";
import { parseElf } from "../../src/loader/elf";
import type { ProgramImage } from "../../src/loader/image";
import { loadCoreWasm } from "../../src/node/core-wasm";
import { runUnderQemu, type QemuResult } from "./qemu";

/** Where .ci/run unpacks Debian's i386 musl-dev and busybox-static (dpkg -x). */
export const I386_ROOT = process.env.LOCKSTEP86_I386_ROOT ?? "/opt/lockstep86-i386";
const MUSL = join(I386_ROOT, "usr/lib/i386-linux-musl");
export const BUSYBOX = join(I386_ROOT, "bin/busybox");

export function missingMusl(): string | undefined {
  return existsSync(join(MUSL, "libc.a")) ? undefined : `no i386 musl at ${MUSL} (.ci/run unpacks Debian's musl-dev:i386 there)`;
}
export function missingBusybox(): string | undefined {
  return existsSync(BUSYBOX) ? undefined : `no i386 busybox at ${BUSYBOX} (.ci/run unpacks Debian's busybox-static:i386 there)`;
}

function gcc(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("gcc", args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (status) => (status === 0 ? resolve() : reject(new Error(`gcc ${args.join(" ")}: ${stderr}`))));
  });
}

/** Plain `gcc -m32 -static -O2` with glibc. */
export function buildGlibc(src: string, out: string, libs: string[] = []): Promise<void> {
  return gcc(["-m32", "-static", "-O2", src, "-o", out, ...libs]);
}

/** The same against Debian's i386 musl, as its musl-gcc wrapper would link it. */
export function buildMusl(src: string, out: string): Promise<void> {
  const include = join(I386_ROOT, "usr/include/i386-linux-musl");
  return gcc([
    "-m32", "-static", "-O2", "-nostdinc", "-isystem", include, "-isystem", gccInclude(), "-nostdlib",
    join(MUSL, "crt1.o"), join(MUSL, "crti.o"), src, join(MUSL, "libc.a"), "-lgcc", join(MUSL, "crtn.o"), "-o", out,
  ]);
}
// gcc's own headers (stddef.h, stdarg.h) for the 32-bit target.
const gccInclude = () => spawnSync("gcc", ["-m32", "-print-file-name=include"], { encoding: "utf8" }).stdout.trim();

export interface LinuxRun {
  /** argv[0] (default ARGV0); busybox picks its applet by it, so its runs say "busybox". */
  argv0?: string;
  args?: string[];
  stdin?: Uint8Array;
  /** Files in the guest's working directory, by name (the lockstep run's cwd is /). */
  files?: Record<string, Uint8Array>;
  /** The environment, NAME=VALUE each, in order (none by default, under both). */
  env?: string[];
}

export const ARGV0 = "prog";

export function runQemu(elf: string, run: LinuxRun): QemuResult {
  return runUnderQemu(elf, { args: run.args, stdin: run.stdin, files: run.files, env: run.env, argv0: run.argv0 ?? ARGV0, maxSeconds: 60 });
}

export function imageOf(elf: string): ProgramImage {
  return parseElf(elf, new Uint8Array(readFileSync(elf)));
}

/** The lockstep machine's options for a run: argv, stdin, the files given and --out-dir's. */
export function lockstepOptions(run: LinuxRun, mode: Mode): LockstepOptions {
  return {
    mode,
    argv: [run.argv0 ?? ARGV0, ...(run.args ?? [])],
    stdin: run.stdin,
    maxCycles: 4_000_000_000,
    linux: {
      files: Object.entries(run.files ?? {}).map(([path, bytes]) => ({ path, bytes })),
      writableFiles: true,
      env: run.env,
    },
  };
}

export function runLockstep(elf: string, run: LinuxRun, mode: Mode): LockstepResult {
  return new Lockstep(loadCoreWasm(), imageOf(elf), lockstepOptions(run, mode)).run();
}

const text = (b: Uint8Array) => Buffer.from(b).toString("latin1");

/** What must be identical: stdout, stderr, exit status and the files the program created. */
export function observable(r: { stdout: Uint8Array; stderr: Uint8Array; exitCode: number }, created: Record<string, string>) {
  return { stdout: text(r.stdout), stderr: text(r.stderr), exitCode: r.exitCode, created };
}
export function qemuObservable(r: QemuResult) {
  return observable(r, Object.fromEntries(Object.entries(r.created).map(([k, v]) => [k, text(v)])));
}
export function lockstepObservable(r: LockstepResult) {
  return observable(r, Object.fromEntries(r.files.map((f) => [f.path.replace(/^\//, ""), text(f.bytes)])));
}
