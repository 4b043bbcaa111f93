/* Clocks: whatever the start time, they run forward and agree with each other. The values
 * themselves differ between runs under a real clock, so only facts about them are printed. */
#include <stdio.h>
#include <time.h>
#include <sys/time.h>

int main(void) {
  struct timespec a, b, r;
  clock_gettime(CLOCK_MONOTONIC, &a);
  volatile unsigned x = 0;
  for (unsigned i = 0; i < 100000; i++) x += i;
  clock_gettime(CLOCK_MONOTONIC, &b);
  long long d = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
  printf("monotonic forward: %d\n", d > 0);
  time_t t = time(0);
  struct timeval tv;
  gettimeofday(&tv, 0);
  printf("time after 2020: %d, gettimeofday agrees: %d\n", t > 1577836800, tv.tv_sec - t >= 0 && tv.tv_sec - t < 5);
  printf("clock_getres ok: %d\n", clock_getres(CLOCK_REALTIME, &r) == 0);
  time_t fixed = 1000000000;
  struct tm *g = gmtime(&fixed);
  char buf[64];
  strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %A %j", g);
  printf("%s\n", buf);
  printf("clock() forward: %d\n", clock() >= 0);
  return 0;
}
