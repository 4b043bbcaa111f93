/**
 * The instruction table covers what the core executes. The core is run on every opcode (one byte,
 * and after 0F), each with a register and a memory ModR/M byte in every reg field, in real mode
 * (the 386 at privilege 0) and in flat mode (a 32-bit process): whatever it does not reject as
 * #UD must decode to a row of the table. The rows' LOCK, generation and undefined-flag facts are
 * checked against the manuals' lists, and LOCK and generation against what the core does.
 */
import { describe, expect, it } from "vitest";
import * as L from "../assembly/layout";
import { CpuModule } from "../src/core/module";
import { decode } from "../src/disasm/decode";
import { FORMS } from "../src/isa/table";
import { coreFactsSource } from "../src/isa/core-facts";
import { loadCoreWasm } from "../src/node/core-wasm";
import { readFileSync } from "node:fs";
import { modrmByte } from "./support/modrm";
import {
  AF, ARITH, CF, OF, PF, SF, ZF, UNDEFINED, flagBits, rotateUndefined, shiftDoubleUndefined, shiftUndefined,
  undefinedFlagsOf,
} from "./support/fuzz/flag-masks";

const PREFIXES = new Set([0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3]);
const hex = (b: number[]) => b.map((x) => x.toString(16).padStart(2, "0")).join(" ");

type Mode = "real" | "flat";
const CODE_SEG = 0x100; // real mode: code at 0x1000, as in flat mode
const CODE = 0x1000;
const UD_HANDLER = 0x600; // real mode: vector 6 leads here, every other vector to 0x700

let modules: Partial<Record<Mode, CpuModule>> = {};

/** Runs one instruction; true when the core rejected it as an invalid opcode (#UD). */
function invalid(mode: Mode, bytes: number[]): boolean {
  const m = (modules[mode] ??= new CpuModule(loadCoreWasm(), { ramSize: 1 << 20, diskSize: 512, ecc: "none", jit: false }));
  const ram = m.ram();
  ram.fill(0, 0, 0x3000);
  m.exports.resetCpu(mode === "real" ? L.CPU_REAL : L.CPU_FLAT32);
  m.clearJournal();
  for (let r = 0; r < 8; r++) m.setReg(r, 0x2000); // memory operands land in zeroed RAM
  m.eflags = 2;
  if (mode === "real") {
    m.setU32(L.S_IO_EMPTY, 1);
    for (let v = 0; v < 256; v++) {
      const ip = v === 6 ? UD_HANDLER : 0x700;
      ram[v * 4] = ip & 0xff;
      ram[v * 4 + 1] = ip >> 8;
    }
    m.setSegment(L.SEG_CS, CODE_SEG);
    for (const s of [L.SEG_DS, L.SEG_ES, L.SEG_SS]) m.setSegment(s, 0);
    m.eip = 0;
  } else {
    m.eip = CODE;
  }
  ram.set(bytes, CODE);
  const status = m.run(1);
  if (mode === "flat") return status === L.ST_FAULT && m.getU32(L.S_FAULT) === L.FAULT_INVALID_OPCODE;
  return m.eip === UD_HANDLER;
}

/** Opcodes, each with ModR/M bytes of both kinds in every reg field, then zeros for immediates. */
function probes(mode: Mode): number[][] {
  const opcodes: number[][] = [];
  for (let b = 0; b < 256; b++) {
    if (PREFIXES.has(b)) continue;
    if (b === 0x0f) for (let c = 0; c < 256; c++) opcodes.push([0x0f, c]);
    else opcodes.push([b]);
  }
  const memory = mode === "real" ? 0x07 : 0x00; // [bx], [eax]
  const out: number[][] = [];
  for (const op of opcodes) {
    for (let reg = 0; reg < 8; reg++) {
      for (const modrm of [modrmByte(0, reg, memory), modrmByte(3, reg, 0)]) out.push([...op, modrm, 0, 0, 0, 0, 0, 0]);
    }
  }
  return out;
}

describe("every opcode the core executes has a row in the instruction table", () => {
  for (const mode of ["real", "flat"] as const) {
    it(`in ${mode} mode`, () => {
      const bits = mode === "real" ? 16 : 32;
      const missing = new Set<string>();
      let executed = 0;
      for (const bytes of probes(mode)) {
        if (invalid(mode, bytes)) continue;
        executed++;
        if (!decode(Uint8Array.from(bytes), 0, bits, 0)) missing.add(hex(bytes.slice(0, bytes[0] === 0x0f ? 3 : 2)));
      }
      expect([...missing]).toEqual([]);
      // Sanity: the probe reaches most of the map (one-byte and 0F) and the #UD detection works.
      expect(executed).toBeGreaterThan(2000);
      expect(invalid(mode, [0x0f, 0x0b])).toBe(true); // ud2
      expect(invalid(mode, [0x90])).toBe(false);
    });
  }

  it("the core rejects with #UD what the table has no row for (probes the table knows nothing of)", () => {
    // The other direction for the opcodes whose every ModR/M the table leaves out.
    for (const bytes of [[0x63, 0xc0], [0xf1], [0x0f, 0x00, 0xc0], [0x0f, 0xff, 0xc0], [0x0f, 0x04, 0xc0]]) {
      expect(decode(Uint8Array.from([...bytes, 0, 0]), 0, 32, 0), hex(bytes)).toBeUndefined();
      expect(invalid("flat", [...bytes, 0, 0, 0, 0]), hex(bytes)).toBe(true);
    }
  });
});

describe("the table's decode facts", () => {
  it("LOCK: the 386 manual's list (ADD ADC AND BT BTS BTR BTC OR SBB SUB XOR XCHG DEC INC NEG NOT), the 486's XADD CMPXCHG, the Pentium's CMPXCHG8B", () => {
    const listed = ["add", "adc", "and", "bt", "bts", "btr", "btc", "or", "sbb", "sub", "xor", "xchg", "dec", "inc", "neg", "not", "xadd", "cmpxchg", "cmpxchg8b"];
    const lockable = new Set(FORMS.filter((f) => f.lock || f.lock386).map((f) => f.mnemonic));
    expect([...lockable].sort()).toEqual([...listed].sort());
    // Only bt is the 386's alone: the SDM's list leaves it out (LOCK: "BT" is not among them).
    expect(FORMS.filter((f) => f.lock386).map((f) => f.mnemonic)).toEqual(["bt", "bt"]);
    // Every lockable form has a memory destination: the first operand may be memory.
    for (const f of FORMS.filter((f) => f.lock || f.lock386)) {
      expect(["rm", "mem"].includes(f.operands[0].kind) || f.mnemonic === "xchg", `${f.mnemonic} ${hex(f.opcode)}`).toBe(true);
    }
  });

  it("LOCK in the core: every memory form the table marks lockable runs, every other form is #UD", () => {
    const wrong: string[] = [];
    for (const bytes of probes("flat")) {
      if ((bytes[bytes[0] === 0x0f ? 2 : 1] & 0xc0) === 0xc0) continue; // memory forms only
      if (invalid("flat", bytes)) continue;
      const d = decode(Uint8Array.from(bytes), 0, 32, 0);
      if (!d) continue; // a missing row: the test above names it
      const locked = !invalid("flat", [0xf0, ...bytes]);
      if (locked !== (d.form.lock || d.form.lock386)) wrong.push(`${hex(bytes.slice(0, 3))} ${d.form.mnemonic}: lock ${locked ? "runs" : "is #UD"}`);
    }
    expect(wrong).toEqual([]);
    expect(invalid("flat", [0xf0, 0x01, 0xc0])).toBe(true); // lock add eax, eax
  });

  it("generation: real mode (the 386) rejects the later CPUs' two-byte opcodes, flat mode runs them", () => {
    const wrong: string[] = [];
    for (const form of FORMS) {
      if (form.opcode[0] !== 0x0f || form.gen <= 386 || form.mnemonic === "ud2") continue;
      const tail = form.modrm === "none" ? [] : [0x07 | ((typeof form.modrm === "number" ? form.modrm : 0) << 3)];
      const bytes = [...(form.mandatory ? [form.mandatory] : []), ...form.opcode, ...tail, 0, 0, 0, 0];
      if (!invalid("real", bytes)) wrong.push(`${form.mnemonic} ${hex(form.opcode)} runs in real mode`);
      if (invalid("flat", bytes) && !form.disOnly) wrong.push(`${form.mnemonic} ${hex(form.opcode)} is #UD in flat mode`);
    }
    expect(wrong).toEqual([]);
  });

  it("the generated core source is the table's (npm run build:core wrote it)", () => {
    const onDisk = readFileSync(new URL("../assembly/generated/decode-facts.ts", import.meta.url), "utf8");
    expect(onDisk).toBe(coreFactsSource());
  });
});

/** Each form whose flags are probed (not popf/iret, which load them), with bytes that run it:
 *  a register operand, or [eax] for a memory-only form, and an immediate of 3. */
function* flagProbes() {
  for (const form of FORMS) {
    if (form.asmOnly || form.opcode.length > 2 || form.gen === 686 || [0x9d, 0xcf].includes(form.opcode[0])) continue;
    const digit = typeof form.modrm === "number" ? form.modrm : 0;
    const memOnly = form.operands.some((o) => o.kind === "mem" || o.kind === "farmem");
    const modrm = form.modrm === "none" ? [] : [memOnly ? modrmByte(0, digit, 0) : modrmByte(3, digit, 1)];
    yield { form, bytes: [...(form.mandatory ? [form.mandatory] : []), ...form.opcode, ...modrm, 3, 0, 0, 0, 0, 0] };
  }
}

describe("the table's flags (f: written, fr: read, fu: undefined)", () => {
  it("undefined flags: the SDM's lists (Vol. 2, Flags Affected), as the fuzzers mask them", () => {
    // Hand-copied from the manual, independently of the table's letters.
    expect(UNDEFINED.logic).toBe(AF);
    expect(UNDEFINED.mul).toBe(SF | ZF | AF | PF);
    expect(UNDEFINED.div).toBe(CF | OF | SF | ZF | AF | PF);
    expect(UNDEFINED.bitTest).toBe(OF | SF | AF | PF);
    expect(UNDEFINED.bitScan).toBe(CF | OF | SF | AF | PF);
    expect(UNDEFINED.decimalAdjust).toBe(OF);
    expect(UNDEFINED.asciiAdjust).toBe(OF | SF | ZF | PF);
    expect(UNDEFINED.asciiMulDiv).toBe(OF | AF | CF);
    // The count-dependent masks never leave more undefined than the table's rows say.
    for (let count = 0; count < 40; count++) {
      for (const bits of [8, 16, 32]) {
        expect(shiftUndefined(false, count, bits) & ~undefinedFlagsOf("shl")).toBe(0);
        expect(shiftUndefined(true, count, bits) & ~undefinedFlagsOf("sar")).toBe(0);
        expect(rotateUndefined(count) & ~undefinedFlagsOf("rcl")).toBe(0);
        expect(shiftDoubleUndefined(count, bits) & ~undefinedFlagsOf("shld")).toBe(0);
      }
    }
  });

  it("written flags: the core changes no flag a form's row does not write or leave undefined", () => {
    const wrong: string[] = [];
    const ALL = ARITH | 0x400; // and DF; IF is the harness's
    let ran = 0;
    for (const { form, bytes } of flagProbes()) {
      const allowed = flagBits(form.flagsWritten + form.flagsUndefined);
      for (const before of [2, 2 | ALL]) {
        const after = runFlags(bytes, before);
        if (after === undefined) continue;
        ran++;
        const changed = (after ^ before) & ALL & ~allowed;
        if (changed) wrong.push(`${form.mnemonic} ${hex(form.opcode)}: changed ${changed.toString(16)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(ran).toBeGreaterThan(300);
  });

  it("read flags: what a form does depends on no flag its row does not read", () => {
    const wrong: string[] = [];
    const TOGGLED = ARITH | 0x400; // the arithmetic flags and DF
    let compared = 0;
    for (const { form, bytes } of flagProbes()) {
      const read = flagBits(form.flagsRead);
      const unread = TOGGLED & ~read;
      const defined = flagBits(form.flagsWritten) & ~flagBits(form.flagsUndefined);
      // The flags it reads both clear and both set; every other flag clear, then set.
      for (const readValue of [0, read]) {
        const a = runState(bytes, 2 | readValue);
        const b = runState(bytes, 2 | readValue | unread);
        compared++;
        if (a.rest !== b.rest || ((a.eflags ^ b.eflags) & defined) !== 0) {
          wrong.push(`${form.mnemonic} ${hex(form.opcode)} (reads '${form.flagsRead}'): depends on ${(unread).toString(16)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(compared).toBeGreaterThan(600);
  });
});

/** Flat mode: what one instruction did (status, registers, EIP, EFLAGS, memory written). */
function runState(bytes: number[], eflags: number): { status: number; eflags: number; rest: string } {
  const m = (modules.flat ??= new CpuModule(loadCoreWasm(), { ramSize: 1 << 20, diskSize: 512, ecc: "none", jit: false }));
  m.ram().fill(0, 0, 0x3000);
  m.exports.resetCpu(L.CPU_FLAT32);
  m.clearJournal();
  m.cycle = 0; // rdtsc reads it
  for (let r = 0; r < 8; r++) m.setReg(r, 0x2000);
  m.setReg(1, 5); // ecx: a small count and divisor
  m.eflags = eflags;
  m.eip = CODE;
  m.ram().set(bytes, CODE);
  const status = m.run(1);
  const writes = Array.from({ length: m.journalLength }, (_, i) => m.journalEntry(i)).map((e) => `${e.address}:${e.size}=${e.value}`);
  const regs = Array.from({ length: 8 }, (_, r) => m.reg(r));
  return { status, eflags: m.eflags, rest: JSON.stringify([status, m.getU32(L.S_FAULT), m.eip, regs, writes]) };
}

/** Flat mode: EFLAGS after one instruction, or undefined when it faulted or stopped. */
function runFlags(bytes: number[], eflags: number): number | undefined {
  const r = runState(bytes, eflags);
  return r.status === L.ST_CYCLE_LIMIT ? r.eflags : undefined;
}
