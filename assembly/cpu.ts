// Registers, segments and the per-instruction decode state.
// Architectural state lives in linear memory (layout.ts). The globals below are transient: they
// describe the instruction being executed and never outlive one step.
import {
  S_REGS, S_EIP, S_SEG_SEL, S_SEG_BASE, S_SEG_LIMIT, S_CODE32, S_STACK32, S_STATUS, S_CYCLE,
  ST_RUNNING, S_CPU_MODE, CPU_REAL, S_TLS, TLS_ENTRY, TLS_GDT_FIRST, TLS_ENTRIES, SEG_FS, SEG_GS,
} from "./layout";

// ---- decode state of the current instruction ----
export let insnEip: u32 = 0; // eip of the first byte (prefixes included)
export let fetchPtr: usize = 0; // wasm address of the next instruction byte
export let fetchStart: usize = 0; // wasm address of the first instruction byte
export let code32Default: bool = true; // the code segment's default operand and address size is 32
export let o32: bool = true; // operand size is 32 (else 16)
export let a32: bool = true; // address size is 32 (else 16)
export let segOverride: i32 = -1; // segment override prefix, or -1
export let repPrefix: u32 = 0; // 0, 0xf2 (repne) or 0xf3 (rep/repe)
// The instruction did not complete: it commits no further writes, does not retire, and eip stays
// on it (a fault, a machine check, or a restart: suspended rep, restartable syscall, input wait).
export let aborted: bool = false;
// Real mode: the exception vector the instruction raised (-1: none). The instruction is aborted;
// step() undoes its register changes, delivers the exception and resets this.
export let pendingFault: i32 = -1;
// Real mode (segment limits, faults through the vector table). Set by run() for its whole epoch:
// no instruction changes the mode.
export let realMode: bool = false;
// Control went to a branch target: the run loop looks for a translated block there.
export let branched: bool = true;
@inline export function setBranched(v: bool): void { branched = v; }
// Leave the run loop after this instruction (exit, fault, journal nearly full, input needed).
export let stopRun: bool = false;

// Where the instruction's bytes ended when it jumped (jumpTo moves fetchPtr); 0 if it did not.
export let jumpedFrom: usize = 0;

// True while the decode state holds flat 32-bit code's defaults (32-bit operands and addresses,
// no override, no rep): only a prefix or 16-bit code changes them, so the run loop's flat path
// (beginFlatInsn) puts them back only after one did.
let flatDefaults: bool = false;

export function beginInsn(eip: u32, code32: bool, ptr: usize): void {
  insnEip = eip;
  fetchPtr = ptr;
  fetchStart = ptr;
  jumpedFrom = 0;
  code32Default = code32;
  o32 = code32;
  a32 = code32;
  segOverride = -1;
  repPrefix = 0;
  aborted = false;
  flatDefaults = code32;
}
// beginInsn for flat 32-bit code; returns the instruction's first byte, fetched.
@inline export function beginFlatInsn(eip: u32, ptr: usize): u32 {
  jumpedFrom = 0;
  aborted = false;
  return beginRunFlatInsn(eip, ptr);
}
// beginFlatInsn inside runFlat, which leaves at an aborted instruction (so aborted is false at
// the next) and never reads jumpedFrom (only the general step's check of gathered bytes does,
// after beginInsn reset it).
@inline export function beginRunFlatInsn(eip: u32, ptr: usize): u32 {
  insnEip = eip;
  fetchPtr = ptr + 1;
  fetchStart = ptr;
  if (!flatDefaults) {
    code32Default = true;
    o32 = true;
    a32 = true;
    segOverride = -1;
    repPrefix = 0;
    flatDefaults = true;
  }
  return load<u8>(ptr);
}
@inline export function setO32(v: bool): void { o32 = v; flatDefaults = false; }
@inline export function setA32(v: bool): void { a32 = v; flatDefaults = false; }
@inline export function setSegOverride(s: i32): void { segOverride = s; flatDefaults = false; }
@inline export function setRepPrefix(p: u32): void { repPrefix = p; flatDefaults = false; }
@inline export function setInsnEip(v: u32): void { insnEip = v; }
@inline export function setAborted(v: bool): void { aborted = v; }
@inline export function setStopRun(v: bool): void { stopRun = v; }
@inline export function setPendingFault(v: i32): void { pendingFault = v; }
@inline export function setRealMode(v: bool): void { realMode = v; }

// ---- instruction fetch ----
@inline export function fetch8(): u32 {
  let p = fetchPtr;
  fetchPtr = p + 1;
  return load<u8>(p);
}
@inline export function fetch16(): u32 {
  let p = fetchPtr;
  fetchPtr = p + 2;
  return load<u16>(p);
}
@inline export function fetch32(): u32 {
  let p = fetchPtr;
  fetchPtr = p + 4;
  return load<u32>(p);
}
// An immediate of the operand size (16 or 32 bits).
@inline export function fetchImm(): u32 {
  return o32 ? fetch32() : fetch16();
}
@inline export function fetchSimm8(): u32 {
  return <u32><i32><i8>fetch8();
}
@inline export function insnLength(): u32 {
  return <u32>(fetchPtr - fetchStart);
}
// The bytes the instruction took from the fetch stream, even if it jumped.
@inline export function bytesFetched(): u32 {
  return <u32>((jumpedFrom != 0 ? jumpedFrom : fetchPtr) - fetchStart);
}
// eip of the next instruction (or the jump target), wrapped to the code segment's size.
@inline export function nextEip(): u32 {
  let e = insnEip + insnLength();
  return code32Default ? e : e & 0xffff;
}
// Transfers control (jumps, calls, returns, interrupts). The end of the instruction sets
// eip = insnEip + (fetchPtr - fetchStart), so a jump moves the fetch pointer to where that sum is
// the target; it is always the instruction's last act, after all of its bytes were fetched.
@inline export function jumpTo(target: u32): void {
  if (jumpedFrom == 0) jumpedFrom = fetchPtr;
  fetchPtr = fetchStart + <usize>(target - insnEip);
  branched = true;
}
// Leaves eip at this instruction so it runs again (suspended rep, restartable syscalls).
export function restartInsn(): void {
  aborted = true;
}

// ---- general registers ----
@inline export function reg32(r: u32): u32 { return load<u32>(S_REGS + (r << 2)); }
@inline export function setReg32(r: u32, v: u32): void { store<u32>(S_REGS + (r << 2), v); }
@inline export function reg16(r: u32): u32 { return load<u16>(S_REGS + (r << 2)); }
@inline export function setReg16(r: u32, v: u32): void { store<u16>(S_REGS + (r << 2), <u16>v); }
// Byte registers al cl dl bl ah ch dh bh: the low or second byte of eax..ebx.
@inline export function reg8(r: u32): u32 { return load<u8>(S_REGS + ((r & 3) << 2) + (r >> 2)); }
@inline export function setReg8(r: u32, v: u32): void {
  store<u8>(S_REGS + ((r & 3) << 2) + (r >> 2), <u8>v);
}
// Register of operand size sz (0 byte, 1 word, 2 dword).
@inline export function getReg(sz: u32, r: u32): u32 {
  return sz == 2 ? reg32(r) : (sz == 1 ? reg16(r) : reg8(r));
}
@inline export function setReg(sz: u32, r: u32, v: u32): void {
  if (sz == 2) setReg32(r, v);
  else if (sz == 1) setReg16(r, v);
  else setReg8(r, v);
}
// The operand size of a non-byte instruction: 1 or 2.
@inline export function osz(): u32 { return o32 ? 2 : 1; }

// ---- segments ----
@inline export function segBase(s: u32): u32 { return load<u32>(S_SEG_BASE + (s << 2)); }
@inline export function segSel(s: u32): u32 { return load<u32>(S_SEG_SEL + (s << 2)); }
// The segment of a data access: the override if any, else the default.
@inline export function dataSeg(def: u32): u32 {
  return segOverride >= 0 ? <u32>segOverride : def;
}
export function loadSeg(s: u32, sel: u32): void {
  sel &= 0xffff;
  store<u32>(S_SEG_SEL + (s << 2), sel);
  // Real mode: base = selector * 16. Flat mode has no descriptor tables: every segment is
  // base 0, limit 4 GiB, except that FS and GS loaded with a Linux TLS selector take its base.
  if (load<u32>(S_CPU_MODE) == CPU_REAL) {
    store<u32>(S_SEG_BASE + (s << 2), sel << 4);
    store<u32>(S_SEG_LIMIT + (s << 2), 0xffff);
  } else if (s == SEG_FS || s == SEG_GS) {
    let e = tlsEntryOf(sel);
    store<u32>(S_SEG_BASE + (s << 2), e < 0 ? 0 : load<u32>(S_TLS + e * TLS_ENTRY));
  }
}

// The TLS entry (assembly/linux/tls.ts) a selector names and that is in use, or -1: GDT entries
// 6-8 (selector index 6-8, TI 0), LDT entry 0 (selector 7: index 0, TI 1).
export function tlsEntryOf(sel: u32): i32 {
  let index = sel >> 3;
  let e: i32 = (sel & 4) != 0 ? (index == 0 ? TLS_ENTRIES - 1 : -1)
    : (index >= <u32>TLS_GDT_FIRST && index < <u32>(TLS_GDT_FIRST + TLS_ENTRIES - 1) ? <i32>(index - TLS_GDT_FIRST) : -1);
  if (e < 0 || load<u32>(S_TLS + e * TLS_ENTRY, 8) == 0) return -1;
  return e;
}
@inline export function stack32(): bool { return load<u32>(S_STACK32) != 0; }

@inline export function eip(): u32 { return load<u32>(S_EIP); }
@inline export function running(): bool { return load<u32>(S_STATUS) == ST_RUNNING; }
@inline export function cycle(): u64 { return load<u64>(S_CYCLE); }
