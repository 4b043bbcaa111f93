// The Linux process state in module memory (TLS entries, mapping pointer, getrandom position,
// signal masks, process name, fd table: assembly/layout.ts) is architectural state: two modules
// that differ there are told apart at a checkpoint, and checkpoints and resyncs carry it.
import { describe, expect, it } from "vitest";
import * as L from "../assembly/layout";
import { CpuModule } from "../src/core/module";
import { stateDifference } from "../src/harness/compare";
import { ARCH_STATE_RANGES, restoreState, saveState } from "../src/harness/checkpoint";
import { loadCoreWasm } from "../src/node/core-wasm";

const fresh = () => new CpuModule(loadCoreWasm(), { ramSize: 1 << 20, diskSize: 4096 });

describe("Linux process state", () => {
  it.each([
    [L.S_TLS + 4 * 0, "linux process"], // a TLS entry's base
    [L.S_TLS + L.TLS_ENTRY * (L.TLS_ENTRIES - 1) + 8, "linux process"], // the LDT entry's flags
    [L.S_MMAP_LOW, "linux process"],
    [L.S_RANDOM_DRAWN, "linux process"],
    [L.S_SIG_MASK, "linux process"],
    [L.S_COMM, "process name"],
    [L.S_FDS + 8 * 5 + 4, "fd table"], // fd 5's offset
  ])("a difference at offset %i is found at the checkpoint (%s)", (offset, name) => {
    const a = fresh();
    const b = fresh();
    expect(stateDifference(a, b)).toBeUndefined();
    b.setU32(offset, b.getU32(offset) ^ 0x1000);
    expect(stateDifference(a, b)).toBe(name);
  });

  it("is saved by a checkpoint and restored by a rollback", () => {
    const m = fresh();
    const offsets = [L.S_TLS, L.S_MMAP_LOW, L.S_SIG_HANDLED, L.S_COMM, L.S_FDS + 8 * 31 + 4];
    offsets.forEach((o, i) => m.setU32(o, 0x1234 + i));
    const saved = saveState(m);
    offsets.forEach((o) => m.setU32(o, 0));
    restoreState(m, saved);
    expect(offsets.map((o) => m.getU32(o))).toEqual(offsets.map((_, i) => 0x1234 + i));
  });

  it("lies in the ranges a resync copies, but for the configuration every module is given", () => {
    const covered = (o: number) => ARCH_STATE_RANGES.some(([from, to]) => o >= from && o < to);
    const config = (o: number) => o >= L.S_START_TIME && o < L.S_LINUX_FLAGS + 4; // set by the host in each module
    for (let o = L.S_TLS; o < L.S_FDS + L.FD_MAX * 8; o += 4) expect(covered(o), `0x${o.toString(16)}`).toBe(!config(o));
  });

  it("starts with the console on fds 0-2 and the disk on 3", () => {
    const m = fresh();
    const kinds = Array.from({ length: 5 }, (_, fd) => m.bytes[L.S_FDS + 8 * fd]);
    expect(kinds).toEqual([L.FD_STDIN, L.FD_STDOUT, L.FD_STDERR, L.FD_DISK, L.FD_NONE]);
  });
});
