// Lays a case's sections out from its origin: labels get addresses, short branches that do not
// reach become near ones, and displacements, immediates and data pointers are filled in.
import { CODE_FILLER, type Insn, type JitCase, type Target } from "./case";

export interface Linked {
  bytes: Uint8Array; // origin .. end, filler in the gaps
  labels: Map<string, number>;
  /** Address and length of each instruction, per section. */
  addrs: number[][];
  lengths: number[][];
  /** Addresses of immediate bytes (targets for self-modifying writes). */
  immBytes: number[];
  resolve(t: Target, own?: number[]): number;
}

const fits8 = (d: number) => d >= -128 && d <= 127;

export function link(c: JitCase): Linked {
  // Branches start short and are widened until every displacement fits.
  const insns: Insn[][] = c.sections.map((s) => s.insns.map((i) => ({ ...i })));
  for (;;) {
    const { labels, addrs, end } = layout(c, insns);
    const immBytes = immediateBytes(insns, addrs);
    const resolve = resolver(c.origin, end, labels, immBytes);
    let widened = false;
    insns.forEach((list, s) =>
      list.forEach((insn, k) => {
        const f = insn.fix;
        if (f?.kind !== "rel8") return;
        const next = addrs[s][k] + insn.bytes.length;
        if (fits8(resolve(f.to) - next)) return;
        if (!insn.near) throw new Error(`a short branch at 0x${addrs[s][k].toString(16)} does not reach its target`);
        list[k] = { bytes: [...insn.near, 0, 0, 0, 0], fix: { at: insn.near.length, kind: "rel32", to: f.to } };
        widened = true;
      }),
    );
    if (widened) continue;
    const bytes = new Uint8Array(end - c.origin).fill(CODE_FILLER);
    insns.forEach((list, s) =>
      list.forEach((insn, k) => {
        const a = addrs[s][k];
        const b = [...insn.bytes];
        const f = insn.fix;
        if (f) {
          const own = insn.imm ? [a + insn.imm.at, a + insn.imm.at + insn.imm.len] : undefined;
          const v = f.kind === "abs32" ? resolve(f.to, own) : resolve(f.to) - (a + b.length);
          const n = f.kind === "rel8" ? 1 : 4;
          for (let i = 0; i < n; i++) b[f.at + i] = (v >>> (8 * i)) & 0xff;
        }
        bytes.set(b, a - c.origin);
      }),
    );
    return { bytes, labels, addrs, lengths: insns.map((list) => list.map((i) => i.bytes.length)), immBytes, resolve };
  }
}

function layout(c: JitCase, insns: Insn[][]) {
  // "@" is address 0 (absolute targets), "$start" and "$end" the code's bounds.
  const labels = new Map<string, number>([["@", 0], ["$start", c.origin]]);
  const addrs: number[][] = [];
  let pc = c.origin;
  c.sections.forEach((s, i) => {
    pc += s.gap;
    labels.set(s.label, pc);
    addrs.push(insns[i].map((insn) => ((pc += insn.bytes.length), pc - insn.bytes.length)));
  });
  labels.set("$end", pc);
  return { labels, addrs, end: pc };
}

function immediateBytes(insns: Insn[][], addrs: number[][]): number[] {
  const out: number[] = [];
  insns.forEach((list, s) =>
    list.forEach((insn, k) => {
      if (insn.imm) for (let i = 0; i < insn.imm.len; i++) out.push(addrs[s][k] + insn.imm.at + i);
    }),
  );
  return out;
}

function resolver(origin: number, end: number, labels: Map<string, number>, immBytes: number[]) {
  /** `own`: the writing instruction's immediate, which a write into the code should not pick
   *  (rewriting its own constant with that constant changes nothing). */
  return (t: Target, own?: number[]): number => {
    if ("label" in t) return ((labels.get(t.label) ?? origin) + (t.offset ?? 0)) >>> 0;
    // A byte of the code: an immediate if there is one, else any byte of the program.
    const imms = own ? immBytes.filter((a) => a < own[0] || a >= own[1]) : immBytes;
    if (imms.length) return imms[t.code % imms.length];
    return origin + (t.code % Math.max(1, end - origin));
  };
}
