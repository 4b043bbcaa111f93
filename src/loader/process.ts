// Places a program in a module's RAM and sets up the CPU as Linux would for an i386 process
// (ELF: System V initial stack with argc, argv, envp and the auxiliary vector) or as a bare
// machine would for a flat binary (entered at 0x1000, esp at the top of RAM, registers zero).
import * as L from "../../assembly/layout";
import { UserError } from "../errors";
import type { CpuModule } from "../core/module";
import type { ProgramImage } from "./image";

const PAGE = 4096;
const AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7, AT_FLAGS = 8;
const AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_HWCAP = 16, AT_CLKTCK = 17;
const AT_SECURE = 23, AT_RANDOM = 25, AT_EXECFN = 31;
// What cpuid leaf 1 reports in edx (assembly/ops/system.ts): TSC, CX8, CMOV.
const HWCAP = (1 << 4) | (1 << 8) | (1 << 15);

export interface ProcessLayout {
  brk: number;
  brkMax: number;
  stackTop: number;
}

/** Room kept for the stack below the top of RAM: the break may not grow into it. */
export function stackReserve(ramSize: number): number {
  return Math.min(1 << 20, ramSize >>> 2);
}

const align = (v: number, a: number) => Math.ceil(v / a) * a;
// The stack below the initial one the host hands out before the run (CpuModule.prepareRam): most
// programs use less; deeper stacks meet their pages as they grow.
const STACK_PREPARED = 128 << 10;

const MiB = 1 << 20;
/** RAM per module unless asked otherwise, and the most a module may have. */
export const DEFAULT_RAM = 16 * MiB;
export const MAX_RAM = 1024 * MiB;

/**
 * Where a module's RAM starts in the guest's address space: an ELF program's lowest page (ld's
 * default base is 0x08048000: the 128 MiB below it would be RAM no one uses, yet every resync
 * would copy it); 0 for a flat binary or a program linked below 16 MiB. Accesses below it fault, as unmapped memory does on Linux.
 */
export function ramOriginFor(image: ProgramImage): number {
  if (image.kind !== "elf" || image.segments.length === 0) return 0;
  const lowest = Math.min(...image.segments.map((s) => s.address)) & ~(PAGE - 1);
  // Below the default RAM size, RAM from 0 costs little, and guest addresses stay RAM offsets.
  return lowest < DEFAULT_RAM ? 0 : lowest;
}

/**
 * RAM a module gets when none is asked for: 16 MiB from its origin, or for a larger program 16
 * MiB above its highest segment, so it has the heap and stack room a small program has. Capped
 * at 1 GiB; loadProgram refuses what still does not fit.
 */
export function defaultRamFor(image: ProgramImage): number {
  const origin = ramOriginFor(image);
  const top = Math.max(0, ...image.segments.map((s) => s.address + s.memSize - origin));
  const needed = top > DEFAULT_RAM - stackReserve(DEFAULT_RAM) ? align(top, MiB) + DEFAULT_RAM : DEFAULT_RAM;
  return Math.min(needed, MAX_RAM);
}
const hex = (v: number) => `0x${v.toString(16)}`;

/** An argument or environment string: text (UTF-8 on the stack) or the exact bytes to put there. */
export type ArgBytes = string | Uint8Array;

export function loadProgram(m: CpuModule, image: ProgramImage, argv: ArgBytes[] = [image.name], env: ArgBytes[] = []): ProcessLayout {
  const ram = m.ramSize;
  const origin = m.ramOrigin;
  const brkMax = origin + ram - stackReserve(ram);
  let end = 0;
  for (const s of image.segments) {
    const top = s.address + s.memSize;
    if (s.address < origin || top > brkMax) {
      throw new UserError(
        `${image.name}: needs memory up to ${hex(top)}, but a module has ${ram >>> 20} MiB of RAM with the top ${stackReserve(ram) >>> 10} KiB kept for the stack (use --ram)`,
      );
    }
    m.loadRam(s.address - origin, s.data);
    m.prepareRam(s.address - origin + s.data.length, s.memSize - s.data.length); // its bss
    end = Math.max(end, top);
  }
  const brk = align(end, PAGE);
  m.setU32(L.S_BRK, brk);
  m.setU32(L.S_BRK_MIN, brk);
  m.setU32(L.S_BRK_MAX, brkMax);
  m.setU32(L.S_MMAP_LOW, brkMax); // anonymous mappings grow down from here
  // The process name, as Linux takes it from the program's file name (15 bytes at most).
  const arg0 = argv[0] ?? image.name;
  const path = typeof arg0 === "string" ? new TextEncoder().encode(arg0) : arg0;
  const comm = path.subarray(path.lastIndexOf(0x2f) + 1).subarray(0, L.COMM_SIZE - 1);
  m.bytes.fill(0, L.S_COMM, L.S_COMM + L.COMM_SIZE);
  m.bytes.set(comm, L.S_COMM);
  m.eip = image.entry;
  // Linux starts a process with IF set (start_thread), so pushf shows 0x202 as under qemu-i386;
  // a flat binary starts as a machine does after reset, interrupts off.
  if (image.kind === "elf") m.eflags = 0x202;
  for (let r = 0; r < 8; r++) m.setReg(r, 0);
  const stackTop = image.kind === "elf" ? buildInitialStack(m, image, argv, env) : (origin + ram - 16) & ~15;
  m.setReg(L.ESP, stackTop);
  const stackUse = Math.min(STACK_PREPARED, stackReserve(ram));
  m.prepareRam(stackTop - origin - stackUse, stackUse);
  return { brk, brkMax, stackTop };
}

// The System V i386 initial stack, from the top of RAM down: strings, 16 random bytes (fixed:
// runs are deterministic), then auxv, envp, argv and argc at esp, which is 16-byte aligned.
function buildInitialStack(m: CpuModule, image: ProgramImage, argv: ArgBytes[], env: ArgBytes[]): number {
  const enc = new TextEncoder();
  const bytes = (s: ArgBytes) => (typeof s === "string" ? enc.encode(s) : s);
  // As Linux does (E2BIG), arguments and environment may take a quarter of the stack at most.
  const limit = stackReserve(m.ramSize) / 4;
  const size = [...argv, ...env].reduce((n, s) => n + bytes(s).length + 1, 0);
  if (size > limit) {
    throw new UserError(`${image.name}: the arguments${env.length ? " and environment" : ""} take ${size} bytes, more than the ${limit >>> 10} KiB a module's stack gives them`);
  }
  const origin = m.ramOrigin;
  let sp = origin + m.ramSize - 16;
  const putString = (s: ArgBytes): number => {
    const b = bytes(s);
    sp -= b.length + 1;
    m.loadRam(sp - origin, b);
    m.loadRam(sp - origin + b.length, new Uint8Array(1));
    return sp;
  };
  const execfn = putString(argv[0] ?? image.name);
  const argvPtrs = argv.map(putString);
  const envPtrs = env.map(putString);
  sp -= 16;
  const random = sp;
  m.loadRam(random - origin, Uint8Array.from({ length: 16 }, (_, i) => (i * 0x3b + 0x11) & 0xff));
  sp &= ~15;

  const ph = image.programHeaders;
  // In the order Linux and qemu-i386 put them (no interpreter: AT_BASE 0; no AT_PLATFORM or vDSO).
  const auxv: number[] = [
    AT_PHDR, ph?.address ?? 0, AT_PHENT, ph?.entrySize ?? 32, AT_PHNUM, ph?.count ?? 0,
    AT_PAGESZ, PAGE, AT_BASE, 0, AT_FLAGS, 0, AT_ENTRY, image.entry,
    AT_UID, 0, AT_EUID, 0, AT_GID, 0, AT_EGID, 0, AT_HWCAP, HWCAP, AT_CLKTCK, 100,
    AT_RANDOM, random, AT_SECURE, 0, AT_EXECFN, execfn, AT_NULL, 0,
  ];
  const words = [argv.length, ...argvPtrs, 0, ...envPtrs, 0, ...auxv];
  sp -= words.length * 4;
  sp &= ~15;
  const buf = new Uint8Array(words.length * 4);
  const dv = new DataView(buf.buffer);
  words.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, true));
  m.loadRam(sp - origin, buf);
  return sp;
}
