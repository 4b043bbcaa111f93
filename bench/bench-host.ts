// What the benchmark needs to know about the host: whether its kernel runs i386 ELFs natively
// (decided at run time: CI machines may differ from this one), and the facts printed above
// the table, including which core was measured.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem } from "node:os";
import { createHash } from "node:crypto";
import { basename, dirname, join } from "node:path";
import { coreWasmPath } from "../src/node/core-wasm";

export interface NativeI386 {
  canExec: boolean;
  reason: string;
}

const BINFMT = "/proc/sys/fs/binfmt_misc";
// binfmt_misc magic of an ELF32 little-endian executable for EM_386: bytes 0-4, then e_machine.
const isI386Magic = (hex: string) => hex.startsWith("7f454c4601") && hex.slice(36, 40) === "0300";

/** A binfmt_misc handler (e.g. qemu-user-binfmt) that would run i386 ELFs under an emulator. */
function i386Interpreter(): string | null {
  if (!existsSync(BINFMT)) return null;
  for (const entry of readdirSync(BINFMT)) {
    if (entry === "status" || entry === "register") continue;
    let text: string;
    try {
      text = readFileSync(join(BINFMT, entry), "utf8");
    } catch {
      continue;
    }
    const magic = /^magic ([0-9a-f]+)/m.exec(text)?.[1] ?? "";
    if (text.startsWith("enabled") && isI386Magic(magic)) return /^interpreter (\S+)/m.exec(text)?.[1] ?? entry;
  }
  return null;
}

/** Whether helloElf (an i386 ELF printing "Hello, world!") runs on the host CPU itself. */
export function detectNativeI386(helloElf: string): NativeI386 {
  const interpreter = i386Interpreter();
  if (interpreter) return { canExec: false, reason: `i386 ELFs would run under ${interpreter} (binfmt_misc), not natively` };
  const r = spawnSync(helloElf, [], { encoding: "utf8" });
  if (!r.error && r.status === 0 && r.stdout === "Hello, world!\n")
    return { canExec: true, reason: "the kernel executes i386 ELFs" };
  // On ENOEXEC the C library's execvp hands the file to /bin/sh, so the failure shows as the
  // shell's exit status rather than as an error.
  const why = r.error?.message ?? `exit status ${r.status}`;
  return { canExec: false, reason: `the kernel cannot execute i386 ELFs (running ${basename(helloElf)} failed: ${why})` };
}

function firstLine(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return r.error || r.status !== 0 ? "not found" : r.stdout.split("\n")[0].trim();
}

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.*)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"));
    if (m) return m[1];
  } catch {
    // not Linux: os.cpus() below
  }
  return cpus()[0]?.model ?? "unknown";
}

/** Which core was measured: the wasm's hash, and the commit it was built from when known. */
function coreIdentity(): string {
  const wasm = readFileSync(coreWasmPath());
  const hash = createHash("sha256").update(wasm).digest("hex").slice(0, 12);
  const git = spawnSync("git", ["describe", "--always", "--dirty"], { cwd: dirname(coreWasmPath()), encoding: "utf8" });
  const commit = git.error || git.status !== 0 ? "" : `, source tree ${git.stdout.trim()}`;
  return `build/core.wasm (${wasm.length} bytes, sha256 ${hash}...)${commit}`;
}

/** The 1-minute load average now: on a shared machine, how much the times were disturbed. */
export const loadNow = () => loadavg()[0].toFixed(2);

export function machineFacts(loadAtStart: string): [string, string][] {
  return [
    ["load average (1 min)", `${loadAtStart} at the start, ${loadNow()} at the end`],
    ["core", coreIdentity()],
    ["CPU", `${cpuModel()}, ${cpus().length} logical CPUs, ${(totalmem() / 2 ** 30).toFixed(1)} GiB`],
    ["kernel", `${process.platform} ${release()} ${process.arch}`],
    ["node", `${process.version} (V8 ${process.versions.v8})`],
    ["qemu", firstLine("qemu-i386", ["--version"])],
    ["gcc", firstLine("gcc", ["--version"])],
  ];
}
