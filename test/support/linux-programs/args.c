/* Arguments, the environment (in order), uname, getcwd, isatty and the exit status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>

extern char **environ;

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) printf("argv[%d] = %s\n", i, argv[i]);
  for (char **e = environ; *e; e++) printf("env %s\n", *e);
  printf("HOME %s, LANG %s\n", getenv("HOME") ? getenv("HOME") : "unset", getenv("LANG") ? getenv("LANG") : "unset");
  struct utsname u;
  printf("uname ok %d, sysname %s\n", uname(&u) == 0, u.sysname);
  char cwd[64];
  printf("getcwd ok %d\n", getcwd(cwd, sizeof cwd) != 0);
  printf("isatty(1) %d\n", isatty(1));
  return argc + 40;
}
