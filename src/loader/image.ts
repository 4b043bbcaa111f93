// A program ready to be placed in a module's RAM, whatever file it came from.
export interface Segment {
  address: number;
  data: Uint8Array; // bytes from the file; the rest of memSize is zero
  memSize: number;
}

export interface ProgramImage {
  kind: "elf" | "bin";
  name: string;
  entry: number;
  segments: Segment[];
  /** ELF only: where the program headers are mapped (0 if not), for the auxiliary vector. */
  programHeaders?: { address: number; count: number; entrySize: number };
}

/** Flat binaries are loaded and entered here (`org 0x1000` in NASM). */
export const FLAT_LOAD_ADDRESS = 0x1000;

export function flatImage(name: string, data: Uint8Array): ProgramImage {
  return {
    kind: "bin",
    name,
    entry: FLAT_LOAD_ADDRESS,
    segments: [{ address: FLAT_LOAD_ADDRESS, data, memSize: data.length }],
  };
}
