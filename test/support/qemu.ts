// The oracle of the differential tests: runs a guest ELF under qemu-i386 (user mode) as
// `qemu-i386 prog.elf <stdin 3<>disk.img` would, with the disk image read-write on fd 3.
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";

/** The emulator's default disk: 4 MiB of zeros. */
export const DEFAULT_DISK_SIZE = 4 << 20;

export interface QemuOptions {
  stdin?: Uint8Array;
  /** Initial disk contents (default: DEFAULT_DISK_SIZE zeros). Not modified. */
  disk?: Uint8Array;
  /** The program's arguments after argv[0]. */
  args?: string[];
  /** argv[0] (default: elfPath as given), so that it can match another runner's. */
  argv0?: string;
  /** Kill the run after this long (default 60 s); it then reports 137 (SIGKILL). */
  maxSeconds?: number;
  /** Files put in the guest's working directory (relative names) before the run. */
  files?: Record<string, Uint8Array>;
  /** The guest's environment, NAME=VALUE each, in order (default: none). */
  env?: string[];
}

export interface QemuResult {
  /** The exit status, or 128 + signal number when the guest died by a signal, like a shell. */
  exitCode: number;
  stdout: Uint8Array;
  stderr: Uint8Array;
  /** The disk image after the run. */
  disk: Uint8Array;
  timedOut: boolean;
  /** Files the guest created in its working directory. */
  created: Record<string, Uint8Array>;
}

let qemuPath: string | null | undefined;

/** The absolute path of qemu-i386 on PATH, or null. */
function findQemu(): string | null {
  if (qemuPath === undefined) {
    const dirs = (process.env.PATH ?? "").split(delimiter).filter(Boolean);
    const path = dirs.map((d) => join(d, "qemu-i386")).find((p) => existsSync(p)) ?? null;
    qemuPath = path && spawnSync(path, ["--version"]).status === 0 ? path : null;
  }
  return qemuPath;
}

export function hasQemu(): boolean {
  return findQemu() !== null;
}

const view = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.length);

// qemu-i386 gives the guest its own environment in reverse order (`env -i A=1 B=2 qemu-i386 p`
// shows B then A, where the same i386 binary run natively shows A then B, as execve passes
// them), so it is handed the variables reversed.
function qemuEnv(env: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of [...env].reverse()) out[e.slice(0, e.indexOf("="))] = e.slice(e.indexOf("=") + 1);
  return out;
}

export function runUnderQemu(elfPath: string, options: QemuOptions = {}): QemuResult {
  const qemu = findQemu();
  if (!qemu) throw new Error("qemu-i386 not found on PATH (apt-get install qemu-user)");
  const { stdin = new Uint8Array(0), disk = new Uint8Array(DEFAULT_DISK_SIZE), maxSeconds = 60, args = [], argv0 = elfPath } = options;

  // The working directory is the temporary one too, so a guest core dump lands there.
  // Input comes from a file, not a pipe: a guest that exits without reading all of it must
  // not make the run fail with EPIPE.
  const dir = mkdtempSync(join(tmpdir(), "lockstep86-qemu-"));
  const diskPath = join(dir, "disk.img");
  const stdinPath = join(dir, "stdin");
  writeFileSync(diskPath, disk);
  writeFileSync(stdinPath, stdin);
  for (const [name, bytes] of Object.entries(options.files ?? {})) {
    mkdirSync(dirname(join(dir, name)), { recursive: true }); // "data/a.txt" makes data/
    writeFileSync(join(dir, name), bytes);
  }
  const before = new Set(readdirSync(dir));
  const diskFd = openSync(diskPath, "r+");
  const stdinFd = openSync(stdinPath, "r");
  try {
    const r = spawnSync(qemu, ["-0", argv0, resolve(elfPath), ...args], {
      cwd: dir,
      env: qemuEnv(options.env ?? []), // the guest's environment (its initial stack) does not depend on ours
      stdio: [stdinFd, "pipe", "pipe", diskFd],
      timeout: maxSeconds * 1000,
      killSignal: "SIGKILL",
      maxBuffer: 1 << 30,
    });
    const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === "ETIMEDOUT";
    if (r.error && !timedOut) throw r.error;
    const exitCode = r.signal ? 128 + constants.signals[r.signal] : (r.status ?? 0);
    return {
      exitCode,
      stdout: view(r.stdout),
      stderr: view(r.stderr),
      disk: view(readFileSync(diskPath)),
      timedOut,
      created: Object.fromEntries(readdirSync(dir).filter((f) => !before.has(f)).map((f) => [f, view(readFileSync(join(dir, f)))])),
    };
  } finally {
    closeSync(diskFd);
    closeSync(stdinFd);
    rmSync(dir, { recursive: true, force: true });
  }
}
