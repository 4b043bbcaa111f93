// Byte-array equality without Buffer (the harness also runs in the browser). Whole disks and
// memory pages are compared, so words at a time where both views are aligned. One word view per
// buffer is kept: making a typed-array view over a module's large memory for every page
// compared cost ten times the comparison itself (measured).
const wordViews = new WeakMap<ArrayBufferLike, Uint32Array>();

function wordsOf(buffer: ArrayBufferLike): Uint32Array {
  let w = wordViews.get(buffer);
  if (!w) {
    w = new Uint32Array(buffer, 0, buffer.byteLength >>> 2);
    wordViews.set(buffer, w);
  }
  return w;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0) {
    const wa = wordsOf(a.buffer);
    const wb = wordsOf(b.buffer);
    const oa = a.byteOffset >>> 2;
    const ob = b.byteOffset >>> 2;
    const words = a.length >>> 2;
    for (; i < words; i++) if (wa[oa + i] !== wb[ob + i]) return false;
    i = words << 2;
  }
  for (; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
