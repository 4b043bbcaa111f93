// File access for the CLI, with errors a user can act on.
import { readFileSync, writeFileSync } from "node:fs";
import { UserError } from "../errors";

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

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "it is a directory";
  if (code === "EACCES") return "permission denied";
  return (e as Error).message;
}
