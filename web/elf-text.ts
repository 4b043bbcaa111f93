// The ELF's .text section (address and bytes), for the disassembly that replaces the editor.
// The loader keeps only segments; the section headers say where the code is within them.
export function elfText(data: Uint8Array): { address: number; bytes: Uint8Array } | undefined {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const shoff = dv.getUint32(32, true), shentsize = dv.getUint16(46, true), shnum = dv.getUint16(48, true), shstrndx = dv.getUint16(50, true);
  if (!shoff || shstrndx >= shnum || shoff + shnum * shentsize > data.length) return undefined;
  const sh = (i: number) => shoff + i * shentsize;
  const strtab = dv.getUint32(sh(shstrndx) + 16, true);
  for (let i = 0; i < shnum; i++) {
    const nameOff = strtab + dv.getUint32(sh(i), true);
    let name = "";
    for (let p = nameOff; p < data.length && data[p]; p++) name += String.fromCharCode(data[p]);
    if (name !== ".text") continue;
    const address = dv.getUint32(sh(i) + 12, true), offset = dv.getUint32(sh(i) + 16, true), size = dv.getUint32(sh(i) + 20, true);
    return { address, bytes: data.subarray(offset, offset + size) };
  }
  return undefined;
}
