// The state of one block's code generation: guest registers held in wasm locals, the lazy flags
// (see flags.ts), memory accesses with every check the interpreter makes, and the exits that
// leave the module exactly as the interpreter would have.
//
// The region function is `(budget: i32, arm: i32) -> i32`: it enters the region at block `arm`,
// runs its blocks while the cycle budget and the journal allow, and returns how many instructions
// it retired. Before any
// instruction it cannot complete by itself (an access outside RAM, a failed check code, a write
// to translated code) it bails out: the state is that before the instruction, eip points at it,
// and the interpreter runs it next.
import * as L from "../../assembly/layout";
import { FunctionBody, I32, I64, Op, type ValType } from "./wasm";
import { Flags } from "./flags";
import type { BlockFacts, Machine } from "./facts";
import { MASK, SIZE_BYTES, type Size } from "./facts";

export { MASK, SIZE_BYTES, type BlockFacts, type Machine, type Size } from "./facts";

/** Function index of the core's jitStep, imported by every region module (src/jit/service.ts). */
export const CORE_STEP = 0;


export class Context {
  readonly f = new FunctionBody([I32, I32], [I32]);
  readonly budget = 0;
  /** The parameter naming the arm to enter; then the arm the dispatch loop runs next. */
  readonly arm = 1;
  readonly executed: number;
  readonly cycleLo: number;
  /** Where an exit leaves to, and the instructions retired by then. */
  readonly exitEip: number;
  readonly exitCount: number;
  readonly regs: number[] = [];
  readonly flags: Flags;
  /** Registers the block writes anywhere (written back at every exit). */
  readonly written = new Set<number>();
  /** Registers the code reads or writes (only they are loaded). */
  readonly used = new Set<number>();
  /** Depth of the dispatch loop's label from the current emission point. */
  loopDepth = 0;
  /** loopDepth at the top of the current arm's exit block (its exits branch out of it). */
  armDepth = 0;
  /** Memory writes of the arm being generated (the journal must have room for them before it runs). */
  writes = 0;
  /** Memory writes of each arm generated so far. */
  readonly armWrites: number[] = [];
  /** Block start -> arm, for the region's blocks (a transfer there stays in the function). */
  arms = new Map<number, number>();
  /** Index, in the block, of the instruction being generated. */
  index = 0;
  /** The arm being generated. */
  armIndex = 0;
  /** eip of the instruction being generated. */
  eip = 0;

  /** `facts` come from a first pass; without them every register and flag field is loaded. */
  constructor(readonly machine: Machine, readonly facts?: BlockFacts) {
    const f = this.f;
    this.executed = f.local();
    this.cycleLo = f.local();
    this.exitEip = f.local();
    this.exitCount = f.local();
    for (let r = 0; r < 8; r++) this.regs.push(f.local());
    this.flags = new Flags(this);
    if (facts) for (const r of facts.written) this.written.add(r);
    // Prologue: retired count, the cycle, the registers and the lazy flags the code uses.
    f.i32(0).set(this.executed);
    if (!facts || facts.writes) f.i32(0).mem(Op.i32_load, L.S_CYCLE, 2).set(this.cycleLo);
    for (let r = 0; r < 8; r++) {
      if (!facts || facts.used.has(r)) f.i32(0).mem(Op.i32_load, L.S_REGS + 4 * r, 2).set(this.regs[r]);
    }
    if (!facts || facts.usesLazy) this.flags.loadFromModule();
  }

  /** The facts this pass found (for the next one). */
  found(): BlockFacts {
    const writes = this.armWrites.reduce((a, b) => a + b, 0);
    return { used: this.used, written: this.written, writes, armWrites: this.armWrites, usesLazy: this.flags.touched };
  }

  // Temporaries live within one instruction, except those the flags' producer holds (its
  // operands stay in locals for the instructions after it), so each instruction reuses the locals
  // of the ones before: few locals keep the engine's work small (both its compilers merge every
  // local at each branch target, and a region has thousands of them).
  private readonly pools: Record<ValType, number[]> = { [I32]: [], [I64]: [] };
  // Per local: 1 while a temporary holds it (indexed by local number).
  private busy: number[] = [];

  temp(): number {
    return this.pooled(I32);
  }

  temp64(): number {
    return this.pooled(I64);
  }

  /** A new instruction or arm: its temporaries may reuse every earlier one but `keep`. */
  releaseTemps(keep: number[] = []): void {
    this.busy.fill(0);
    for (const l of keep) this.busy[l] = 1;
  }

  /** The temporaries the flags' producer holds (they outlive the instruction that set them). */
  producerLocals(): number[] {
    const p = this.flags.p;
    switch (p.kind) {
      case "lazy": return [];
      case "add": case "sub": return [p.a, p.b, p.r];
      case "logic": return [p.r];
      case "resaux": return [p.r, p.aux];
    }
  }

  private pooled(type: ValType): number {
    const pool = this.pools[type];
    for (const l of pool) {
      if (!this.busy[l]) {
        this.busy[l] = 1;
        return l;
      }
    }
    const l = this.f.local(type);
    pool.push(l);
    this.busy[l] = 1;
    return l;
  }

  // ---- registers ----
  /** Pushes the value of register `num` of size `sz` (byte registers: al cl dl bl ah ch dh bh). */
  getReg(sz: Size, num: number): void {
    const f = this.f;
    this.used.add(sz === 0 && num >= 4 ? num - 4 : num);
    if (sz === 2) f.get(this.regs[num]);
    else if (sz === 1) f.get(this.regs[num]).i32(0xffff).op(Op.i32_and);
    else if (num < 4) f.get(this.regs[num]).i32(0xff).op(Op.i32_and);
    else f.get(this.regs[num - 4]).i32(8).op(Op.i32_shr_u).i32(0xff).op(Op.i32_and);
  }

  /** Sets register `num` of size `sz` from local `v` (only the size's bits of v are used). */
  setReg(sz: Size, num: number, v: number): void {
    const f = this.f;
    if (sz === 2) {
      f.get(v).set(this.regs[num]);
      this.written.add(num);
      this.used.add(num);
      return;
    }
    const r = sz === 0 && num >= 4 ? num - 4 : num;
    this.used.add(r);
    const shift = sz === 0 && num >= 4 ? 8 : 0;
    const mask = (sz === 1 ? 0xffff : 0xff) << shift;
    f.get(this.regs[r]).i32(~mask).op(Op.i32_and);
    f.get(v);
    if (shift) f.i32(shift).op(Op.i32_shl);
    f.i32(mask).op(Op.i32_and).op(Op.i32_or).set(this.regs[r]);
    this.written.add(r);
  }

  // ---- exits ----
  /** Leaves the function: eip = target (a constant, or a local if `targetLocal`), `retired`
   *  instructions of this block counted. Every exit of an arm goes through the arm's epilogue
   *  (`epilogue`), with the lazy flags in their locals: one per arm, not one per function, as
   *  the optimizing compiler's work grows with the square of a merge's predecessors. */
  exit(target: number, retired: number, targetLocal = false): void {
    const f = this.f;
    if (targetLocal) f.get(target);
    else f.i32(target | 0);
    f.set(this.exitEip);
    f.get(this.executed);
    if (retired) f.i32(retired).op(Op.i32_add);
    f.set(this.exitCount);
    this.flags.spill();
    f.br(Op.br, this.loopDepth - this.armDepth);
  }

  /** After the arm's code, out of the block its exits leave: state back to the module. */
  epilogue(): void {
    const f = this.f;
    for (const r of [...this.written].sort((a, b) => a - b)) f.i32(0).get(this.regs[r]).mem(Op.i32_store, L.S_REGS + 4 * r, 2);
    this.flags.storeToModule();
    f.i32(0).get(this.exitEip).mem(Op.i32_store, L.S_EIP, 2);
    f.i32(0).i32(0).mem(Op.i64_load, L.S_CYCLE, 3).get(this.exitCount).op(Op.i64_extend_i32_u).op(Op.i64_add).mem(Op.i64_store, L.S_CYCLE, 3);
    f.get(this.exitCount).op(Op.return);
  }

  /** Bails out before the current instruction (the condition is on the stack). */
  bailIf(): void {
    this.f.block(Op.if);
    this.loopDepth++;
    this.exit(this.eip, this.index);
    this.f.op(Op.end);
    this.loopDepth--;
  }

  // ---- the core's own semantics ----
  /** The instruction at this.eip run by the core's interpreter (a call of the imported jitStep,
   *  assembly/jit-step.ts), for an instruction the generator has no code of its own for: the
   *  module gets the state an exit would leave; if the core says the code may go on at `next`,
   *  the cycle goes back to the function's count and registers and flags come back from the
   *  module; otherwise the function returns what was retired, the module's state being the
   *  interpreter's. */
  viaCore(next: number): void {
    const f = this.f;
    this.flags.spill();
    for (const r of [...this.written].sort((a, b) => a - b)) f.i32(0).get(this.regs[r]).mem(Op.i32_store, L.S_REGS + 4 * r, 2);
    this.flags.touched = true;
    this.flags.storeToModule();
    f.i32(0).i32(this.eip | 0).mem(Op.i32_store, L.S_EIP, 2);
    this.addCycles(Op.i64_add, this.index);
    // Journal room the rest of the arm needs after this instruction (known in the second pass).
    const room = (this.facts?.armWrites[this.armIndex] ?? 0) - this.writes;
    const r = this.temp();
    f.i32(next | 0).i32(Math.max(0, room)).call(CORE_STEP).tee(r).i32(-1).op(Op.i32_ne);
    f.block(Op.if);
    f.get(this.executed).i32(this.index).op(Op.i32_add).get(r).op(Op.i32_add).op(Op.return);
    f.op(Op.end);
    this.addCycles(Op.i64_sub, this.index + 1);
    for (let n = 0; n < 8; n++) {
      if (!this.facts || this.facts.used.has(n)) f.i32(0).mem(Op.i32_load, L.S_REGS + 4 * n, 2).set(this.regs[n]);
    }
    this.flags.loadFromModule();
    this.flags.p = { kind: "lazy" };
  }

  // S_CYCLE +/- (executed + k): the module's cycle as an exit leaves it, and back.
  private addCycles(op: number, k: number): void {
    const f = this.f;
    f.i32(0).i32(0).mem(Op.i64_load, L.S_CYCLE, 3).get(this.executed);
    if (k) f.i32(k).op(Op.i32_add);
    f.op(Op.i64_extend_i32_u).op(op).mem(Op.i64_store, L.S_CYCLE, 3);
  }

  // ---- memory ----
  /** Pushes the value of `size` bytes at the linear address in local `lin`, after the bounds
   *  and check-code tests the interpreter makes (bailing out if one fails). */
  read(sz: Size, linear: number): void {
    const f = this.f;
    const bytes = SIZE_BYTES[sz];
    const lin = this.physical(linear);
    f.get(lin).i32(this.machine.ramSize - bytes).op(Op.i32_gt_u);
    this.bailIf();
    const v = this.temp();
    f.get(lin).mem([Op.i32_load8_u, Op.i32_load16_u, Op.i32_load][sz], L.RAM_BASE).set(v);
    if (this.machine.ecc !== L.ECC_NONE) {
      this.checkBytes(sz, v);
      f.get(lin).mem([Op.i32_load8_u, Op.i32_load16_u, Op.i32_load][sz], this.machine.shadowBase);
      f.op(Op.i32_xor);
      if (this.machine.ecc === L.ECC_PARITY) f.i32(L.ECC_PARITY_BITS & MASK[sz]).op(Op.i32_and);
      this.bailIf();
    }
    f.get(v);
  }

  /** Writes local `v` (`size` bytes) at local `lin` as the interpreter does: bounds, translated
   *  code (bail out: the interpreter retires those pages), check bytes, the journal. */
  write(sz: Size, linear: number, v: number): void {
    const f = this.f;
    const bytes = SIZE_BYTES[sz];
    const m = this.machine;
    const lin = this.physical(linear);
    f.get(lin).i32(m.ramSize - bytes).op(Op.i32_gt_u);
    this.bailIf();
    f.get(lin).i32(12).op(Op.i32_shr_u).mem(Op.i32_load8_u, m.codeMarkBase);
    f.get(lin).i32(bytes - 1).op(Op.i32_add).i32(12).op(Op.i32_shr_u).mem(Op.i32_load8_u, m.codeMarkBase);
    f.op(Op.i32_or);
    this.bailIf();
    const load = [Op.i32_load8_u, Op.i32_load16_u, Op.i32_load][sz];
    const store = [Op.i32_store8, Op.i32_store16, Op.i32_store][sz];
    const old = this.temp();
    const oldCheck = this.temp();
    f.get(lin).mem(load, L.RAM_BASE).set(old);
    f.get(lin).get(v).mem(store, L.RAM_BASE);
    if (m.ecc !== L.ECC_NONE) {
      f.get(lin).mem(load, m.shadowBase).set(oldCheck);
      f.get(lin);
      this.checkBytes(sz, v);
      f.mem(store, m.shadowBase);
    } else {
      f.i32(0).set(oldCheck);
    }
    // The journal entry: cycle, kind << 8 | size, address, value, old value, old check bytes.
    const p = this.temp();
    f.i32(0).mem(Op.i32_load, L.S_JOURNAL_LEN, 2).i32(L.JOURNAL_ENTRY).op(Op.i32_mul);
    f.i32(0).mem(Op.i32_load, L.S_JOURNAL_AT, 2).op(Op.i32_add).set(p);
    f.get(p).get(this.cycleLo).get(this.executed).op(Op.i32_add).i32(this.index).op(Op.i32_add).mem(Op.i32_store, L.JE_CYCLE, 2);
    f.get(p).i32((L.J_RAM << 8) | bytes).mem(Op.i32_store, L.JE_KIND_SIZE, 2);
    f.get(p).get(lin).mem(Op.i32_store, L.JE_ADDRESS, 2);
    f.get(p).get(v);
    if (sz !== 2) f.i32(MASK[sz]).op(Op.i32_and);
    f.mem(Op.i32_store, L.JE_VALUE, 2);
    f.get(p).get(old).mem(Op.i32_store, L.JE_OLD, 2);
    f.get(p).get(oldCheck).mem(Op.i32_store, L.JE_OLD_CHECK, 2);
    f.i32(0).i32(0).mem(Op.i32_load, L.S_JOURNAL_LEN, 2).i32(1).op(Op.i32_add).mem(Op.i32_store, L.S_JOURNAL_LEN, 2);
    this.writes++;
  }

  // The RAM offset of the linear address in local `linear`: itself, or in a new local.
  private physical(linear: number): number {
    if (this.machine.ramOrigin === 0) return linear;
    const p = this.temp();
    this.f.get(linear).i32(this.machine.ramOrigin | 0).op(Op.i32_sub).set(p);
    return p;
  }

  // Pushes the check bytes of the low `size` bytes of local v, as the core's ecc.ts checkBytes
  // gives them: under SEC-DED the core's own ECC_TABLE byte by byte (built once, by eccInit), under
  // parity only each byte's parity bit (L.ECC_PARITY_BITS), computed as the core's byteParity does.
  private checkBytes(sz: Size, v: number): void {
    const f = this.f;
    if (this.machine.ecc === L.ECC_PARITY) {
      // Each byte's parity folded into its bit 0, as the core's byteParity: a few ALU operations
      // where the table took a load, shift and merge per byte.
      const p = this.temp();
      f.get(v).get(v).i32(4).op(Op.i32_shr_u).op(Op.i32_xor).tee(p);
      f.get(p).i32(2).op(Op.i32_shr_u).op(Op.i32_xor).tee(p);
      f.get(p).i32(1).op(Op.i32_shr_u).op(Op.i32_xor);
      f.i32(L.ECC_PARITY_BITS & MASK[sz]).op(Op.i32_and);
      return;
    }
    for (let i = 0; i < SIZE_BYTES[sz]; i++) {
      f.get(v);
      if (i) f.i32(8 * i).op(Op.i32_shr_u);
      f.i32(0xff).op(Op.i32_and).mem(Op.i32_load8_u, L.ECC_TABLE);
      if (i) f.i32(8 * i).op(Op.i32_shl).op(Op.i32_or);
    }
  }

  // ---- the arms ----
  /** Top of each arm: enough cycle budget for the whole block, and a journal that will stay
   *  below the point where the interpreter stops the run (fewer than JOURNAL_SLACK entries free)
   *  after all of its writes; otherwise the interpreter runs it and stops where it must. */
  guard(start: number, instructions: number, writes: number): void {
    const f = this.f;
    f.get(this.executed).i32(instructions).op(Op.i32_add).get(this.budget).op(Op.i32_gt_u);
    this.bailAt(start, 0);
    f.i32(0).mem(Op.i32_load, L.S_JOURNAL_LEN, 2).i32(writes + L.JOURNAL_SLACK).op(Op.i32_add);
    f.i32(0).mem(Op.i32_load, L.S_JOURNAL_CAP, 2).op(Op.i32_ge_u);
    this.bailAt(start, 0);
  }

  /** Continues at block `arm` of the region: the lazy flags into their locals, `retired`
   *  instructions of this block counted, then back to the dispatch loop. */
  jumpToArm(arm: number, retired: number): void {
    const f = this.f;
    if (retired) f.get(this.executed).i32(retired).op(Op.i32_add).set(this.executed);
    this.flags.toLazy();
    f.i32(arm).set(this.arm);
    f.br(Op.br, this.loopDepth);
  }

  /**
   * Leaves for the eip in local `target` (a return, an indirect jump or call), unless it is one of
   * the region's `candidates` arms: then the function goes on there. Few candidates are compared
   * one by one; many (a switch's jump table) go through a br_table over their eips' span.
   */
  exitOrDispatch(target: number, retired: number, candidates: number[]): void {
    const f = this.f;
    if (candidates.length === 0) return this.exit(target, retired, true);
    f.get(this.executed).i32(retired).op(Op.i32_add).set(this.executed);
    this.flags.toLazy();
    const starts = candidates.map((a) => [...this.arms].find(([, v]) => v === a)![0]);
    const lo = Math.min(...starts);
    const span = Math.max(...starts) - lo + 1;
    if (candidates.length <= 4 || span > 4096) {
      candidates.forEach((arm, i) => {
        f.get(target).i32(starts[i] | 0).op(Op.i32_eq);
        f.block(Op.if);
        this.loopDepth++;
        f.i32(arm).set(this.arm);
        f.br(Op.br, this.loopDepth);
        f.op(Op.end);
        this.loopDepth--;
      });
    } else {
      // block $miss, block c[n-1] ... block c[0]: br_table (target - lo) -> c[j] or $miss.
      const n = candidates.length;
      f.block(Op.block);
      for (let j = 0; j < n; j++) f.block(Op.block);
      const labels = new Array<number>(span).fill(n);
      starts.forEach((s, j) => (labels[s - lo] = j));
      f.get(target).i32(lo | 0).op(Op.i32_sub).brTable(labels, n);
      for (let j = 0; j < n; j++) {
        f.op(Op.end);
        f.i32(candidates[j]).set(this.arm);
        f.br(Op.br, n - 1 - j + 1 + this.loopDepth);
      }
      f.op(Op.end);
    }
    this.exit(target, 0, true);
  }

  private bailAt(target: number, retired: number): void {
    this.f.block(Op.if);
    this.loopDepth++;
    this.exit(target, retired);
    this.f.op(Op.end);
    this.loopDepth--;
  }
}
