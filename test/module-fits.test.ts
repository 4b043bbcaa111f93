// A module's memory is addressed with 32 bits. Sizes that cannot fit are refused in one line
// naming the flag and the largest size that would fit, which must itself fit.
import { describe, expect, it } from "vitest";
import { checkModuleFits, MODULE_MEMORY_MAX, type CoreExports } from "../src/core/module";
import { loadCoreWasm } from "../src/node/core-wasm";

const wasm = loadCoreWasm();
const core = new WebAssembly.Instance(wasm, {
  env: { table: new WebAssembly.Table({ initial: 1, element: "anyfunc" }), traceAccess: () => {} },
}).exports as unknown as CoreExports;
const refusal = (ram: number, disk: number) => {
  try {
    checkModuleFits(wasm, ram, disk);
  } catch (e) {
    return (e as Error).message;
  }
  return undefined;
};

describe("sizes a module cannot hold", () => {
  it("RAM that does not fit even without a disk names --ram and the most that fits", () => {
    const msg = refusal(4095 * 2 ** 20, 512);
    expect(msg).toMatch(/^--ram: 4095 MiB of RAM does not fit in a module \(4 GiB in all, with its check bytes\): at most (\d+) MiB$/);
    const most = Number(/at most (\d+) MiB/.exec(msg!)![1]) * 2 ** 20;
    expect(most).toBeGreaterThan(0);
    expect(core.layoutEnd(most, 0)).toBeLessThanOrEqual(MODULE_MEMORY_MAX);
    expect(core.layoutEnd(most + 2 ** 20, 0)).toBeGreaterThan(MODULE_MEMORY_MAX);
    expect(refusal(most, 0)).toBeUndefined();
  });

  it("a disk too large beside the RAM names --disk and the largest disk that fits", () => {
    const msg = refusal(1024 * 2 ** 20, 2 ** 31);
    expect(msg).toMatch(/^--disk: a 2147483648-byte disk does not fit in a module beside 1024 MiB of RAM \(4 GiB in all\): at most (\d+) bytes with this RAM$/);
    const most = Number(/at most (\d+) bytes/.exec(msg!)![1]);
    expect(most % 512).toBe(0);
    expect(refusal(1024 * 2 ** 20, most)).toBeUndefined();
    expect(refusal(1024 * 2 ** 20, most + 512)).toBeDefined();
  });
});
