/* Counts lines, words and bytes of standard input, and echoes the longest line. */
#include <stdio.h>
#include <string.h>
#include <ctype.h>

int main(void) {
  char line[4096], longest[4096] = "";
  long lines = 0, words = 0, bytes = 0;
  while (fgets(line, sizeof line, stdin)) {
    lines++;
    bytes += strlen(line);
    int in = 0;
    for (char *p = line; *p; p++) {
      if (isspace((unsigned char)*p)) in = 0;
      else if (!in) { in = 1; words++; }
    }
    if (strlen(line) > strlen(longest)) strcpy(longest, line);
  }
  printf("%ld %ld %ld\nlongest: %s", lines, words, bytes, longest);
  return 0;
}
