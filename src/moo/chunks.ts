import { ByteSpan, formatError, readU32 } from "./byte-span.js";

/** One chunk: `id`, header offset, and its payload [start, end). */
export interface Chunk {
  id: string;
  offset: number;
  start: number;
  end: number;
}

const HEADER_SIZE = 8;

/** Shows a chunk id in messages, escaping bytes that are not printable ASCII. */
export function showId(bytes: Uint8Array, at: number): string {
  let text = "";
  for (let i = at; i < at + 4; i++) {
    const b = bytes[i];
    text += b >= 0x20 && b < 0x7f && b !== 0x27 ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, "0")}`;
  }
  return `'${text}'`;
}

function isPrintableId(bytes: Uint8Array, at: number): boolean {
  for (let i = at; i < at + 4; i++) {
    if (bytes[i] < 0x20 || bytes[i] >= 0x7f) return false;
  }
  return true;
}

/**
 * Walks the chunks inside [start, end): the whole file when `parent` is undefined, else a chunk's
 * payload. Each chunk is advanced over by its length, so callers skip ids they do not know by
 * simply ignoring them. A header or payload that would cross `end` is an error.
 */
export function* walkChunks(
  bytes: Uint8Array,
  label: string,
  start: number,
  end: number,
  parent?: Chunk,
): Generator<Chunk> {
  const where = parent ? `chunk '${parent.id}'` : "the file";
  let pos = start;
  while (pos < end) {
    if (end - pos < HEADER_SIZE) {
      throw formatError(
        label,
        pos,
        `${where} ends inside a chunk header (${end - pos} of ${HEADER_SIZE} bytes)`,
      );
    }
    if (!isPrintableId(bytes, pos)) {
      throw formatError(label, pos, `bad chunk id ${showId(bytes, pos)} (not printable ASCII)`);
    }
    const id = String.fromCharCode(bytes[pos], bytes[pos + 1], bytes[pos + 2], bytes[pos + 3]);
    const length = readU32(bytes, pos + 4);
    const payloadEnd = pos + HEADER_SIZE + length;
    if (payloadEnd > end) {
      const limit = parent
        ? `the end of its parent '${parent.id}' (offset ${end})`
        : `the end of the file (${end} bytes)`;
      throw formatError(label, pos, `chunk '${id}' length ${length} runs past ${limit}`);
    }
    yield { id, offset: pos, start: pos + HEADER_SIZE, end: payloadEnd };
    pos = payloadEnd;
  }
}

/** A cursor over a chunk's payload. */
export function payloadOf(bytes: Uint8Array, label: string, chunk: Chunk): ByteSpan {
  return new ByteSpan(bytes, label, `chunk '${chunk.id}'`, chunk.start, chunk.end);
}
