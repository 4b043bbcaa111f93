/* The Linux world a run gives a program: a file it reads, its environment, the clock, getrandom,
   whether the console is a terminal, and a file it creates. Used by the scenario tests
   (test/cli-scenario-world.test.ts), which give each of these by flags and by a scenario. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

int main(void) {
  FILE *in = fopen("/data/in.txt", "r");
  char line[80] = "";
  if (in && fgets(line, sizeof line, in)) printf("file %s", line);
  else printf("file missing\n");
  for (char **e = environ; *e; e++) printf("env %s\n", *e);
  unsigned r = 0;
  int got = (int)getrandom(&r, sizeof r, 0);
  printf("getrandom %d %08x\n", got, r);
  printf("time %ld\n", (long)time(0));
  printf("isatty %d\n", isatty(1));
  FILE *out = fopen("/made.txt", "w");
  printf("create %s\n", out && fputs("made by the guest\n", out) >= 0 && fclose(out) == 0 ? "ok" : "refused");
  return 0;
}
