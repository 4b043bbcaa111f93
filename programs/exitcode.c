/* exitcode: exit status propagation. Prints a line on stdout and one on stderr, then ends
   with exit (syscall 1) and status 42 from inside a nested call. It is the only program
   that uses exit rather than exit_group (which crt0 calls when main returns). */
#include "sys.h"

#define STATUS 42

static __attribute__((noinline, noreturn)) void leave(int status) {
  print("exitcode: exiting with status ");
  print_u32(status);
  print("\n");
  eprint("exitcode: this line goes to stderr\n");
  sys_exit(status);
}

int main(void) {
  leave(STATUS);
}
