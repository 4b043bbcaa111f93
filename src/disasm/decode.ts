/**
 * Decoding: bytes to a structured instruction, driven by the same table as the assembler.
 * The table is indexed once by opcode; a candidate form is accepted when its ModRM digit,
 * register/memory kinds, operand size and address size agree with the bytes.
 */
import { FORMS, type InsnForm } from "../isa/table.js";

export interface DecodedMem {
  kind: "mem";
  /** Address size of the reference. */
  asize: 16 | 32;
  base?: number;
  index?: number;
  scale: number;
  disp: number;
  /** Displacement bytes present (0, 1, 2 or 4); pure offsets have dispBytes 2 or 4 and no base. */
  dispBytes: number;
  seg?: number;
}

export type DecodedOperand =
  | { kind: "reg"; size: 8 | 16 | 32; num: number }
  | { kind: "sreg"; num: number }
  | { kind: "creg"; num: number }
  | { kind: "st"; num: number }
  | DecodedMem
  | { kind: "imm"; value: number; bytes: number }
  | { kind: "rel"; target: number; bytes: number }
  | { kind: "far"; seg: number; off: number };

export interface Decoded {
  form: InsnForm;
  length: number;
  osize: 16 | 32;
  asize: 16 | 32;
  operands: DecodedOperand[];
  /** Prefix bytes in the order they appeared. */
  prefixes: number[];
}

const SEG_PREFIXES = [0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65];

const INDEX = new Map<string, InsnForm[]>();
// Exact opcodes before `+r` ranges, so that 90 is nop before it is xchg eax,eax.
const ORDERED = [...FORMS.filter((f) => !f.plusReg), ...FORMS.filter((f) => f.plusReg)];
for (const form of ORDERED) {
  if (form.asmOnly) continue;
  const keys: string[] = [];
  const last = form.opcode[form.opcode.length - 1];
  const head = form.opcode.slice(0, -1);
  for (let r = 0; r < (form.plusReg ? 8 : 1); r++) keys.push([...head, last + r].map((b) => b.toString(16)).join(" "));
  for (const key of keys) INDEX.set(key, [...(INDEX.get(key) ?? []), form]);
}

class Reader {
  pos: number;
  constructor(
    private readonly bytes: Uint8Array,
    start: number,
  ) {
    this.pos = start;
  }
  has(n: number): boolean {
    return this.pos + n <= this.bytes.length;
  }
  peek(k = 0): number | undefined {
    return this.bytes[this.pos + k];
  }
  u(n: number): number {
    if (!this.has(n)) throw new RangeError("truncated");
    let v = 0;
    for (let i = 0; i < n; i++) v += this.bytes[this.pos + i] * 2 ** (8 * i);
    this.pos += n;
    return v;
  }
  s(n: number): number {
    const v = this.u(n);
    const half = 2 ** (8 * n - 1);
    return v >= half ? v - 2 * half : v;
  }
}

function decodeModrmMem(r: Reader, modrm: number, asize: 16 | 32, seg?: number): DecodedMem {
  const mod = modrm >> 6;
  const rm = modrm & 7;
  if (asize === 16) {
    const pairs: [number | undefined, number | undefined][] = [
      [3, 6], [3, 7], [5, 6], [5, 7], [6, undefined], [7, undefined], [5, undefined], [3, undefined],
    ];
    if (mod === 0 && rm === 6) return { kind: "mem", asize, scale: 1, disp: r.u(2), dispBytes: 2, seg };
    const [base, index] = pairs[rm];
    const dispBytes = mod === 1 ? 1 : mod === 2 ? 2 : 0;
    const disp = dispBytes ? r.s(dispBytes) : 0;
    return { kind: "mem", asize, base, index, scale: 1, disp, dispBytes, seg };
  }
  let base: number | undefined = rm;
  let index: number | undefined;
  let scale = 1;
  if (rm === 4) {
    const sib = r.u(1);
    scale = 1 << (sib >> 6);
    index = ((sib >> 3) & 7) === 4 ? undefined : (sib >> 3) & 7;
    base = sib & 7;
    if (base === 5 && mod === 0) {
      return { kind: "mem", asize, index, scale, disp: r.s(4), dispBytes: 4, seg };
    }
  } else if (mod === 0 && rm === 5) {
    return { kind: "mem", asize, scale: 1, disp: r.u(4), dispBytes: 4, seg };
  }
  const dispBytes = mod === 1 ? 1 : mod === 2 ? 4 : 0;
  const disp = dispBytes ? r.s(dispBytes) : 0;
  return { kind: "mem", asize, base, index, scale, disp, dispBytes, seg };
}

function candidates(r: Reader, rep: number | undefined): { forms: InsnForm[]; opcodeLength: number } | undefined {
  const b0 = r.peek();
  if (b0 === undefined) return undefined;
  const hex = (b: number | undefined) => (b ?? 0x100).toString(16);
  if (b0 === 0x0f) {
    const b1 = r.peek(1);
    // endbr32 is F3 0F 1E FB: the F3 belongs to the opcode.
    if (rep === 0xf3 && b1 === 0x1e && r.peek(2) === 0xfb) {
      const forms = INDEX.get("f 1e fb");
      if (forms) return { forms, opcodeLength: 3 };
    }
    const forms = INDEX.get(`f ${hex(b1)}`);
    return forms ? { forms, opcodeLength: 2 } : undefined;
  }
  const two = INDEX.get(`${hex(b0)} ${hex(r.peek(1))}`);
  if (two) return { forms: two, opcodeLength: 2 };
  const forms = INDEX.get(hex(b0));
  return forms ? { forms, opcodeLength: 1 } : undefined;
}

const sizeOf = (s: InsnForm["operands"][number]["size"], v: 16 | 32): 8 | 16 | 32 => (s === "v" ? v : ((s || 16) as 8 | 16 | 32));

/** Decodes the instruction at `offset`, or returns undefined when the bytes are not one the table knows. */
export function decode(bytes: Uint8Array, offset: number, bits: 16 | 32, address: number): Decoded | undefined {
  const r = new Reader(bytes, offset);
  const prefixes: number[] = [];
  let rep: number | undefined;
  let seg: number | undefined;
  let osize: 16 | 32 = bits;
  let asize: 16 | 32 = bits;
  for (;;) {
    const b = r.peek();
    if (b === undefined) return undefined;
    if (b === 0xf2 || b === 0xf3) rep = b;
    else if (SEG_PREFIXES.includes(b)) seg = SEG_PREFIXES.indexOf(b);
    else if (b === 0x66) osize = bits === 16 ? 32 : 16;
    else if (b === 0x67) asize = bits === 16 ? 32 : 16;
    else if (b !== 0xf0) break;
    prefixes.push(b);
    r.pos++;
    if (prefixes.length > 14) return undefined;
  }
  const found = candidates(r, rep);
  if (!found) return undefined;
  const opcodeByte = r.peek(found.opcodeLength - 1)!;
  const hasModrm = found.forms.some((f) => f.modrm !== "none");
  const modrm = hasModrm ? r.peek(found.opcodeLength) : undefined;
  if (hasModrm && modrm === undefined) return undefined;
  const form = found.forms.find((f) => {
    if (f.mandatory !== undefined && rep !== f.mandatory) return false;
    if (f.osize === 16 || f.osize === 32) {
      if (f.osize !== osize) return false;
    }
    if (f.asize && f.asize !== asize) return false;
    // `90` is nop unless an operand-size prefix makes it xchg.
    if (f.mnemonic === "nop" && f.opcode[0] === 0x90 && prefixes.includes(0x66)) return false;
    if (f.modrm === "none") return true;
    if (typeof f.modrm === "number" && ((modrm! >> 3) & 7) !== f.modrm) return false;
    const isReg = modrm! >> 6 === 3;
    const rmSpec = f.operands.find((o) => o.kind === "rm" || o.kind === "mem" || o.kind === "farmem");
    if (rmSpec && rmSpec.kind !== "rm" && isReg) return false;
    if (f.regOnly && !isReg) return false;
    const sreg = f.operands.find((o) => o.kind === "sreg");
    if (sreg && ((modrm! >> 3) & 7) > 5) return false;
    // The 386 has CR0, CR2 and CR3 only.
    const creg = f.operands.some((o) => o.kind === "creg");
    if (creg && [1, 4, 5, 6, 7].includes((modrm! >> 3) & 7)) return false;
    return true;
  });
  if (!form) return undefined;

  try {
    r.pos += found.opcodeLength;
    const v = osize;
    const operands: DecodedOperand[] = [];
    let mem: DecodedMem | undefined;
    let modrmByte: number | undefined;
    if (form.modrm !== "none") {
      modrmByte = r.u(1);
      const registerOnly = form.operands.some((o) => o.kind === "rmreg"); // no displacement follows
      if (modrmByte >> 6 !== 3 && !registerOnly) mem = decodeModrmMem(r, modrmByte, asize, seg);
    }
    let relEnd: DecodedOperand | undefined;
    for (const spec of form.operands) {
      switch (spec.kind) {
        case "reg":
          operands.push({ kind: "reg", size: sizeOf(spec.size, v), num: (modrmByte! >> 3) & 7 });
          break;
        case "sreg":
          operands.push({ kind: "sreg", num: (modrmByte! >> 3) & 7 });
          break;
        case "creg":
          operands.push({ kind: "creg", num: (modrmByte! >> 3) & 7 });
          break;
        case "rmreg":
          operands.push({ kind: "reg", size: 32, num: modrmByte! & 7 });
          break;
        case "escop":
          operands.push({ kind: "imm", value: ((opcodeByte & 7) << 3) | ((modrmByte! >> 3) & 7), bytes: 0 });
          break;
        case "st":
          operands.push(mem ?? { kind: "st", num: modrmByte! & 7 });
          break;
        case "stplus":
        case "tost":
          operands.push({ kind: "st", num: opcodeByte & 7 });
          break;
        case "st0":
          operands.push({ kind: "st", num: 0 });
          break;
        case "rm":
        case "mem":
        case "farmem":
          operands.push(mem ?? { kind: "reg", size: sizeOf(spec.size, v), num: modrmByte! & 7 });
          break;
        case "opreg":
          operands.push({ kind: "reg", size: sizeOf(spec.size, v), num: opcodeByte & 7 });
          break;
        case "acc":
          operands.push({ kind: "reg", size: sizeOf(spec.size, v), num: 0 });
          break;
        case "cl":
          operands.push({ kind: "reg", size: 8, num: 1 });
          break;
        case "dx":
          operands.push({ kind: "reg", size: 16, num: 2 });
          break;
        case "seg":
          operands.push({ kind: "sreg", num: spec.seg! });
          break;
        case "one":
          operands.push({ kind: "imm", value: 1, bytes: 0 });
          break;
        case "imm": {
          const n = sizeOf(spec.size, v) / 8;
          operands.push({ kind: "imm", value: r.u(n), bytes: n });
          break;
        }
        case "simm8":
          operands.push({ kind: "imm", value: r.s(1), bytes: 1 });
          break;
        case "rel": {
          const n = spec.size === 8 ? 1 : v / 8;
          const d = r.s(n);
          relEnd = { kind: "rel", target: d, bytes: n };
          operands.push(relEnd);
          break;
        }
        case "moffs": {
          const n = asize / 8;
          operands.push({ kind: "mem", asize, scale: 1, disp: r.u(n), dispBytes: n, seg });
          break;
        }
        case "farptr": {
          const off = r.u(v / 8);
          operands.push({ kind: "far", seg: r.u(2), off });
          break;
        }
      }
    }
    const length = r.pos - offset;
    if (relEnd && relEnd.kind === "rel") {
      const mask = v === 16 ? 0xffff : 0xffffffff;
      relEnd.target = (address + length + relEnd.target) & mask;
      if (relEnd.target < 0) relEnd.target += 2 ** 32;
    }
    return { form, length, osize, asize, operands, prefixes };
  } catch (err) {
    if (err instanceof RangeError) return undefined;
    throw err;
  }
}
