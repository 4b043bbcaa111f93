// Loads the compiled core from build/core.wasm (Node). Compiled once per process and shared by
// every module instance.
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

let compiled: WebAssembly.Module | undefined;

/** build/core.wasm, found from the bundle (dist/) or the sources (src/node/). */
export function coreWasmPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const rel of ["../build/core.wasm", "../../build/core.wasm"]) {
    const p = join(here, rel);
    if (existsSync(p)) return p;
  }
  throw new Error("build/core.wasm is missing: run `npm run build`");
}

export function loadCoreWasm(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(readFileSync(coreWasmPath()));
  return compiled;
}
