// The state of one block's code generation: guest registers held in wasm locals, the lazy flags
// (see flags.ts), memory accesses with every check the interpreter makes, and the exits that
// leave the module exactly as the interpreter would have.
//
// The block function is `(budget: i32) -> i32`: it runs iterations of the block while the cycle
// budget and the journal allow, and returns how many instructions it retired. Before any
// instruction it cannot complete by itself (an access outside RAM, a failed check code, a write
// to translated code) it bails out: the state is that before the instruction, eip points at it,
// and the interpreter runs it next.
import * as L from "../../assembly/layout";
import { FunctionBody, I32, Op } from "./wasm";
import { Flags } from "./flags";
import type { BlockFacts, Machine } from "./facts";
import { MASK, SIZE_BYTES, type Size } from "./facts";

export { MASK, SIZE_BYTES, type BlockFacts, type Machine, type Size } from "./facts";


export class Context {
  readonly f = new FunctionBody([I32], [I32]);
  readonly budget = 0;
  readonly executed: number;
  readonly cycleLo: number;
  readonly regs: number[] = [];
  readonly flags: Flags;
  /** Registers the block writes anywhere (written back at every exit). */
  readonly written = new Set<number>();
  /** Registers the code reads or writes (only they are loaded). */
  readonly used = new Set<number>();
  /** Depth of the loop label from the current emission point. */
  loopDepth = 0;
  /** Memory writes per iteration (the journal must have room for them before one starts). */
  writes = 0;
  /** Index, in the block, of the instruction being generated. */
  index = 0;
  /** eip of the instruction being generated. */
  eip = 0;

  /** `facts` come from a first pass; without them every register and flag field is loaded. */
  constructor(readonly machine: Machine, readonly facts?: BlockFacts) {
    const f = this.f;
    this.executed = f.local();
    this.cycleLo = f.local();
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
    return { used: this.used, written: this.written, writes: this.writes, usesLazy: this.flags.touched };
  }

  temp(): number {
    return this.f.local(I32);
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
  /** Leaves the block: state back to the module, eip = target (a constant, or a local if
   *  `targetLocal`), `retired` instructions of this iteration counted. */
  exit(target: number, retired: number, targetLocal = false): void {
    const f = this.f;
    for (const r of [...this.written].sort((a, b) => a - b)) f.i32(0).get(this.regs[r]).mem(Op.i32_store, L.S_REGS + 4 * r, 2);
    this.flags.storeToModule();
    f.i32(0);
    if (targetLocal) f.get(target);
    else f.i32(target | 0);
    f.mem(Op.i32_store, L.S_EIP, 2);
    const total = this.temp();
    f.get(this.executed).i32(retired).op(Op.i32_add).set(total);
    f.i32(0).i32(0).mem(Op.i64_load, L.S_CYCLE, 3).get(total).op(Op.i64_extend_i32_u).op(Op.i64_add).mem(Op.i64_store, L.S_CYCLE, 3);
    f.get(total).op(Op.return);
  }

  /** Bails out before the current instruction (the condition is on the stack). */
  bailIf(): void {
    this.f.block(Op.if);
    this.loopDepth++;
    this.exit(this.eip, this.index);
    this.f.op(Op.end);
    this.loopDepth--;
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
    f.i32(0).mem(Op.i32_load, L.S_JOURNAL_LEN, 2).i32(L.JOURNAL_ENTRY).op(Op.i32_mul).set(p);
    f.get(p).get(this.cycleLo).get(this.executed).op(Op.i32_add).i32(this.index).op(Op.i32_add).mem(Op.i32_store, L.JOURNAL_BASE + L.JE_CYCLE, 2);
    f.get(p).i32((L.J_RAM << 8) | bytes).mem(Op.i32_store, L.JOURNAL_BASE + L.JE_KIND_SIZE, 2);
    f.get(p).get(lin).mem(Op.i32_store, L.JOURNAL_BASE + L.JE_ADDRESS, 2);
    f.get(p).get(v);
    if (sz !== 2) f.i32(MASK[sz]).op(Op.i32_and);
    f.mem(Op.i32_store, L.JOURNAL_BASE + L.JE_VALUE, 2);
    f.get(p).get(old).mem(Op.i32_store, L.JOURNAL_BASE + L.JE_OLD, 2);
    f.get(p).get(oldCheck).mem(Op.i32_store, L.JOURNAL_BASE + L.JE_OLD_CHECK, 2);
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
  // gives them: the core's own ECC_TABLE byte by byte (built once, by eccInit), and under parity
  // only the table's parity bits (L.ECC_PARITY_BITS).
  private checkBytes(sz: Size, v: number): void {
    const f = this.f;
    for (let i = 0; i < SIZE_BYTES[sz]; i++) {
      f.get(v);
      if (i) f.i32(8 * i).op(Op.i32_shr_u);
      f.i32(0xff).op(Op.i32_and).mem(Op.i32_load8_u, L.ECC_TABLE);
      if (i) f.i32(8 * i).op(Op.i32_shl).op(Op.i32_or);
    }
    if (this.machine.ecc === L.ECC_PARITY) f.i32(L.ECC_PARITY_BITS & MASK[sz]).op(Op.i32_and);
  }

  // ---- the iteration ----
  /** Top of each iteration: enough cycle budget for the whole iteration, and a journal that will
   *  stay below the point where the interpreter stops the run (fewer than JOURNAL_SLACK entries
   *  free) after all of its writes; otherwise the interpreter runs it and stops where it must. */
  guard(start: number, instructions: number, writes: number): void {
    const f = this.f;
    f.get(this.executed).i32(instructions).op(Op.i32_add).get(this.budget).op(Op.i32_gt_u);
    this.bailAt(start, 0);
    f.i32(0).mem(Op.i32_load, L.S_JOURNAL_LEN, 2).i32(writes + L.JOURNAL_SLACK).op(Op.i32_add);
    f.i32(0).mem(Op.i32_load, L.S_JOURNAL_CAP, 2).op(Op.i32_ge_u);
    this.bailAt(start, 0);
  }

  private bailAt(target: number, retired: number): void {
    this.f.block(Op.if);
    this.loopDepth++;
    this.exit(target, retired);
    this.f.op(Op.end);
    this.loopDepth--;
  }
}
