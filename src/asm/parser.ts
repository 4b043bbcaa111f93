/**
 * Turns source lines into statements: an optional label, then a directive, data, or an
 * instruction with prefixes and parsed operands. Expressions stay unevaluated here; the layout
 * passes evaluate them once symbol values are known.
 */
import { AsmError, TokenStream, parseExpr, type Expr } from "./expr.js";
import { LexError, tokenize, type Token } from "./lexer.js";
import { formsFor } from "../isa/table.js";
import { lookupReg } from "../isa/registers.js";

export type SizeKw = 8 | 16 | 32 | 64 | 80;

export interface RegOperand {
  kind: "reg";
  name: string;
  /** Written `to st3` (nasm's x87 direction keyword). */
  to?: boolean;
  col: number;
}
export interface MemOperand {
  kind: "mem";
  /** Operand size from `byte`/`word`/`dword` before the brackets. */
  size?: SizeKw;
  /** Displacement size from `[byte ...]`, `[word ...]`, `[dword ...]`. */
  dispSize?: 8 | 16 | 32;
  seg?: string;
  expr: Expr | null;
  far: boolean;
  nosplit: boolean;
  col: number;
}
export interface ImmOperand {
  kind: "imm";
  expr: Expr;
  size?: SizeKw;
  strict: boolean;
  jump?: "short" | "near" | "far";
  col: number;
}
export interface FarOperand {
  kind: "far";
  seg: Expr;
  off: Expr;
  size?: SizeKw;
  col: number;
}
export type Operand = RegOperand | MemOperand | ImmOperand | FarOperand;

export interface InsnStmt {
  kind: "insn";
  prefixes: { name: string; col: number }[];
  mnemonic: string;
  col: number;
  operands: Operand[];
}
export type DataItem = { bytes: number[]; col: number } | { expr: Expr; col: number };
export type Stmt =
  | InsnStmt
  | { kind: "data"; unit: 1 | 2 | 4; items: DataItem[]; col: number }
  | { kind: "res"; unit: 1 | 2 | 4; count: Expr; col: number }
  | { kind: "align"; n: Expr; fill: Stmt | null; bss: boolean; col: number }
  | { kind: "times"; count: Expr; body: Stmt; col: number }
  | { kind: "equ"; expr: Expr; col: number }
  | { kind: "bits"; bits: 16 | 32; col: number }
  | { kind: "org"; expr: Expr; col: number }
  | { kind: "section"; name: string; align?: number; nobits?: boolean; col: number };

export interface Line {
  line: number;
  source: string;
  label?: { name: string; col: number };
  stmt?: Stmt;
}

export interface ParseError {
  line: number;
  col: number;
  message: string;
}

export const PREFIXES = new Set([
  "rep", "repe", "repz", "repne", "repnz", "lock", "o16", "o32", "a16", "a32",
  "es", "cs", "ss", "ds", "fs", "gs",
]);
const DATA: Record<string, 1 | 2 | 4> = { db: 1, dw: 2, dd: 4 };
const RES: Record<string, 1 | 2 | 4> = { resb: 1, resw: 2, resd: 4 };
const SIZES: Record<string, SizeKw> = { byte: 8, word: 16, dword: 32, qword: 64, tword: 80 };
const IGNORED = new Set(["global", "cpu", "default"]);
const DIRECTIVES = new Set(["bits", "use16", "use32", "org", "section", "segment", "align", "alignb", "times", "equ", "extern", ...IGNORED]);

function isKeyword(word: string): boolean {
  const w = word.toLowerCase();
  return w in DATA || w in RES || DIRECTIVES.has(w) || PREFIXES.has(w) || formsFor(w).length > 0;
}

export class Parser {
  private scope = "";
  readonly errors: ParseError[] = [];

  parseSource(source: string): Line[] {
    const lines: Line[] = [];
    source.split("\n").forEach((text, i) => {
      const line: Line = { line: i + 1, source: text.replace(/\r$/, "") };
      try {
        this.parseLine(tokenize(line.source), line);
      } catch (err) {
        if (err instanceof AsmError || err instanceof LexError) {
          this.errors.push({ line: line.line, col: err.col, message: err.message });
        } else throw err;
      }
      lines.push(line);
    });
    return lines;
  }

  private expr(ts: TokenStream): Expr {
    return parseExpr(ts, this.scope);
  }

  private parseLine(tokens: Token[], line: Line): void {
    const ts = new TokenStream(tokens);
    if (ts.atEnd()) return;
    // `[bits 32]` and `[section .data]` bracket forms of directives.
    if (ts.isOp("[") && ts.peek(1).kind === "ident" && !lookupReg(ts.peek(1).text.toLowerCase())) {
      const inner = tokens.slice(1);
      const close = inner.findIndex((t) => t.kind === "op" && t.text === "]");
      if (close >= 0) {
        line.stmt = this.parseStatement(new TokenStream([...inner.slice(0, close), inner[inner.length - 1]]));
        return;
      }
    }
    const first = ts.peek();
    const second = ts.peek(1);
    const labelNoColon =
      !isKeyword(first.text) && (second.kind === "eol" || (second.kind === "ident" && isKeyword(second.text)));
    if (first.kind === "ident" && (ts.isOp(":", 1) || labelNoColon)) {
      ts.next();
      ts.accept(":");
      let name = first.text;
      if (name.startsWith(".") && !name.startsWith("..")) name = this.scope + name;
      else if (!(ts.peek().kind === "ident" && ts.peek().text.toLowerCase() === "equ")) this.scope = name;
      line.label = { name, col: first.col };
      if (ts.atEnd()) return;
    }
    line.stmt = this.parseStatement(ts);
    if (line.stmt.kind === "equ" && !line.label) throw new AsmError("'equ' needs a label", line.stmt.col);
  }

  private parseStatement(ts: TokenStream): Stmt {
    const t = ts.peek();
    if (t.kind !== "ident") throw new AsmError(`expected an instruction or directive, found '${t.text}'`, t.col);
    const word = t.text.toLowerCase();
    const col = t.col;
    if (word in DATA) {
      ts.next();
      return { kind: "data", unit: DATA[word], items: this.dataItems(ts), col };
    }
    if (word in RES) {
      ts.next();
      const count = this.expr(ts);
      this.end(ts);
      return { kind: "res", unit: RES[word], count, col };
    }
    switch (word) {
      case "times": {
        ts.next();
        const count = this.expr(ts);
        return { kind: "times", count, body: this.parseStatement(ts), col };
      }
      case "equ": {
        ts.next();
        const expr = this.expr(ts);
        this.end(ts);
        return { kind: "equ", expr, col };
      }
      case "bits": {
        ts.next();
        const n = ts.next();
        if (n.kind !== "num" || (n.value !== 16n && n.value !== 32n)) throw new AsmError("'bits' must be 16 or 32", n.col);
        this.end(ts);
        return { kind: "bits", bits: Number(n.value) as 16 | 32, col };
      }
      case "use16":
      case "use32":
        ts.next();
        this.end(ts);
        return { kind: "bits", bits: word === "use16" ? 16 : 32, col };
      case "org": {
        ts.next();
        const expr = this.expr(ts);
        this.end(ts);
        return { kind: "org", expr, col };
      }
      case "section":
      case "segment":
        return this.section(ts, col);
      case "align":
      case "alignb": {
        ts.next();
        const n = this.expr(ts);
        let fill: Stmt | null = null;
        if (ts.accept(",")) fill = this.parseStatement(ts);
        else this.end(ts);
        return { kind: "align", n, fill, bss: word === "alignb", col };
      }
      case "extern":
        throw new AsmError("'extern' is not supported in flat binary output", col);
    }
    if (IGNORED.has(word)) {
      ts.pos = ts.tokens.length - 1;
      return { kind: "data", unit: 1, items: [], col };
    }
    return this.instruction(ts);
  }

  private section(ts: TokenStream, col: number): Stmt {
    ts.next();
    const nameTok = ts.next();
    if (nameTok.kind !== "ident") throw new AsmError("expected a section name", nameTok.col);
    let align: number | undefined;
    let nobits: boolean | undefined;
    while (!ts.atEnd()) {
      const attr = ts.next();
      const word = attr.kind === "ident" ? attr.text.toLowerCase() : "";
      if (word === "align" && ts.accept("=")) {
        const v = ts.next();
        if (v.kind !== "num" || v.value! < 1n || v.value! > 1n << 24n || (v.value! & (v.value! - 1n)) !== 0n) {
          throw new AsmError("section alignment must be a power of two", v.col);
        }
        align = Number(v.value);
      } else if (word === "progbits" || word === "nobits") {
        nobits = word === "nobits";
      } else {
        throw new AsmError(`unsupported section attribute '${attr.text}'`, attr.col);
      }
    }
    return { kind: "section", name: nameTok.text, align, nobits, col };
  }

  private end(ts: TokenStream): void {
    if (!ts.atEnd()) throw new AsmError(`unexpected '${ts.peek().text}'`, ts.peek().col);
  }

  private dataItems(ts: TokenStream): DataItem[] {
    const items: DataItem[] = [];
    if (ts.atEnd()) throw new AsmError("expected data after the directive", ts.peek().col);
    do {
      const t = ts.peek();
      const after = ts.peek(1);
      if (t.kind === "str" && (after.kind === "eol" || (after.kind === "op" && after.text === ","))) {
        ts.next();
        items.push({ bytes: t.bytes!, col: t.col });
      } else {
        items.push({ expr: this.expr(ts), col: t.col });
      }
      // NASM ignores a comma that ends the list (`db "a", 0,`).
    } while (ts.accept(",") && !ts.atEnd());
    this.end(ts);
    return items;
  }

  private instruction(ts: TokenStream): InsnStmt {
    const prefixes: InsnStmt["prefixes"] = [];
    while (ts.peek().kind === "ident" && PREFIXES.has(ts.peek().text.toLowerCase())) {
      const p = ts.next();
      prefixes.push({ name: p.text.toLowerCase(), col: p.col });
    }
    const m = ts.peek();
    if (m.kind === "eol" && prefixes.length) {
      // A prefix alone on a line is emitted as a byte, as NASM does.
      const last = prefixes.pop()!;
      return { kind: "insn", prefixes, mnemonic: last.name, col: last.col, operands: [] };
    }
    if (m.kind !== "ident") throw new AsmError(`expected an instruction, found '${m.text}'`, m.col);
    ts.next();
    const operands: Operand[] = [];
    if (!ts.atEnd()) {
      do operands.push(this.operand(ts));
      while (ts.accept(","));
    }
    this.end(ts);
    return { kind: "insn", prefixes, mnemonic: m.text.toLowerCase(), col: m.col, operands };
  }

  private operand(ts: TokenStream): Operand {
    const col = ts.peek().col;
    let size: SizeKw | undefined;
    let strict = false;
    let jump: ImmOperand["jump"];
    let to = false;
    for (;;) {
      const t = ts.peek();
      if (t.kind !== "ident") break;
      const w = t.text.toLowerCase();
      if (w in SIZES) size = SIZES[w];
      else if (w === "strict") strict = true;
      else if (w === "short" || w === "near" || w === "far") jump = w;
      else if (w === "to" && ts.peek(1).kind === "ident" && lookupReg(ts.peek(1).text.toLowerCase())?.cls === "st") to = true;
      else if (w === "oword") throw new AsmError(`'${w}' operands are not supported`, t.col);
      else break;
      ts.next();
    }
    let seg: string | undefined;
    const t = ts.peek();
    if (t.kind === "ident" && lookupReg(t.text.toLowerCase())?.cls === "sreg" && ts.isOp(":", 1) && ts.isOp("[", 2)) {
      seg = t.text.toLowerCase();
      ts.next();
      ts.next();
    }
    if (ts.isOp("[")) {
      const mem = this.memory(ts, col);
      if (seg) {
        if (mem.seg) throw new AsmError("two segment overrides", col);
        mem.seg = seg;
      }
      mem.size = size;
      mem.far = jump === "far";
      return mem;
    }
    const expr = this.expr(ts);
    if (ts.accept(":")) {
      // nasm rejects `jmp far seg:off`: the pointer is already far.
      if (jump) throw new AsmError(`'${jump}' cannot apply to a seg:offset pointer`, col);
      return { kind: "far", seg: expr, off: this.expr(ts), size, col };
    }
    if (expr.k === "reg") {
      if (size || strict || jump) throw new AsmError("a size or jump keyword cannot apply to a register", col);
      return { kind: "reg", name: expr.name, to, col };
    }
    return { kind: "imm", expr, size, strict, jump, col };
  }

  private memory(ts: TokenStream, col: number): MemOperand {
    ts.expect("[");
    const mem: MemOperand = { kind: "mem", expr: null, far: false, nosplit: false, col };
    // Keywords and a segment override, in any order: [dword es:0x10], [es:word 0x10].
    for (;;) {
      const t = ts.peek();
      if (t.kind !== "ident") break;
      const w = t.text.toLowerCase();
      if (w in SIZES && SIZES[w] <= 32) mem.dispSize = SIZES[w] as 8 | 16 | 32;
      else if (w === "nosplit") mem.nosplit = true;
      else if (w === "abs") {
        /* the default in 16/32-bit code */
      } else if (lookupReg(w)?.cls === "sreg" && ts.isOp(":", 1)) {
        if (mem.seg) throw new AsmError("two segment overrides", t.col);
        mem.seg = w;
        ts.next();
      } else break;
      ts.next();
    }
    mem.expr = this.expr(ts);
    ts.expect("]");
    return mem;
  }
}
