/* args: the process's initial stack. Prints argc, every argv string (argv[0] included) and
   the number of environment strings, then exits with argc as its status, so a runner that
   drops or reorders arguments is seen in both the output and the status. */
#include "sys.h"

int main(int argc, char **argv, char **envp) {
  print("argc ");
  print_u32(argc);
  print("\n");
  for (int i = 0; i < argc; i++) {
    print("argv[");
    print_u32(i);
    print("] '");
    print(argv[i]);
    print("' (");
    print_u32(strlen(argv[i]));
    print(" bytes)\n");
  }
  if (argv[argc] != 0)
    fail("argv is not NULL-terminated");
  int envc = 0;
  while (envp[envc])
    envc++;
  print("envc ");
  print_u32(envc);
  print("\n");
  return argc;
}
