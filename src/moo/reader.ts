import { formatError, type ByteSpan } from "./byte-span.js";
import { payloadOf, showId, walkChunks, type Chunk } from "./chunks.js";
import { decodeRegisterSet } from "./registers.js";
import { decodeTest } from "./test-chunk.js";
import type {
  MooFile, MooHeader, MooMeta, MooPreamble, MooReadOptions, MooTest, RegisterValues,
} from "./types.js";

/** The major version this reader understands; minors only add chunks, which are skipped. */
const SUPPORTED_MAJOR = 1;
const DEFAULT_LABEL = "MOO data";

type Item =
  | { kind: "header"; header: MooHeader }
  | { kind: "meta"; meta: MooMeta }
  | { kind: "masks"; masks: RegisterValues }
  | { kind: "test"; chunk: Chunk };

function decodeHeader(span: ByteSpan): MooHeader {
  const start = span.pos;
  const major = span.u8("the major version");
  const minor = span.u8("the minor version");
  span.u16("the reserved bytes");
  const count = span.u32("the test count");
  const cpu = span.ascii(4, "the CPU id").trimEnd();
  if (major !== SUPPORTED_MAJOR) {
    throw span.fail(
      `MOO version ${major}.${minor} is not supported (this reader reads ${SUPPORTED_MAJOR}.x)`,
      start,
    );
  }
  return { major, minor, count, cpu };
}

function decodeMeta(span: ByteSpan): MooMeta {
  return {
    setMajor: span.u8("the collection major version"),
    setMinor: span.u8("the collection minor version"),
    cpuType: span.u8("the CPU type"),
    opcode: span.u32("the opcode"),
    mnemonic: span.ascii(8, "the mnemonic").trimEnd(),
    testCount: span.u32("the test count"),
    seed: span.u64("the file seed"),
    cpuMode: span.u8("the CPU mode"),
  };
}

function checkMagic(bytes: Uint8Array, label: string): void {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw formatError(label, 0, "this is gzip-compressed data; decompress it before parsing");
  }
  if (bytes.length < 4 || String.fromCharCode(...bytes.subarray(0, 4)) !== "MOO ") {
    const start = bytes.length < 4 ? `only ${bytes.length} bytes` : `chunk ${showId(bytes, 0)}`;
    throw formatError(label, 0, `not a MOO file: it starts with ${start}, expected chunk 'MOO '`);
  }
}

/**
 * Walks a MOO file in order, handing out `TEST` chunks undecoded so that the caller decides
 * when (and whether) to decode them. Checks that the file starts with `MOO ` and, when walked
 * to the end, that the header's test count matches: a file cut at a chunk boundary is caught.
 */
function* walkFile(bytes: Uint8Array, label: string): Generator<Item> {
  checkMagic(bytes, label);
  let header: MooHeader | undefined;
  let tests = 0;
  for (const chunk of walkChunks(bytes, label, 0, bytes.length)) {
    const span = payloadOf(bytes, label, chunk);
    if (!header) {
      header = decodeHeader(span);
      yield { kind: "header", header };
      continue;
    }
    switch (chunk.id) {
      case "MOO ":
        throw span.fail("second 'MOO ' header chunk", chunk.offset);
      case "META":
        yield { kind: "meta", meta: decodeMeta(span) };
        break;
      case "RMSK":
      case "RM32": {
        const masks: RegisterValues = {};
        decodeRegisterSet(span, chunk.id === "RMSK" ? 16 : 32, masks);
        yield { kind: "masks", masks };
        break;
      }
      case "TEST":
        tests++;
        yield { kind: "test", chunk };
        break;
    }
  }
  if (header && tests !== header.count) {
    throw formatError(
      label,
      bytes.length,
      `the header announces ${header.count} tests but the file holds ${tests}`,
    );
  }
}

/** Decodes a whole (decompressed) MOO file. */
export function parseMoo(bytes: Uint8Array, options: MooReadOptions = {}): MooFile {
  const label = options.label ?? DEFAULT_LABEL;
  const file: Partial<MooFile> & { tests: MooTest[] } = { tests: [] };
  for (const item of walkFile(bytes, label)) {
    if (item.kind === "test") file.tests.push(decodeTest(bytes, label, item.chunk));
    else if (item.kind === "header") file.header = item.header;
    else if (item.kind === "meta") file.meta = item.meta;
    else file.masks = item.masks;
  }
  return file as MooFile;
}

/**
 * Yields the tests one by one, decoding each only when asked for, so a caller that runs and
 * drops them never holds more than one decoded test. Errors surface when the bad chunk is reached.
 */
export function* iterateTests(bytes: Uint8Array, options: MooReadOptions = {}): Generator<MooTest> {
  const label = options.label ?? DEFAULT_LABEL;
  for (const item of walkFile(bytes, label)) {
    if (item.kind === "test") yield decodeTest(bytes, label, item.chunk);
  }
}

/** The header and the file-wide chunks that precede the first test, without decoding any test. */
export function readMooPreamble(bytes: Uint8Array, options: MooReadOptions = {}): MooPreamble {
  const preamble: Partial<MooPreamble> = {};
  for (const item of walkFile(bytes, options.label ?? DEFAULT_LABEL)) {
    if (item.kind === "test") break;
    if (item.kind === "header") preamble.header = item.header;
    else if (item.kind === "meta") preamble.meta = item.meta;
    else preamble.masks = item.masks;
  }
  return preamble as MooPreamble;
}
