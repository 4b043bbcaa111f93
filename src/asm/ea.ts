/**
 * Effective addresses: from an evaluated memory expression to ModRM, SIB and displacement bytes,
 * choosing base, index and displacement size exactly as NASM's process_ea does (register order,
 * `[eax*2]` split into `[eax+eax]`, ESP never an index, no 8-bit displacement for addresses).
 */
import { AsmError, type Value } from "./expr.js";
import { lookupReg } from "../isa/registers.js";

export interface MemRef {
  /** Registers with multipliers and the base hint, from the evaluated expression. */
  value: Value;
  dispSize?: 8 | 16 | 32;
  nosplit: boolean;
  col: number;
}

export interface EaBytes {
  modrm: number;
  sib?: number;
  disp: number[];
}

/** Address size implied by the registers of a memory reference, or undefined when it has none. */
export function addressSizeOf(mem: MemRef): 16 | 32 | undefined {
  let size: 16 | 32 | undefined;
  for (const name of mem.value.regs?.keys() ?? []) {
    const r = lookupReg(name)!;
    if (r.cls !== "gpr" || r.size === 8 || r.size === 80) throw new AsmError(`register '${name}' cannot be used in an address`, mem.col);
    if (size && size !== r.size) throw new AsmError("mixed 16- and 32-bit registers in an address", mem.col);
    size = r.size;
  }
  return size;
}

export function isPureOffset(mem: MemRef): boolean {
  return !mem.value.regs || mem.value.regs.size === 0;
}

function le(n: bigint, bytes: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < bytes; i++) out.push(Number((n >> BigInt(8 * i)) & 0xffn));
  return out;
}

export type Report = (message: string, col: number) => void;

/**
 * Checks that a value fits `bits` bits, as signed or unsigned. With `report`, a value out of
 * range is reported and the bytes still emitted, so that the instruction keeps its size: in an
 * early pass a forward reference can be out of range only because its value is stale.
 */
export function checkFits(v: bigint, bits: number, col: number, what: string, report?: Report): void {
  const lo = -(1n << BigInt(bits - 1));
  const hi = (1n << BigInt(bits)) - 1n;
  if (v >= lo && v <= hi) return;
  const message = `${what} out of range for ${bits} bits`;
  if (report) report(message, col);
  else throw new AsmError(message, col);
}

/** NASM's rule for an 8-bit displacement: a plain number in [-128, 127] after truncation; a
 *  value not known yet (`simple` false) takes the full displacement. */
function dispMod(o: bigint, simple: boolean, rmIsBp: boolean, dispSize: 8 | 16 | 32 | undefined): number {
  if (!rmIsBp && o === 0n && simple && dispSize === undefined) return 0;
  if (dispSize === 8 || (o >= -128n && o <= 127n && simple && dispSize === undefined)) return 1;
  return 2;
}

// NASM orders the registers of an address expression by register name before choosing base
// and index; the hint (see Hint in expr.ts) then decides ties.
function baseAndIndex(mem: MemRef): { b?: string; i?: string; s: bigint } {
  const regs = [...(mem.value.regs ?? new Map<string, bigint>())].sort(([a], [b]) => (a < b ? -1 : 1));
  let b: string | undefined;
  let i: string | undefined;
  let s = 0n;
  for (const [name, coef] of regs) {
    if (b === undefined && i === undefined) {
      if (coef === 1n) b = name;
      else [i, s] = [name, coef];
    } else if (b !== undefined && i === undefined) {
      [i, s] = [name, coef];
    } else if (b === undefined && coef === 1n) {
      b = name;
    } else {
      throw new AsmError("invalid effective address: two index registers", mem.col);
    }
  }
  if (regs.length > 2) throw new AsmError("invalid effective address: too many registers", mem.col);
  return { b, i, s };
}

export function encodeEA(mem: MemRef, rfield: number, addrSize: 16 | 32, report?: Report): EaBytes {
  const v = mem.value;
  const simple = v.sect === null && !v.unknown;
  if (isPureOffset(mem)) {
    if (addrSize === 32) {
      if (mem.dispSize === 16) throw new AsmError("16-bit displacement in a 32-bit address", mem.col);
      checkFits(v.n, 32, mem.col, "address", report);
      return { modrm: (rfield << 3) | 5, disp: le(v.n, 4) };
    }
    if (mem.dispSize === 32) throw new AsmError("32-bit displacement in a 16-bit address", mem.col);
    checkFits(v.n, 16, mem.col, "address", report);
    return { modrm: (rfield << 3) | 6, disp: le(v.n, 2) };
  }
  const hint = v.hint;
  let { b, i, s } = baseAndIndex(mem);
  if (addrSize === 32) {
    if (mem.dispSize === 16) throw new AsmError("16-bit displacement in a 32-bit address", mem.col);
    checkFits(v.n, 32, mem.col, "displacement", report);
    const hb = hint && hint.type !== "summed" ? hint.reg : undefined;
    const notBase = hint?.type === "notbase";
    const makeBase = hint?.type === "makebase";
    if (s === 1n && b !== undefined && i !== undefined && b !== i && ((hb === b && notBase) || (hb === i && makeBase))) {
      [b, i] = [i, b];
    }
    if (b === undefined && s === 1n && !(hb === i && notBase)) [b, i] = [i, undefined];
    // `nosplit` keeps [eax*2] unless the two were written as a sum ([nosplit eax+eax]).
    const split2 = !mem.nosplit || hint?.type === "summed";
    if (b === undefined && i !== undefined && ((s === 2n && i !== "esp" && split2) || s === 3n || s === 5n || s === 9n)) {
      b = i;
      s -= 1n;
    }
    if (i === undefined && b !== undefined && b !== "esp" && mem.nosplit && hb === b && notBase) {
      [i, b, s] = [b, undefined, 1n];
    }
    if (s === 1n && i === "esp") [b, i] = [i, b];
    if (i === "esp" || (i !== undefined && ![1n, 2n, 4n, 8n].includes(s))) {
      throw new AsmError("invalid effective address", mem.col);
    }
    const o = BigInt.asIntN(32, v.n);
    const num = (r: string) => lookupReg(r)!.num;
    if (i === undefined && b !== "esp") {
      if (b === undefined) return { modrm: (rfield << 3) | 5, disp: le(v.n, 4) };
      const mod = dispMod(o, simple, b === "ebp", mem.dispSize);
      return { modrm: (mod << 6) | (rfield << 3) | num(b), disp: le(o, mod === 1 ? 1 : mod === 2 ? 4 : 0) };
    }
    const index = i === undefined ? 4 : num(i);
    const scale = i === undefined ? 0 : [1n, 2n, 4n, 8n].indexOf(s);
    if (b === undefined) {
      return { modrm: (rfield << 3) | 4, sib: (scale << 6) | (index << 3) | 5, disp: le(v.n, 4) };
    }
    const mod = dispMod(o, simple, b === "ebp", mem.dispSize);
    return {
      modrm: (mod << 6) | (rfield << 3) | 4,
      sib: (scale << 6) | (index << 3) | num(b),
      disp: le(o, mod === 1 ? 1 : mod === 2 ? 4 : 0),
    };
  }

  // 16-bit addressing: only bx/bp as base and si/di as index, in fixed pairs.
  if (mem.dispSize === 32) throw new AsmError("32-bit displacement in a 16-bit address", mem.col);
  checkFits(v.n, 16, mem.col, "displacement", report);
  const ok = (r?: string) => r === undefined || ["bx", "bp", "si", "di"].includes(r);
  if (!ok(b) || !ok(i) || (s !== 1n && i !== undefined)) throw new AsmError("invalid 16-bit effective address", mem.col);
  if (b === undefined && i !== undefined) [b, i] = [i, b];
  if ((b === "si" || b === "di") && i !== undefined) [b, i] = [i, b];
  if (b === i || (i !== undefined && (i === "bp" || i === "bx" || b === "si" || b === "di"))) {
    throw new AsmError("invalid 16-bit effective address", mem.col);
  }
  const pairs: Record<string, number> = { "bx+si": 0, "bx+di": 1, "bp+si": 2, "bp+di": 3, si: 4, di: 5, bp: 6, bx: 7 };
  const rm = pairs[i === undefined ? b! : `${b}+${i}`];
  const o16 = BigInt.asIntN(16, v.n);
  const mod = dispMod(o16, simple, rm === 6, mem.dispSize);
  return { modrm: (mod << 6) | (rfield << 3) | rm, disp: le(o16, mod === 1 ? 1 : mod === 2 ? 2 : 0) };
}

export { le as littleEndian };
