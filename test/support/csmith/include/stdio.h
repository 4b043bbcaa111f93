/* The part of stdio.h csmith's runtime uses: printf, served by rt.c. */
#pragma once
int printf(const char *fmt, ...);
