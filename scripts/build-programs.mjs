#!/usr/bin/env node
// Builds the guest programs (see programs/README.md):
//   programs/NAME.c   -> programs/bin/NAME.elf and its variants NAME.O0.elf, NAME.O3.elf,
//                        NAME.i386.elf (static ELF32, linked with lib/crt0.S, lib/sys.c, libgcc)
//   programs/NAME.asm -> programs/bin/NAME.bin (flat binary, nasm -f bin)
// then disassembles every ELF and rejects instructions outside the core's CPU subset, and
// records the toolchain in programs/bin/toolchain.txt (another toolchain makes other bytes).
//
// Usage: node scripts/build-programs.mjs [--out DIR] [-DMACRO=VALUE ...] [NAME ...]
//   NAME limits the build to those programs; -D passes a define to the C compiler (program
//   sizes are macros, e.g. -DQSORT_N=1000000); --out writes somewhere else than programs/bin.
// The output is byte-for-byte reproducible: gcc runs in programs/ on relative paths, and the
// linker script drops build ids, notes and the compiler's version string.

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const PROGRAMS_DIR = join(ROOT, "programs");
export const BIN_DIR = join(PROGRAMS_DIR, "bin");

// Flags every C program is built with. Besides the freestanding basics:
// -no-pie, -fno-pic: absolute addresses, no GOT; -fcf-protection=none: no endbr32 (not an
// 80386 instruction); -mgeneral-regs-only: any floating-point or vector code is an error;
// -fno-asynchronous-unwind-tables: no .eh_frame; the linker script places the program at
// 1 MiB with two PT_LOAD segments; --orphan-handling=error: no unplanned sections.
export const CFLAGS = [
  "-m32",
  "-ffreestanding",
  "-nostdlib",
  "-static",
  "-no-pie",
  "-fno-pic",
  "-fno-stack-protector",
  "-fno-asynchronous-unwind-tables",
  "-fcf-protection=none",
  "-mgeneral-regs-only",
  "-Wall",
  "-Wextra",
  "-Ilib",
  "-Tlib/link.ld",
  "-Wl,--build-id=none",
  "-Wl,--orphan-handling=error",
];
const LIB_SOURCES = ["lib/crt0.S", "lib/sys.c"];
const LIBS = ["-lgcc"]; // 64-bit division: __udivdi3, __umoddi3, __divdi3, __moddi3

// Variant suffix -> code generation flags. "" is the default build, NAME.elf.
export const VARIANTS = {
  "": ["-O2", "-march=i686"],
  O0: ["-O0", "-march=i686"],
  O3: ["-O3", "-march=i686"],
  i386: ["-O2", "-march=i386"],
};

export function elfName(name, variant = "") {
  return variant ? `${name}.${variant}.elf` : `${name}.elf`;
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", ...options });
  if (r.error) throw r.error;
  return r;
}

function die(message) {
  console.error(`build-programs: ${message}`);
  process.exit(1);
}

/** One line naming what is missing, or null when gcc -m32, libgcc, nasm and objdump work. */
export function missingTools() {
  const found = (cmd, args) => {
    try {
      return run(cmd, args).status === 0;
    } catch {
      return false;
    }
  };
  if (!found("gcc", ["--version"])) return "gcc is missing (install gcc and gcc-multilib)";
  // Without multilib, gcc answers with the bare name instead of a path.
  const libgcc = run("gcc", ["-m32", "-print-libgcc-file-name"]).stdout.trim();
  if (!libgcc.includes("/") || !existsSync(libgcc))
    return "gcc -m32 cannot build 32-bit programs (install gcc-multilib)";
  if (!found("nasm", ["-v"])) return "nasm is missing (install nasm)";
  if (!found("objdump", ["--version"])) return "objdump is missing (install binutils)";
  return null;
}

/** The versions that decide the output bytes, one per line. */
export function toolchainStamp() {
  const firstLine = (cmd, args) => run(cmd, args).stdout.split("\n")[0].trim();
  const libgcc = run("gcc", ["-m32", "-print-libgcc-file-name"]).stdout.trim();
  const libgccHash = createHash("sha256").update(readFileSync(libgcc)).digest("hex");
  return [
    firstLine("gcc", ["--version"]),
    firstLine("ld", ["--version"]),
    firstLine("nasm", ["-v"]).replace(/ compiled on .*/, ""),
    `libgcc.a (32-bit) sha256 ${libgccHash}`,
    "",
  ].join("\n");
}

/** Compiles and links programs/NAME.c into outFile. Throws with gcc's message on failure. */
export function buildC(name, { variant = "", defines = [], outFile }) {
  const args = [
    ...CFLAGS,
    ...VARIANTS[variant],
    ...defines,
    ...LIB_SOURCES,
    `${name}.c`,
    ...LIBS,
    "-o",
    outFile,
  ];
  const r = run("gcc", args, { cwd: PROGRAMS_DIR });
  if (r.status !== 0 || r.stderr) throw new Error(`gcc ${args.join(" ")}\n${r.stderr}`);
}

/** Assembles programs/NAME.asm into outFile. */
export function buildAsm(name, { outFile }) {
  const args = ["-f", "bin", "-o", outFile, `${name}.asm`];
  const r = run("nasm", args, { cwd: PROGRAMS_DIR });
  if (r.status !== 0 || r.stderr) throw new Error(`nasm ${args.join(" ")}\n${r.stderr}`);
}

// Mnemonics (AT&T, as objdump prints them) the core does not implement: x87 (f...), MMX/SSE
// registers, and the 486/Pentium/P6 additions other than cmovcc (allowed unless -march=i386).
// endbr32 is tolerated: Debian's libgcc is built with CET and starts each function with it;
// it is a hint NOP (F3 0F 1E FB) that the core must skip.
// "(bad)" is objdump's word for bytes it cannot decode.
const FORBIDDEN = new RegExp(
  "^(f\\w+|bswap|cmpxchg\\w*|xadd\\w?|cpuid|rdtsc|rdmsr|wrmsr|invd|wbinvd|invlpg|sysenter|syscall" +
    "|ud2|nop[wl]|[lms]fence|pause|movbe|emms|prefetch\\w*|\\(bad\\))$",
);
const VECTOR_REGISTER = /%(x|y|z)?mm\d|%st\b/;
// "  100080:\txor    %ebp,%ebp": address, then the mnemonic after any prefixes.
const PREFIXES = "(?:(?:rep[nz]?|repz|repnz|lock|data16|addr16)\\s+)*";
const INSTRUCTION_LINE = new RegExp(`^\\s*([0-9a-f]+):\\s+${PREFIXES}(\\S+)(.*)$`);

/** Instructions in the ELF's code that are outside the subset, as "address: text" lines. */
export function forbiddenInstructions(elfFile, { allowCmov = true } = {}) {
  const r = run("objdump", ["-d", "--no-show-raw-insn", "-M", "att", elfFile]);
  if (r.status !== 0) throw new Error(`objdump -d ${elfFile}\n${r.stderr}`);
  const bad = [];
  for (const line of r.stdout.split("\n")) {
    const m = INSTRUCTION_LINE.exec(line);
    if (!m) continue;
    const [, address, mnemonic, operands] = m;
    if (
      FORBIDDEN.test(mnemonic) ||
      VECTOR_REGISTER.test(operands) ||
      (!allowCmov && mnemonic.startsWith("cmov"))
    )
      bad.push(`${address}: ${mnemonic}${operands}`);
  }
  return bad;
}

function parseArgs(argv) {
  const options = { out: BIN_DIR, defines: [], names: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--out") options.out = resolve(argv[++i] ?? die("--out needs a directory"));
    else if (a.startsWith("-D")) options.defines.push(a);
    else if (a.startsWith("-")) die(`unknown option ${a}`);
    else options.names.push(a);
  }
  if (options.defines.length && options.out === BIN_DIR)
    die("-D builds other programs than the committed ones: give them an --out directory");
  return options;
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const missing = missingTools();
  if (missing) die(missing);

  const sources = readdirSync(PROGRAMS_DIR).sort();
  const wanted = (file, ext) =>
    file.endsWith(ext) &&
    (options.names.length === 0 || options.names.includes(file.slice(0, -ext.length)));
  const cPrograms = sources.filter((f) => wanted(f, ".c")).map((f) => f.slice(0, -2));
  const asmPrograms = sources.filter((f) => wanted(f, ".asm")).map((f) => f.slice(0, -4));
  for (const name of options.names)
    if (!cPrograms.includes(name) && !asmPrograms.includes(name))
      die(`no program named ${name} in programs/`);

  mkdirSync(options.out, { recursive: true });
  writeFileSync(join(options.out, "toolchain.txt"), toolchainStamp());
  const show = (file) => {
    const path = relative(ROOT, file).startsWith("..") ? file : relative(ROOT, file);
    return `${path} (${statSync(file).size} bytes)`;
  };
  try {
    for (const name of cPrograms)
      for (const variant of Object.keys(VARIANTS)) {
        const outFile = join(options.out, elfName(name, variant));
        buildC(name, { variant, defines: options.defines, outFile });
        const bad = forbiddenInstructions(outFile, { allowCmov: variant !== "i386" });
        if (bad.length) {
          rmSync(outFile);
          die(`${outFile}: instructions outside the CPU subset:\n  ${bad.join("\n  ")}`);
        }
        console.log(show(outFile));
      }
    for (const name of asmPrograms) {
      const outFile = join(options.out, `${name}.bin`);
      buildAsm(name, { outFile });
      console.log(show(outFile));
    }
  } catch (e) {
    die(e.message);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) main();
