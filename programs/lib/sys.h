/*
 * sys.h: everything a lockstep86 guest program needs, and nothing else.
 *
 * Programs are built with -ffreestanding -nostdlib: there is no libc. This header gives
 * the Linux i386 system calls the emulator provides (int 0x80, number in eax, arguments in
 * ebx, ecx, edx, esi, edi, result in eax, -errno on failure) and a few print helpers.
 * lib/sys.c holds the helpers' bodies and the memcpy/memset/memmove/memcmp/strlen that GCC
 * calls on its own (struct copies, array initialisers) even in freestanding code.
 */
#ifndef LOCKSTEP86_SYS_H
#define LOCKSTEP86_SYS_H

#include <stddef.h>
#include <stdint.h>

/* Linux i386 system call numbers: the only ones the emulator serves. */
#define SYS_exit 1
#define SYS_read 3
#define SYS_write 4
#define SYS_brk 45
#define SYS_pread64 180
#define SYS_pwrite64 181
#define SYS_exit_group 252

#define STDIN 0
#define STDOUT 1
#define STDERR 2
#define DISK_FD 3 /* the module's disk; under qemu-i386, opened by the shell as 3<>disk.img */

static inline int32_t syscall1(int32_t nr, uint32_t a) {
  int32_t r;
  __asm__ volatile("int $0x80" : "=a"(r) : "a"(nr), "b"(a) : "memory");
  return r;
}

static inline int32_t syscall3(int32_t nr, uint32_t a, uint32_t b, uint32_t c) {
  int32_t r;
  __asm__ volatile("int $0x80" : "=a"(r) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
  return r;
}

static inline int32_t syscall5(int32_t nr, uint32_t a, uint32_t b, uint32_t c, uint32_t d,
                               uint32_t e) {
  int32_t r;
  __asm__ volatile("int $0x80"
                   : "=a"(r)
                   : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
                   : "memory");
  return r;
}

static inline __attribute__((noreturn)) void sys_exit(int status) {
  syscall1(SYS_exit, (uint32_t)status);
  __builtin_unreachable();
}

static inline __attribute__((noreturn)) void sys_exit_group(int status) {
  syscall1(SYS_exit_group, (uint32_t)status);
  __builtin_unreachable();
}

static inline int32_t sys_read(int fd, void *buf, size_t n) {
  return syscall3(SYS_read, (uint32_t)fd, (uint32_t)buf, n);
}

static inline int32_t sys_write(int fd, const void *buf, size_t n) {
  return syscall3(SYS_write, (uint32_t)fd, (uint32_t)buf, n);
}

/* Linux brk: returns the new break, or the old one if the request was refused;
   sys_brk(0) asks for the current break. */
static inline uint32_t sys_brk(uint32_t addr) {
  return (uint32_t)syscall1(SYS_brk, addr);
}

/* The 64-bit offset goes in two registers, low half first (esi, edi). */
static inline int32_t sys_pread64(int fd, void *buf, size_t n, uint64_t offset) {
  return syscall5(SYS_pread64, (uint32_t)fd, (uint32_t)buf, n, (uint32_t)offset,
                  (uint32_t)(offset >> 32));
}

static inline int32_t sys_pwrite64(int fd, const void *buf, size_t n, uint64_t offset) {
  return syscall5(SYS_pwrite64, (uint32_t)fd, (uint32_t)buf, n, (uint32_t)offset,
                  (uint32_t)(offset >> 32));
}

/* Helpers (lib/sys.c). */
int32_t write_all(int fd, const void *buf, size_t n); /* n, or -errno */
void print(const char *s);                            /* to stdout */
void eprint(const char *s);                           /* to stderr */
void print_u32(uint32_t v);                           /* unsigned decimal */
void print_i32(int32_t v);                            /* signed decimal */
void print_hex32(uint32_t v);                         /* 0x and eight hex digits */
__attribute__((noreturn)) void fail(const char *why); /* "FAIL: why" on stderr, exit 1 */

/* GCC may emit calls to these by itself. */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#endif
