// Code for each instruction a block may hold, with exactly the interpreter's semantics
// (assembly/exec.ts and assembly/ops/): results, lazy flags, memory writes and their order.
// Every check that may bail out comes before the instruction's first side effect.
import type { Decoded, DecodedMem, DecodedOperand } from "../disasm/decode";
import * as L from "../../assembly/layout";
import { I64, Op } from "./wasm";
import { MASK, type Context, type Size } from "./context";

/** Sizes of the form's operand i: 8, 16, 32 or "v" (the operand size). */
export function operandSize(d: Decoded, i: number): Size {
  const s = d.form.operands[i]?.size;
  const bits = s === "v" || s === 0 || s === undefined ? d.osize : s;
  return bits === 8 ? 0 : bits === 16 ? 1 : 2;
}

const ALU = ["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"];
/**
 * True if the instruction can be generated (else the block ends before it): the table marks the
 * forms with custom code here (`jit`, `jit32`: at 32-bit operand size only).
 */
export function supported(d: Decoded): boolean {
  if (!d.form.jit || (d.form.jit === "o32" && d.osize !== 32)) return false;
  if (d.asize !== 32) return false; // 16-bit addressing: the interpreter's
  if (d.prefixes.includes(0xf0)) return false; // LOCK: the interpreter decides #UD
  // pop to memory computes its address after esp moved: the interpreter's.
  if (d.form.mnemonic === "pop") return d.operands[0].kind === "reg";
  return true;
}

const isJcc = (d: Decoded) => d.form.mnemonic.startsWith("j") && d.form.mnemonic !== "jmp" && !d.form.mnemonic.startsWith("jcxz") && !d.form.mnemonic.startsWith("jecxz") && d.operands[0]?.kind === "rel";
const isSetcc = (d: Decoded) => d.form.mnemonic.startsWith("set");
const isCmov = (d: Decoded) => d.form.mnemonic.startsWith("cmov");
// The condition code, from the opcode's low nibble (70+cc, 0F 80+cc, 0F 90+cc, 0F 40+cc).
const condOf = (d: Decoded) => d.form.opcode[d.form.opcode.length - 1] & 15;

/** Instructions after which the block ends (control goes elsewhere). One the core runs for the
 *  translated code ends it too when it may transfer control (a far jump, int, loop, iret, hlt...):
 *  the bytes after it need not be code. */
export function isTerminator(d: Decoded): boolean {
  if (["call", "jmp", "ret"].includes(d.form.mnemonic) || isJcc(d)) return true;
  return !supported(d) && /^(j|call|ret|iret|loop|hlt|int|sys)/.test(d.form.mnemonic);
}

/** What the generator must know of its region (region.ts's Region, without importing it: the
 *  region finds its blocks with block.ts, which asks this file what it supports). */
export interface RegionTargets {
  returnSites: number[]; // arms beginning at a call's return address
  tables: Map<number, number[]>; // eip of an indirect jump through a table -> arms it may reach
}

export interface Emitted {
  /** The block ends here; the generator must not emit a fall-through exit. */
  ended: boolean;
}

export class InstructionGen {
  constructor(
    private readonly c: Context,
    private readonly region: RegionTargets,
  ) {}

  private get f() {
    return this.c.f;
  }

  // Linear address of a memory operand, in a new local. Flat mode: every segment base is 0 but
  // FS's and GS's (Linux TLS), read from the segment state as the interpreter does.
  private ea(m: DecodedMem): number {
    const f = this.f;
    const lin = this.c.temp();
    f.i32(m.disp | 0);
    if (m.seg === L.SEG_FS || m.seg === L.SEG_GS) f.i32(0).mem(Op.i32_load, L.S_SEG_BASE + 4 * m.seg, 2).op(Op.i32_add);
    if (m.base !== undefined) f.get(this.c.regs[m.base]).op(Op.i32_add);
    if (m.index !== undefined) f.get(this.c.regs[m.index]).i32(Math.log2(m.scale)).op(Op.i32_shl).op(Op.i32_add);
    if (m.base !== undefined) this.c.used.add(m.base);
    if (m.index !== undefined) this.c.used.add(m.index);
    f.set(lin);
    return lin;
  }

  // Value of a source operand, masked to sz, in a new local. Memory is read (and may bail).
  private value(o: DecodedOperand, sz: Size): number {
    const v = this.c.temp();
    if (o.kind === "reg") this.c.getReg(sz, o.num);
    else if (o.kind === "imm") this.f.i32((o.value & MASK[sz]) | 0);
    else if (o.kind === "mem") this.c.read(sz, this.ea(o));
    else throw new Error(`operand ${o.kind}`);
    this.f.set(v);
    return v;
  }

  // Destination operand: its current value (read for memory) and how to store the result.
  private dest(o: DecodedOperand, sz: Size, needValue: boolean): { value: number; store: (v: number) => void } {
    if (o.kind === "reg") {
      const value = this.c.temp();
      if (needValue) {
        this.c.getReg(sz, o.num);
        this.f.set(value);
      }
      return { value, store: (v) => this.c.setReg(sz, o.num, v) };
    }
    if (o.kind !== "mem") throw new Error(`destination ${o.kind}`);
    const lin = this.ea(o);
    const value = this.c.temp();
    if (needValue) {
      this.c.read(sz, lin);
      this.f.set(value);
    }
    return { value, store: (v) => this.c.write(sz, lin, v) };
  }

  // r = expression on the stack, masked to sz, into a new local.
  private masked(sz: Size): number {
    const r = this.c.temp();
    if (sz !== 2) this.f.i32(MASK[sz]).op(Op.i32_and);
    this.f.set(r);
    return r;
  }

  emit(d: Decoded, next: number): Emitted {
    const m = d.form.mnemonic;
    const ops = d.operands;
    const f = this.f;
    const c = this.c;
    // No code of its own here: the core's interpreter runs it (then the block goes on, or ends
    // after it at a transfer of control, continueAt taking it on from there).
    if (!supported(d)) return c.viaCore(next), { ended: false };
    if (ALU.includes(m)) return this.alu(m, d), { ended: false };
    if (isJcc(d)) return this.jcc(condOf(d), (ops[0] as { target: number }).target, next);
    if (isSetcc(d)) {
      const dst = this.dest(ops[0], 0, false);
      c.flags.cond(condOf(d));
      const r = c.temp();
      f.set(r);
      dst.store(r);
      return { ended: false };
    }
    if (isCmov(d)) {
      const sz = operandSize(d, 0);
      const v = this.value(ops[1], sz);
      c.flags.cond(condOf(d));
      f.block(Op.if);
      c.loopDepth++;
      c.setReg(sz, (ops[0] as { num: number }).num, v);
      f.op(Op.end);
      c.loopDepth--;
      return { ended: false };
    }
    switch (m) {
      case "test": {
        const sz = operandSize(d, 0);
        const a = this.value(ops[0], sz);
        const b = this.value(ops[1], sz);
        f.get(a).get(b).op(Op.i32_and);
        c.flags.p = { kind: "logic", sz, r: this.masked(sz) };
        return { ended: false };
      }
      case "mov": {
        const sz = operandSize(d, 0);
        const dst = this.dest(ops[0], sz, false);
        // The source is read before the destination is touched, as in the interpreter.
        const v = this.value(ops[1], sz);
        dst.store(v);
        return { ended: false };
      }
      case "movzx":
      case "movsx": {
        const sz = operandSize(d, 0);
        const from = operandSize(d, 1);
        const v = this.value(ops[1], from);
        f.get(v);
        if (m === "movsx") f.op(from === 0 ? Op.i32_extend8_s : Op.i32_extend16_s);
        c.setReg(sz, (ops[0] as { num: number }).num, this.masked(sz));
        return { ended: false };
      }
      case "lea": {
        const sz = operandSize(d, 0);
        f.get(this.ea(ops[1] as DecodedMem));
        c.setReg(sz, (ops[0] as { num: number }).num, this.masked(sz));
        return { ended: false };
      }
      case "inc":
      case "dec":
        this.incdec(m === "inc", d);
        return { ended: false };
      case "neg": {
        const sz = operandSize(d, 0);
        const dst = this.dest(ops[0], sz, true);
        const zero = c.temp();
        f.i32(0).set(zero);
        f.i32(0).get(dst.value).op(Op.i32_sub);
        const r = this.masked(sz);
        dst.store(r);
        c.flags.p = { kind: "sub", sz, a: zero, b: dst.value, r };
        return { ended: false };
      }
      case "not": {
        const sz = operandSize(d, 0);
        const dst = this.dest(ops[0], sz, true);
        f.get(dst.value).i32(-1).op(Op.i32_xor);
        dst.store(this.masked(sz));
        return { ended: false };
      }
      case "shl":
      case "shr":
      case "sar":
        this.shift(m, d);
        return { ended: false };
      case "rol":
      case "ror":
        this.rotate(m === "rol", d);
        return { ended: false };
      case "imul":
        if (ops.length === 1) this.mulOne(true, d);
        else this.imul(d);
        return { ended: false };
      case "mul":
        this.mulOne(false, d);
        return { ended: false };
      case "div":
      case "idiv":
        this.divide(m === "idiv", d);
        return { ended: false };
      case "shld":
      case "shrd":
        this.shiftDouble(m === "shld", d);
        return { ended: false };
      case "bsf":
      case "bsr": {
        // ZF = (source == 0); the destination keeps its value then (assembly/ops/bits.ts).
        const sz = operandSize(d, 0);
        const v = this.value(ops[1], sz);
        f.get(v);
        f.block(Op.if);
        c.loopDepth++;
        const idx = c.temp();
        if (m === "bsf") f.get(v).op(Op.i32_ctz).set(idx);
        else f.i32(31).get(v).op(Op.i32_clz).op(Op.i32_sub).set(idx);
        c.setReg(sz, (ops[0] as { num: number }).num, idx);
        f.op(Op.end);
        c.loopDepth--;
        c.flags.p = { kind: "logic", sz, r: v };
        return { ended: false };
      }
      case "push": {
        const v = this.value(ops[0], 2);
        this.push(v);
        return { ended: false };
      }
      case "pop": {
        const v = this.pop();
        c.setReg(2, (ops[0] as { num: number }).num, v);
        return { ended: false };
      }
      case "leave": {
        // esp = ebp, then ebp = pop.
        const sp = c.temp();
        c.used.add(5).add(4);
        f.get(c.regs[5]).set(sp);
        c.read(2, sp);
        const v = c.temp();
        f.set(v);
        f.get(sp).i32(4).op(Op.i32_add).set(c.regs[4]);
        c.written.add(4);
        c.setReg(2, 5, v);
        return { ended: false };
      }
      case "cdq": {
        c.used.add(0);
        const v = c.temp();
        f.get(c.regs[0]).i32(31).op(Op.i32_shr_s).set(v);
        c.setReg(2, 2, v);
        return { ended: false };
      }
      case "cwde": {
        c.used.add(0);
        const v = c.temp();
        f.get(c.regs[0]).op(Op.i32_extend16_s).set(v);
        c.setReg(2, 0, v);
        return { ended: false };
      }
      case "xchg": {
        const sz = operandSize(d, 0);
        // The r/m operand (memory, if any) is operand 0 or 1 depending on the form.
        const memAt = ops.findIndex((o) => o.kind === "mem");
        const rmIdx = memAt >= 0 ? memAt : 1;
        const regIdx = 1 - rmIdx;
        const dst = this.dest(ops[rmIdx], sz, true);
        const g = this.value(ops[regIdx], sz);
        dst.store(g);
        c.setReg(sz, (ops[regIdx] as { num: number }).num, dst.value);
        return { ended: false };
      }
      case "nop":
      case "endbr32":
        // A memory operand of a hint nop is not accessed.
        return { ended: false };
      case "call": {
        const target = ops[0].kind === "rel" ? undefined : this.value(ops[0], 2);
        const ret = c.temp();
        f.i32(next | 0).set(ret);
        this.push(ret);
        if (target === undefined) this.jumpTo((ops[0] as { target: number }).target, c.index + 1);
        else c.exitOrDispatch(target, c.index + 1, []);
        return { ended: true };
      }
      case "jmp":
        if (ops[0].kind === "rel") this.jumpTo(ops[0].target, c.index + 1);
        else c.exitOrDispatch(this.value(ops[0], 2), c.index + 1, this.region.tables.get(c.eip) ?? []);
        return { ended: true };
      case "ret": {
        const v = this.pop(ops[0]?.kind === "imm" ? ops[0].value : 0);
        c.exitOrDispatch(v, c.index + 1, this.region.returnSites);
        return { ended: true };
      }
    }
    throw new Error(`no code for ${m}`);
  }

  private alu(m: string, d: Decoded): void {
    const c = this.c;
    const f = this.f;
    const sz = operandSize(d, 0);
    const [o0, o1] = d.operands;
    const dst = this.dest(o0, sz, true);
    const a = dst.value;
    const b = this.value(o1, sz);
    const r = c.temp();
    if (m === "adc" || m === "sbb") {
      // Carry in from the previous producer; the carry vector covers it (assembly/ops/alu.ts).
      const cf = c.temp();
      c.flags.cf();
      f.set(cf);
      f.get(a).get(b).op(m === "adc" ? Op.i32_add : Op.i32_sub).get(cf).op(m === "adc" ? Op.i32_add : Op.i32_sub);
      if (sz !== 2) f.i32(MASK[sz]).op(Op.i32_and);
      f.set(r);
      const aux = c.temp();
      if (m === "adc") {
        f.get(a).get(b).op(Op.i32_and).get(a).get(b).op(Op.i32_or).get(r).i32(-1).op(Op.i32_xor).op(Op.i32_and).op(Op.i32_or);
      } else {
        f.get(a).i32(-1).op(Op.i32_xor).get(b).op(Op.i32_and);
        f.get(a).get(b).op(Op.i32_xor).i32(-1).op(Op.i32_xor).get(r).op(Op.i32_and).op(Op.i32_or);
      }
      f.set(aux);
      dst.store(r);
      c.flags.p = { kind: "resaux", sz, r, aux };
      return;
    }
    const op = { add: Op.i32_add, or: Op.i32_or, and: Op.i32_and, sub: Op.i32_sub, xor: Op.i32_xor, cmp: Op.i32_sub }[m]!;
    f.get(a).get(b).op(op);
    if (sz !== 2) f.i32(MASK[sz]).op(Op.i32_and);
    f.set(r);
    if (m !== "cmp") dst.store(r);
    c.flags.p = m === "add" ? { kind: "add", sz, a, b, r } : m === "sub" || m === "cmp" ? { kind: "sub", sz, a, b, r } : { kind: "logic", sz, r };
  }

  // inc/dec keep CF: the carry vector holds the old CF at the top bit (assembly/ops/alu.ts).
  private incdec(inc: boolean, d: Decoded): void {
    const c = this.c;
    const f = this.f;
    const sz = operandSize(d, 0);
    const dst = this.dest(d.operands[0], sz, true);
    const a = dst.value;
    const cf = c.temp();
    c.flags.cf();
    f.set(cf);
    f.get(a).i32(1).op(inc ? Op.i32_add : Op.i32_sub);
    const r = this.masked(sz);
    const aux0 = c.temp();
    if (inc) f.get(a).i32(1).op(Op.i32_and).get(a).i32(1).op(Op.i32_or).get(r).i32(-1).op(Op.i32_xor).op(Op.i32_and).op(Op.i32_or);
    else {
      f.get(a).i32(-1).op(Op.i32_xor).i32(1).op(Op.i32_and);
      f.get(a).i32(1).op(Op.i32_xor).i32(-1).op(Op.i32_xor).get(r).op(Op.i32_and).op(Op.i32_or);
    }
    f.set(aux0);
    const top = (8 << sz) - 1;
    const of = c.temp();
    f.get(aux0).i32(top).op(Op.i32_shr_u).get(aux0).i32(top - 1).op(Op.i32_shr_u).op(Op.i32_xor).i32(1).op(Op.i32_and).set(of);
    const aux = c.temp();
    f.get(aux0).i32(~(3 << (top - 1))).op(Op.i32_and);
    f.get(cf).i32(top).op(Op.i32_shl).op(Op.i32_or);
    f.get(cf).get(of).op(Op.i32_xor).i32(top - 1).op(Op.i32_shl).op(Op.i32_or).set(aux);
    dst.store(r);
    c.flags.p = { kind: "resaux", sz, r, aux };
  }

  // A shift's or rotate's count, masked to 5 bits: a constant (undefined if it is 0: nothing
  // happens) or cl, in local n either way.
  private count(d: Decoded): { constant?: number; n: number } | undefined {
    const c = this.c;
    const f = this.f;
    const countOp = d.operands[1];
    const constant = countOp.kind === "imm" ? countOp.value & 31 : undefined;
    if (constant === 0) return undefined;
    const n = c.temp();
    if (constant !== undefined) f.i32(constant).set(n);
    else {
      c.used.add(1);
      f.get(c.regs[1]).i32(31).op(Op.i32_and).set(n);
    }
    return { constant, n };
  }

  // shl, shr, sar by an immediate, 1 or cl, counts masked to 5 bits (assembly/ops/shift.ts).
  private shift(m: string, d: Decoded): void {
    const c = this.c;
    const f = this.f;
    const sz = operandSize(d, 0);
    const bits = 8 << sz;
    const top = bits - 1;
    const dst = this.dest(d.operands[0], sz, true);
    const a = dst.value;
    const count = this.count(d);
    if (!count) return; // a count of 0: neither the operand nor the flags change (it was still read)
    const { constant, n } = count;
    const r = c.temp();
    const cf = c.temp();
    const of = c.temp();
    // Result, CF, OF for a count n in 1..31.
    const compute = () => {
      if (m === "shl") {
        f.get(a).get(n).op(Op.i32_shl);
        if (sz !== 2) f.i32(MASK[sz]).op(Op.i32_and);
        f.set(r);
        // CF: the last bit shifted out, bit (bits - n) of a; 0 past the operand's width.
        f.get(a).i32(bits).get(n).op(Op.i32_sub).op(Op.i32_shr_u).i32(1).op(Op.i32_and);
        f.i32(0).get(n).i32(bits).op(Op.i32_le_u).op(Op.select).set(cf);
        f.get(r).i32(top).op(Op.i32_shr_u).get(cf).op(Op.i32_xor).i32(1).op(Op.i32_and).set(of);
      } else if (m === "shr") {
        f.get(a).get(n).op(Op.i32_shr_u).set(r);
        f.get(a).get(n).i32(1).op(Op.i32_sub).op(Op.i32_shr_u).i32(1).op(Op.i32_and).set(cf);
        // OF: the operand's sign after a 1-bit shift, 0 after a longer one.
        f.get(a).i32(top).op(Op.i32_shr_u).i32(1).op(Op.i32_and).i32(0).get(n).i32(1).op(Op.i32_eq).op(Op.select).set(of);
      } else {
        const s = c.temp();
        f.get(a);
        if (sz === 0) f.op(Op.i32_extend8_s);
        else if (sz === 1) f.op(Op.i32_extend16_s);
        f.set(s);
        f.get(s).get(n).op(Op.i32_shr_s);
        if (sz !== 2) f.i32(MASK[sz]).op(Op.i32_and);
        f.set(r);
        f.get(s).get(n).i32(1).op(Op.i32_sub).op(Op.i32_shr_s).i32(1).op(Op.i32_and).set(cf);
        f.i32(0).set(of);
      }
    };
    const aux = c.temp();
    this.counted(constant, n, sz, r, aux, () => {
      compute();
      f.get(cf).i32(top).op(Op.i32_shl).get(cf).get(of).op(Op.i32_xor).i32(top - 1).op(Op.i32_shl).op(Op.i32_or).set(aux);
      dst.store(r);
    });
  }

  // rol, ror by an immediate, 1 or cl (assembly/ops/shift.ts): a count masked to 5 bits of 0 changes
  // nothing; otherwise the operand rotates by the count modulo its width, and CF and OF are set
  // with the other flags made explicit (the interpreter's setArithFlags), so the flags leave the
  // lazy state for EFLAGS itself.
  private rotate(left: boolean, d: Decoded): void {
    const c = this.c;
    const f = this.f;
    const sz = operandSize(d, 0);
    const bits = 8 << sz;
    const top = bits - 1;
    const dst = this.dest(d.operands[0], sz, true);
    const a = dst.value;
    const count = this.count(d);
    if (!count) return; // a count of 0: neither the operand nor the flags change (it was still read)
    const { constant, n } = count;
    const r = c.temp();
    const cf = c.temp();
    const of = c.temp();
    const work = () => {
      if (sz === 2) {
        f.get(a).get(n).op(left ? Op.i32_rotl : Op.i32_rotr).set(r);
      } else {
        // k = n mod width; k = 0 leaves the operand as it is (a shift by the width would not).
        const k = c.temp();
        f.get(n).i32(bits - 1).op(Op.i32_and).set(k);
        f.get(a).get(k).op(left ? Op.i32_shl : Op.i32_shr_u);
        f.get(a).i32(bits).get(k).op(Op.i32_sub).op(left ? Op.i32_shr_u : Op.i32_shl);
        f.op(Op.i32_or).i32(MASK[sz]).op(Op.i32_and);
        f.get(a);
        f.get(k);
        f.op(Op.select).set(r);
      }
      if (left) {
        f.get(r).i32(1).op(Op.i32_and).set(cf);
        f.get(r).i32(top).op(Op.i32_shr_u).get(cf).op(Op.i32_xor).i32(1).op(Op.i32_and).set(of);
      } else {
        f.get(r).i32(top).op(Op.i32_shr_u).i32(1).op(Op.i32_and).set(cf);
        f.get(r).i32(top).op(Op.i32_shr_u).get(r).i32(top - 1).op(Op.i32_shr_u).op(Op.i32_xor).i32(1).op(Op.i32_and).set(of);
      }
      dst.store(r);
    };
    if (constant !== undefined) {
      work();
      c.flags.materializeWith(cf, of);
      return;
    }
    // By cl: a count of 0 changes nothing, so the flags go through the locals either way.
    c.flags.toLazy();
    c.flags.touched = true;
    f.get(n);
    f.block(Op.if);
    c.loopDepth++;
    work();
    c.flags.materializeWith(cf, of);
    f.op(Op.end);
    c.loopDepth--;
    c.flags.p = { kind: "lazy" };
  }

  // The result of a shift: by a constant count it becomes the flag producer; by cl, a count of 0
  // changes neither the operand nor the flags, so the flags go through the lazy locals and the
  // work (which sets r and aux and stores r) happens only for a count other than 0.
  private counted(constant: number | undefined, n: number, sz: Size, r: number, aux: number, work: () => void): void {
    const c = this.c;
    const f = this.f;
    if (constant !== undefined) {
      work();
      c.flags.p = { kind: "resaux", sz, r, aux };
      return;
    }
    c.flags.toLazy();
    c.flags.touched = true;
    f.get(n);
    f.block(Op.if);
    c.loopDepth++;
    work();
    f.get(r).set(c.flags.res);
    f.get(aux).set(c.flags.aux);
    f.i32(sz).set(c.flags.size);
    f.op(Op.end);
    c.loopDepth--;
  }

  // imul r, r/m (0F AF) and imul r, r/m, imm (69, 6B): CF = OF = the product does not fit.
  private imul(d: Decoded): void {
    const c = this.c;
    const f = this.f;
    const sz = operandSize(d, 0);
    const ops = d.operands;
    const a = this.value(ops.length === 3 ? ops[1] : ops[0], sz);
    const b = this.value(ops.length === 3 ? ops[2] : ops[1], sz);
    const r = c.temp();
    const o = c.temp();
    if (sz === 2) {
      const p = c.temp64();
      f.get(a).op(Op.i64_extend_i32_s).get(b).op(Op.i64_extend_i32_s).op(Op.i64_mul).set(p);
      f.get(p).op(Op.i32_wrap_i64).set(r);
      f.get(p).get(r).op(Op.i64_extend_i32_s).op(Op.i64_ne).set(o);
    } else {
      const ext = sz === 0 ? Op.i32_extend8_s : Op.i32_extend16_s;
      const full = c.temp();
      f.get(a).op(ext).get(b).op(ext).op(Op.i32_mul).set(full);
      f.get(full).i32(MASK[sz]).op(Op.i32_and).set(r);
      f.get(full).get(full).op(ext).op(Op.i32_ne).set(o);
    }
    const top = (8 << sz) - 1;
    const aux = c.temp();
    f.get(o).i32(top).op(Op.i32_shl).set(aux); // CF = OF = o: (o << top) | ((o ^ o) << (top - 1))
    c.setReg(sz, (ops[0] as { num: number }).num, r);
    c.flags.p = { kind: "resaux", sz, r, aux };
  }

  // mul, imul r/m: the accumulator times the operand into (e)dx:(e)ax, or ax for bytes; CF = OF
  // = the upper half carries information (assembly/ops/muldiv.ts).
  private mulOne(signed: boolean, d: Decoded): void {
    const c = this.c;
    const f = this.f;
    const sz = operandSize(d, 0);
    const src = this.value(d.operands[0], sz);
    c.used.add(0);
    const lo = c.temp();
    const hi = c.temp();
    const o = c.temp();
    if (sz === 2) {
      const p = c.temp64();
      f.get(c.regs[0]).op(signed ? Op.i64_extend_i32_s : Op.i64_extend_i32_u);
      f.get(src).op(signed ? Op.i64_extend_i32_s : Op.i64_extend_i32_u).op(Op.i64_mul).set(p);
      f.get(p).op(Op.i32_wrap_i64).set(lo);
      f.get(p).i64(32n).op(Op.i64_shr_u).op(Op.i32_wrap_i64).set(hi);
      if (signed) f.get(p).get(lo).op(Op.i64_extend_i32_s).op(Op.i64_ne).set(o);
      else f.get(hi).i32(0).op(Op.i32_ne).set(o);
      c.setReg(2, 0, lo);
      c.setReg(2, 2, hi);
    } else {
      const bits = 8 << sz;
      const ext = sz === 0 ? Op.i32_extend8_s : Op.i32_extend16_s;
      const full = c.temp();
      c.getReg(sz, 0);
      if (signed) f.op(ext);
      f.get(src);
      if (signed) f.op(ext);
      f.op(Op.i32_mul).set(full);
      f.get(full).i32(MASK[sz]).op(Op.i32_and).set(lo);
      f.get(full).i32(bits).op(Op.i32_shr_u).i32(MASK[sz]).op(Op.i32_and).set(hi);
      if (signed) f.get(full).get(full).op(ext).op(Op.i32_ne).set(o);
      else f.get(hi).i32(0).op(Op.i32_ne).set(o);
      if (sz === 0) c.setReg(1, 0, full); // ax = the whole product
      else {
        c.setReg(1, 0, lo);
        c.setReg(1, 2, hi);
      }
    }
    const top = (8 << sz) - 1;
    const aux = c.temp();
    f.get(o).i32(top).op(Op.i32_shl).set(aux);
    c.flags.p = { kind: "resaux", sz, r: lo, aux };
  }

  // div, idiv: (e)dx:(e)ax (or ax) by the operand. A zero divisor or a quotient that does not fit
  // is #DE: the interpreter raises it, so the block bails out first. The flags do not change.
  private divide(signed: boolean, d: Decoded): void {
    const c = this.c;
    const f = this.f;
    const sz = operandSize(d, 0);
    const src = this.value(d.operands[0], sz);
    c.used.add(0);
    f.get(src).op(Op.i32_eqz);
    c.bailIf();
    if (sz === 2) {
      c.used.add(2);
      const n = c.temp64();
      const dv = c.temp64();
      const q = c.temp64();
      f.get(c.regs[2]).op(Op.i64_extend_i32_u).i64(32n).op(Op.i64_shl).get(c.regs[0]).op(Op.i64_extend_i32_u).op(Op.i64_or).set(n);
      f.get(src).op(signed ? Op.i64_extend_i32_s : Op.i64_extend_i32_u).set(dv);
      if (signed) {
        // -2^63 / -1 overflows the wasm division itself: #DE on x86 too.
        f.get(n).i64(-(2n ** 63n)).op(Op.i64_eq).get(dv).i64(-1n).op(Op.i64_eq).op(Op.i32_and);
        c.bailIf();
        f.get(n).get(dv).op(Op.i64_div_s).set(q);
        f.get(q).get(q).op(Op.i32_wrap_i64).op(Op.i64_extend_i32_s).op(Op.i64_ne);
      } else {
        f.get(n).get(dv).op(Op.i64_div_u).set(q);
        f.get(q).i64(0xffffffffn).op(Op.i64_gt_u);
      }
      c.bailIf();
      const qv = c.temp();
      const rv = c.temp();
      f.get(q).op(Op.i32_wrap_i64).set(qv);
      f.get(n).get(dv).op(signed ? Op.i64_rem_s : Op.i64_rem_u).op(Op.i32_wrap_i64).set(rv);
      c.setReg(2, 0, qv);
      c.setReg(2, 2, rv);
      return;
    }
    // 8 and 16 bits: the dividend fits an i32.
    const n = c.temp();
    const dv = c.temp();
    const q = c.temp();
    const ext = sz === 0 ? Op.i32_extend8_s : Op.i32_extend16_s;
    if (sz === 0) {
      c.getReg(1, 0);
      if (signed) f.op(Op.i32_extend16_s);
      f.set(n);
    } else {
      c.getReg(1, 2);
      f.i32(16).op(Op.i32_shl);
      c.getReg(1, 0);
      f.op(Op.i32_or).set(n);
    }
    f.get(src);
    if (signed) f.op(ext);
    f.set(dv);
    if (signed) {
      f.get(n).i32(-0x80000000).op(Op.i32_eq).get(dv).i32(-1).op(Op.i32_eq).op(Op.i32_and);
      c.bailIf();
      f.get(n).get(dv).op(Op.i32_div_s).set(q);
      f.get(q).get(q).op(ext).op(Op.i32_ne);
    } else {
      f.get(n).get(dv).op(Op.i32_div_u).set(q);
      f.get(q).i32(MASK[sz]).op(Op.i32_gt_u);
    }
    c.bailIf();
    const rv = c.temp();
    f.get(n).get(dv).op(signed ? Op.i32_rem_s : Op.i32_rem_u).set(rv);
    if (sz === 0) {
      c.setReg(0, 0, q); // al = quotient
      c.setReg(0, 4, rv); // ah = remainder
    } else {
      c.setReg(1, 0, q);
      c.setReg(1, 2, rv);
    }
  }

  // shld (left) / shrd (right), 32-bit, by an immediate or cl, counts masked to 5 bits
  // (assembly/ops/shift.ts shiftDouble).
  private shiftDouble(left: boolean, d: Decoded): void {
    const c = this.c;
    const f = this.f;
    const [o0, o1, o2] = d.operands;
    const dst = this.dest(o0, 2, true);
    const a = dst.value;
    const b = this.value(o1, 2);
    const constant = o2.kind === "imm" ? o2.value & 31 : undefined;
    if (constant === 0) return;
    const n = c.temp();
    if (constant !== undefined) f.i32(constant).set(n);
    else {
      c.used.add(1);
      f.get(c.regs[1]).i32(31).op(Op.i32_and).set(n);
    }
    const v = c.temp64();
    const r = c.temp();
    const cf = c.temp();
    const aux = c.temp();
    const compute = () => {
      if (left) {
        // v = a:b; r = (v << n) >> 32; CF = bit (64 - n) of v.
        f.get(a).op(Op.i64_extend_i32_u).i64(32n).op(Op.i64_shl).get(b).op(Op.i64_extend_i32_u).op(Op.i64_or).set(v);
        f.get(v).get(n).op(Op.i64_extend_i32_u).op(Op.i64_shl).i64(32n).op(Op.i64_shr_u).op(Op.i32_wrap_i64).set(r);
        f.get(v).i64(64n).get(n).op(Op.i64_extend_i32_u).op(Op.i64_sub).op(Op.i64_shr_u).op(Op.i32_wrap_i64).i32(1).op(Op.i32_and).set(cf);
      } else {
        // v = b:a; r = v >> n; CF = bit (n - 1) of v.
        f.get(b).op(Op.i64_extend_i32_u).i64(32n).op(Op.i64_shl).get(a).op(Op.i64_extend_i32_u).op(Op.i64_or).set(v);
        f.get(v).get(n).op(Op.i64_extend_i32_u).op(Op.i64_shr_u).op(Op.i32_wrap_i64).set(r);
        f.get(v).get(n).i32(1).op(Op.i32_sub).op(Op.i64_extend_i32_u).op(Op.i64_shr_u).op(Op.i32_wrap_i64).i32(1).op(Op.i32_and).set(cf);
      }
      // OF = the sign changed; aux = (cf << 31) | ((cf ^ of) << 30).
      f.get(cf).i32(31).op(Op.i32_shl);
      f.get(cf).get(r).get(a).op(Op.i32_xor).i32(31).op(Op.i32_shr_u).op(Op.i32_xor).i32(30).op(Op.i32_shl);
      f.op(Op.i32_or).set(aux);
    };
    this.counted(constant, n, 2, r, aux, () => {
      compute();
      dst.store(r);
    });
  }

  private push(v: number): void {
    const c = this.c;
    c.used.add(4);
    const sp = c.temp();
    this.f.get(c.regs[4]).i32(4).op(Op.i32_sub).set(sp);
    c.write(2, sp, v);
    this.f.get(sp).set(c.regs[4]);
    c.written.add(4);
  }

  // Pops a dword into a new local; esp moves past it (and `release` more bytes, for ret imm16).
  private pop(release = 0): number {
    const c = this.c;
    c.used.add(4);
    const v = c.temp();
    c.read(2, c.regs[4]);
    this.f.set(v);
    this.f.get(c.regs[4]).i32(4 + release).op(Op.i32_add).set(c.regs[4]);
    c.written.add(4);
    return v;
  }

  // A direct jump: to a block of the region goes on there (its guard checks the budget), anywhere
  // else leaves.
  private jumpTo(target: number, retired: number): void {
    const arm = this.c.arms.get(target);
    if (arm === undefined) this.c.exit(target, retired);
    else this.c.jumpToArm(arm, retired);
  }

  /** The block ends without a control transfer: on at `next` (`retired` instructions ran). */
  continueAt(next: number, retired: number): void {
    this.jumpTo(next, retired);
  }

  private jcc(cc: number, target: number, next: number): Emitted {
    const c = this.c;
    const f = this.f;
    const retired = c.index + 1;
    c.flags.cond(cc);
    f.block(Op.if);
    c.loopDepth++;
    const saved = c.flags.p;
    this.jumpTo(target, retired);
    c.flags.p = saved; // the branch not taken still has the producer in locals
    f.op(Op.end);
    c.loopDepth--;
    this.jumpTo(next, retired);
    return { ended: true };
  }
}
