// Runs the built command-line runner (bin/lockstep86.js -> dist/cli.js) as a user would.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BIN = join(ROOT, "bin", "lockstep86.js");

export interface CliResult {
  status: number;
  stdout: Uint8Array;
  stderr: string;
}

export function lockstep86(args: string[], options: { input?: Uint8Array } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { input: options.input, maxBuffer: 64 << 20, cwd: ROOT });
  return { status: r.status ?? 128, stdout: new Uint8Array(r.stdout), stderr: r.stderr.toString() };
}

/**
 * Runs `lockstep86 run` with stdin and a disk image given as bytes; returns the final disk too.
 * `args` are options of ours; `programArgs` are the program's own, passed after "--".
 */
export function runProgram(
  program: string,
  options: { stdin?: Uint8Array; disk?: Uint8Array; args?: string[]; programArgs?: string[] } = {},
): CliResult & { disk?: Uint8Array } {
  const dir = mkdtempSync(join(tmpdir(), "lockstep86-"));
  try {
    const args = ["run", program, ...(options.args ?? [])];
    if (options.stdin) {
      writeFileSync(join(dir, "stdin"), options.stdin);
      args.push("--stdin", join(dir, "stdin"));
    }
    if (options.disk) {
      writeFileSync(join(dir, "disk.img"), options.disk);
      args.push("--disk", join(dir, "disk.img"), "--save-disk", join(dir, "out.img"));
    }
    if (options.programArgs) args.push("--", ...options.programArgs);
    const r = lockstep86(args);
    // No image is written when the run fail-stopped (src/harness/release.ts).
    const disk = options.disk && existsSync(join(dir, "out.img")) ? new Uint8Array(readFileSync(join(dir, "out.img"))) : undefined;
    return { ...r, disk };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
