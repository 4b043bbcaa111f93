// Operands for generated loops. Registers have roles: pointers (base registers that hold data
// addresses and only step by small amounts), an index (a small value, stepped likewise), esp, a
// reserved jump-target register, and free ones that instructions overwrite at will. Memory operands mostly go through pointers, so that they
// land in mapped data while the loop runs; some go near or past the end of RAM, into the code
// (self-modifying code) or through a free register (almost surely outside RAM: a fault).
import type { Prng } from "../../../src/util/prng";
import type { Target } from "./case";
import type { Mem32, Rm } from "./encode";

export const EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7;

/** Values where results and flags change character, and their complements. */
const EDGES = [
  0, 1, 2, 3, 7, 8, 0x1f, 0x20, 0x7f, 0x80, 0x81, 0xff, 0x100, 0x7fff, 0x8000, 0x8001, 0xffff,
  0x10000, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff,
];

export interface Layout {
  ramSize: number;
  dataBase: number;
  dataSize: number;
  stackBase: number;
  stackSize: number;
}

export class Operands {
  /** Free registers: any instruction may write them. */
  readonly free: number[];
  /** Write into the code now and then (this case tests self-modifying code). */
  smc = false;
  /** Chance that a destination or an address register is any register at all. */
  wild = 0.01;

  constructor(
    readonly rng: Prng,
    readonly layout: Layout,
    readonly pointers: number[],
    readonly index: number | undefined,
    readonly reserved: number[],
  ) {
    this.free = [EAX, ECX, EDX, EBX, EBP, ESI, EDI].filter((r) => !pointers.includes(r) && r !== index && !reserved.includes(r));
  }

  value(bits: number): number {
    const r = this.rng;
    const roll = r.below(100);
    let v: number;
    if (roll < 50) v = r.chance(0.3) ? ~r.pick(EDGES) : r.pick(EDGES);
    else if (roll < 65) v = r.below(17);
    else v = r.nextU32();
    return bits === 32 ? v >>> 0 : v & ((1 << bits) - 1);
  }

  /** A destination register at `bits` (byte registers 0-7: al cl dl bl ah ch dh bh). */
  dst(bits: number): number {
    const r = this.rng;
    if (r.chance(this.wild)) return r.below(8);
    if (bits !== 8) return r.pick(this.free);
    const low = this.free.filter((x) => x < 4);
    const full = r.pick(low);
    return r.chance(0.3) ? full + 4 : full;
  }

  /** Any register as a source. */
  src(): number {
    return this.rng.below(8);
  }

  pointer(): number | undefined {
    return this.pointers.length ? this.rng.pick(this.pointers) : undefined;
  }

  /** A register (p = 0.4) or a memory operand `width` bytes wide. */
  rm(bits: number, forWrite: boolean, register = this.rng.chance(0.4)): Rm {
    return register ? { reg: forWrite ? this.dst(bits) : this.src() } : this.mem(bits / 8);
  }

  mem(width: number): Rm {
    const r = this.rng;
    const L = this.layout;
    const p = this.pointer();
    const roll = r.below(100);
    if (p !== undefined && roll < 50) return { mem: this.viaPointer(p) };
    if (p !== undefined && roll < 60) {
      // An array element: [p + index << s + disp] (rarely with a free register as the index).
      if (this.index === undefined) return { mem: this.viaPointer(p) };
      const q = r.chance(0.97) ? this.index : r.pick(this.free);
      return { mem: { base: p, index: q, scale: r.below(4), disp: r.range(-64, 64), dispSize: r.pick([0, 1, 4] as const) } };
    }
    if (roll < 70) return { mem: { base: ESP, scale: 0, disp: r.below(64), dispSize: r.pick([0, 1, 1, 4] as const) } };
    if (roll < 82) return { abs: { label: "@", offset: L.dataBase + r.below(L.dataSize - width) } };
    // The last bytes of RAM; now and then straddling its end, or past it.
    if (roll < 87) return { abs: { label: "@", offset: L.ramSize - width - r.below(16) } };
    if (roll === 87) {
      const past = r.chance(0.5) ? L.ramSize - width + r.range(1, width) : r.pick([L.ramSize + 0x1000, 0xfffffffc, 0x80000000, 0xffffffff]);
      return { abs: { label: "@", offset: past } };
    }
    if (roll === 88) return { mem: { base: r.pick(this.free), scale: 0, disp: r.range(-16, 16), dispSize: 1 } };
    if (this.smc && roll < 98) return { abs: this.codeTarget() };
    return { abs: { label: "@", offset: L.dataBase + r.below(L.dataSize - width) } };
  }

  private viaPointer(p: number): Mem32 {
    const r = this.rng;
    const size = r.pick([0, 1, 1, 1, 4] as const);
    const disp = size === 0 ? 0 : size === 1 ? r.range(-128, 127) : r.range(-0x400, 0x400);
    // Sometimes as a SIB form without an index (what compilers emit for [esp] also decodes so).
    return { base: p, scale: 0, disp, dispSize: size, sib: r.chance(0.15) };
  }

  /** An immediate (or any byte) of the program, or a byte just past it, or the page around it. */
  codeTarget(): Target {
    const r = this.rng;
    const roll = r.below(10);
    if (roll < 7) return { code: r.nextU32() };
    if (roll < 9) return { label: "$end", offset: r.below(64) };
    return { label: "$start", offset: r.range(-2048, 2048) };
  }
}
