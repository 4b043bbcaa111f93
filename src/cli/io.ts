// File access for the CLI, with errors a user can act on.
import { accessSync, constants, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { UserError } from "../errors";
import { fsErrorReason as reason } from "../node/fs-error";

export function readInput(path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new UserError(`${path}: cannot read ${what}: ${reason(e)}`);
  }
}

export function writeOutput(path: string, data: Uint8Array, what: string): void {
  try {
    writeFileSync(path, data);
  } catch (e) {
    throw new UserError(`${path}: cannot write ${what}: ${reason(e)}`);
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
