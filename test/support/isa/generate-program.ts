/**
 * Generates whole NASM programs from a seed: `bits 16` and `32` (switched mid-file), `org`,
 * sections `.text .data .bss` in any order and repeated, global and local labels referenced
 * from everywhere, jumps forward and back at distances around the short/near boundary (where
 * one jump's size moves another's target), `equ` before and after use, label differences,
 * every expression operator, `$` and `$$`, data in every notation, `times`, `res*`, `align`,
 * memory operands built from labels and constants, size keywords and prefixes. Instruction
 * lines of every table form come from InstructionGenerator.
 *
 * Only what `nasm -f bin` accepts without a warning is generated: values fit their fields,
 * rel8-only branches (loop, jcxz, `short`) are placed within reach by bounding the bytes between
 * them and their target, and critical expressions (`times`, `res*`) use earlier definitions only.
 */
import { Prng } from "../../../src/util/prng.js";
import { ExprGenerator, type Constant, type GenExpr } from "./generate-expr.js";
import { OperandGenerator, type Sect, type Size, type Symbols } from "./generate-operands.js";
import { InstructionGenerator } from "./generate.js";
import { FORMS } from "../../../src/isa/table.js";

export interface ProgramOptions {
  seed: number;
  /** Blocks of code, data or reservations (default 24). */
  blocks?: number;
}

/** Upper bound of the bytes of one instruction line, prefixes included. */
const INSN_MAX = 16;
/** Past this many bytes in all sections, no new block starts (16-bit addresses must fit). */
const PROGRAM_MAX = 0x5000;
const CONDS = ["jo", "jno", "jb", "jc", "jnae", "jae", "jnb", "jnc", "je", "jz", "jne", "jnz", "jbe", "jna", "ja",
  "jnbe", "js", "jns", "jp", "jpe", "jnp", "jpo", "jl", "jnge", "jge", "jnl", "jle", "jng", "jg", "jnle"];
const REL8_ONLY = ["loop", "loope", "loopz", "loopne", "loopnz", "jcxz", "jecxz"];
const LOCAL_NAMES = ["L", "loop", "next", "skip", "done", "again", "x"];
const FORMS_ASM = FORMS.filter((f) => !f.disOnly);

interface Label {
  name: string;
  sect: Sect;
}

export function generateProgram(options: ProgramOptions): string {
  return new ProgramGenerator(options.seed).run(options.blocks ?? 24);
}

class ProgramGenerator implements Symbols {
  private readonly r: Prng;
  private readonly x: ExprGenerator;
  private readonly ops: OperandGenerator;
  private readonly out: string[] = [];
  bits: 16 | 32 = 16;
  private sect: Sect = ".text";
  /** org above 64K: 32-bit code only, and labels never in 16-bit fields. */
  wide = false;
  /** Per section, an upper bound of `$ - $$` (sum of each line's largest size). */
  private readonly maxPos: Record<Sect, number> = { ".text": 0, ".data": 0, ".bss": 0 };
  readonly consts: Constant[] = [];
  readonly layoutNums: string[] = [];
  readonly addrAliases: Label[] = [];
  private deferred: string[] = [];
  private counter = 0;
  /** Every global label, defined or promised, and the ones promised but not yet defined. */
  private readonly globals: Label[] = [];
  private readonly pending: Record<Sect, string[]> = { ".text": [], ".data": [], ".bss": [] };
  private readonly codeLabels: string[] = [];
  readonly pastLocals: Label[] = [];
  // The current block: its scope, locals defined (with maxPos when defined) and promised.
  private scope = "";
  private locals: { name: string; at: number }[] = [];
  private forward = new Set<string>();
  private short: { name: string; limit: number }[] = [];
  private newShort: string[] = [];
  private readonly insn: Record<16 | 32, InstructionGenerator>;

  constructor(seed: number) {
    this.r = new Prng(seed ^ 0x5eed);
    this.x = new ExprGenerator(this.r);
    this.ops = new OperandGenerator(this.r, this.x, this);
    const label = (kind: "short" | "any") => (kind === "short" ? this.shortTarget() : this.anyTarget());
    this.insn = { 16: new InstructionGenerator(this.r, 16, label), 32: new InstructionGenerator(this.r, 32, label) };
  }

  run(blocks: number): string {
    this.header();
    for (let b = 0; b < blocks && this.total() < PROGRAM_MAX; b++) this.block();
    this.finish();
    return this.out.join("\n") + "\n";
  }

  // ---- bookkeeping ----

  private name(prefix: string): string {
    const decor = this.r.pick(["", "", "", "_", "?", "@", "#", "~"]);
    return `${prefix}${decor}${this.counter++}`;
  }

  private total(): number {
    return this.maxPos[".text"] + this.maxPos[".data"] + this.maxPos[".bss"];
  }

  /** Appends a line that occupies at most `max` bytes, first defining any rel8-only target that
   *  would otherwise fall out of reach. */
  private emit(line: string, max: number): void {
    for (const s of [...this.short]) if (this.maxPos[this.sect] + max > s.limit) this.defineLocal(s.name);
    if (this.r.chance(0.05)) line += this.r.pick(["  ; note", " ;", "\t; it's a comment, with 'quotes'"]);
    this.out.push(line);
    this.maxPos[this.sect] += max;
    for (const name of this.newShort) this.short.push({ name, limit: this.maxPos[this.sect] + 127 });
    this.newShort = [];
  }

  private defineLocal(name: string, rest?: string, max = 0): void {
    this.short = this.short.filter((s) => s.name !== name);
    this.forward.delete(name);
    this.locals.push({ name, at: this.maxPos[this.sect] });
    if (rest) this.emit(`${name}: ${rest}`, max);
    else this.out.push(`${name}:`);
  }

  private newLocal(): string {
    return `.${this.r.pick(LOCAL_NAMES)}${this.counter++}`;
  }

  private startScope(name: string): void {
    this.scope = name;
    this.locals = [];
  }

  private endScope(): void {
    for (const name of new Set([...this.forward, ...this.short.map((s) => s.name)])) this.defineLocal(name);
    for (const l of this.locals) this.pastLocals.push({ name: this.scope + l.name, sect: this.sect });
  }

  /** A global label of `sect`, defined already or promised (defined by a later block). */
  globalOf(sect: Sect): string {
    const known = this.globals.filter((g) => g.sect === sect);
    if (known.length && this.r.chance(0.7)) return this.r.pick(known).name;
    const name = this.name(sect === ".text" ? "fn" : sect === ".data" ? "dat" : "buf");
    this.pending[sect].push(name);
    this.globals.push({ name, sect });
    if (sect === ".text") this.codeLabels.push(name);
    return name;
  }

  private switchTo(sect: Sect): void {
    if (sect === this.sect && this.r.chance(0.9)) return;
    const attr = sect !== ".text" && this.r.chance(0.1) ? ` align=${this.r.pick([4, 8, 16])}` : "";
    this.out.push(this.r.pick([`section ${sect}${attr}`, `segment ${sect}${attr}`, `[section ${sect}]`, `SECTION ${sect}${attr}`]));
    this.sect = sect;
  }

  private setBits(bits: 16 | 32): void {
    this.bits = bits;
    this.out.push(this.r.pick([`bits ${bits}`, `[bits ${bits}]`, `BITS ${bits}`, `use${bits}`]));
  }

  // ---- program structure ----

  private header(): void {
    const r = this.r;
    this.out.push(`; generated program (generate-program.ts)`);
    this.wide = r.chance(0.12);
    if (this.wide || r.chance(0.4)) this.setBits(32);
    else if (r.chance(0.5)) this.setBits(16);
    const org = this.wide
      ? r.pick([0x10000, 0x100000, 0x400000, 0x8048000, 0x12345678])
      : r.pick([0, 0x100, 0x7c00, 0x1000, 0x600, r.below(0x800) * 16, r.below(0x7000)]);
    if (org || r.chance(0.3)) {
      const text = this.x.literal(BigInt(org));
      this.out.push(r.chance(0.2) ? `[org ${text}]` : `org ${text}`);
    }
  }

  private block(): void {
    const r = this.r;
    if (!this.wide && r.chance(0.12)) this.setBits(this.bits === 16 ? 32 : 16);
    if (this.deferred.length && r.chance(0.2)) this.out.push(...this.deferred.splice(0, r.range(1, this.deferred.length)));
    const kind = r.weighted([
      { weight: 10, value: "code" },
      { weight: 5, value: "data" },
      { weight: 3, value: "bss" },
      { weight: 1, value: "pad" },
      { weight: 2, value: "equ" },
    ] as const);
    if (kind === "code") {
      this.switchTo(r.chance(0.9) ? ".text" : ".data");
      this.codeBlock();
    } else if (kind === "data") {
      this.switchTo(r.chance(0.85) ? ".data" : ".text");
      this.dataBlock();
    } else if (kind === "bss") {
      this.switchTo(".bss");
      this.bssBlock();
    } else if (kind === "pad") {
      this.switchTo(r.pick([".text", ".data", ".bss"] as const));
      this.pad();
    } else {
      for (let i = r.range(1, 3); i > 0; i--) this.equ();
    }
  }

  private finish(): void {
    this.out.push(...this.deferred);
    for (const sect of [".text", ".data", ".bss"] as const) {
      if (!this.pending[sect].length) continue;
      this.switchTo(sect);
      for (const name of this.pending[sect]) {
        this.out.push(sect === ".text" ? `${name}: ret` : sect === ".data" ? `${name}: db 0` : `${name}: resb 1`);
      }
    }
  }

  /** A global label for a new block in the current section: a promised one, or a new one. */
  private blockLabel(prefix: string): string {
    const promised = this.pending[this.sect];
    const name = promised.length && this.r.chance(0.7) ? promised.shift()! : this.name(prefix);
    if (!this.globals.some((g) => g.name === name)) {
      this.globals.push({ name, sect: this.sect });
      if (prefix === "fn") this.codeLabels.push(name);
    }
    this.startScope(name);
    return name;
  }

  private codeBlock(): void {
    const r = this.r;
    const name = this.blockLabel("fn");
    this.out.push(r.chance(0.8) ? `${name}:` : name + ":\t");
    for (let n = r.range(3, 14); n > 0; n--) {
      const pick = r.weighted([
        { weight: 6, value: 0 },
        { weight: 3, value: 1 },
        { weight: 3, value: 2 },
        { weight: 5, value: 3 },
        { weight: 3, value: 4 },
        { weight: 1, value: 5 },
        { weight: 1, value: 6 },
        { weight: 1, value: 7 },
        { weight: 1, value: 8 },
        { weight: 1, value: 9 },
      ]);
      if (pick === 0) this.tableInsn();
      else if (pick === 1) this.emit(this.ops.memInsn(), INSN_MAX);
      else if (pick === 2) this.emit(this.ops.immInsn(), INSN_MAX);
      else if (pick === 3) this.branch();
      else if (pick === 4) this.localHere();
      else if (pick === 5) this.emit(this.ops.prefixed(), INSN_MAX);
      else if (pick === 6) this.repeatOrAlign();
      else if (pick === 7) this.dataLine();
      else if (pick === 8) this.equ();
      else this.jumpCluster();
      if (!this.wide && r.chance(0.03)) this.setBits(this.bits === 16 ? 32 : 16);
    }
    this.endScope();
    if (r.chance(0.6)) this.emit(r.pick(["ret", "retn", "hlt", `jmp ${this.globalOf(".text")}`]), INSN_MAX);
  }

  private localHere(): void {
    const r = this.r;
    const promised = [...this.forward];
    const name = promised.length && r.chance(0.6) ? r.pick(promised) : this.newLocal();
    if (r.chance(0.3)) this.defineLocal(name, r.pick(["nop", "inc ax", "dec ecx", "push bx", "pop es"]), INSN_MAX);
    else this.defineLocal(name);
  }

  private tableInsn(): void {
    for (;;) {
      const form = this.r.pick(FORMS_ASM);
      const text = this.insn[this.bits].instruction(form);
      // nasm warns about `lock` unless memory is the first operand (`lock xchg al, [bx]`).
      if (!text || /^lock \w+ [a-z]+,/.test(text)) continue;
      // Mnemonics, registers and keywords in any case (labels keep theirs: only label-free lines).
      const upper = this.r.chance(0.08) && !form.operands.some((o) => o.kind === "rel");
      return this.emit(upper ? text.toUpperCase() : text, INSN_MAX);
    }
  }

  // ---- branches ----

  /** A target in reach of a rel8 branch: a close local behind, `$`-relative, or a new local
   *  that `emit` defines before it could fall out of reach. */
  private shortTarget(): string {
    const r = this.r;
    const here = this.maxPos[this.sect];
    const back = this.locals.filter((l) => here + INSN_MAX - l.at <= 128);
    if (back.length && r.chance(0.4)) return r.pick(back).name;
    if (r.chance(0.15)) return this.dollar(100);
    const name = this.newLocal();
    this.newShort.push(name);
    return name;
  }

  private dollar(reach: number): string {
    const k = this.r.range(-reach, reach);
    return k === 0 ? "$" : k > 0 ? `$+${k}` : `$-${-k}`;
  }

  private anyTarget(): string {
    const r = this.r;
    const p = r.below(10);
    if (p < 3 && this.locals.length) return r.pick(this.locals).name;
    if (p < 5) {
      const name = this.newLocal();
      this.forward.add(name);
      return name;
    }
    if (p < 8) return r.chance(0.8) || !this.codeLabels.length ? this.globalOf(".text") : r.pick(this.codeLabels);
    if (p < 9 && this.pastLocals.length) return r.pick(this.pastLocals).name;
    if (r.chance(0.3) && this.addrAliases.length) return r.pick(this.addrAliases).name;
    return r.chance(0.8) ? this.dollar(400) : this.x.literal(BigInt(r.below(this.wide ? 0x10000000 : 0x10000)));
  }

  private branch(): void {
    const r = this.r;
    const kind = r.below(10);
    if (kind < 2) {
      const m = r.pick(REL8_ONLY);
      this.emit(`${m} ${this.shortTarget()}`, INSN_MAX);
    } else if (kind < 3) {
      this.emit(`${r.pick(["jmp", ...CONDS])} short ${this.shortTarget()}`, INSN_MAX);
    } else if (kind < 5) {
      this.emit(`call ${r.chance(0.2) ? "near " : ""}${this.anyTarget()}`, INSN_MAX);
    } else if (kind < 6) {
      this.emit(`jmp ${this.x.literal(BigInt(r.below(0x10000)))}:${this.globalOf(".text")}`, INSN_MAX);
    } else {
      this.emit(`${r.pick(["jmp", ...CONDS])} ${r.chance(0.2) ? "near " : ""}${this.anyTarget()}`, INSN_MAX);
    }
  }

  /**
   * Jumps over fillers of known size, each filler either small or close to 127 bytes, so that
   * whether one jump is short depends on the sizes NASM chose for the jumps it passes over.
   */
  private jumpCluster(): void {
    const r = this.r;
    const labels = Array.from({ length: r.range(2, 4) }, () => this.newLocal());
    let defined = 0;
    const steps = r.range(4, 9);
    for (let s = 0; s < steps || defined < labels.length; s++) {
      const p = r.below(3);
      if (p === 0 && defined < labels.length) {
        this.defineLocal(labels[defined++]);
      } else if (p === 1) {
        const target = r.pick(labels);
        if (!this.locals.some((l) => l.name === target)) this.forward.add(target);
        const m = r.pick(["jmp", "jmp", "call", ...CONDS]);
        this.emit(`${m} ${target}`, INSN_MAX);
      } else {
        const size = r.chance(0.5) ? r.range(100, 126) : r.range(0, 8);
        const fill = r.pick([`times ${size} nop`, `times ${size} db 0x${r.below(256).toString(16)}`, `times ${size >> 1} dw 0`]);
        this.emit(fill, size);
      }
    }
  }

  // ---- repetition, alignment and data ----

  /** A count NASM can evaluate in its first pass: earlier constants only. */
  private count(mask: bigint): GenExpr {
    return this.x.masked(this.x.expr(this.r.range(0, 2), this.consts.filter((c) => c.early)), mask);
  }

  private repeatOrAlign(): void {
    const r = this.r;
    if (r.chance(0.5)) {
      const n = this.count(7n);
      const body = r.pick(["nop", "inc ax", "push eax", "db 0x90", "dw 0x1234", `mov al, ${this.x.literal(BigInt(r.below(256)))}`, "movsb"]);
      this.emit(`times ${n.text} ${body}`, Number(n.value) * INSN_MAX);
    } else {
      const n = r.pick([1, 2, 4, 8, 16]);
      const fill = r.pick(["", "", ", db 0", ", db 0xcc", ", nop", ", int3"]);
      this.emit(`align ${n}${fill}`, n);
    }
  }

  /** One data line (`db`/`dw`/`dd` list, or `times` of one), returns its exact size. */
  private dataLine(label = ""): number {
    const r = this.r;
    const unit = r.pick([1, 1, 2, 4] as const);
    const items: string[] = [];
    let size = 0;
    for (let n = r.range(1, 6); n > 0; n--) {
      const p = r.below(10);
      if (p < 3) {
        const s = this.x.string(r.chance(0.1) ? 0 : r.range(1, 12));
        const len = s.text.length === 2 ? 0 : this.stringBytes(s.bytes.length, unit);
        items.push(s.text);
        size += len;
        continue;
      }
      items.push(this.ops.value((unit * 8) as Size).text);
      size += unit;
    }
    // NASM also takes a comma after the last item.
    let line = `${{ 1: "db", 2: "dw", 4: "dd" }[unit]} ${items.join(r.chance(0.5) ? ", " : ",")}${r.chance(0.05) ? "," : ""}`;
    if (r.chance(0.15)) {
      const n = this.count(3n);
      line = `times ${n.text} ${line}`;
      size *= Number(n.value);
    }
    this.emit(label + line, size);
    return size;
  }

  private stringBytes(n: number, unit: number): number {
    return Math.ceil(n / unit) * unit;
  }

  private dataBlock(): void {
    const r = this.r;
    const name = this.blockLabel("dat");
    // `msg db 'hi'` and `msg: times 3 db 0` as well as a label on its own line.
    let label = r.pick([`${name}: `, `${name} `, ""]);
    if (!label) this.out.push(`${name}:`);
    let exact = true;
    let since = 0;
    for (let n = r.range(1, 6); n > 0; n--) {
      const p = label ? 0 : r.below(10);
      if (p < 6) {
        since += this.dataLine(label);
        label = "";
      } else if (p < 7) {
        const local = this.newLocal();
        this.defineLocal(local);
      } else if (p < 8) {
        const a = r.pick([2, 4, 8, 16]);
        this.emit(`align ${a}${r.pick(["", ", db 0", ", db 0xff"])}`, a);
        exact = false;
      } else {
        const lenName = this.name("len");
        this.out.push(`${lenName}${r.chance(0.2) ? ":" : ""} equ $ - ${name}`);
        if (exact) this.consts.push({ name: lenName, value: BigInt(since), early: true });
        else this.layoutNums.push(lenName);
      }
    }
    this.endScope();
  }

  private bssBlock(): void {
    const r = this.r;
    const name = this.blockLabel("buf");
    let first = true;
    for (let n = r.range(1, 4); n > 0; n--) {
      const p = r.below(10);
      const label = first ? `${name}: ` : r.chance(0.3) ? `${this.newLocal()}: ` : "";
      if (label.startsWith(".")) this.locals.push({ name: label.slice(0, -2), at: this.maxPos[this.sect] });
      first = false;
      if (p < 7) {
        const unit = r.pick([1, 2, 4]);
        const count = this.count(63n);
        this.emit(`${label}${["resb", "resw", "", "resd"][unit - 1]} ${count.text}`, Number(count.value) * unit);
      } else if (p < 8) {
        this.emit(`${label}times ${r.range(1, 4)} resd ${r.range(1, 3)}`, 48);
      } else {
        const a = r.pick([2, 4, 8, 16]);
        if (label) this.out.push(label.trim());
        this.emit(`alignb ${a}`, a);
      }
    }
    this.endScope();
  }

  /** `times N-($-$$) db 0`: pads the section to N bytes (N at least its largest size so far). */
  private pad(): void {
    const r = this.r;
    const n = this.maxPos[this.sect] + r.range(0, 40);
    const nText = this.x.literal(BigInt(n));
    const body = this.sect === ".bss" ? "resb 1" : r.pick(["db 0", "db 0x90", "nop"]);
    this.out.push(r.pick([`times ${nText}-($-$$) ${body}`, `times (${nText} - ($ - $$)) ${body}`]));
    this.maxPos[this.sect] = n;
    if (this.sect === ".text" && r.chance(0.3)) this.emit("dw 0xaa55", 2);
  }

  /** An `equ`: a constant expression (maybe defined only after its first use), a label
   *  difference, or an address alias. */
  private equ(): void {
    const r = this.r;
    const p = r.below(10);
    const name = this.name("val");
    if (p < 5) {
      const early = r.chance(0.5);
      const e = this.x.expr(r.range(0, 4), early ? this.consts.filter((c) => c.early) : this.consts);
      const later = !early && r.chance(0.5);
      this.consts.push({ name, value: e.value!, early });
      const line = `${name} equ ${e.text}`;
      if (later) this.deferred.push(line);
      else this.out.push(line);
    } else if (p < 8) {
      this.out.push(`${name} equ ${this.ops.layoutNumber().text}`);
      this.layoutNums.push(name);
    } else if (r.chance(0.3)) {
      // `here equ $`: an address in the current section.
      this.out.push(`${name} equ ${r.pick(["$", "$ + 1", "$ - 2", "$$ + 3"])}`);
      this.addrAliases.push({ name, sect: this.sect });
    } else {
      const sect = r.pick([".text", ".data", ".bss"] as const);
      const label = this.globalOf(sect);
      this.out.push(`${name} equ ${label} + ${this.x.literal(BigInt(r.below(16)))}`);
      this.addrAliases.push({ name, sect });
    }
  }
}
