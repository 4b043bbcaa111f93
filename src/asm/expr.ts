/**
 * Expressions: parsing (NASM's operator precedence) and evaluation to 64-bit values that know
 * whether they are plain numbers or addresses inside a section. NASM treats the two differently
 * (an address never gets a short immediate or an 8-bit displacement), so the assembler must too.
 */
import type { Token } from "./lexer.js";
import { lookupReg } from "../isa/registers.js";

export class AsmError extends Error {
  constructor(
    message: string,
    readonly col: number,
  ) {
    super(message);
  }
}

export type Expr =
  | { k: "num"; v: bigint; col: number }
  | { k: "sym"; name: string; col: number }
  | { k: "reg"; name: string; col: number }
  | { k: "here"; col: number }
  | { k: "base"; col: number }
  | { k: "un"; op: string; a: Expr; col: number }
  | { k: "bin"; op: string; a: Expr; b: Expr; col: number };

/** A cursor over one line's tokens. */
export class TokenStream {
  pos = 0;
  constructor(readonly tokens: Token[]) {}
  peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
  }
  next(): Token {
    const t = this.peek();
    if (t.kind !== "eol") this.pos++;
    return t;
  }
  isOp(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === "op" && t.text === text;
  }
  accept(text: string): boolean {
    if (this.isOp(text)) {
      this.pos++;
      return true;
    }
    return false;
  }
  expect(text: string): Token {
    if (!this.isOp(text)) throw new AsmError(`expected '${text}'`, this.peek().col);
    return this.next();
  }
  atEnd(): boolean {
    return this.peek().kind === "eol";
  }
}

// Binary operators from loosest to tightest binding, as in NASM.
const LEVELS: string[][] = [["|"], ["^"], ["&"], ["<<", ">>", "<<<", ">>>"], ["+", "-"], ["*", "/", "//", "%", "%%"]];

/** Bytes of a string used as a number: little-endian, as NASM's character constants. */
export function charConstant(bytes: number[], col: number): bigint {
  if (bytes.length > 8) throw new AsmError("character constant too long", col);
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]);
  return v;
}

const BINARY_LEVEL = new Map(LEVELS.flatMap((ops, level) => ops.map((op) => [op, level] as [string, number])));
const UNARY = new Set(["-", "+", "~", "!"]);

/**
 * The most tokens one expression may have. nasm refuses a sum of more than 8,192 terms or more
 * than 8,191 nested parentheses ("expression too long"); this bound admits both and stops there.
 */
export const MAX_EXPR_TOKENS = 16384;

type Pending = { kind: "bin"; op: string; level: number; col: number } | { kind: "un"; op: string; col: number } | { kind: "paren" };

/**
 * Parses an expression with NASM's precedence: unary operators bind tightest, then the levels of
 * LEVELS from the tightest, all left-associative. Operators wait on a stack of their own (no
 * recursion), so nesting depth and length are bounded only by the line: a thousand parentheses
 * or a sum of 200,000 terms parse as in nasm. `scope` qualifies `.local` symbols.
 */
export function parseExpr(ts: TokenStream, scope = ""): Expr {
  const first = ts.pos;
  const col = ts.peek().col;
  const operands: Expr[] = [];
  const ops: Pending[] = [];
  let opens = 0;
  const reduce = () => {
    const p = ops.pop() as Extract<Pending, { kind: "bin" }>;
    const b = operands.pop()!;
    const a = operands.pop()!;
    operands.push({ k: "bin", op: p.op, a, b, col: p.col });
  };
  // An operand is complete: the unary operators written before it apply to it.
  const operandDone = (e: Expr) => {
    while (ops.length && ops[ops.length - 1].kind === "un") {
      const u = ops.pop() as Extract<Pending, { kind: "un" }>;
      e = { k: "un", op: u.op, a: e, col: u.col };
    }
    operands.push(e);
  };
  for (;;) {
    // An operand: unary operators and open parentheses before it, then a primary.
    if (ts.pos - first >= MAX_EXPR_TOKENS) throw new AsmError(`expression too long (more than ${MAX_EXPR_TOKENS} tokens)`, col);
    const t = ts.peek();
    if (t.kind === "op" && UNARY.has(t.text)) {
      ts.next();
      ops.push({ kind: "un", op: t.text, col: t.col });
      continue;
    }
    if (t.kind === "op" && t.text === "(") {
      ts.next();
      ops.push({ kind: "paren" });
      opens++;
      continue;
    }
    operandDone(parsePrimary(ts, scope));
    // Closing parentheses, then a binary operator or the end.
    for (;;) {
      if (opens > 0 && ts.isOp(")")) {
        ts.next();
        while (ops[ops.length - 1].kind === "bin") reduce();
        ops.pop();
        opens--;
        operandDone(operands.pop()!);
        continue;
      }
      break;
    }
    const n = ts.peek();
    const level = n.kind === "op" ? BINARY_LEVEL.get(n.text) : undefined;
    if (level === undefined) break;
    ts.next();
    for (let top = ops[ops.length - 1]; top?.kind === "bin" && top.level >= level; top = ops[ops.length - 1]) reduce();
    ops.push({ kind: "bin", op: n.text, level, col: n.col });
  }
  if (opens > 0) throw new AsmError("expected ')'", ts.peek().col);
  while (ops.length) reduce();
  return operands[0];
}

function parsePrimary(ts: TokenStream, scope: string): Expr {
  const t = ts.next();
  switch (t.kind) {
    case "num":
      return { k: "num", v: t.value!, col: t.col };
    case "str":
      return { k: "num", v: charConstant(t.bytes!, t.col), col: t.col };
    case "ident": {
      const lower = t.text.toLowerCase();
      if (lookupReg(lower)) return { k: "reg", name: lower, col: t.col };
      const local = t.text.startsWith(".") && !t.text.startsWith("..");
      return { k: "sym", name: local ? scope + t.text : t.text, col: t.col };
    }
    case "op":
      if (t.text === "$") return { k: "here", col: t.col };
      if (t.text === "$$") return { k: "base", col: t.col };
      break;
  }
  throw new AsmError(t.kind === "eol" ? "expected an expression" : `unexpected '${t.text}' in expression`, t.col);
}

/**
 * NASM's base-register hint for a memory reference: the first register written is made the base
 * (`makebase`), unless it is multiplied (`notbase`). Adding two like terms with a non-zero sum
 * (two numbers, a register to itself, a section's base to itself) turns it into `summed`, which
 * makes no register the base:
 * `[edi+4+ebx]` has EDI as base, `[edi+4+4+ebx]` has EBX (the lower register number).
 */
export type Hint = { type: "makebase" | "notbase"; reg: string } | { type: "summed" };

/**
 * The value of an expression. `sect` is set when the value is an address inside that section
 * (a label, `$`, `$$`, plus or minus a number); the difference of two addresses in the same
 * section is a plain number. `unknown` marks values that depend on a symbol not defined yet in
 * this pass (its number is then a placeholder).
 */
export interface Value {
  n: bigint;
  sect: string | null;
  unknown: boolean;
  /**
   * With `sect`: how many times the section's base is in the value when not once. NASM allows
   * any multiple along the way (`-a + b`, `b + b - a`); the result must be a number or one address.
   */
  coef?: bigint;
  /**
   * With `unknown`: the multiplier of NASM's unknown term, which every undefined symbol adds
   * (times one). Like NASM, `fwd - fwd` and even `fwdA - fwdB` cancel it out and are a known 0,
   * while adding a number or an address to it loses them (`fwd + 3` is just unknown).
   */
  unk?: bigint;
  /** Registers (inside a memory reference), with their multipliers, in order of first use. */
  regs?: Map<string, bigint>;
  /**
   * NASM's number term: the value, or for an address its offset in its section; undefined when
   * the expression has none (only registers, or terms that cancelled out). Sums of two of them
   * decide the hint.
   */
  scalar?: bigint;
  /** The base-register hint of the whole expression (set by `evaluate`). */
  hint?: Hint;
}

export interface EvalContext {
  /** Value of a symbol, or undefined when it is not (yet) defined. */
  lookup(name: string, col: number): Value | undefined;
  here: Value;
  base: Value;
  allowRegs: boolean;
}

const wrap = (v: bigint) => BigInt.asIntN(64, v);
const u64 = (v: bigint) => BigInt.asUintN(64, v);

export function num(n: bigint | number): Value {
  const v = wrap(BigInt(n));
  return { n: v, sect: null, unknown: false, scalar: v };
}

function isScalar(v: Value): boolean {
  return v.sect === null && !(v.regs && v.regs.size);
}

/** The hint, updated as NASM updates it: in evaluation order, left operand first. */
interface HintState {
  hint?: Hint;
}

export function evaluate(e: Expr, ctx: EvalContext): Value {
  const state: HintState = {};
  const v = evaluateIn(e, ctx, state);
  if (v.coef !== undefined) throw new AsmError("expression is not simple or relocatable", e.col);
  return { ...v, hint: state.hint };
}

/** How many times a value holds its section's base (0 for a number). */
function coefOf(v: Value): bigint {
  return v.sect ? (v.coef ?? 1n) : 0n;
}

/** A value holding `coef` times the base of `sect`: an address, or a number when 0. */
function based(sect: string | null, coef: bigint): Pick<Value, "sect" | "coef"> {
  return coef === 0n || !sect ? { sect: null } : coef === 1n ? { sect } : { sect, coef };
}

// Evaluates in the order NASM does (left operand, right operand, operator), with a stack of
// its own rather than recursion: an expression may be as deep as its line is long.
function evaluateIn(root: Expr, ctx: EvalContext, state: HintState): Value {
  const work: Array<{ e: Expr; ready: boolean }> = [{ e: root, ready: false }];
  const values: Value[] = [];
  while (work.length) {
    const { e, ready } = work.pop()!;
    if (e.k === "un") {
      if (!ready) work.push({ e, ready: true }, { e: e.a, ready: false });
      else values.push(unary(e, values.pop()!));
    } else if (e.k === "bin") {
      if (!ready) work.push({ e, ready: true }, { e: e.b, ready: false }, { e: e.a, ready: false });
      else {
        const b = values.pop()!;
        values.push(binary(e.op, values.pop()!, b, e.col, state));
      }
    } else values.push(leaf(e, ctx, state));
  }
  return values[0];
}

function leaf(e: Exclude<Expr, { k: "un" | "bin" }>, ctx: EvalContext, state: HintState): Value {
  switch (e.k) {
    case "num":
      return num(e.v);
    case "here":
      return ctx.here;
    case "base":
      return ctx.base;
    case "sym": {
      const v = ctx.lookup(e.name, e.col);
      return v ?? { n: 0n, sect: null, unknown: true, unk: 1n };
    }
    case "reg": {
      if (!ctx.allowRegs) throw new AsmError(`register '${e.name}' not allowed in this expression`, e.col);
      state.hint ??= { type: "makebase", reg: e.name };
      return { n: 0n, sect: null, unknown: false, regs: new Map([[e.name, 1n]]) };
    }
  }
}

function unary(e: Extract<Expr, { k: "un" }>, a: Value): Value {
  if (e.op === "+") return a;
  if (e.op === "-" && a.sect && !a.regs?.size) {
    return { n: wrap(-a.n), ...based(a.sect, -coefOf(a)), unknown: a.unknown, scalar: a.scalar === undefined ? undefined : wrap(-a.scalar) };
  }
  if (!isScalar(a)) throw new AsmError(`operator '${e.op}' needs a plain number, not an address or register`, e.col);
  if (a.unknown) return { n: 0n, sect: null, unknown: true, unk: e.op === "-" ? -a.unk! : 1n };
  const n = wrap(e.op === "-" ? -a.n : e.op === "~" ? ~a.n : a.n === 0n ? 1n : 0n);
  // Negation keeps a missing number term missing; `~` and `!` always make one.
  const scalar = e.op === "-" && a.scalar === undefined ? undefined : n;
  return { n, sect: null, unknown: a.unknown, scalar };
}

/** Adds register multipliers; `summed` when a register on both sides does not cancel out. */
function addRegs(a: Value, b: Value, sign: bigint): { regs?: Map<string, bigint>; summed: boolean } {
  if (!a.regs && !b.regs) return { summed: false };
  const out = new Map(a.regs ?? []);
  let summed = false;
  for (const [r, c] of b.regs ?? []) {
    const sum = (out.get(r) ?? 0n) + sign * c;
    if (out.has(r) && sum !== 0n) summed = true;
    if (sum === 0n) out.delete(r);
    else out.set(r, sum);
  }
  return { regs: out, summed };
}

function binary(op: string, a: Value, b: Value, col: number, state: HintState): Value {
  const unknown = a.unknown || b.unknown;
  if (unknown && (op === "+" || op === "-")) {
    // NASM's unknown term: `fwd - label` is no error in that pass, and numbers and addresses
    // added to it are dropped; two unknown terms that cancel leave a known value (registers).
    const sign = op === "+" ? 1n : -1n;
    const { regs } = addRegs(a, b, sign);
    const unk = a.unknown && b.unknown ? a.unk! + sign * b.unk! : a.unknown ? a.unk! : sign * b.unk!;
    if (unk === 0n) return { n: 0n, sect: null, unknown: false, regs };
    return { n: 0n, sect: null, unknown, unk, regs };
  }
  if (unknown && op === "*") {
    const [u, k] = a.unknown ? [a, b] : [b, a];
    if (k.unknown || !isScalar(k)) return { n: 0n, sect: null, unknown, unk: 1n };
    const regs = u.regs && new Map([...u.regs].map(([name, c]) => [name, c * k.n] as [string, bigint]));
    return { n: 0n, sect: null, unknown, unk: u.unk! * k.n, regs };
  }
  if (op === "+" || op === "-") {
    const sign = op === "+" ? 1n : -1n;
    if (op === "-" && b.regs?.size) throw new AsmError("cannot subtract a register", col);
    if (a.sect && b.sect && a.sect !== b.sect) throw new AsmError("addresses in different sections cannot be combined", col);
    const base = based(a.sect ?? b.sect, coefOf(a) + sign * coefOf(b));
    const { regs, summed } = addRegs(a, b, sign);
    // Number terms on both sides are summed into one, or dropped when they cancel out.
    let scalar = a.scalar ?? (b.scalar === undefined ? undefined : wrap(sign * b.scalar));
    let numbersSummed = false;
    if (a.scalar !== undefined && b.scalar !== undefined) {
      const sum = wrap(a.scalar + sign * b.scalar);
      scalar = sum === 0n ? undefined : sum;
      numbersSummed = sum !== 0n;
    }
    // The section base is a term too: `2*b - b` sums it.
    const basesSummed = a.sect !== null && a.sect === b.sect && base.sect !== null;
    if (summed || numbersSummed || basesSummed) state.hint = { type: "summed" };
    return { n: wrap(a.n + sign * b.n), ...base, unknown, regs, scalar };
  }
  if (op === "*") {
    // One side must be a plain number; it multiplies everything on the other (registers and
    // section base too, as NASM's vectors).
    if (!isScalar(a) && !isScalar(b)) throw new AsmError("operator '*' needs a plain number on one side", col);
    const [r, k] = isScalar(a) ? [b, a] : [a, b];
    let regs: Map<string, bigint> | undefined;
    if (r.regs?.size) {
      if (state.hint?.type === "makebase" && r.regs.has(state.hint.reg)) state.hint = { type: "notbase", reg: state.hint.reg };
      regs = new Map([...r.regs].map(([name, c]) => [name, c * k.n] as [string, bigint]));
      for (const [name, c] of regs) if (c === 0n) regs.delete(name);
    }
    const scalar = r.scalar === undefined ? undefined : wrap(r.scalar * k.n);
    return { n: wrap(r.n * k.n), ...based(r.sect, coefOf(r) * k.n), unknown, regs, scalar };
  }
  if (!isScalar(a) || !isScalar(b)) throw new AsmError(`operator '${op}' needs plain numbers`, col);
  let n: bigint;
  switch (op) {
    case "/":
    case "//":
    case "%":
    case "%%":
      if (b.n === 0n) {
        if (unknown) return { n: 0n, sect: null, unknown, unk: 1n };
        throw new AsmError("division by zero", col);
      }
      if (op === "/") n = u64(a.n) / u64(b.n);
      else if (op === "%") n = u64(a.n) % u64(b.n);
      else if (op === "//") n = a.n / b.n;
      else n = a.n % b.n;
      break;
    case "<<":
    case "<<<":
      n = b.n >= 64n || b.n < 0n ? 0n : a.n << b.n;
      break;
    case ">>":
      n = b.n >= 64n || b.n < 0n ? 0n : u64(a.n) >> b.n;
      break;
    case ">>>":
      n = a.n >> (b.n >= 64n || b.n < 0n ? 63n : b.n);
      break;
    case "&":
      n = a.n & b.n;
      break;
    case "|":
      n = a.n | b.n;
      break;
    case "^":
      n = a.n ^ b.n;
      break;
    default:
      throw new AsmError(`unknown operator '${op}'`, col);
  }
  if (unknown) return { n: 0n, sect: null, unknown, unk: 1n };
  return { n: wrap(n), sect: null, unknown, scalar: wrap(n) };
}
