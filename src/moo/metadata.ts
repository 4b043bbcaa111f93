import { UserError, jsonSyntaxMessage } from "../errors.js";

/** Per-opcode facts from a suite's metadata.json. */
export interface OpcodeMetadata {
  /** "normal", "prefix", "alias", "undocumented", "undefined", "fpu", "extension", ... */
  status: string;
  /** The CPU that introduced the form: "86", "186", "286", "v30". */
  arch?: string;
  /** The flags the instruction leaves undefined, as a mask picture like ".....a.." (odiszapc). */
  flags?: string;
  /** AND this into both the expected and the actual FLAGS before comparing. */
  flagsMask?: number;
  /** As the 80386 suite's CSV names the instruction. */
  mnemonic?: string;
}

export interface SuiteMetadata {
  version?: string;
  syntaxVersion?: number;
  cpu?: string;
  cpuDetail?: string;
  generator?: string;
  author?: string;
  date?: string;
  github?: string;
  /**
   * Keyed like the test files: "00", "F6.6" (group opcode F6, ModR/M reg field 6), "0F01.2".
   * The file keeps group opcodes nested under `reg`; they are flattened here.
   */
  opcodes: Record<string, OpcodeMetadata>;
}

type Json = Record<string, unknown>;

class Fields {
  constructor(readonly label: string) {}

  fail(path: string, message: string): UserError {
    return new UserError(`${this.label}: ${path}: ${message}`);
  }

  object(value: unknown, path: string): Json {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw this.fail(path, `expected an object, found ${describe(value)}`);
    }
    return value as Json;
  }

  string(obj: Json, key: string, path: string, required = false): string | undefined {
    const value = obj[key];
    if (value === undefined && !required) return undefined;
    if (typeof value !== "string") throw this.fail(`${path}.${key}`, `expected a string, found ${describe(value)}`);
    return value;
  }

  integer(obj: Json, key: string, path: string, max: number): number | undefined {
    const value = obj[key];
    if (value === undefined) return undefined;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > max) {
      throw this.fail(`${path}.${key}`, `expected an integer 0..${max}, found ${describe(value)}`);
    }
    return value;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? `"${value}"` : `${typeof value} ${String(value)}`;
}

function opcodeEntry(f: Fields, value: unknown, path: string): OpcodeMetadata {
  const obj = f.object(value, path);
  const entry: OpcodeMetadata = { status: f.string(obj, "status", path, true)! };
  const arch = f.string(obj, "arch", path);
  const flags = f.string(obj, "flags", path);
  const flagsMask = f.integer(obj, "flags-mask", path, 0xffff);
  if (arch !== undefined) entry.arch = arch;
  if (flags !== undefined) entry.flags = flags;
  if (flagsMask !== undefined) entry.flagsMask = flagsMask;
  return entry;
}

/** Reads a suite's metadata.json, given as text or as already-parsed JSON. */
export function parseMetadata(json: unknown, label = "metadata.json"): SuiteMetadata {
  const f = new Fields(label);
  let data: unknown = json;
  if (typeof json === "string") {
    try {
      data = JSON.parse(json);
    } catch (error) {
      throw new UserError(`${label}: not valid JSON (${jsonSyntaxMessage(error)})`);
    }
  }
  const root = f.object(data, "(top level)");
  const opcodes: Record<string, OpcodeMetadata> = {};
  const table = f.object(root.opcodes, "opcodes");
  for (const [opcode, value] of Object.entries(table)) {
    const path = `opcodes.${opcode}`;
    const obj = f.object(value, path);
    // A group opcode has no status of its own, only one entry per ModR/M reg field.
    if (obj.reg !== undefined) {
      for (const [reg, sub] of Object.entries(f.object(obj.reg, `${path}.reg`))) {
        opcodes[`${opcode.toUpperCase()}.${reg}`] = opcodeEntry(f, sub, `${path}.reg.${reg}`);
      }
    }
    if (obj.reg === undefined || obj.status !== undefined) {
      opcodes[opcode.toUpperCase()] = opcodeEntry(f, obj, path);
    }
  }
  const text = (key: string) => f.string(root, key, "(top level)");
  const meta: SuiteMetadata = {
    version: text("version"),
    syntaxVersion: f.integer(root, "syntax_version", "(top level)", Number.MAX_SAFE_INTEGER),
    cpu: text("cpu"),
    cpuDetail: text("cpu_detail"),
    generator: text("generator"),
    author: text("author"),
    date: text("date"),
    github: text("github"),
    opcodes,
  };
  // Absent fields are left out rather than present as undefined.
  return Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== undefined)) as SuiteMetadata;
}

/**
 * The metadata key of a test file: "80.0.MOO.gz" → "80.0", "0f01.moo" → "0F01".
 * Returns undefined for names that are not opcode files.
 */
export function metadataKeyOf(fileName: string): string | undefined {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  // The 386 suite names forms with size prefixes by their bytes: 6601, 676601, 660FBA.4.
  const match = /^((?:[0-9a-f]{2}){1,4}(?:\.[0-7])?)\.moo(?:\.gz)?$/i.exec(base);
  return match ? match[1].toUpperCase() : undefined;
}

/** Segment overrides, size overrides, LOCK, REPNE and REP: prefixes the suites put before an opcode. */
const PREFIXES = new Set([0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3]);

/** The key without the 386 suite's leading size prefixes: "676601" → "01", "660FBA.4" → "0FBA.4". */
export function baseOpcodeKey(fileKey: string): string {
  let key = fileKey;
  while (/^6[67][0-9A-F]{2}/.test(key)) key = key.slice(2);
  return key;
}

/**
 * The metadata entry that applies to one test of a file. Most files map to one entry, but some
 * group opcodes (8F, C6, C7) come as one file while metadata.json describes each ModR/M reg
 * field apart; for those the reg field is read from the test's bytes past prefixes and opcode.
 */
export function opcodeMetadataFor(
  metadata: SuiteMetadata,
  fileKey: string,
  bytes: Uint8Array,
): OpcodeMetadata | undefined {
  const key = baseOpcodeKey(fileKey);
  const direct = metadata.opcodes[key];
  if (direct || key.includes(".")) return direct;
  let at = 0;
  while (at < bytes.length && PREFIXES.has(bytes[at])) at++;
  const modrm = bytes[at + key.length / 2];
  return modrm === undefined ? undefined : metadata.opcodes[`${key}.${(modrm >> 3) & 7}`];
}
