// cpuid, rdtsc, flag instructions, port I/O, segment register loads.
import { EAX, EBX, ECX, EDX, S_CYCLE, S_EFLAGS } from "../layout";
import { reg32, setReg32, reg16, getReg, setReg, o32, realMode } from "../cpu";
import { getEflags, setEflags, getCF, setArithFlags, CF, NOT_ON_386 } from "../flags";
import { pushV, popV } from "./stack";
import { portIn, portOut } from "../devices/ports";

// The vendor string "Lockstep x86" in ebx, edx, ecx; family 4. Features: FPU (bit 0: the x87,
// assembly/x87/), TSC (bit 4), CX8 (cmpxchg8b, bit 8) and CMOV (bit 15).
export function cpuid(): void {
  let leaf = reg32(EAX);
  if (leaf == 0) {
    setReg32(EAX, 1);
    setReg32(EBX, 0x6b636f4c); // "Lock"
    setReg32(EDX, 0x70657473); // "step"
    setReg32(ECX, 0x36387820); // " x86"
  } else if (leaf == 1) {
    setReg32(EAX, 0x00000400);
    setReg32(EBX, 0);
    setReg32(ECX, 0);
    setReg32(EDX, 1 | (1 << 4) | (1 << 8) | (1 << 15));
  } else {
    setReg32(EAX, 0);
    setReg32(EBX, 0);
    setReg32(ECX, 0);
    setReg32(EDX, 0);
  }
}

// The time stamp counter is the retired-instruction count: deterministic in every module.
export function rdtsc(): void {
  let c = load<u64>(S_CYCLE);
  setReg32(EAX, <u32>c);
  setReg32(EDX, <u32>(c >> 32));
}

// pushf never shows VM (17) and RF (16).
export function pushf(): void {
  pushV(getEflags() & 0x00fcffff);
}

// Bits popf may change: the arithmetic flags, TF IF DF, IOPL, NT, and AC and ID (so that the
// cpuid probe by toggling ID finds cpuid, which this CPU has).
const POPF_MASK: u32 = 0x00247fd5;

export function popf(): void {
  let v = popV();
  let cur = getEflags();
  // Real mode runs at privilege 0, so the 386 loads IOPL and NT too (the 286 kept them 0).
  let mask = o32 ? POPF_MASK : POPF_MASK & 0xffff;
  if (realMode) mask &= ~NOT_ON_386;
  setEflags((cur & ~mask) | (v & mask));
}

export function sahf(): void {
  setArithFlags(0xd5, (reg16(EAX) >> 8) & 0xd5);
}
export function lahf(): void {
  let f = getEflags();
  setReg32(EAX, (reg32(EAX) & 0xffff00ff) | ((f & 0xff) << 8));
}

export function setFlagBit(bit: u32, on: bool): void {
  if (bit == CF) {
    setArithFlags(CF, on ? CF : 0);
    return;
  }
  let f = load<u32>(S_EFLAGS);
  store<u32>(S_EFLAGS, on ? f | bit : f & ~bit);
}
export function cmc(): void {
  setArithFlags(CF, getCF() ^ 1);
}

// in/out of the given size code (0 byte, 1 word, 2 dword) with the accumulator.
export function inPort(port: u32, sz: u32): void {
  setReg(sz, 0, portIn(port, 1 << sz));
}
export function outPort(port: u32, sz: u32): void {
  portOut(port, 1 << sz, getReg(sz, 0));
}
