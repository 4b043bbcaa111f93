// File access for the CLI, with errors a user can act on.
import { accessSync, closeSync, constants, fstatSync, openSync, readFileSync, readSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { UserError } from "../errors";
import { fsErrorReason as reason } from "../node/fs-error";

/** The most a file given to us may hold (see README, "Limits"): every input is read whole. */
export const MAX_INPUT = {
  program: 256 << 20, // a program, assembly source or binary to disassemble
  stdin: 64 << 20, // --stdin
  disk: 2 ** 31 - 512, // --disk (Node reads at most 2 GiB at once); a module holds less beside much RAM
} as const;

/** The size of a file that has one (0 for a device or pipe: readInput bounds those). */
export function fileSize(file: string | Buffer, what: string): number {
  const path = file.toString();
  try {
    const st = statSync(file);
    return st.isFile() ? st.size : 0;
  } catch (e) {
    throw new UserError(`${path}: cannot read ${what}: ${reason(e)}`);
  }
}

const MiB = (n: number) => `${n / 2 ** 20} MiB`;

/**
 * Reads a whole file, refusing one larger than `max` bytes before reading it. A device or pipe
 * cannot be sized: it is read up to the bound (`/dev/zero` is refused within it), or refused
 * outright where the file's size is its meaning (`regularOnly`, a disk image).
 */
export function readInput(file: string | Buffer, what: string, max: number = MAX_INPUT.program, regularOnly = false, path = file.toString()): Uint8Array {
  let fd: number | undefined;
  try {
    fd = openSync(file, "r");
    const st = fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error(), { code: "EISDIR" });
    if (st.isFile()) {
      if (st.size > max) throw new UserError(`${path}: ${what} is ${st.size} bytes, more than the ${max < 2 ** 31 - 512 ? MiB(max) : "2 GiB"} allowed`);
      return new Uint8Array(readFileSync(fd));
    }
    if (regularOnly) throw new UserError(`${path}: ${what} must be a regular file (a device or pipe has no size)`);
    return readBounded(fd, path, what, max);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${path}: cannot read ${what}: ${reason(e)}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** This process's own standard input, read to its end (a pipe, socket, file or terminal). It is
 *  read from fd 0 itself: a socket (what Node gives a child's stdin) cannot be opened again by name. */
export function readStdin(what: string, max: number, path: string): Uint8Array {
  try {
    return readBounded(0, path, what, max);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${path}: cannot read ${what}: ${reason(e)}`);
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

function readBounded(fd: number, path: string, what: string, max: number): Uint8Array {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(1 << 20);
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      // A descriptor left non-blocking by whoever gave it to us: wait a little for more.
      if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
      Atomics.wait(pause, 0, 0, 5);
      continue;
    }
    if (n === 0) break;
    total += n;
    if (total > max) throw new UserError(`${path}: ${what} does not end within ${MiB(max)} (the most allowed)`);
    chunks.push(chunk.subarray(0, n));
  }
  return new Uint8Array(Buffer.concat(chunks, total));
}

/** A result that could not be written (a full disk, an I/O error): status 74, not 2. */
export class WriteError extends UserError {}

export function writeOutput(path: string, data: Uint8Array, what: string): void {
  try {
    writeFileSync(path, data);
  } catch (e) {
    throw new WriteError(`${path}: cannot write ${what}: ${reason(e)}`);
  }
}

/** Fails before a long run, not after it, when `path` could not be written. */
export function checkWritable(path: string, what: string): void {
  let target = path;
  try {
    if (statSync(path).isDirectory()) throw Object.assign(new Error(), { code: "EISDIR" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw new UserError(`${path}: cannot write ${what}: ${reason(e)}`);
    target = dirname(path); // a new file: its directory must exist and be writable
  }
  try {
    accessSync(target, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`${path}: cannot write ${what}: ${code === "ENOENT" ? `no directory ${target}` : reason(e)}`);
  }
}
