// Check codes on guest RAM, as ECC DIMMs keep them. Every RAM byte has a check byte in SHADOW:
// bit 0 is the byte's parity, bits 1-4 are Hamming check bits (data bits at codeword positions
// 3,5,6,7,9,10,11,12), which with the parity bit make a SEC-DED code. A write recomputes the
// check byte from the data the CPU wrote; a read recomputes it from the cell and compares, so a
// flipped or stuck bit is found when it is read. Parity detects one bit; SEC-DED corrects one
// and detects two.
import {
  ECC_TABLE, ECC_SYNDROME, ECC_PARITY, ECC_SECDED, S_ECC_MODE, S_SHADOW_BASE, S_ECC_CORRECTED,
  S_STATUS, S_MCE_KIND, S_MCE_ADDR, ST_MACHINE_CHECK, MCE_RAM, RAM_BASE, S_RAM_SIZE,
  S_FETCHOK_BASE, ECC_PARITY_BITS,
} from "./layout";
import { setAborted, setStopRun } from "./cpu";
import { applyStuck } from "./stuck";
import { jitFlush } from "./jit";
import { setFetchWindow } from "./fetch-window";

export function eccInit(): void {
  // Codeword positions of data bits 0..7.
  let pos = memory.data<u8>([3, 5, 6, 7, 9, 10, 11, 12]);
  for (let b: u32 = 0; b < 256; b++) {
    let checks: u32 = 0;
    for (let k: u32 = 0; k < 8; k++) {
      if ((b >> k) & 1) checks ^= load<u8>(pos + k);
    }
    let parity = popcnt<u32>(b) & 1;
    store<u8>(ECC_TABLE + b, <u8>(parity | ((checks & 0xf) << 1)));
  }
  for (let s: u32 = 0; s < 16; s++) store<u8>(ECC_SYNDROME + s, 0);
  for (let k: u32 = 0; k < 8; k++) store<u8>(ECC_SYNDROME + load<u8>(pos + k), <u8>(k + 1));
}

@inline export function checkByte(b: u32): u32 {
  return load<u8>(ECC_TABLE + (b & 0xff));
}

// Parity of each byte of v, in bits 0, 8, 16, 24: ECC_TABLE's bit 0 of each byte, folded.
@inline export function byteParity(v: u32): u32 {
  let p = v ^ (v >> 4);
  p ^= p >> 2;
  p ^= p >> 1;
  return p & ECC_PARITY_BITS;
}

// The check bytes of the low `size` (1, 2, 4) bytes of v under ECC `mode`, laid out as in SHADOW
// (little-endian): the one definition the interpreter uses (the translator emits the same, see
// src/jit/context.ts checkBytes).
@inline export function checkBytes(v: u32, size: u32, mode: u32): u32 {
  if (mode == ECC_PARITY) return byteParity(v);
  let c = checkByte(v);
  if (size >= 2) c |= checkByte(v >> 8) << 8;
  if (size == 4) c |= (checkByte(v >> 16) << 16) | (checkByte(v >> 24) << 24);
  return c;
}

// Which bits of the check bytes a read compares: all of them, or under parity only the parity bits.
@inline export function checkedBits(mode: u32): u32 {
  return mode == ECC_PARITY ? ECC_PARITY_BITS : 0xffffffff;
}

// Recomputes the check bytes of a RAM range from its contents (the host loaded or copied RAM).
export function eccRebuild(start: u32, len: u32): void {
  let shadow = load<u32>(S_SHADOW_BASE);
  for (let i: u32 = 0; i < len; i++) {
    store<u8>(shadow + start + i, checkByte(load<u8>(RAM_BASE + start + i)));
  }
  fetchOkClear();
}

// Forgets which lines instruction fetch has verified (the host changed RAM behind the CPU's back).
export function fetchOkClear(): void {
  setFetchWindow(0, 0);
  jitFlush();
  let lines = (load<u32>(S_RAM_SIZE) + 63) >> 6;
  memory.fill(load<u32>(S_FETCHOK_BASE), 0, (lines + 7) >> 3);
}

function machineCheck(addr: u32): void {
  store<u32>(S_STATUS, ST_MACHINE_CHECK);
  store<u32>(S_MCE_KIND, MCE_RAM);
  store<u32>(S_MCE_ADDR, addr);
  setAborted(true);
  setStopRun(true);
}

// Checks `size` bytes at lin byte by byte; corrects single-bit errors under SEC-DED, raises a
// machine check otherwise. Returns the (corrected) little-endian value of the bytes.
export function eccVerifySlow(lin: u32, size: u32): u32 {
  let mode = load<u32>(S_ECC_MODE);
  let shadow = load<u32>(S_SHADOW_BASE);
  let value: u32 = 0;
  for (let i: u32 = 0; i < size; i++) {
    let a = lin + i;
    let b = <u32>load<u8>(RAM_BASE + a);
    let stored = <u32>load<u8>(shadow + a);
    let diff = checkByte(b) ^ stored;
    diff &= checkedBits(mode) & 0xff;
    if (diff != 0) {
      if (mode == ECC_SECDED && (diff & 1) != 0) {
        // Odd number of flips: one, at the position the syndrome names.
        let bit = <u32>load<u8>(ECC_SYNDROME + ((diff >> 1) & 0xf));
        if (bit != 0) {
          b ^= 1 << (bit - 1);
          store<u8>(RAM_BASE + a, <u8>b); // scrub the cell (a stuck cell stays stuck)
          applyStuck(a, 1);
        } else {
          store<u8>(shadow + a, <u8>checkByte(b)); // the check bits were hit, not the data
        }
        store<u32>(S_ECC_CORRECTED, load<u32>(S_ECC_CORRECTED) + 1);
      } else {
        machineCheck(a);
        return value;
      }
    }
    value |= b << (i << 3);
  }
  return value;
}

// Verifies a 64-byte line for instruction fetch (the prefetcher reads whole lines).
export function fetchVerifyLine(line: u32): void {
  let start = line << 6;
  let end = start + 64;
  let ram = load<u32>(S_RAM_SIZE);
  if (end > ram) end = ram;
  if (start >= end) return;
  // Marked first: scrubbing a stuck cell back to its stuck value (applyStuck) unmarks the line.
  let map = load<u32>(S_FETCHOK_BASE);
  let bit = <u8>(<u32>1 << (line & 7));
  store<u8>(map + (line >> 3), load<u8>(map + (line >> 3)) | bit);
  for (let a = start; a < end; a += 4) {
    let n = end - a < 4 ? end - a : 4;
    eccVerifySlow(a, n);
    if (load<u32>(S_STATUS) == ST_MACHINE_CHECK) {
      store<u8>(map + (line >> 3), load<u8>(map + (line >> 3)) & ~bit);
      return;
    }
  }
}

@inline export function eccMode(): u32 {
  return load<u32>(S_ECC_MODE);
}
