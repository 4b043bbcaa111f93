// C programs compiled at test time into guest ELFs, and run both under qemu-i386 and on the
// lockstep machine: what the differential tests that build their programs (csmith's, the GCC
// feature programs) share. Programs link as the committed guest programs do (programs/lib:
// crt0.S, sys.c, link.ld, and libgcc for 64-bit division).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Lockstep, type LockstepResult, type Mode } from "../../src/harness/lockstep";
import { parseElf } from "../../src/loader/elf";
import { loadCoreWasm } from "../../src/node/core-wasm";
import { hasQemu } from "./qemu";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const GUEST_LIB = join(ROOT, "programs", "lib");

// The guest programs' flags (scripts/build-programs.mjs) with absolute paths, less the warnings
// and -mgeneral-regs-only, which each test adds or not.
export const GUEST_CFLAGS = [
  "-m32", "-ffreestanding", "-nostdlib", "-static", "-no-pie", "-fno-pic", "-fno-stack-protector",
  "-fno-asynchronous-unwind-tables", "-fcf-protection=none", `-T${join(GUEST_LIB, "link.ld")}`, "-Wl,--build-id=none",
  `-I${GUEST_LIB}`,
];

/** One line naming what is missing to build 32-bit guests and run them under qemu-i386, or undefined. */
export function missingGuestTools(): string | undefined {
  if (!hasQemu()) return "qemu-i386 is missing (apt-get install qemu-user)";
  const r = spawnSync("gcc", ["-m32", "-print-libgcc-file-name"], { encoding: "utf8" });
  // Without multilib, gcc answers with the bare name instead of a path.
  const libgcc = r.stdout?.trim() ?? "";
  if (r.status !== 0 || !libgcc.includes("/") || !existsSync(libgcc)) return "gcc -m32 cannot build 32-bit programs (apt-get install gcc gcc-multilib)";
  return undefined;
}

function gccArgs(sources: string[], flags: string[], out: string): string[] {
  return [...GUEST_CFLAGS, ...flags, join(GUEST_LIB, "crt0.S"), join(GUEST_LIB, "sys.c"), ...sources, "-lgcc", "-o", out];
}

/** Compiles and links C sources (with crt0 and sys.c) into a guest ELF; throws with gcc's message. */
export function buildGuest(sources: string[], flags: string[], out: string): void {
  const r = spawnSync("gcc", gccArgs(sources, flags, out), { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`gcc ${flags.join(" ")} ${sources.join(" ")}: ${r.stderr}`);
}

/** buildGuest in a child process the caller need not wait for: builds overlap with other work. */
export function buildGuestAsync(sources: string[], flags: string[], out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("gcc", gccArgs(sources, flags, out), { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (status) =>
      status === 0 ? resolve() : reject(new Error(`gcc ${flags.join(" ")} ${sources.join(" ")}: ${stderr}`)),
    );
  });
}

/** Runs a guest ELF on the lockstep machine in this process, as `lockstep86 run --mode MODE` would. */
export function runOnLockstep(elf: string, mode: Mode, maxCycles = 2_000_000_000): LockstepResult {
  const wasm = loadCoreWasm();
  const image = parseElf(elf, new Uint8Array(readFileSync(elf)));
  return new Lockstep(wasm, image, { mode, maxCycles }).run();
}
