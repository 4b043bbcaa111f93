// Checks a finished run against a test's final state: every register (masked where the test or
// the metadata leaves bits undefined), every RAM byte the final state lists, and every byte the
// core wrote that the final state does not list (it must still hold its initial value).
import * as L from "../../assembly/layout";
import type { MooTest, RegName, RegisterValues } from "../moo/types";
import type { TestMachine } from "./machine";
import { REGISTER_SLOTS, SEGMENT_NAMES } from "./registers";

export interface Difference {
  /** "ax", "flags", "cs.base", "ram[0x12345]", "status". */
  field: string;
  expected: number;
  actual: number;
  /** The bits compared; absent when all of them were. */
  mask?: number;
}

export interface CompareOptions {
  /** From metadata.json: AND into expected and actual FLAGS (and a pushed FLAGS word). */
  flagsMask?: number;
  /** The FLAGS bits the initial state could really hold (see suite.ts). */
  flagsLoadMask: number;
  /** A file-wide RMSK/RM32. */
  fileMasks?: RegisterValues;
}

/**
 * Where an exception pushed FLAGS. The file records SS:(SP-2) rounded down to even; with an odd
 * SP the word really sits one byte higher, at SS:(SP-2) itself, so that is the word masked.
 */
export function pushedFlagsAddress(test: MooTest): number | undefined {
  if (!test.exception) return undefined;
  const { ss } = test.init.regs;
  const sp = test.init.regs.sp ?? test.init.regs.esp;
  if (ss !== undefined && sp !== undefined) {
    const at = ss * 16 + ((sp - 2) & 0xffff);
    if ((at & ~1) === test.exception.flagsAddress) return at;
  }
  return test.exception.flagsAddress;
}

function actualRegister(machine: TestMachine, name: RegName, initial: number): number {
  const m = machine.module;
  const slot = REGISTER_SLOTS[name];
  switch (slot.kind) {
    case "gpr":
      return m.reg(slot.index);
    case "seg":
      return m.segSel(slot.index);
    case "ip":
      // IP is EIP's low half: falling through to offset 0x10000 leaves EIP at 0x10000 on the 386
      // (the next fetch faults), which a 16-bit IP records as 0.
      return slot.width === 16 ? m.eip & 0xffff : m.eip;
    case "flags":
      return slot.width === 16 ? m.eflags & 0xffff : m.eflags;
    case "cr":
      return m.getU32(slot.offset);
    default:
      return initial; // not modelled, so never changed
  }
}

function compareRegisters(test: MooTest, machine: TestMachine, options: CompareOptions, out: Difference[]): void {
  const { init, final } = test;
  for (const name of Object.keys(init.regs) as RegName[]) {
    const slot = REGISTER_SLOTS[name];
    let initial = init.regs[name]!;
    if (slot.kind === "flags") initial &= options.flagsLoadMask;
    const expected = final.regs[name] ?? initial;
    const actual = actualRegister(machine, name, initial);
    let mask = final.masks?.[name] ?? options.fileMasks?.[name] ?? 0xffffffff;
    if (slot.kind === "flags" && options.flagsMask !== undefined) mask &= options.flagsMask | 0xffff0000;
    // A 16-bit register is checked in full: its upper half was loaded as 0 and must stay so.
    if (((expected ^ actual) & mask) !== 0) {
      out.push(mask === 0xffffffff ? { field: name, expected, actual } : { field: name, expected, actual, mask });
    }
  }
  // In real mode a segment's hidden base is always selector * 16.
  for (const [index, name] of SEGMENT_NAMES.entries()) {
    if (init.regs[name] === undefined) continue;
    const sel = machine.module.segSel(index);
    const base = machine.module.segBase(index);
    if (base !== sel * 16) out.push({ field: `${name}.base`, expected: sel * 16, actual: base });
  }
}

function compareRam(test: MooTest, machine: TestMachine, options: CompareOptions, out: Difference[]): void {
  const flagsAt = options.flagsMask === undefined ? undefined : pushedFlagsAddress(test);
  const byteMask = (address: number): number => {
    if (flagsAt === undefined) return 0xff;
    if (address === flagsAt) return options.flagsMask! & 0xff;
    if (address === flagsAt + 1) return (options.flagsMask! >>> 8) & 0xff;
    return 0xff;
  };
  const check = (address: number, expected: number) => {
    const actual = machine.byte(address);
    const mask = byteMask(address);
    if (((expected ^ actual) & mask) === 0) return;
    const field = `ram[0x${address.toString(16)}]`;
    out.push(mask === 0xff ? { field, expected, actual } : { field, expected, actual, mask });
  };
  const listed = new Set<number>();
  for (const [address, value] of test.final.ram) {
    listed.add(address);
    check(address, value);
  }
  const written = machine.written();
  if (written.size === 0) return;
  const initial = new Map(test.init.ram);
  for (const address of written) {
    if (!listed.has(address)) check(address, initial.get(address) ?? 0);
  }
}

/** All differences between the run and the test's final state; empty when the test passes. */
export function compareFinalState(
  test: MooTest,
  machine: TestMachine,
  status: number,
  options: CompareOptions,
): Difference[] {
  const out: Difference[] = [];
  if (status !== L.ST_HLT) out.push({ field: "status", expected: L.ST_HLT, actual: status });
  compareRegisters(test, machine, options, out);
  compareRam(test, machine, options, out);
  return out;
}
