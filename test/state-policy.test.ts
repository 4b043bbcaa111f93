// The state policy beside the memory map: every byte of STATE has exactly one policy, every
// S_* field lies inside one entry, and compare, checkpoint and resync do what the table says
// for each entry (poked byte by byte in a real module).
import { describe, expect, it } from "vitest";
import * as L from "../assembly/layout";
import { CpuModule } from "../src/core/module";
import { loadCoreWasm } from "../src/node/core-wasm";
import { stateDifference } from "../src/harness/compare";
import { restoreState, saveState } from "../src/harness/checkpoint";
import { RESYNC_RANGES, SAVED_RANGES } from "../src/harness/state-policy";

const entries = L.statePolicy();
const POLICIES = [L.P_COMPARED, L.P_SAVED, L.P_RESYNC, L.P_HOST, L.P_STATS];
const fields = Object.entries(L).filter(([k, v]) => k.startsWith("S_") && typeof v === "number") as Array<[string, number]>;
// Field widths that are not one u32: the u64 counters and the UART's byte registers.
const WIDE: Record<string, number> = { S_CYCLE: 8, S_CYCLE_LIMIT: 8, S_JIT_RETIRED: 8, S_REGS: 32, S_SEG_SEL: 24, S_SEG_BASE: 24, S_SEG_LIMIT: 24, S_STUCK_TABLE: L.STUCK_MAX * L.STUCK_ENTRY, S_FPU_ST: 8 * L.FPU_SLOT };
const width = (name: string) => WIDE[name] ?? (name.startsWith("S_UART") ? 1 : 4);
const inside = (ranges: readonly (readonly number[])[], at: number) => ranges.some(([from, to]) => at >= from && at < to);

describe("the STATE policy table", () => {
  it("covers the STATE block byte for byte, in order, each entry with one known policy", () => {
    let at = L.STATE_BASE;
    for (const [offset, size, policy] of entries) {
      expect(offset, `entry at 0x${offset.toString(16)}`).toBe(at);
      expect(size).toBeGreaterThan(0);
      expect(POLICIES).toContain(policy);
      at = offset + size;
    }
    expect(at).toBe(L.STATE_BASE + L.STATE_SIZE);
  });

  it("puts every S_* field wholly inside one entry, and no field in a spare entry", () => {
    expect(fields.length).toBeGreaterThan(70);
    for (const [name, offset] of fields) {
      const e = entries.find(([o, s]) => offset >= o && offset < o + s);
      expect(e, name).toBeDefined();
      expect(offset + width(name), name).toBeLessThanOrEqual(e![0] + e![1]);
    }
    // An entry that starts at no field is spare: nothing may live in it.
    const starts = new Set(fields.map(([, o]) => o));
    for (const [offset, size] of entries.filter(([o]) => !starts.has(o))) {
      expect(fields.filter(([, o]) => o >= offset && o < offset + size).map(([n]) => n), `spare 0x${offset.toString(16)}`).toEqual([]);
    }
  });

  it("lists the fixed regions outside STATE without overlaps", () => {
    const regions = [...L.regionPolicy()].sort((a, b) => a[0] - b[0]);
    for (let i = 0; i < regions.length; i++) {
      const [o, s, p] = regions[i];
      expect(POLICIES).toContain(p);
      expect(o).toBeGreaterThanOrEqual(L.STATE_BASE + L.STATE_SIZE);
      expect(o + s).toBeLessThanOrEqual(i + 1 < regions.length ? regions[i + 1][0] : L.JOURNAL_BASE);
    }
  });

  it("gives resync the saved state plus the input ring and the IDENTIFY block", () => {
    expect(RESYNC_RANGES.slice(0, SAVED_RANGES.length)).toEqual(SAVED_RANGES);
    for (const at of [L.INPUT_BASE, L.INPUT_BASE + L.INPUT_SIZE - 1, L.IDENTIFY_BASE, L.IDENTIFY_BASE + 511]) expect(inside(RESYNC_RANGES, at)).toBe(true);
    for (const at of [L.S_RAM_SIZE, L.S_JOURNAL_LEN, L.S_STUCK_COUNT, L.S_JIT_RETIRED, L.ECC_TABLE]) expect(inside(RESYNC_RANGES, at)).toBe(false);
  });
});

describe("compare and checkpoint follow the table", () => {
  const wasm = loadCoreWasm();
  const fresh = () => new CpuModule(wasm, { ramSize: 1 << 20, diskSize: 1 << 16, ecc: "parity" });
  const a = fresh();
  const b = fresh();
  a.exports.materializeFlags();

  for (const [offset, size, policy] of entries) {
    const name = `0x${offset.toString(16)} (${size} bytes, policy ${policy})`;
    it(`a byte changed at ${name}`, () => {
      // Poke the entry's first and last byte in b; a is the untouched twin.
      // (S_LSIZE must stay a valid lazy size, or the flags would read differently: poke S_LAUX there.)
      const lazy = (at: number) => (at >= L.S_LSIZE && at < L.S_LSIZE + 4 ? L.S_LAUX : at);
      for (const at of [offset, offset + size - 1].map(lazy)) {
        b.bytes.set(a.bytes.subarray(L.STATE_BASE, L.STATE_BASE + L.STATE_SIZE), L.STATE_BASE);
        const saved = saveState(b);
        const old = b.bytes[at];
        b.bytes[at] = old ^ 0x10;
        expect(stateDifference(a, b) !== undefined, `compared at 0x${at.toString(16)}`).toBe(policy === L.P_COMPARED);
        restoreState(b, saved);
        expect(b.bytes[at] === old, `restored at 0x${at.toString(16)}`).toBe(policy === L.P_COMPARED || policy === L.P_SAVED);
        b.bytes[at] = old;
      }
    });
  }
});
