/** Register names of the 16-bit `REGS`/`RMSK` layout, in bitmask order (bit 0 first). */
export const REGS16 = [
  "ax", "bx", "cx", "dx", "cs", "ss", "ds", "es", "sp", "bp", "si", "di", "ip", "flags",
] as const;

/** Register names of the 32-bit `RG32`/`RM32` layout, in bitmask order (bit 0 first). */
export const REGS32 = [
  "cr0", "cr3", "eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp",
  "cs", "ds", "es", "fs", "gs", "ss", "eip", "eflags", "dr6", "dr7",
] as const;

export type Reg16Name = (typeof REGS16)[number];
export type Reg32Name = (typeof REGS32)[number];
export type RegName = Reg16Name | Reg32Name;
export type RegisterValues = Partial<Record<RegName, number>>;

/** The `MOO ` chunk. `cpu` is the 4-character CPU id without its space padding ("C286", "V20"). */
export interface MooHeader {
  major: number;
  minor: number;
  count: number;
  cpu: string;
}

/** The optional `META` chunk: facts about the collection the file belongs to. */
export interface MooMeta {
  setMajor: number;
  setMinor: number;
  /** Upstream enumeration: 0 8088, 1 8086, 2 V20, 3 V30, 4 80188, 5 80186, 6 80286. */
  cpuType: number;
  /** Raw opcode of the file's tests; 0xFFFFFFFF when the file mixes opcodes. */
  opcode: number;
  mnemonic: string;
  /** As written by the generator; not necessarily the number of tests in this file. */
  testCount: number;
  seed: bigint;
  /** 0 = real mode. */
  cpuMode: number;
}

/** `INIT` or `FINA`. A final state lists only the registers and RAM bytes that changed. */
export interface MooState {
  regs: RegisterValues;
  /** `RMSK`/`RM32`: bits of the listed registers that the test leaves undefined are 0. */
  masks?: RegisterValues;
  /** [physical address, byte value] in file order. */
  ram: Array<[number, number]>;
  /** `QUEU`: prefetch queue contents, when the file records them. */
  queue?: Uint8Array;
}

export interface MooException {
  number: number;
  /** Physical address of the FLAGS word the exception pushed (as upstream records it). */
  flagsAddress: number;
}

/** `GMET`: how the generator produced the test. */
export interface MooGeneratorInfo {
  seed: bigint;
  count: number;
}

export interface MooTest {
  index: number;
  name: string;
  bytes: Uint8Array;
  init: MooState;
  final: MooState;
  exception?: MooException;
  /** SHA-1 from `HASH`, lowercase hex: the key of the revocation list. */
  hash: string;
  generator?: MooGeneratorInfo;
  /** Byte offset of the test's `TEST` chunk in the (decompressed) file, for messages. */
  offset: number;
}

/** Everything before and around the tests: the header and the file-wide chunks. */
export interface MooPreamble {
  header: MooHeader;
  meta?: MooMeta;
  /** A top-level `RMSK`/`RM32`: masks that apply to every test in the file. */
  masks?: RegisterValues;
}

export interface MooFile extends MooPreamble {
  tests: MooTest[];
}

export interface MooReadOptions {
  /** Names the input in error messages, e.g. "03.MOO.gz". */
  label?: string;
}
