// ELF32 i386 static executables: ET_EXEC with PT_LOAD segments. Anything else is refused with a
// message that says what the file is instead.
import { UserError } from "../errors";
import type { ProgramImage, Segment } from "./image";

const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const MACHINES: Record<number, string> = {
  3: "i386", 62: "x86-64", 40: "ARM", 183: "AArch64", 8: "MIPS", 20: "PowerPC", 243: "RISC-V",
};

export function isElf(data: Uint8Array): boolean {
  return data.length >= 4 && data[0] === 0x7f && data[1] === 0x45 && data[2] === 0x4c && data[3] === 0x46;
}

export function parseElf(name: string, data: Uint8Array): ProgramImage {
  const fail = (what: string): never => {
    throw new UserError(`${name}: ${what}`);
  };
  if (!isElf(data)) fail("not an ELF file");
  if (data.length < 52) fail("truncated ELF header");
  if (data[4] !== 1) fail(data[4] === 2 ? "a 64-bit ELF; lockstep86 runs 32-bit i386 programs (gcc -m32)" : "bad ELF class");
  if (data[5] !== 1) fail("big-endian ELF; i386 programs are little-endian");
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const type = dv.getUint16(16, true);
  const machine = dv.getUint16(18, true);
  if (machine !== 3) fail(`an ELF for ${MACHINES[machine] ?? `machine ${machine}`}, not i386`);
  if (type === 3) fail("a shared object or position-independent executable (ET_DYN), not a static executable; link with -static -no-pie");
  if (type !== 2) fail(`ELF type ${type} is not an executable (ET_EXEC)`);
  const entry = dv.getUint32(24, true);
  const phoff = dv.getUint32(28, true);
  const phentsize = dv.getUint16(42, true);
  const phnum = dv.getUint16(44, true);
  if (phnum === 0) fail("no program headers");
  if (phentsize < 32) fail(`program header entries of ${phentsize} bytes (an ELF32 program header has 32)`);
  if (phoff + phnum * phentsize > data.length) fail("program headers run past the end of the file");

  const segments: Segment[] = [];
  let phdrAddress = 0;
  for (let i = 0; i < phnum; i++) {
    const h = phoff + i * phentsize;
    const ptype = dv.getUint32(h, true);
    if (ptype === PT_INTERP || ptype === PT_DYNAMIC) fail("a dynamically linked program; link with -static");
    if (ptype !== PT_LOAD) continue;
    const offset = dv.getUint32(h + 4, true);
    const vaddr = dv.getUint32(h + 8, true);
    const filesz = dv.getUint32(h + 16, true);
    const memsz = dv.getUint32(h + 20, true);
    if (filesz > memsz) fail(`segment ${i}: file size ${filesz} exceeds memory size ${memsz}`);
    if (offset + filesz > data.length) fail(`segment ${i} runs past the end of the file`);
    if (vaddr + memsz > 2 ** 32) fail(`segment ${i} wraps past 4 GiB`);
    // AT_PHDR: the program headers' address, when a loaded segment maps them.
    if (phoff >= offset && phoff + phnum * phentsize <= offset + filesz) phdrAddress = vaddr + (phoff - offset);
    segments.push({ address: vaddr, data: data.subarray(offset, offset + filesz), memSize: memsz });
  }
  if (segments.length === 0) fail("no loadable (PT_LOAD) segments");
  return {
    kind: "elf",
    name,
    entry,
    segments,
    programHeaders: { address: phdrAddress, count: phnum, entrySize: phentsize },
  };
}
