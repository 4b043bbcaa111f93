// The control flow of a generated program: a loop whose block ends with a conditional jump back
// to its start (the translator's loop path), or a call to a function that returns, a jump to
// another section, push+ret, an indirect or a far jump. Bodies are random instructions.
import type { DataRef, Insn, Section, Target } from "./case";
import { plain, withImm, withRm } from "./encode";
import { INTERPRETED } from "./interpreted";
import type { Operands } from "./operands";
import { codeWrite, TRANSLATED, type Family } from "./translated";

export const SHAPES = ["loop", "call", "jump", "ret", "indirect", "far"] as const;
export type Shape = (typeof SHAPES)[number];

export interface Program {
  sections: Section[];
  dataRefs: DataRef[];
}

const STACK_NEUTRAL = new Set(["push/pop", "leave", "flags/cbw/push16"]);

export class ShapeGen {
  constructor(
    private readonly o: Operands,
    /** Share of instructions the translator has no code for. */
    private readonly interpreted: number,
    /** Where indirect jumps keep their target (a reserved register), if any. */
    private readonly targetReg: number | undefined,
  ) {}

  body(min: number, max: number, stackNeutral = false): Insn[] {
    const r = this.o.rng;
    const n = r.range(min, max);
    const out: Insn[] = [];
    for (let i = 0; i < n; i++) {
      if (this.o.smc && r.chance(0.1)) {
        out.push(...codeWrite(this.o));
        continue;
      }
      const pool = r.chance(this.interpreted) ? INTERPRETED : TRANSLATED;
      let fam: { value: Family; name: string };
      do fam = r.weighted(pool.map((f) => ({ weight: f.weight, value: f })));
      while (stackNeutral && STACK_NEUTRAL.has(fam.name));
      out.push(...fam.value(this.o));
    }
    return out;
  }

  /** jcc to `label`: short (widened by the linker when it does not reach), rarely with 0x66. */
  jcc(label: string, bodyBytes: number): Insn {
    const r = this.o.rng;
    const cc = r.below(16);
    const to: Target = { label };
    if (r.chance(0.04) && bodyBytes < 100) return { bytes: [0x66, 0x70 | cc, 0], fix: { at: 2, kind: "rel8", to } };
    if (r.chance(0.2)) return { bytes: [0x0f, 0x80 | cc, 0, 0, 0, 0], fix: { at: 2, kind: "rel32", to } };
    return { bytes: [0x70 | cc, 0], fix: { at: 1, kind: "rel8", to }, near: [0x0f, 0x80 | cc] };
  }

  jmp(label: string): Insn {
    const to: Target = { label };
    if (this.o.rng.chance(0.3)) return { bytes: [0xe9, 0, 0, 0, 0], fix: { at: 1, kind: "rel32", to } };
    return { bytes: [0xeb, 0], fix: { at: 1, kind: "rel8", to }, near: [0xe9] };
  }

  /** The loop's back edge: mostly jcc, sometimes jmp or loop (which the interpreter runs).
   *  `body` holds everything between the target and the back edge, if that is all. */
  backEdge(label: string, body: Insn[] | undefined): Insn {
    const r = this.o.rng;
    const bytes = body ? body.reduce((s, i) => s + i.bytes.length, 0) : Infinity;
    const roll = r.below(100);
    if (roll < 8) return this.jmp(label);
    if (roll < 13 && bytes < 100) return { bytes: [r.pick([0xe2, 0xe1, 0xe0, 0xe3]), 0], fix: { at: 1, kind: "rel8", to: { label } } };
    return this.jcc(label, bytes);
  }

  build(shape: Shape, dataSlot: () => number): Program {
    const r = this.o.rng;
    const gap = () => (r.chance(0.5) ? r.below(8) : r.below(0x1800));
    const B = this.body(1, 12);
    const dataRefs: DataRef[] = [];
    const start = (insns: Insn[]): Section => ({ label: "start", insns, gap: 0 });
    switch (shape) {
      case "loop": {
        const tail = this.body(0, 4);
        return { sections: [start([...B, this.backEdge("start", B)]), { label: "tail", insns: [...tail, this.jmp("start")], gap: 0 }], dataRefs };
      }
      case "call": {
        const after = this.body(0, 3);
        const fn = this.body(0, 6, true);
        const ret = r.chance(0.8) ? plain(0xc3) : withImm([], [0xc2], r.pick([0, 4, 8]), 2);
        return {
          sections: [
            start([...B, { bytes: [0xe8, 0, 0, 0, 0], fix: { at: 1, kind: "rel32", to: { label: "fn" } } }, ...after, this.backEdge("start", [...B, ...after]), this.jmp("start")]),
            { label: "fn", insns: [...fn, ret], gap: gap() },
          ],
          dataRefs,
        };
      }
      case "jump": {
        const other = this.body(0, 6);
        return {
          sections: [
            start([...B, this.jmp("other")]),
            { label: "other", insns: [...other, this.backEdge("start", undefined), this.jmp("start")], gap: gap() },
          ],
          dataRefs,
        };
      }
      case "ret": {
        const push = withImm([], [0x68], 0, 4);
        push.fix = { at: 1, kind: "abs32", to: { label: "start" } };
        delete push.imm;
        return { sections: [start([...B, push, plain(0xc3)])], dataRefs };
      }
      case "indirect": {
        // jmp reg, jmp [mem] or call [mem] to a function that returns.
        const how = this.targetReg === undefined ? 1 + r.below(2) : r.below(3);
        if (how === 0) return { sections: [start([...B, withRm([], [0xff], 4, { reg: this.targetReg! })])], dataRefs };
        const slot = dataSlot();
        if (how === 1) {
          dataRefs.push({ addr: slot, to: { label: "start" } });
          return { sections: [start([...B, withRm([], [0xff], 4, { abs: { label: "@", offset: slot } })])], dataRefs };
        }
        dataRefs.push({ addr: slot, to: { label: "fn" } });
        const fn = this.body(0, 6, true);
        return {
          sections: [
            start([...B, withRm([], [0xff], 2, { abs: { label: "@", offset: slot } }), this.jmp("start")]),
            { label: "fn", insns: [...fn, plain(0xc3)], gap: gap() },
          ],
          dataRefs,
        };
      }
      case "far": {
        // jmp far [mem] / call far [mem] (ff /5, ff /3): offset then selector, as a far pointer.
        const slot = dataSlot();
        const selector = r.chance(0.7) ? 0x73 : r.below(0x10000);
        if (r.chance(0.5)) {
          dataRefs.push({ addr: slot, to: { label: "start" }, selector });
          return { sections: [start([...B, withRm([], [0xff], 5, { abs: { label: "@", offset: slot } })])], dataRefs };
        }
        dataRefs.push({ addr: slot, to: { label: "fn" }, selector });
        const fn = this.body(0, 6, true);
        return {
          sections: [
            start([...B, withRm([], [0xff], 3, { abs: { label: "@", offset: slot } }), this.jmp("start")]),
            { label: "fn", insns: [...fn, plain(0xcb)], gap: gap() },
          ],
          dataRefs,
        };
      }
    }
  }
}

