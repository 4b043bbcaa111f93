// Builds the benchmark's variants of the guest programs into a directory: the i386 ELFs with
// scripts/build-programs.mjs (-DMACRO=SIZE), and when asked the x86-64 builds of the same
// sources with scripts/bench-native.mjs. Without an i386 toolchain, the committed
// programs/bin binaries (default sizes) are used instead, and the notes say so.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { COMMITTED_SCALE, sizeLabel, STARTUP_PROGRAM, type BenchProgram, type BenchScale } from "./bench-programs";

export interface BuiltProgram {
  name: string;
  size: string; // e.g. "FIB_N=36", or "" for the startup program
  elf: string; // the i386 ELF: what the core and qemu-i386 run
  nativeX64?: string; // the x86-64 build of the same source, when built
}

export interface BenchBuild {
  programs: BuiltProgram[];
  startup: BuiltProgram;
  notes: string[];
}

/** The repository root, found from the bundle (dist/) or the sources (bench/). */
export function repoRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const rel of ["..", "../.."]) {
    const root = join(here, rel);
    if (existsSync(join(root, "scripts", "build-programs.mjs"))) return root;
  }
  throw new Error("cannot find the repository root (scripts/build-programs.mjs)");
}

function runScript(script: string, args: string[]) {
  return spawnSync(process.execPath, [join(repoRoot(), "scripts", script), ...args], { encoding: "utf8" });
}

// build-programs.mjs says this when the toolchain is absent, as opposed to a failed build.
const TOOLCHAIN_MISSING = /is missing|cannot build 32-bit/;

export function buildBenchPrograms(
  programs: readonly BenchProgram[],
  scale: BenchScale,
  outDir: string,
  { nativeX64 }: { nativeX64: boolean },
): BenchBuild {
  const notes: string[] = [];
  const defines = programs.map((p) => `-D${p.macro}=${p.sizes[scale]}`);
  const names = [...programs.map((p) => p.name), STARTUP_PROGRAM];

  let elfDir = outDir;
  let builtScale = scale;
  const r = runScript("build-programs.mjs", ["--out", outDir, ...defines, ...names]);
  if (r.error) throw r.error;
  if (r.status !== 0) {
    if (!TOOLCHAIN_MISSING.test(r.stderr)) throw new Error(r.stderr.trim() || "build-programs.mjs failed");
    elfDir = join(repoRoot(), "programs", "bin");
    builtScale = COMMITTED_SCALE;
    notes.push(`${r.stderr.trim()}: ran the committed programs/bin binaries (${COMMITTED_SCALE} sizes)`);
  }

  let nativeDir: string | undefined;
  if (nativeX64) {
    const n = runScript("bench-native.mjs", ["--out", outDir, ...programs.map((p) => `-D${p.macro}=${p.sizes[builtScale]}`), ...names]);
    if (n.error) throw n.error;
    if (n.status === 0) nativeDir = outDir;
    else notes.push(`no native x86-64 build: ${n.stderr.trim()}`);
  }

  const built = (name: string, size: string): BuiltProgram => ({
    name,
    size,
    elf: join(elfDir, `${name}.elf`),
    nativeX64: nativeDir && join(nativeDir, `${name}.x86-64`),
  });
  return {
    programs: programs.map((p) => built(p.name, sizeLabel(p, builtScale))),
    startup: built(STARTUP_PROGRAM, ""),
    notes,
  };
}
