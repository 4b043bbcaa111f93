/* hello: the smallest program: one write to stdout, exit status 0. */
#include "sys.h"

int main(void) {
  print("Hello, world!\n");
  return 0;
}
