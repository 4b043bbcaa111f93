// Our command line as bytes. Node decodes arguments as UTF-8 and turns bytes that are not UTF-8
// into U+FFFD; a Linux program receives the bytes themselves, as qemu-i386 passes them on. The
// kernel keeps them in /proc/self/cmdline: an argument that came out of decoding with U+FFFD is
// taken from there, so the guest's arguments and file names are the bytes the user gave.
import { readFileSync } from "node:fs";

let raw: Buffer[] | null | undefined;

// process.argv from index 2 on, as bytes; null where /proc is missing or does not match.
function rawArgs(): Buffer[] | null {
  if (raw !== undefined) return raw;
  raw = null;
  try {
    const cmdline = readFileSync("/proc/self/cmdline");
    const parts: Buffer[] = [];
    for (let start = 0, i = 0; i < cmdline.length; i++) {
      if (cmdline[i] === 0) {
        parts.push(cmdline.subarray(start, i));
        start = i + 1;
      }
    }
    const ours = process.argv.slice(2);
    const tail = parts.slice(parts.length - ours.length);
    if (tail.length === ours.length && tail.every((b, i) => b.toString("utf8") === ours[i])) raw = tail;
  } catch {
    // not Linux: arguments stay as Node decoded them
  }
  return raw;
}

/**
 * The bytes the user gave for each of `values` (arguments as commander parsed them, in order of
 * the command line); a value without U+FFFD is its own UTF-8 encoding and stays a string.
 */
export function argBytes(values: string[]): Array<string | Buffer> {
  const args = rawArgs();
  const decoded = process.argv.slice(2);
  let from = 0;
  return values.map((v) => {
    const i = decoded.indexOf(v, from);
    if (i < 0) return v;
    from = i + 1;
    return v.includes("\uFFFD") && args ? args[i] : v;
  });
}
