// A minimal ELF32 executable: one PT_LOAD holding the headers and `code`, entered at the code.
// The fields a loader checks can be set wrong on purpose.

export interface TinyElfOptions {
  /** Where the segment is loaded (default 1 MiB, as programs/lib/link.ld; ld's own default is 0x08048000). */
  base?: number;
  /** e_type (2 ET_EXEC, 3 ET_DYN). */
  type?: number;
  /** e_machine (3 EM_386, 62 EM_X86_64, 40 EM_ARM). */
  machine?: number;
  /** e_ident[EI_CLASS] (1 ELFCLASS32, 2 ELFCLASS64). */
  elfClass?: number;
}

export const le32 = (v: number) => [0, 8, 16, 24].map((s) => (v >>> s) & 0xff);

export function tinyElf(code: number[], options: TinyElfOptions = {}): Uint8Array {
  const base = options.base ?? 0x100000;
  const headers = 52 + 32;
  const size = headers + code.length;
  const elf = new Uint8Array(size);
  const dv = new DataView(elf.buffer);
  const u16 = (at: number, v: number) => dv.setUint16(at, v, true);
  const u32 = (at: number, v: number) => dv.setUint32(at, v, true);
  elf.set([0x7f, 0x45, 0x4c, 0x46, options.elfClass ?? 1, 1, 1]); // "\x7fELF", class, little-endian, version 1
  u16(16, options.type ?? 2);
  u16(18, options.machine ?? 3);
  u32(20, 1); // version
  u32(24, base + headers); // entry: the first byte of code
  u32(28, 52); // the program header follows the ELF header
  u16(40, 52); // ELF header size
  u16(42, 32); // program header size
  u16(44, 1); // one program header:
  u32(52, 1); // PT_LOAD
  u32(56, 0); // file offset
  u32(60, base); // vaddr
  u32(64, base); // paddr
  u32(68, size); // filesz
  u32(72, size); // memsz
  u32(76, 5); // r-x
  u32(80, 0x1000); // align
  elf.set(code, headers);
  return elf;
}
