#!/usr/bin/env node
// Builds a guest program natively for x86-64, for the benchmark's "native" column on hosts
// whose kernel cannot exec the i386 ELF itself. The program's C source is unchanged; only its
// system layer is swapped: lib/sys.h's int 0x80 calls become x86-64 `syscall`s and crt0 reads
// the x86-64 initial stack. lib/sys.c is compiled as is. Flags are build-programs.mjs's for
// NAME.elf minus what only an i386 build can take: -m32, -march=i686 and the i386 linker script.
//
// Usage: node scripts/bench-native.mjs --out DIR [-DMACRO=VALUE ...] NAME ...
//   writes DIR/NAME.x86-64 (static ELF64) for each NAME.

import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { CFLAGS, PROGRAMS_DIR, VARIANTS } from "./build-programs.mjs";

const I386_ONLY = new Set(["-m32", "-march=i686", "-Ilib", "-Tlib/link.ld"]);

export function nativeFlags(shimDir) {
  const keep = (flags) => flags.filter((f) => !I386_ONLY.has(f));
  return [...keep(CFLAGS), ...keep(VARIANTS[""]), `-I${shimDir}`];
}

export const nativeName = (name) => `${name}.x86-64`;

// The same declarations as lib/sys.h; the bodies use the x86-64 system call ABI.
const SYS_H = `/* sys.h for the x86-64 native benchmark build: lib/sys.h's interface over \`syscall\`. */
#ifndef LOCKSTEP86_SYS_H
#define LOCKSTEP86_SYS_H
#include <stddef.h>
#include <stdint.h>

#define SYS_read 0
#define SYS_write 1
#define SYS_brk 12
#define SYS_pread64 17
#define SYS_pwrite64 18
#define SYS_exit 60
#define SYS_exit_group 231

#define STDIN 0
#define STDOUT 1
#define STDERR 2
#define DISK_FD 3

static inline long syscall1(long nr, long a) {
  long r;
  __asm__ volatile("syscall" : "=a"(r) : "a"(nr), "D"(a) : "rcx", "r11", "memory");
  return r;
}

static inline long syscall3(long nr, long a, long b, long c) {
  long r;
  __asm__ volatile("syscall" : "=a"(r) : "a"(nr), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
  return r;
}

static inline long syscall4(long nr, long a, long b, long c, long d) {
  long r;
  register long r10 __asm__("r10") = d;
  __asm__ volatile("syscall" : "=a"(r) : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10) : "rcx", "r11", "memory");
  return r;
}

static inline __attribute__((noreturn)) void sys_exit(int status) {
  syscall1(SYS_exit, status);
  __builtin_unreachable();
}

static inline __attribute__((noreturn)) void sys_exit_group(int status) {
  syscall1(SYS_exit_group, status);
  __builtin_unreachable();
}

static inline int32_t sys_read(int fd, void *buf, size_t n) {
  return (int32_t)syscall3(SYS_read, fd, (long)buf, (long)n);
}

static inline int32_t sys_write(int fd, const void *buf, size_t n) {
  return (int32_t)syscall3(SYS_write, fd, (long)buf, (long)n);
}

static inline uintptr_t sys_brk(uintptr_t addr) { return (uintptr_t)syscall1(SYS_brk, (long)addr); }

static inline int32_t sys_pread64(int fd, void *buf, size_t n, uint64_t offset) {
  return (int32_t)syscall4(SYS_pread64, fd, (long)buf, (long)n, (long)offset);
}

static inline int32_t sys_pwrite64(int fd, const void *buf, size_t n, uint64_t offset) {
  return (int32_t)syscall4(SYS_pwrite64, fd, (long)buf, (long)n, (long)offset);
}

int32_t write_all(int fd, const void *buf, size_t n);
void print(const char *s);
void eprint(const char *s);
void print_u32(uint32_t v);
void print_i32(int32_t v);
void print_hex32(uint32_t v);
__attribute__((noreturn)) void fail(const char *why);

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#endif
`;

// x86-64 initial stack: argc at rsp, then argv, NULL, envp.
const CRT0_S = `	.text
	.globl _start
	.type _start, @function
_start:
	xorl %ebp, %ebp
	movq (%rsp), %rdi
	leaq 8(%rsp), %rsi
	leaq 16(%rsp,%rdi,8), %rdx
	andq $-16, %rsp
	call main
	movl %eax, %edi
	movl $231, %eax
	syscall
	hlt
	.size _start, . - _start
	.section .note.GNU-stack, "", @progbits
`;

function die(message) {
  console.error(`bench-native: ${message}`);
  process.exit(1);
}

/** Writes the x86-64 system layer into shimDir; lib/sys.c is copied so that it includes it. */
export function writeShim(shimDir) {
  mkdirSync(shimDir, { recursive: true });
  writeFileSync(join(shimDir, "sys.h"), SYS_H);
  writeFileSync(join(shimDir, "crt0.S"), CRT0_S);
  copyFileSync(join(PROGRAMS_DIR, "lib", "sys.c"), join(shimDir, "sys.c"));
}

export function buildNative(name, { defines = [], outDir }) {
  const shimDir = join(outDir, "x86-64-lib");
  writeShim(shimDir);
  const outFile = join(outDir, nativeName(name));
  const args = [
    ...nativeFlags(shimDir),
    ...defines,
    join(shimDir, "crt0.S"),
    join(shimDir, "sys.c"),
    `${name}.c`,
    "-lgcc",
    "-o",
    outFile,
  ];
  const r = spawnSync("gcc", args, { cwd: PROGRAMS_DIR, encoding: "utf8" });
  if (r.error) throw r.error;
  if (r.status !== 0 || r.stderr) throw new Error(`gcc ${args.join(" ")}\n${r.stderr}`);
  return outFile;
}

function main() {
  const argv = process.argv.slice(2);
  let outDir;
  const defines = [];
  const names = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--out") outDir = resolve(argv[++i] ?? die("--out needs a directory"));
    else if (a.startsWith("-D")) defines.push(a);
    else if (a.startsWith("-")) die(`unknown option ${a}`);
    else names.push(a);
  }
  if (!outDir) die("--out DIR is required");
  if (!names.length) die("name at least one program");
  mkdirSync(outDir, { recursive: true });
  try {
    for (const name of names) console.log(buildNative(name, { defines, outDir }));
  } catch (e) {
    die(e.message);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) main();
