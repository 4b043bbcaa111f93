// The lockstep machine as a debugger sees it: one computer. Registers and memory are read from
// the lead online module (they all agree at every checkpoint) and written to every online module
// alike; a software breakpoint is an int3 written into every module's RAM, and the breakpoint
// fault it raises pauses the machine (Lockstep's pauseOn) instead of ending the run. Stepping runs
// the machine one cycle at a time, so every step is compared and checkpointed as an epoch is.
// A write watchpoint makes `continue` step so, and stop after the instruction that changed the
// watched bytes (what gdb reports of a write watchpoint: a change of value).
import * as L from "../../assembly/layout";
import type { CpuModule } from "../core/module";
import type { ProgramImage } from "../loader/image";
import { Lockstep, type LockstepOptions, type LockstepResult } from "./lockstep";

/** gdb's i386 register order: eax ecx edx ebx esp ebp esi edi eip eflags cs ss ds es fs gs. */
export const GDB_REGS = 16;
/** Then the x87's, numbered on: st0-st7 (10 bytes each, as fstp m80 stores them), then fctrl fstat
 *  ftag fiseg fioff foseg fooff fop (4 bytes each). */
export const GDB_FIRST_ST = 16;
export const GDB_FPU_REGS = 16;
const SEG_OF_GDB = [L.SEG_CS, L.SEG_SS, L.SEG_DS, L.SEG_ES, L.SEG_FS, L.SEG_GS];

export class DebugTarget {
  readonly machine: Lockstep;
  private readonly breakpoints = new Map<number, number>(); // address -> the byte the int3 replaced
  private paused = false; // the modules stopped on a breakpoint's int3 (gdb may remove it meanwhile)
  private readonly watchpoints = new Map<string, { addr: number; len: number }>();
  /** The watched address whose bytes the last continue stopped on a change of, if it did. */
  watchHit?: number;
  result?: LockstepResult;

  constructor(wasm: WebAssembly.Module, image: ProgramImage, options: LockstepOptions) {
    this.machine = new Lockstep(wasm, image, { ...options, pauseOn: (m) => this.atBreakpoint(m) });
  }

  private atBreakpoint(m: CpuModule): boolean {
    return m.status === L.ST_FAULT && m.getU32(L.S_FAULT) === L.FAULT_BREAKPOINT && this.breakpoints.has(m.eip);
  }

  private get modules(): CpuModule[] {
    return this.machine.onlineModules();
  }
  private get lead(): CpuModule {
    return this.modules[0];
  }

  // ---- registers ----
  registers(): number[] {
    const m = this.lead;
    return [...Array.from({ length: 8 }, (_, i) => m.reg(i)), m.eip, m.eflags, ...SEG_OF_GDB.map((s) => m.segSel(s))];
  }
  setRegister(n: number, v: number): boolean {
    if (n < 0 || n >= GDB_REGS) return false;
    for (const m of this.modules) {
      if (n < 8) m.setReg(n, v);
      else if (n === 8) m.eip = v;
      else if (n === 9) m.eflags = v;
      else m.setSegment(SEG_OF_GDB[n - 10], v);
    }
    return true;
  }

  // ---- x87 registers (ST(i) is physical register (TOP + i) & 7) ----
  /** Register GDB_FIRST_ST + k as gdb's bytes (little-endian), k < GDB_FPU_REGS. */
  fpuRegister(k: number): Uint8Array {
    const m = this.lead;
    const v = new DataView(m.bytes.buffer, m.bytes.byteOffset);
    const top = v.getUint32(L.S_FPU_TOP, true);
    if (k < 8) {
      const at = L.S_FPU_ST + ((top + k) & 7) * L.FPU_SLOT;
      return m.bytes.slice(at, at + 10);
    }
    const words = [
      v.getUint32(L.S_FPU_CW, true), v.getUint32(L.S_FPU_SW, true) | (top << 11), m.exports.fpuTagWord(),
      v.getUint32(L.S_FPU_CS, true), v.getUint32(L.S_FPU_IP, true), v.getUint32(L.S_FPU_DS, true),
      v.getUint32(L.S_FPU_DP, true), v.getUint32(L.S_FPU_OP, true),
    ];
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, words[k - 8] >>> 0, true);
    return out;
  }
  /** Writes st0-st7 (10 bytes) or fctrl (the only control register gdb may change here). */
  setFpuRegister(k: number, bytes: Uint8Array): boolean {
    if (!(k < 8 && bytes.length === 10) && !(k === 8 && bytes.length === 4)) return false;
    for (const m of this.modules) {
      const v = new DataView(m.bytes.buffer, m.bytes.byteOffset);
      if (k === 8) v.setUint32(L.S_FPU_CW, new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true) & 0xffff, true);
      else m.bytes.set(bytes, L.S_FPU_ST + ((v.getUint32(L.S_FPU_TOP, true) + k) & 7) * L.FPU_SLOT);
    }
    return true;
  }

  // ---- memory (guest linear addresses) ----
  private physical(m: CpuModule, addr: number, len: number): number | undefined {
    const p = addr - m.ramOrigin;
    return p >= 0 && p + len <= m.ramSize ? p : undefined;
  }
  /** Memory as the program sees it (breakpoints show the bytes they replaced), or undefined. */
  read(addr: number, len: number): Uint8Array | undefined {
    const p = this.physical(this.lead, addr, len);
    if (p === undefined) return undefined;
    const bytes = this.lead.readRam(p, len);
    for (const [a, orig] of this.breakpoints) if (a >= addr && a < addr + len) bytes[a - addr] = orig;
    return bytes;
  }
  write(addr: number, bytes: Uint8Array): boolean {
    if (this.physical(this.lead, addr, bytes.length) === undefined) return false;
    const data = bytes.slice();
    for (const a of this.breakpoints.keys()) {
      if (a >= addr && a < addr + data.length) {
        this.breakpoints.set(a, data[a - addr]);
        data[a - addr] = 0xcc;
      }
    }
    this.poke(addr, data);
    return true;
  }
  // A host write to RAM: check bytes rebuilt, translated blocks and verified fetch lines forgotten.
  private poke(addr: number, data: Uint8Array): void {
    for (const m of this.modules) {
      m.loadRam(addr - m.ramOrigin, data);
      m.exports.jitFlush();
      m.exports.fetchOkClear();
    }
  }

  // ---- breakpoints ----
  insertBreakpoint(addr: number): boolean {
    if (this.breakpoints.has(addr)) return true;
    const orig = this.read(addr, 1);
    if (!orig) return false;
    this.breakpoints.set(addr, orig[0]);
    this.poke(addr, Uint8Array.of(0xcc));
    return true;
  }
  removeBreakpoint(addr: number): boolean {
    const orig = this.breakpoints.get(addr);
    if (orig === undefined) return false;
    this.breakpoints.delete(addr);
    this.poke(addr, Uint8Array.of(orig));
    return true;
  }

  // ---- write watchpoints ----
  insertWatchpoint(addr: number, len: number): boolean {
    if (len < 1 || !this.read(addr, len)) return false;
    this.watchpoints.set(`${addr},${len}`, { addr, len });
    return true;
  }
  removeWatchpoint(addr: number, len: number): boolean {
    return this.watchpoints.delete(`${addr},${len}`);
  }
  private watched(): string[] {
    return [...this.watchpoints.values()].map((w) => this.read(w.addr, w.len)?.join(",") ?? "");
  }

  // ---- running ----
  /** The modules paused on a breakpoint run on: the int3 fault is forgotten. */
  private resume(): void {
    if (!this.paused) return;
    this.paused = false;
    for (const m of this.modules) if (m.status === L.ST_FAULT && m.getU32(L.S_FAULT) === L.FAULT_BREAKPOINT) m.status = L.ST_RUNNING;
  }

  /** One instruction (over a breakpoint at eip: its byte is put back for the step). */
  step(): void {
    if (this.result) return;
    this.resume();
    const eip = this.lead.eip;
    const orig = this.breakpoints.get(eip);
    if (orig !== undefined) this.poke(eip, Uint8Array.of(orig));
    const from = this.lead.cycle;
    while (!this.result && this.lead.cycle === from) this.result = this.machine.advanceEpoch(from + 1);
    if (orig !== undefined && this.breakpoints.has(eip)) this.poke(eip, Uint8Array.of(0xcc));
  }

  /** Runs until a breakpoint, a watched write or the end. */
  continue(): void {
    this.watchHit = undefined;
    if (this.watchpoints.size > 0) {
      let before = this.watched();
      for (;;) {
        this.step();
        if (this.result || this.breakpoints.has(this.lead.eip)) return;
        const now = this.watched();
        const hit = now.findIndex((v, i) => v !== before[i]);
        if (hit >= 0) {
          this.watchHit = [...this.watchpoints.values()][hit].addr;
          return;
        }
        before = now;
      }
    }
    this.step();
    while (!this.result && !this.atBreakpoint(this.lead)) this.result = this.machine.advanceEpoch();
    this.paused = !this.result;
  }

  /** Runs to the end (the debugger detached). */
  finish(): LockstepResult {
    for (const a of [...this.breakpoints.keys()]) this.removeBreakpoint(a);
    this.resume();
    while (!this.result) this.result = this.machine.advanceEpoch();
    return this.result;
  }
}
