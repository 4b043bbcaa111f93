// Lazy flags in translated code. The last flag-setting instruction (the producer) is known at
// compile time and its operands sit in locals: a condition reads them directly (cmp then jl is
// one signed compare), and only an exit, the loop's back edge or an unusual condition computes
// the carry vector. At an exit the module gets exactly the lazy state the interpreter would have
// stored (assembly/flags.ts: result, carry vector, size); at the top of an iteration the state
// is whatever the previous one left, held in four locals like the module's fields.
import * as L from "../../assembly/layout";
import { Op } from "./wasm";
import type { GenerationHost, Size } from "./facts";

export type Producer =
  | { kind: "lazy" } // the lazy locals (as loaded from the module, or left by the last iteration)
  | { kind: "add" | "sub"; sz: Size; a: number; b: number; r: number } // operands and result, masked
  | { kind: "logic"; sz: Size; r: number }
  | { kind: "resaux"; sz: Size; r: number; aux: number };

const top = (sz: Size) => (8 << sz) - 1;
// CF PF AF ZF SF OF (assembly/flags.ts's ARITH).
const ARITH = 0x0001 | 0x0004 | 0x0010 | 0x0040 | 0x0080 | 0x0800;

export class Flags {
  readonly res: number;
  readonly aux: number;
  readonly size: number;
  readonly eflags: number;
  p: Producer = { kind: "lazy" };
  /** The code read or set the lazy locals (so they are loaded at entry, stored at exits). */
  touched = false;

  constructor(private readonly c: GenerationHost) {
    this.res = c.f.local();
    this.aux = c.f.local();
    this.size = c.f.local();
    this.eflags = c.f.local();
  }

  loadFromModule(): void {
    const f = this.c.f;
    f.i32(0).mem(Op.i32_load, L.S_LRES, 2).set(this.res);
    f.i32(0).mem(Op.i32_load, L.S_LAUX, 2).set(this.aux);
    f.i32(0).mem(Op.i32_load, L.S_LSIZE, 2).set(this.size);
    f.i32(0).mem(Op.i32_load, L.S_EFLAGS, 2).set(this.eflags);
  }

  /** At an arm's exit: the lazy locals to the module, unless no code of the region touches them
   *  (then the module's fields are as the function found them). Any arm may have changed them on
   *  an earlier pass round the loop, so this asks the first pass over the whole region. */
  storeToModule(): void {
    if (!(this.c.facts?.usesLazy ?? true)) return;
    const f = this.c.f;
    f.i32(0).get(this.res).mem(Op.i32_store, L.S_LRES, 2);
    f.i32(0).get(this.aux).mem(Op.i32_store, L.S_LAUX, 2);
    f.i32(0).get(this.size).mem(Op.i32_store, L.S_LSIZE, 2);
    // As loaded, unless a rotate materialized the flags (materialize()).
    f.i32(0).get(this.eflags).mem(Op.i32_store, L.S_EFLAGS, 2);
  }

  /** The arithmetic flags made explicit with CF and OF replaced by the locals `cf` and `of` (0 or
   *  1), as the interpreter's setArithFlags(CF | OF, ...) leaves them: EFLAGS holds every flag
   *  and the lazy size says so (LAZY_NONE). Rotates change only CF and OF. */
  materializeWith(cf: number, of: number): void {
    const f = this.c.f;
    // The producer into the lazy locals first: the interpreter keeps its result and carry vector
    // in the module beside EFLAGS.
    this.toLazy();
    this.touched = true;
    f.get(this.eflags).i32(~ARITH).op(Op.i32_and);
    f.get(cf).op(Op.i32_or);
    this.pf();
    f.i32(2).op(Op.i32_shl).op(Op.i32_or);
    this.af();
    f.i32(4).op(Op.i32_shl).op(Op.i32_or);
    this.zf();
    f.i32(6).op(Op.i32_shl).op(Op.i32_or);
    this.sf();
    f.i32(7).op(Op.i32_shl).op(Op.i32_or);
    f.get(of).i32(11).op(Op.i32_shl).op(Op.i32_or);
    f.set(this.eflags);
    f.i32(L.LAZY_NONE).set(this.size);
    this.p = { kind: "lazy" };
  }

  /** On the way to an exit: the producer's state into the lazy locals (the producer stays known
   *  to the code that follows, which the exit's branch skips). */
  spill(): void {
    const p = this.p;
    this.toLazy();
    this.p = p;
  }

  /** The back edge of the loop: the producer's state goes into the lazy locals. */
  toLazy(): void {
    const p = this.p;
    if (p.kind === "lazy") return;
    this.touched = true;
    const f = this.c.f;
    this.pushAux(p);
    f.set(this.aux);
    f.get(p.r).set(this.res);
    f.i32(p.sz).set(this.size);
    this.p = { kind: "lazy" };
  }

  // The carry vector of an operation producer (assembly/flags.ts gives the formulas).
  private pushAux(p: Exclude<Producer, { kind: "lazy" }>): void {
    const f = this.c.f;
    switch (p.kind) {
      case "add": // (a & b) | ((a | b) & ~r)
        f.get(p.a).get(p.b).op(Op.i32_and);
        f.get(p.a).get(p.b).op(Op.i32_or).get(p.r).i32(-1).op(Op.i32_xor).op(Op.i32_and);
        f.op(Op.i32_or);
        break;
      case "sub": // (~a & b) | (~(a ^ b) & r)
        f.get(p.a).i32(-1).op(Op.i32_xor).get(p.b).op(Op.i32_and);
        f.get(p.a).get(p.b).op(Op.i32_xor).i32(-1).op(Op.i32_xor).get(p.r).op(Op.i32_and);
        f.op(Op.i32_or);
        break;
      case "logic":
        f.i32(0);
        break;
      case "resaux":
        f.get(p.aux);
        break;
    }
  }

  // ---- single flags, as 0 or 1 on the stack ----
  private lazyTop(): void {
    this.touched = true;
    this.c.f.i32(8).get(this.size).op(Op.i32_shl).i32(1).op(Op.i32_sub);
  }
  // select(materialized bit, lazy value, size == LAZY_NONE)
  private pickLazy(bit: number, lazy: () => void): void {
    this.touched = true;
    const f = this.c.f;
    f.get(this.eflags).i32(bit).op(Op.i32_shr_u).i32(1).op(Op.i32_and);
    lazy();
    f.get(this.size).i32(L.LAZY_NONE).op(Op.i32_eq).op(Op.select);
  }

  cf(): void {
    const f = this.c.f;
    const p = this.p;
    if (p.kind === "lazy") return this.pickLazy(0, () => { f.get(this.aux); this.lazyTop(); f.op(Op.i32_shr_u).i32(1).op(Op.i32_and); });
    if (p.kind === "logic") { f.i32(0); return; }
    if (p.kind === "add") { f.get(p.r).get(p.a).op(Op.i32_lt_u); return; }
    if (p.kind === "sub") { f.get(p.a).get(p.b).op(Op.i32_lt_u); return; }
    if (p.kind === "resaux") f.get(p.aux).i32(top(p.sz)).op(Op.i32_shr_u).i32(1).op(Op.i32_and);
  }

  zf(): void {
    const f = this.c.f;
    const p = this.p;
    if (p.kind === "lazy") return this.pickLazy(6, () => { f.get(this.res).op(Op.i32_eqz); });
    f.get(p.r).op(Op.i32_eqz);
  }

  sf(): void {
    const f = this.c.f;
    const p = this.p;
    if (p.kind === "lazy") return this.pickLazy(7, () => { f.get(this.res); this.lazyTop(); f.op(Op.i32_shr_u).i32(1).op(Op.i32_and); });
    f.get(p.r).i32(top(p.sz)).op(Op.i32_shr_u).i32(1).op(Op.i32_and);
  }

  of(): void {
    const f = this.c.f;
    const p = this.p;
    if (p.kind === "lazy") {
      return this.pickLazy(11, () => {
        f.get(this.aux);
        this.lazyTop();
        f.op(Op.i32_shr_u);
        f.get(this.aux);
        this.lazyTop();
        f.i32(1).op(Op.i32_sub).op(Op.i32_shr_u).op(Op.i32_xor).i32(1).op(Op.i32_and);
      });
    }
    if (p.kind === "logic") { f.i32(0); return; }
    const t = top(p.sz);
    this.pushAux(p);
    const a = this.c.temp();
    f.tee(a).i32(t).op(Op.i32_shr_u).get(a).i32(t - 1).op(Op.i32_shr_u).op(Op.i32_xor).i32(1).op(Op.i32_and);
  }

  af(): void {
    const f = this.c.f;
    const p = this.p;
    if (p.kind === "lazy") return this.pickLazy(4, () => { f.get(this.aux).i32(3).op(Op.i32_shr_u).i32(1).op(Op.i32_and); });
    this.pushAux(p);
    f.i32(3).op(Op.i32_shr_u).i32(1).op(Op.i32_and);
  }

  pf(): void {
    const f = this.c.f;
    const p = this.p;
    const parity = (r: number) => f.get(r).i32(0xff).op(Op.i32_and).op(Op.i32_popcnt).i32(1).op(Op.i32_and).i32(1).op(Op.i32_xor);
    if (p.kind === "lazy") return this.pickLazy(2, () => parity(this.res));
    parity(p.r);
  }

  // Sign-extends local v of size sz to 32 bits, on the stack.
  private signed(sz: Size, v: number): void {
    const f = this.c.f;
    f.get(v);
    if (sz === 0) f.op(Op.i32_extend8_s);
    else if (sz === 1) f.op(Op.i32_extend16_s);
  }

  /** Pushes condition cc (0..15: o no b ae e ne be a s ns p np l ge le g) as 0 or 1. */
  cond(cc: number): void {
    const f = this.c.f;
    const p = this.p;
    const negate = (cc & 1) === 1;
    const base = cc & ~1;
    if (p.kind === "sub") {
      // cmp and sub: the comparisons themselves.
      const cmp: Record<number, () => void> = {
        2: () => f.get(p.a).get(p.b).op(Op.i32_lt_u),
        4: () => f.get(p.r).op(Op.i32_eqz),
        6: () => f.get(p.a).get(p.b).op(Op.i32_le_u),
        8: () => this.sf(),
        12: () => { this.signed(p.sz, p.a); this.signed(p.sz, p.b); f.op(Op.i32_lt_s); },
        14: () => { this.signed(p.sz, p.a); this.signed(p.sz, p.b); f.op(Op.i32_le_s); },
      };
      if (cmp[base]) {
        cmp[base]();
        if (negate) f.op(Op.i32_eqz);
        return;
      }
    }
    if (p.kind === "logic") {
      // CF = OF = 0.
      const known: Record<number, () => void> = {
        0: () => f.i32(0),
        2: () => f.i32(0),
        4: () => this.zf(),
        6: () => this.zf(),
        8: () => this.sf(),
        12: () => this.sf(),
        14: () => { this.zf(); this.sf(); f.op(Op.i32_or); },
      };
      if (known[base]) {
        known[base]();
        if (negate) f.op(Op.i32_eqz);
        return;
      }
    }
    // Any producer: from the single flags, as the interpreter's testCC.
    switch (base) {
      case 0: this.of(); break;
      case 2: this.cf(); break;
      case 4: this.zf(); break;
      case 6: this.cf(); this.zf(); f.op(Op.i32_or); break;
      case 8: this.sf(); break;
      case 10: this.pf(); break;
      case 12: this.sf(); this.of(); f.op(Op.i32_xor); break;
      default: this.sf(); this.of(); f.op(Op.i32_xor); this.zf(); f.op(Op.i32_or); break;
    }
    if (negate) f.op(Op.i32_eqz);
  }
}
