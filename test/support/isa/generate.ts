/**
 * Generates NASM source exercising the instruction table: every form, in random but seeded
 * variations of registers, addressing modes (16- and 32-bit, segment overrides, every
 * displacement size), immediates and branch distances. The nasm corpus tests assemble its
 * output with nasm and with our assembler; the core's fuzzer can use `generateInstruction`
 * to draw single instructions from the same table.
 */
import { Prng } from "../../../src/util/prng.js";
import { REG16, REG32, REG8, SREG } from "../../../src/isa/registers.js";
import { FORMS, type InsnForm, type OperandSpec } from "../../../src/isa/table.js";

export interface CorpusOptions {
  seed: number;
  bits: 16 | 32;
  /** Instances generated per table form (default 10). */
  perForm?: number;
  org?: number;
}

export interface Corpus {
  source: string;
  /** Instruction lines generated (labels and directives excluded). */
  instructions: number;
}

const SIZE_KW: Record<number, string> = { 8: "byte", 16: "word", 32: "dword", 64: "qword", 80: "tword" };
const hex = (n: number) => "0x" + n.toString(16);

/** Draws operand text for one form; labels are asked from `label` for branch targets. */
export class InstructionGenerator {
  constructor(
    private readonly rng: Prng,
    private readonly bits: 16 | 32,
    private readonly label: (kind: "short" | "any") => string,
  ) {}

  private reg(size: 8 | 16 | 32): string {
    return this.rng.pick(size === 8 ? REG8 : size === 16 ? REG16 : REG32);
  }

  private disp(bytes: 1 | 2 | 4): number {
    const r = this.rng;
    if (bytes === 1) return r.range(-128, 127);
    if (bytes === 2) return r.chance(0.5) ? r.range(128, 0x7fff) : -r.range(129, 0x8000);
    return r.chance(0.5) ? r.range(0x80, 0x7fffffff) : -r.range(0x81, 0x7fffffff);
  }

  private withDisp(parts: string[], dispBytes: 0 | 1 | 2 | 4): string {
    let text = parts.join("+");
    if (dispBytes) {
      const d = this.disp(dispBytes);
      text += d < 0 ? `-${hex(-d)}` : `+${hex(d)}`;
    }
    return text;
  }

  /** A memory reference `[...]` with a random addressing mode. */
  memory(keyword = false): string {
    const r = this.rng;
    const asize = r.chance(0.85) ? this.bits : this.bits === 16 ? 32 : 16;
    let inner: string;
    const dispBytes = (): 0 | 1 | 2 | 4 => r.pick([0, 1, 1, asize === 16 ? 2 : 4] as const);
    if (asize === 16) {
      const mode = r.below(4);
      if (mode === 0) inner = (this.bits === 32 ? "word " : "") + hex(r.range(0, 0xffff));
      else if (mode === 1) inner = this.withDisp([r.pick(["bx", "bp", "si", "di"])], dispBytes());
      else inner = this.withDisp(r.chance(0.5) ? [r.pick(["bx", "bp"]), r.pick(["si", "di"])] : [r.pick(["si", "di"]), r.pick(["bx", "bp"])], dispBytes());
    } else {
      const mode = r.below(6);
      const index = () => r.pick(REG32.filter((x) => x !== "esp"));
      if (mode === 0) inner = (this.bits === 16 ? "dword " : "") + hex(r.nextU32());
      else if (mode === 1) inner = this.withDisp([r.pick(REG32)], dispBytes());
      else if (mode === 2) inner = this.withDisp([r.pick(REG32), `${index()}*${r.pick([1, 2, 4, 8])}`], dispBytes());
      else if (mode === 3) inner = this.withDisp([`${index()}*${r.pick([1, 2, 3, 4, 5, 8, 9])}`], dispBytes());
      else if (mode === 4) inner = this.withDisp([r.pick(REG32), index()], dispBytes());
      else inner = this.withDisp([r.pick(["esp", "ebp"])], dispBytes());
    }
    if (r.chance(0.15)) {
      const seg = r.pick(SREG);
      // nasm reads `far es:[...]` as a size on the register es: after a keyword, only [es:...].
      return r.chance(0.5) || keyword ? `[${seg}:${inner}]` : `${seg}:[${inner}]`;
    }
    return `[${inner}]`;
  }

  private imm(size: 8 | 16 | 32, signedByte: boolean): string {
    const r = this.rng;
    if (signedByte) {
      const v = r.range(-128, 127);
      return v < 0 ? `-${hex(-v)}` : hex(v);
    }
    if (size === 8) return hex(r.below(256));
    const pick = r.below(4);
    if (pick === 0) return hex(r.range(0, 127));
    if (pick === 1) return `-${hex(r.range(1, 128))}`;
    return hex(size === 16 ? r.below(0x10000) : r.nextU32());
  }

  /** Operand texts for one instance of `form`, or undefined when the form cannot be written. */
  operands(form: InsnForm): string[] | undefined {
    const r = this.rng;
    // ndisasm reads 9B as a prefix of what follows (`wait nop`, 9B DD /6 as fsave): the FWAIT
    // forms are compared on their own (test/asm-x87-nasm.test.ts), not in a shuffled corpus.
    if (form.opcode[0] === 0x9b) return undefined;
    const v: 16 | 32 = r.chance(0.7) ? this.bits : this.bits === 16 ? 32 : 16;
    const size = (s: OperandSpec["size"]) => (s === "v" ? v : s || 16) as 8 | 16 | 32;
    const hasReg = form.operands.some((o) => ["reg", "opreg", "acc"].includes(o.kind));
    const out: string[] = [];
    for (const spec of form.operands) {
      const s = size(spec.size);
      switch (spec.kind) {
        case "reg":
        case "opreg":
          out.push(this.reg(s));
          break;
        case "acc":
          out.push(s === 8 ? "al" : s === 16 ? "ax" : "eax");
          break;
        case "rm":
          if (form.regOnly || r.chance(0.5)) out.push(this.reg(s));
          else if (hasReg && r.chance(0.4) && spec.size === "v") out.push(this.memory());
          else out.push(`${SIZE_KW[s]} ${this.memory(true)}`);
          break;
        case "stplus":
          out.push(`st${r.below(8)}`);
          break;
        case "tost":
          out.push(`to st${r.below(8)}`);
          break;
        case "st0":
          out.push("st0");
          break;
        case "mem":
          out.push(spec.size && (form.sizedMem || r.chance(0.5)) ? `${SIZE_KW[spec.size as number]} ${this.memory(true)}` : this.memory());
          break;
        case "farmem":
          out.push(`${v === this.bits && r.chance(0.5) ? "" : SIZE_KW[v] + " "}far ${this.memory(true)}`);
          break;
        case "moffs": {
          const seg = r.chance(0.2) ? `${r.pick(SREG)}:` : "";
          out.push(`[${seg}${hex(this.bits === 16 ? r.below(0x10000) : r.nextU32())}]`);
          break;
        }
        case "cl":
          out.push("cl");
          break;
        case "dx":
          out.push("dx");
          break;
        case "one":
          out.push("1");
          break;
        case "seg":
          out.push(SREG[spec.seg!]);
          break;
        case "sreg": {
          const dest = out.length === 0;
          out.push(r.pick(dest ? SREG.filter((x) => x !== "cs") : SREG));
          break;
        }
        case "imm": {
          // With nothing else to size it, an immediate takes the mode's size unless told.
          const onlyImm = form.operands.every((o) => o.kind === "imm" || o.kind === "simm8");
          out.push((spec.size === "v" && onlyImm && v !== this.bits ? SIZE_KW[v] + " " : "") + this.imm(s, false));
          break;
        }
        case "simm8":
          out.push(this.imm(8, true));
          break;
        case "rel": {
          const rel8Only = form.mnemonic.startsWith("loop") || form.mnemonic.endsWith("cxz");
          const canShort = !rel8Only && form.mnemonic !== "call";
          const kw = rel8Only ? "" : r.pick(canShort ? ["", "", "", "short ", "near "] : ["", "near "]);
          const near = rel8Only || kw === "short " || (spec.size === 8 && r.chance(0.5));
          out.push(kw + this.label(near ? "short" : "any"));
          break;
        }
        case "farptr":
          out.push(`${v !== this.bits ? SIZE_KW[v] + " " : ""}${hex(r.below(0x10000))}:${hex(v === 16 ? r.below(0x10000) : r.nextU32())}`);
          break;
      }
    }
    return out;
  }

  /** One instruction line for `form`: optional prefixes, mnemonic, operands. */
  instruction(form: InsnForm): string | undefined {
    const ops = this.operands(form);
    if (!ops) return undefined;
    const r = this.rng;
    const names = [form.mnemonic, ...form.aliases];
    let line = r.pick(names);
    const hasMem = ops.some((o) => o.includes("["));
    if (form.rep && r.chance(0.5)) line = `${r.pick(form.rep === "repcc" ? ["repe", "repne", "repz", "repnz"] : ["rep"])} ${line}`;
    else if (form.lock && hasMem && r.chance(0.3)) line = `lock ${line}`;
    if (form.rep && r.chance(0.2)) line = `${r.pick(SREG)} ${line}`;
    if (form.rep && r.chance(0.1)) line = `${this.bits === 16 ? "a32" : "a16"} ${line}`;
    return ops.length ? `${line} ${ops.join(", ")}` : line;
  }
}

/**
 * A corpus source: `bits`, `org`, then `perForm` instances of every assembler form, shuffled,
 * with labels sprinkled between them for the branches to reach forward and back.
 */
export function generateCorpus(options: CorpusOptions): Corpus {
  const rng = new Prng(options.seed ^ (options.bits << 24));
  const perForm = options.perForm ?? 10;
  const forms = FORMS.filter((f) => !f.disOnly);
  const order: InsnForm[] = [];
  for (const f of forms) for (let i = 0; i < perForm; i++) order.push(f);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }

  const lines: string[] = [`bits ${options.bits}`, `org ${hex(options.org ?? 0)}`];
  let labels = 0; // labels defined so far: L0 .. L(labels-1)
  let maxRef = -1;
  let pendingNext = false; // a short branch wants a label right after it
  const label = (kind: "short" | "any"): string => {
    let n: number;
    if (kind === "short") {
      if (rng.chance(0.5) || labels === 0) {
        pendingNext = true;
        n = labels; // defined right after this instruction
      } else {
        lines.push(`L${labels}:`);
        n = labels++;
      }
    } else {
      const back = labels > 0 && rng.chance(0.5);
      n = back ? Math.max(0, labels - 1 - rng.below(60)) : labels + rng.below(60);
    }
    maxRef = Math.max(maxRef, n);
    return `L${n}`;
  };
  const gen = new InstructionGenerator(rng, options.bits, label);
  let instructions = 0;
  for (const form of order) {
    const text = gen.instruction(form);
    if (!text) continue;
    lines.push(text);
    instructions++;
    if (pendingNext || rng.chance(0.25)) {
      lines.push(`L${labels++}:`);
      pendingNext = false;
    }
  }
  while (labels <= maxRef) lines.push(`L${labels++}:`);
  return { source: lines.join("\n") + "\n", instructions };
}
