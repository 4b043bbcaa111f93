import { UserError } from "../errors.js";

/** The one error shape of the reader: `<label>: offset <n>: <what is wrong>`. */
export function formatError(label: string, offset: number, message: string): UserError {
  return new UserError(`${label}: offset ${offset}: ${message}`);
}

/** Little-endian u32 at `at`; the caller has checked the bounds. */
export function readU32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

/**
 * A read cursor confined to [pos, end) of a byte array: the payload of one chunk. Every read is
 * checked against `end`, so a short payload becomes a UserError naming the field and the offset
 * instead of reading into the next chunk or past the buffer.
 */
export class ByteSpan {
  constructor(
    readonly bytes: Uint8Array,
    readonly label: string,
    /** What the span is, for messages: "chunk 'REGS'". */
    readonly what: string,
    public pos: number,
    readonly end: number,
  ) {}

  get remaining(): number {
    return this.end - this.pos;
  }

  fail(message: string, offset = this.pos): UserError {
    return formatError(this.label, offset, message);
  }

  private need(size: number, field: string): number {
    if (this.end - this.pos < size) {
      throw this.fail(
        `${this.what} is too short: ${field} needs ${size} byte${size === 1 ? "" : "s"}, ` +
          `${this.end - this.pos} left`,
      );
    }
    const at = this.pos;
    this.pos += size;
    return at;
  }

  u8(field: string): number {
    return this.bytes[this.need(1, field)];
  }

  u16(field: string): number {
    const p = this.need(2, field);
    return this.bytes[p] | (this.bytes[p + 1] << 8);
  }

  u32(field: string): number {
    return readU32(this.bytes, this.need(4, field));
  }

  u64(field: string): bigint {
    const low = this.u32(field);
    const high = this.u32(field);
    return (BigInt(high) << 32n) | BigInt(low);
  }

  /** A copy, so a decoded test does not keep the whole file alive. */
  take(size: number, field: string): Uint8Array {
    const p = this.need(size, field);
    return new Uint8Array(this.bytes.subarray(p, p + size));
  }

  ascii(size: number, field: string): string {
    const p = this.need(size, field);
    return latin1(this.bytes.subarray(p, p + size));
  }
}

/** Bytes to text one character per byte; in slices, so a huge field cannot overflow the call stack. */
export function latin1(data: Uint8Array): string {
  let text = "";
  for (let i = 0; i < data.length; i += 4096) {
    text += String.fromCharCode(...data.subarray(i, i + 4096));
  }
  return text;
}
