// CpuModule.prepareRam (the core's touchRam): memory the guest is about to use is handed out by the
// host before the run by writing it without changing it. Whatever RAM and its check bytes hold
// (a program, a corrupted cell whose check bytes no longer match) is left exactly as it was, and
// ranges past the end of RAM or not aligned to a page stop at RAM's end without a trap.
import { describe, expect, it } from "vitest";
import * as L from "../assembly/layout";
import { CpuModule } from "../src/core/module";
import { loadCoreWasm } from "../src/node/core-wasm";

const RAM = 1 << 20;

describe.each(["none", "parity", "secded"] as const)("prepareRam with ecc %s", (ecc) => {
  it("changes no byte of the module's memory, RAM and check bytes included", () => {
    const m = new CpuModule(loadCoreWasm(), { ramSize: RAM, diskSize: 512, ecc });
    m.loadRam(0x1000, Uint8Array.from({ length: 0x3000 }, (_, i) => (i * 37 + 11) & 0xff));
    m.loadRam(RAM - 0x800, Uint8Array.from({ length: 0x800 }, (_, i) => 0xff - (i & 0xff)));
    m.bytes[L.RAM_BASE + 0x2345] ^= 0x10; // a flipped bit: its check bytes no longer match
    const before = m.bytes.slice();
    m.prepareRam(0, RAM);
    m.prepareRam(3, 5000); // not page-aligned
    m.prepareRam(RAM - 4096, 1 << 20); // past RAM's end
    m.prepareRam(RAM, 4096); // wholly past it
    m.prepareRam(RAM + 12345, 0xffffffff);
    m.prepareRam(0x1000, 0);
    const after = m.bytes;
    expect(after.length).toBe(before.length);
    const changed = before.findIndex((b, i) => after[i] !== b);
    expect(changed).toBe(-1);
    expect(m.journalLength).toBe(0);
  });
});
