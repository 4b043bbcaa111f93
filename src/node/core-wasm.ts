// Loads the compiled core from build/core.wasm (Node). Compiled once per process and shared by
// every module instance.
import { readFileSync } from "node:fs";
import { packageFile } from "./paths";

let compiled: WebAssembly.Module | undefined;

export function coreWasmPath(): string {
  try {
    return packageFile("build/core.wasm");
  } catch {
    throw new Error("build/core.wasm is missing: run `npm run build`");
  }
}

export function loadCoreWasm(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(readFileSync(coreWasmPath()));
  return compiled;
}
