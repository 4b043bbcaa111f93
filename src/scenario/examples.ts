// The examples of programs/ as the generated manifest lists them (scripts/examples-manifest.mjs).
import manifest from "../../programs/examples.json";

export interface Example {
  name: string; // what a scenario's { "example": NAME } says
  kind: "C" | "asm";
  source: string; // the source in programs/
  file: string; // the built program, relative to programs/
  description: string; // what it shows
}

export const EXAMPLES: readonly Example[] = manifest.examples as Example[];

export function findExample(name: string): Example | undefined {
  return EXAMPLES.find((e) => e.name === name);
}
