// Node's reader of the built examples in programs/ (scenarios name them; the page fetches them).
import { readFileSync } from "node:fs";
import { UserError } from "../errors";
import { packageFile } from "./paths";

export function readExample(file: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(packageFile(`programs/${file}`)));
  } catch {
    throw new UserError(`programs/${file} is missing: run \`npm run build:programs\``);
  }
}
