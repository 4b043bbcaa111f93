// String instructions in real mode: movs cmps stos lods scas ins outs at 8, 16 and 32 bits, with
// rep/repe/repne, DF either way, SI/DI (wrapping at 64 KiB) or ESI/EDI/ECX with 0x67, and any
// segment override of the source; and in/out. Counts are small (the 386 suite masks them to 7
// bits) and every element lies inside its segment. Ports read as all ones.
import { EAX, ECX, EDI, EDX, ESI, RealBuilder } from "../builder";
import { DS, ES } from "../real-case";

const DF = 0x400;

/**
 * A start offset from which `n` elements of `size` bytes, `step` apart, stay inside the segment;
 * often one whose last element ends at an edge of it, so the index steps to 0x10000 or -1 with
 * 0x67 and wraps to 0 or 0xFFFF without.
 */
function startIndex(b: RealBuilder, n: number, size: number, step: number): number {
  if (n > 0 && b.rng.chance(0.3)) return step > 0 ? 0x10000 - n * size : (n - 1) * size;
  for (;;) {
    const start = b.offset(size);
    let ok = true;
    for (let k = 0; k < n && ok; k++) {
      const at = start + k * step;
      const pos = b.a32 ? at : at & 0xffff;
      ok = pos >= 0 && pos <= 0x10000 - size;
    }
    if (ok) return start;
  }
}

/** Sets an index register: ESI/EDI in full with 0x67, else SI/DI under a random upper half. */
function setIndex(b: RealBuilder, r: number, v: number): void {
  b.fix(r, b.a32 ? v : ((b.regs[r] & 0xffff0000) | v) >>> 0);
}

/** The element offsets an instruction with `n` iterations visits. */
function positions(b: RealBuilder, start: number, n: number, step: number): number[] {
  return Array.from({ length: n }, (_, k) => (b.a32 ? start + k * step : (start + k * step) & 0xffff));
}

type Kind = "movs" | "cmps" | "stos" | "lods" | "scas" | "ins" | "outs";
const OPCODE: Record<Kind, number> = { movs: 0xa4, cmps: 0xa6, stos: 0xaa, lods: 0xac, scas: 0xae, ins: 0x6c, outs: 0x6e };

export function stringOp(b: RealBuilder, kinds: Kind[] = ["movs", "cmps", "stos", "lods", "scas"]): void {
  const r = b.rng;
  const kind = r.pick(kinds);
  const compares = kind === "cmps" || kind === "scas";
  const rep = r.chance(0.6);
  // f2 before a non-comparing string instruction repeats it as f3 does.
  const repByte = compares ? r.pick([0xf2, 0xf3]) : r.chance(0.9) ? 0xf3 : 0xf2;
  b.prefixes(0.4, 0.3, rep ? [repByte] : []);
  b.rep = rep;
  const byte = r.chance(0.35);
  const size = byte ? 1 : b.osize / 8;
  b.emit(OPCODE[kind] | (byte ? 0 : 1));
  const down = r.chance(0.3);
  b.eflags = down ? b.eflags | DF : b.eflags & ~DF;
  const step = down ? -size : size;
  const count = rep ? r.pick([0, 1, 2, 3, 4, 5, 7, r.below(8)]) : 1;
  if (rep) b.fix(ECX, b.a32 ? count : ((b.regs[ECX] & 0xffff0000) | count) >>> 0);
  const n = rep ? count : 1;
  const bits = size * 8;
  const src = kind === "movs" || kind === "cmps" || kind === "lods" || kind === "outs";
  const dst = kind !== "lods" && kind !== "outs";
  let srcValues: number[] = [];
  if (src) {
    const start = startIndex(b, Math.max(n, 1), size, step);
    setIndex(b, ESI, start);
    srcValues = positions(b, start, n, step).map((pos) => {
      const v = b.value(bits);
      b.setMem(b.dataSeg(DS), pos, size, v);
      return v;
    });
  }
  if (kind === "scas") b.setReg(EAX, bits, b.value(bits));
  if (dst) {
    const start = startIndex(b, Math.max(n, 1), size, step);
    setIndex(b, EDI, start);
    positions(b, start, n, step).forEach((pos, k) => {
      if (kind === "cmps" || kind === "scas") {
        // Equal elements often, so that repe goes on and repne stops.
        const same = kind === "cmps" ? srcValues[k] : b.getReg(EAX, bits);
        b.setMem(ES, pos, size, r.chance(0.6) ? same : b.value(bits));
      } else {
        b.claim(b.segBase(ES) + pos, size);
      }
    });
  }
  if (kind === "ins" || kind === "outs") b.setReg(EDX, 16, b.value(16));
}

/** in/out with an immediate port or DX (e4-e7, ec-ef), and ins/outs (6c-6f). */
export function io(b: RealBuilder): void {
  const r = b.rng;
  if (r.chance(0.4)) {
    stringOp(b, ["ins", "outs"]);
    return;
  }
  b.prefixes(0.4, 0.1);
  const byte = r.chance(0.4);
  const viaDx = r.chance(0.5);
  const out = r.chance(0.4);
  b.emit((viaDx ? 0xec : 0xe4) | (out ? 2 : 0) | (byte ? 0 : 1));
  if (!viaDx) b.emit(r.below(256));
  b.setReg(EDX, 16, b.value(16));
}
