#!/usr/bin/env python3
"""Prints the constants of assembly/x87/sincos.ts: the bits of 2/pi for the argument reduction,
pi/2 as a double-double, and 1/n! as double-doubles for the series. Exact rational arithmetic
(pi by Machin's formula), standard library only: python3 scripts/trig-constants.py"""
from fractions import Fraction

BITS = 64 * 24

def arctan_inv(n, scale):  # arctan(1/n) * scale, truncated, with guard terms
    total, term, k, sign = 0, scale // n, 1, 1
    while term:
        total += sign * (term // k)
        term //= n * n
        k += 2
        sign = -sign
    return total

GUARD = 64
scale = 1 << (BITS + 2 * GUARD)
pi_scaled = 4 * (4 * arctan_inv(5, scale) - arctan_inv(239, scale))  # pi * 2^(BITS+2G), error < 100 ulps
pi = Fraction(pi_scaled, scale)

def dd(q):  # q as hi + lo, each rounded to nearest double
    hi = float(q)
    lo = float(q - Fraction(hi))
    return hi, lo

two_over_pi = (1 << (BITS + 2 * GUARD + 1)) * scale // pi_scaled  # 2/pi * 2^(BITS+2G)
two_over_pi >>= 2 * GUARD
words = [(two_over_pi >> (BITS - 64 * (i + 1))) & ((1 << 64) - 1) for i in range(BITS // 64)]
print("// 2/pi = sum of W[j] * 2^(-64(j+1))")
for i in range(0, len(words), 3):
    print("  " + ", ".join("0x%016x" % w for w in words[i:i + 3]) + ",")
h, l = dd(pi / 2)
print("PIO2_HI = %r, PIO2_LO = %r  (hex %s %s)" % (h, l, h.hex(), l.hex()))
fact = 1
print("// 1/n! for n = 0..31 as (hi, lo)")
for n in range(32):
    if n:
        fact *= n
    h, l = dd(Fraction(1, fact))
    print("  %r, %r, // 1/%d!" % (h, l, n))
