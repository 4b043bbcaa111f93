// One module reused for every test: load a test's initial state, run it to its HLT, read the
// result, then clear exactly the RAM bytes the test touched so the next test starts from zeros.
// ECC is off: the host writes RAM directly and no fault is injected, so check bytes would only
// cost time.
import * as L from "../../assembly/layout";
import { CpuModule } from "../core/module";
import type { MooState, RegisterValues } from "../moo/types";
import { REGISTER_SLOTS } from "./registers";

/** The tests assume 16 MiB of RAM (24 address lines). */
export const TEST_RAM_SIZE = 16 << 20;
/** A test takes 2 or 3 cycles (the instruction or its exception, maybe a fetch fault, the HLT). */
export const TEST_MAX_CYCLES = 16;

export class TestMachine {
  readonly module: CpuModule;
  private readonly ram: Uint8Array;
  /** Addresses given a value by the loaded test, cleared again by reset(). */
  private loaded: number[] = [];
  private writtenCache: Set<number> | undefined;

  constructor(wasm: WebAssembly.Module) {
    this.module = new CpuModule(wasm, { ramSize: TEST_RAM_SIZE, diskSize: 512, ecc: "none" });
    // The test rig's I/O bus is empty: every port reads as all ones and writes go nowhere.
    this.module.setU32(L.S_IO_EMPTY, 1);
    this.ram = this.module.ram();
  }

  /** Puts the CPU in real mode with the test's registers and RAM. */
  load(init: MooState, flagsLoadMask: number): void {
    const m = this.module;
    m.exports.resetCpu(L.CPU_REAL);
    m.cycle = 0;
    m.clearJournal();
    for (let r = 0; r < 8; r++) m.setReg(r, 0);
    this.setRegisters(init.regs, flagsLoadMask);
    const ram = this.ram;
    for (const [address, value] of init.ram) {
      if (address >= TEST_RAM_SIZE) throw new RangeError(`RAM address 0x${address.toString(16)} is beyond 16 MiB`);
      ram[address] = value;
      this.loaded.push(address);
    }
    this.writtenCache = undefined;
  }

  private setRegisters(regs: RegisterValues, flagsLoadMask: number): void {
    const m = this.module;
    for (const [name, value] of Object.entries(regs) as Array<[keyof RegisterValues, number]>) {
      const slot = REGISTER_SLOTS[name];
      switch (slot.kind) {
        case "gpr":
          m.setReg(slot.index, slot.width === 16 ? (m.reg(slot.index) & 0xffff0000) | value : value);
          break;
        case "seg":
          m.setSegment(slot.index, value);
          break;
        case "ip":
          m.eip = value;
          break;
        case "flags":
          m.eflags = value & flagsLoadMask;
          break;
        case "cr":
          m.setU32(slot.offset, value);
          break;
      }
    }
  }

  /** Runs until the module stops (HLT) or the cycle budget ends; returns the status (ST_*). */
  run(maxCycles = TEST_MAX_CYCLES): number {
    return this.module.run(maxCycles);
  }

  byte(address: number): number {
    return this.ram[address];
  }

  /** Every RAM address the guest wrote during the run (from the write journal). */
  written(): Set<number> {
    if (this.writtenCache) return this.writtenCache;
    const out = new Set<number>();
    const words = this.module.journalWords();
    for (let w = 0; w < words.length; w += L.JOURNAL_ENTRY / 4) {
      const kindSize = words[w + L.JE_KIND_SIZE / 4];
      if (kindSize >>> 8 !== L.J_RAM) continue;
      for (let k = 0; k < (kindSize & 0xff); k++) out.add(words[w + L.JE_ADDRESS / 4] + k);
    }
    this.writtenCache = out;
    return out;
  }

  /** Zeroes the bytes the last test loaded or wrote. */
  reset(): void {
    const ram = this.ram;
    for (const address of this.loaded) ram[address] = 0;
    for (const address of this.written()) if (address < TEST_RAM_SIZE) ram[address] = 0;
    this.loaded = [];
    this.writtenCache = undefined;
    this.module.clearJournal();
  }
}
