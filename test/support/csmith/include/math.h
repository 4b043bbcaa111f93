/* csmith's safe-math header includes math.h only for float helpers the programs never call here. */
#pragma once
float fabsf(float);
double fabs(double);
