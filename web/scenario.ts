// The page's scenario: the JSON shape of the project's scenario format (src/scenario), kept as
// the page's whole state so that export, import and share links are that format unchanged.
export type ProgramRef =
  | { example: string }
  | { asm: string; name: string }
  | { elf: string; name: string }; // base64

export interface PageScenario {
  version: 1;
  program: ProgramRef;
  args: string[];
  stdin?: string; // base64
  disk?: string; // base64
  mode: "simplex" | "dmr" | "tmr";
  ecc: "none" | "parity" | "secded";
  epoch: number;
  faults: string[];
  autoReplace: boolean;
  maxCycles: number | null;
}

export const DEFAULT_SCENARIO: PageScenario = {
  version: 1,
  program: { example: "qsort" },
  args: [],
  mode: "dmr",
  ecc: "parity",
  epoch: 65536,
  faults: [],
  autoReplace: false,
  maxCycles: null,
};

export function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Example names are "qsort" (the -O2 build) or "qsort.O0"; assembly examples end in nothing. */
export interface Example {
  name: string;
  kind: "asm" | "elf";
  file: string;
  builds: string[];
  shows: string;
}

export function exampleFile(name: string, manifest: Example[]): string {
  const [base, build] = name.split(".");
  const ex = manifest.find((e) => e.name === base);
  if (!ex) throw new Error(`scenario: field 'program.example': no example named '${name}'`);
  if (ex.kind === "asm") return ex.file;
  if (!build || build === "O2") return `${base}.elf`;
  if (!ex.builds.includes(build)) throw new Error(`scenario: field 'program.example': ${base} has no ${build} build`);
  return `${base}.${build}.elf`;
}
