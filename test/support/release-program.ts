// The release probe (test/fixtures/lockstep/release.asm), assembled by nasm, and the fault-free
// run's output up to any cycle: what a fail-stop at that checkpoint may have released.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { flatImage, type ProgramImage } from "../../src/loader/image";
import type { LockstepResult } from "../../src/harness/lockstep";
import { ROOT } from "./cli";
import { run } from "./machine";

export const RELEASE_ASM = join(ROOT, "test/fixtures/lockstep/release.asm");
export const hasNasm = spawnSync("nasm", ["-v"]).status === 0;

/** A 64 KiB disk whose sector 2 holds the bytes the probe copies to stdout. */
export function releaseDisk(): Uint8Array {
  const disk = new Uint8Array(64 << 10);
  disk.set(new TextEncoder().encode("sector 2"), 1024);
  return disk;
}

export function releaseProgram(): { img: ProgramImage; data: number } {
  const out = join(mkdtempSync(join(tmpdir(), "release-")), "release.bin");
  const r = spawnSync("nasm", ["-f", "bin", "-o", out, RELEASE_ASM]);
  if (r.status !== 0) throw new Error(r.stderr.toString());
  const img = flatImage("release.bin", new Uint8Array(readFileSync(out)));
  // `data` is the dword "DCBA", 4-aligned after the code: found by its contents.
  return { img, data: 0x1000 + Buffer.from(img.segments[0].data).indexOf(Buffer.from("DCBA")) };
}

/** The fault-free simplex run stopped at `cycle`: everything it had committed by then. */
export function goldenUpTo(img: ProgramImage, cycle: number, epoch: number): LockstepResult {
  return run(img, { mode: "simplex", disk: releaseDisk(), epoch, maxCycles: cycle });
}
