// A growable byte array: a section's bytes as the assembler builds them (a plain number[] costs
// eight bytes a byte, which a 64 MiB `times` turns into gigabytes).
export class ByteBuf {
  private buf = new Uint8Array(256);
  length = 0;

  private reserve(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    let cap = this.buf.length;
    while (cap < this.length + extra) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  push(data: ArrayLike<number>): void {
    this.reserve(data.length);
    this.buf.set(data, this.length);
    this.length += data.length;
  }

  zeros(n: number): void {
    this.reserve(n);
    this.buf.fill(0, this.length, this.length + n);
    this.length += n;
  }

  /** Appends `times` more copies of bytes [from, length), doubling the copied run each step. */
  repeatTail(from: number, times: number): void {
    const unit = this.length - from;
    if (unit === 0 || times <= 0) return;
    const total = unit * times;
    this.reserve(total);
    let done = 0;
    while (done < total) {
      const n = Math.min(total - done, unit + done);
      this.buf.copyWithin(this.length + done, from, from + n);
      done += n;
    }
    this.length += total;
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}
