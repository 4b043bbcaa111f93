import { latin1, type ByteSpan } from "./byte-span.js";
import { payloadOf, walkChunks, type Chunk } from "./chunks.js";
import { decodeRegisterSet } from "./registers.js";
import type { MooState, MooTest } from "./types.js";

const RAM_ENTRY_SIZE = 5;
const HASH_SIZE = 20;

/** Rejects a second copy of a known chunk; silently keeping one of the two would hide damage. */
function once(seen: Set<string>, chunk: Chunk, span: ByteSpan, parent: Chunk): void {
  if (seen.has(chunk.id)) {
    throw span.fail(`second '${chunk.id}' chunk in '${parent.id}'`, chunk.offset);
  }
  seen.add(chunk.id);
}

const STATE_CHUNKS = new Set(["REGS", "RG32", "RMSK", "RM32", "RAM ", "QUEU"]);
const TEST_CHUNKS = new Set(["NAME", "BYTS", "INIT", "FINA", "EXCP", "HASH", "GMET"]);

function decodeRam(span: ByteSpan): Array<[number, number]> {
  const countOffset = span.pos;
  const count = span.u32("the RAM entry count");
  if (count * RAM_ENTRY_SIZE > span.remaining) {
    throw span.fail(
      `${count} RAM entries need ${count * RAM_ENTRY_SIZE} bytes, the chunk holds ${span.remaining}`,
      countOffset,
    );
  }
  const ram: Array<[number, number]> = new Array(count);
  for (let i = 0; i < count; i++) {
    const address = span.u32(`RAM entry ${i} address`);
    ram[i] = [address, span.u8(`RAM entry ${i} value`)];
  }
  return ram;
}

/** A u32 length followed by that many bytes, as in `NAME`, `BYTS` and `QUEU`. */
function counted(span: ByteSpan, field: string): Uint8Array {
  const countOffset = span.pos;
  const size = span.u32(`the ${field} length`);
  if (size > span.remaining) {
    throw span.fail(`${field} length ${size} exceeds the ${span.remaining} bytes left in ${span.what}`, countOffset);
  }
  return span.take(size, field);
}

function decodeState(bytes: Uint8Array, label: string, state: Chunk): MooState {
  const result: MooState = { regs: {}, ram: [] };
  const seen = new Set<string>();
  for (const chunk of walkChunks(bytes, label, state.start, state.end, state)) {
    const span = payloadOf(bytes, label, chunk);
    if (STATE_CHUNKS.has(chunk.id)) once(seen, chunk, span, state);
    switch (chunk.id) {
      case "REGS":
      case "RG32":
        decodeRegisterSet(span, chunk.id === "REGS" ? 16 : 32, result.regs);
        break;
      case "RMSK":
      case "RM32":
        result.masks ??= {};
        decodeRegisterSet(span, chunk.id === "RMSK" ? 16 : 32, result.masks);
        break;
      case "RAM ":
        result.ram = decodeRam(span);
        break;
      case "QUEU":
        result.queue = counted(span, "queue");
        break;
      // EA32 (386 effective-address notes) and anything newer: skipped by length.
    }
  }
  return result;
}

const REQUIRED = ["NAME", "BYTS", "INIT", "FINA", "HASH"] as const;

/** Decodes one `TEST` chunk. `CYCL`, `EA32` and unknown sub-chunks are skipped. */
export function decodeTest(bytes: Uint8Array, label: string, test: Chunk): MooTest {
  const head = payloadOf(bytes, label, test);
  const index = head.u32("the test index");
  const seen = new Set<string>();
  const found: Partial<MooTest> = {};
  for (const chunk of walkChunks(bytes, label, head.pos, test.end, test)) {
    const span = payloadOf(bytes, label, chunk);
    if (TEST_CHUNKS.has(chunk.id)) once(seen, chunk, span, test);
    switch (chunk.id) {
      case "NAME":
        found.name = latin1(counted(span, "name"));
        break;
      case "BYTS":
        found.bytes = counted(span, "instruction bytes");
        break;
      case "INIT":
      case "FINA":
        found[chunk.id === "INIT" ? "init" : "final"] = decodeState(bytes, label, chunk);
        break;
      case "EXCP":
        found.exception = {
          number: span.u8("the exception number"),
          flagsAddress: span.u32("the FLAGS address"),
        };
        break;
      case "HASH":
        found.hash = hex(span.take(HASH_SIZE, "the SHA-1"));
        break;
      case "GMET":
        found.generator = { seed: span.u64("the generator seed"), count: span.u16("the generation count") };
        break;
    }
  }
  const missing = REQUIRED.filter((id) => !seen.has(id));
  if (missing.length > 0) {
    const list = missing.map((id) => `'${id}'`).join(", ");
    throw head.fail(`test ${index} lacks its ${list} chunk${missing.length > 1 ? "s" : ""}`, test.offset);
  }
  const { name, bytes: code, init, final, exception, hash, generator } = found as MooTest;
  const decoded: MooTest = { index, name, bytes: code, init, final, hash, offset: test.offset };
  if (exception) decoded.exception = exception;
  if (generator) decoded.generator = generator;
  return decoded;
}

function hex(data: Uint8Array): string {
  let text = "";
  for (const b of data) text += b.toString(16).padStart(2, "0");
  return text;
}

