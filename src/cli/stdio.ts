// Our stdout and stderr, written synchronously so that every write error is seen where it
// happens: a reader that went away (EPIPE) ends the command at once as SIGPIPE would (141); any
// other error (a full device, a closed descriptor, an I/O error) stops writing to that stream,
// the command goes on to its end, and the CLI then says in one line what was lost and how the
// command ended (status 74, sysexits' EX_IOERR). See README, "Exit status".
import { readFileSync, readlinkSync, writeSync } from "node:fs";
import { fsErrorReason } from "../node/fs-error";

export const EXIT_PIPE = 141;
export const EXIT_IO = 74;

// Node replaces a descriptor that was closed when it started with /dev/null opened read-write;
// a shell's `>/dev/null` opens it write-only. Written output would vanish: count it as lost.
function closedAtStart(fd: number): boolean {
  try {
    if (readlinkSync(`/proc/self/fd/${fd}`) !== "/dev/null") return false;
    const flags = /^flags:\s*([0-7]+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, "latin1"));
    return flags !== null && (parseInt(flags[1], 8) & 3) === 2;
  } catch {
    return false; // no /proc: nothing to tell
  }
}

export class Output {
  error: string | null = null;
  lost = 0;
  private checked = false;
  constructor(readonly fd: 1 | 2, readonly name: string) {}

  /** Writes all of data, or records why not; false once the stream has failed. */
  write(data: string | Uint8Array): boolean {
    const buf = typeof data === "string" ? Buffer.from(data) : data;
    if (!this.checked) {
      this.checked = true;
      if (buf.length && closedAtStart(this.fd)) this.error = "it is closed";
    }
    if (this.error) {
      this.lost += buf.length;
      return false;
    }
    for (let off = 0; off < buf.length;) {
      try {
        off += writeSync(this.fd, buf, off, buf.length - off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "EAGAIN") {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1); // a non-blocking pipe is full: wait for the reader
          continue;
        }
        if (code === "EPIPE") process.exit(EXIT_PIPE);
        this.error = code === "ENOSPC" ? "no space left on device" : code === "EBADF" ? "it is closed" : fsErrorReason(e);
        this.lost += buf.length - off;
        return false;
      }
    }
    return true;
  }
}

export const stdout = new Output(1, "stdout");
export const stderr = new Output(2, "stderr");

let ending: string | undefined;
/** How the command ended, for the line that reports a failed stream (e.g. "exit status 3"). */
export function noteEnding(text: string): void {
  ending = text;
}

/** After the command: one line and status EXIT_IO if a stream failed, else undefined. */
export function streamFailure(): number | undefined {
  const failed = [stdout, stderr].filter((s) => s.error);
  if (!failed.length) return undefined;
  const what = failed.map((s) => `cannot write ${s.name}: ${s.error} (${s.lost} bytes lost)`).join("; ");
  stderr.write(`lockstep86: ${what}${ending ? `; ${ending}` : ""}\n`);
  return EXIT_IO;
}
