// Runs the CLI from a shell, so redirections a user would write (>/dev/full, >&-, a FIFO) apply,
// under /usr/bin/time to learn its peak memory.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./cli";

export const hasTime = existsSync("/usr/bin/time");
const BIN = join(ROOT, "bin", "lockstep86.js");

export interface ShellResult {
  status: number;
  stdout: string;
  stderr: string;
  /** Peak resident memory of the CLI process, in MiB. */
  peakMiB: number;
}

/**
 * `script` is a shell command line in which `$CLI` stands for the lockstep86 command under time,
 * `$BARE` for it alone (time's own files would take a descriptor the script closes).
 */
export function shellCli(script: string): ShellResult {
  const dir = mkdtempSync(join(tmpdir(), "shell-cli-"));
  const rss = join(dir, "rss");
  const cli = `/usr/bin/time -f %M -o ${rss} ${process.execPath} ${BIN}`;
  const r = spawnSync("sh", ["-c", script.replaceAll("$CLI", cli).replaceAll("$BARE", `${process.execPath} ${BIN}`)], { cwd: ROOT, maxBuffer: 64 << 20, timeout: 120_000 });
  const kb = existsSync(rss) ? Number(readFileSync(rss, "latin1").trim().split("\n").pop()) : NaN;
  return { status: r.status ?? 128, stdout: r.stdout.toString("latin1"), stderr: r.stderr.toString(), peakMiB: kb / 1024 };
}
