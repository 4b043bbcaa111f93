/**
 * Builds MOO files for tests, straight from the format description (upstream's
 * doc/moo_format_v1.md), so that synthetic inputs do not depend on the reader under test.
 */

// Register orders as the format description lists them (bit 0 first); kept apart from the
// reader's tables on purpose.
const ORDER16 = ["ax", "bx", "cx", "dx", "cs", "ss", "ds", "es", "sp", "bp", "si", "di", "ip", "flags"];
const ORDER32 = [
  "cr0", "cr3", "eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp",
  "cs", "ds", "es", "fs", "gs", "ss", "eip", "eflags", "dr6", "dr7",
];

export const u8 = (v: number) => Uint8Array.of(v & 0xff);
export const u16 = (v: number) => Uint8Array.of(v & 0xff, (v >>> 8) & 0xff);
export const u32 = (v: number) => Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
export const u64 = (v: bigint) => concat(u32(Number(v & 0xffffffffn)), u32(Number(v >> 32n)));
export const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** `[id][u32 length][payload]`; `length` overrides the true length to build broken files. */
export function chunk(id: string, payload: Uint8Array, length = payload.length): Uint8Array {
  if (id.length !== 4) throw new Error(`chunk id '${id}' is not 4 characters`);
  return concat(ascii(id), u32(length), payload);
}

export function registersPayload(width: 16 | 32, values: Record<string, number>): Uint8Array {
  const order = width === 16 ? ORDER16 : ORDER32;
  const unknown = Object.keys(values).filter((name) => !order.includes(name));
  if (unknown.length) throw new Error(`no ${width}-bit register named ${unknown.join(", ")}`);
  let mask = 0;
  const parts: Uint8Array[] = [];
  order.forEach((name, bit) => {
    if (values[name] === undefined) return;
    mask |= 1 << bit;
    parts.push(width === 16 ? u16(values[name]) : u32(values[name]));
  });
  return concat(width === 16 ? u16(mask) : u32(mask >>> 0), ...parts);
}

export interface StateSpec {
  regs?: Record<string, number>;
  regs32?: Record<string, number>;
  masks?: Record<string, number>;
  masks32?: Record<string, number>;
  ram?: Array<[number, number]>;
  queue?: number[];
  /** Chunks appended after the known ones, e.g. ids a reader must skip. */
  extra?: Uint8Array[];
  /** Bytes appended to a sub-chunk's payload: later format versions may grow a chunk. */
  grow?: Partial<Record<string, number>>;
}

export interface TestSpec {
  index: number;
  name: string;
  bytes: number[];
  init: StateSpec;
  final: StateSpec;
  exception?: { number: number; flagsAddress: number };
  /** 40 hex digits. */
  hash: string;
  generator?: { seed: bigint; count: number };
  /** Chunks placed right after the index, before `NAME`. */
  leading?: Uint8Array[];
  /** Known sub-chunks to leave out, to build incomplete tests. */
  omit?: string[];
  /** Bytes appended to a leaf sub-chunk's payload (not INIT/FINA): chunks may grow. */
  grow?: Partial<Record<string, number>>;
}

export interface FileSpec {
  major?: number;
  minor?: number;
  /** Defaults to the number of tests. */
  count?: number;
  cpu?: string;
  meta?: {
    setMajor: number; setMinor: number; cpuType: number; opcode: number;
    mnemonic: string; testCount: number; seed: bigint; cpuMode: number;
  };
  masks?: Record<string, number>;
  tests: TestSpec[];
  /** Chunks placed between the header (and META) and the first test. */
  extra?: Uint8Array[];
  /** Bytes appended to the `MOO ` and `META` payloads. */
  grow?: Partial<Record<"MOO " | "META", number>>;
}

const padding = (n = 0) => new Uint8Array(n).fill(0xa5);

export function statePayload(state: StateSpec): Uint8Array {
  const grown = (id: string, payload: Uint8Array) => chunk(id, concat(payload, padding(state.grow?.[id])));
  const parts: Uint8Array[] = [];
  if (state.regs) parts.push(grown("REGS", registersPayload(16, state.regs)));
  if (state.regs32) parts.push(grown("RG32", registersPayload(32, state.regs32)));
  if (state.masks) parts.push(grown("RMSK", registersPayload(16, state.masks)));
  if (state.masks32) parts.push(grown("RM32", registersPayload(32, state.masks32)));
  const ram = state.ram ?? [];
  parts.push(grown("RAM ", concat(u32(ram.length), ...ram.map(([a, v]) => concat(u32(a), u8(v))))));
  if (state.queue) parts.push(grown("QUEU", concat(u32(state.queue.length), Uint8Array.from(state.queue))));
  return concat(...parts, ...(state.extra ?? []));
}

function hashBytes(hex: string): Uint8Array {
  if (!/^[0-9a-f]{40}$/i.test(hex)) throw new Error(`hash '${hex}' is not 40 hex digits`);
  return Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
}

export function testChunk(test: TestSpec): Uint8Array {
  const grown = (id: string, payload: Uint8Array) =>
    test.omit?.includes(id) ? new Uint8Array(0) : chunk(id, concat(payload, padding(test.grow?.[id])));
  const name = ascii(test.name);
  const parts = [
    u32(test.index),
    ...(test.leading ?? []),
    test.generator ? grown("GMET", concat(u64(test.generator.seed), u16(test.generator.count))) : new Uint8Array(0),
    grown("NAME", concat(u32(name.length), name)),
    grown("BYTS", concat(u32(test.bytes.length), Uint8Array.from(test.bytes))),
    grown("INIT", statePayload(test.init)),
    grown("FINA", statePayload(test.final)),
    test.exception
      ? grown("EXCP", concat(u8(test.exception.number), u32(test.exception.flagsAddress)))
      : new Uint8Array(0),
    grown("HASH", hashBytes(test.hash)),
  ];
  return chunk("TEST", concat(...parts));
}

export function headerChunk(spec: FileSpec): Uint8Array {
  const cpu = (spec.cpu ?? "C286").padEnd(4, " ");
  return chunk(
    "MOO ",
    concat(
      u8(spec.major ?? 1), u8(spec.minor ?? 1), u16(0),
      u32(spec.count ?? spec.tests.length), ascii(cpu), padding(spec.grow?.["MOO "]),
    ),
  );
}

export function metaChunk(meta: NonNullable<FileSpec["meta"]>, grow = 0): Uint8Array {
  return chunk(
    "META",
    concat(
      u8(meta.setMajor), u8(meta.setMinor), u8(meta.cpuType), u32(meta.opcode),
      ascii(meta.mnemonic.padEnd(8, " ")), u32(meta.testCount), u64(meta.seed), u8(meta.cpuMode),
      new Uint8Array(3), padding(grow),
    ),
  );
}

export function mooFile(spec: FileSpec): Uint8Array {
  return concat(
    headerChunk(spec),
    spec.meta ? metaChunk(spec.meta, spec.grow?.META) : new Uint8Array(0),
    spec.masks ? chunk("RMSK", registersPayload(16, spec.masks)) : new Uint8Array(0),
    ...(spec.extra ?? []),
    ...spec.tests.map(testChunk),
  );
}
