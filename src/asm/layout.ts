/**
 * The pass engine. Each pass walks every statement, assigns addresses, defines labels and
 * encodes instructions with the symbol values known so far (forward references take the
 * previous pass's values). Passes repeat until no label or section address moves, which is
 * how NASM's default optimizer (-Ox) arrives at short jumps and short displacements. Sections
 * are then laid out as `nasm -f bin` does: .text from `org`, other progbits sections after it in
 * order of declaration, nobits sections (.bss) last, not stored; each starts at its alignment.
 */
import { AsmError, evaluate, num, type EvalContext, type Value } from "./expr.js";
import { checkFits, littleEndian } from "./ea.js";
import { encodeInstruction } from "./encode.js";
import type { Line, Stmt } from "./parser.js";
import { ByteBuf } from "./bytebuf.js";

export interface LineBytes {
  line: number;
  address: number;
  /** The first bytes emitted (up to LISTED_BYTES, what a listing shows); empty for reservations
   *  (resb, .bss), whose size is `length`. */
  bytes: number[];
  length: number;
}

export interface LayoutError {
  line: number;
  col: number;
  message: string;
}

interface Section {
  name: string;
  nobits: boolean;
  /** Largest alignment asked for (`align=`, `align`, `alignb`); unset, the default applies. */
  align?: number;
  /** Bytes assembled this pass, by offset (reservations in progbits sections are zeros). */
  data: ByteBuf;
  size: number;
}

interface Symbol {
  value: Value;
  pass: number;
  line: number;
}

const MAX_PASSES = 100;
/** Passes after which jumps stop shrinking back to short, so that layout always settles. */
const STICKY_AFTER = 30;
const DEFAULT_SECTION_ALIGN = 4;
/** Largest section the assembler builds (guest RAM is far smaller; this stops runaway `times`). */
const MAX_SECTION = 64 << 20;
/**
 * Statements a pass may assemble through `times` beyond the first copy of each. Data and
 * reservations are the same in every copy, so they repeat by copying bytes and do not count;
 * anything else (an instruction, `align`) is assembled copy by copy.
 */
export const MAX_TIMES_WORK = 1 << 20;
/** Bytes a line keeps for the listing, which shows 8 and "..." past them. */
const LISTED_BYTES = 9;

export interface LayoutResult {
  image: Uint8Array;
  org: number;
  lines: LineBytes[];
  errors: LayoutError[];
  symbols: Map<string, number>;
}

export class Layout {
  private symbols = new Map<string, Symbol>();
  private starts = new Map<string, number>();
  private jumps = new Map<Stmt, { near: boolean; sticky: boolean }>();
  private pass = 0;

  // Per-pass state.
  private sections = new Map<string, Section>();
  private cur!: Section;
  private bits: 16 | 32 = 16;
  private org = 0;
  private errors: LayoutError[] = [];
  private out: LineBytes[] = [];
  private changed = false;
  private timesWork = 0;
  private lineNo = 0;
  /** Offset in the current section where the current line began: `$`, for every `times` copy. */
  private lineStart = 0;

  constructor(
    private readonly lines: Line[],
    private readonly options: { bits: 16 | 32; org: number },
  ) {}

  run(): LayoutResult {
    do {
      this.pass++;
      this.changed = false;
      this.runPass();
    } while (this.changed && this.pass < MAX_PASSES);
    if (this.changed) this.errors.push({ line: 1, col: 1, message: "label addresses did not settle (too many passes)" });
    return {
      image: this.image(),
      org: this.org,
      lines: this.out,
      errors: this.errors,
      symbols: new Map([...this.symbols].map(([k, s]) => [k, Number(s.value.n)])),
    };
  }

  private runPass(): void {
    this.sections = new Map();
    this.timesWork = 0;
    this.errors = [];
    this.out = [];
    this.bits = this.options.bits;
    this.org = this.options.org;
    this.cur = this.section(".text");
    for (const line of this.lines) {
      this.lineNo = line.line;
      try {
        this.line(line);
      } catch (err) {
        if (!(err instanceof AsmError)) throw err;
        this.errors.push({ line: line.line, col: err.col, message: err.message });
      }
    }
    this.placeSections();
  }

  private section(name: string): Section {
    let s = this.sections.get(name);
    if (!s) {
      s = { name, nobits: /^\.bss/.test(name), data: new ByteBuf(), size: 0 };
      this.sections.set(name, s);
    }
    return s;
  }

  private start(s: Section): number {
    return this.startOf(s.name);
  }

  private startOf(name: string): number {
    return this.starts.get(name) ?? (name === ".text" ? this.org : 0);
  }

  /** `$`. A section's start is not known before the first pass ends, but addresses in it are
   *  (as NASM's, relative to it): only their differences and their section matter until then. */
  private here(): Value {
    const scalar = BigInt(this.lineStart);
    return { n: BigInt(this.start(this.cur)) + scalar, sect: this.cur.name, unknown: false, scalar };
  }

  private evalCtx(): EvalContext {
    const here = this.here();
    return {
      here,
      base: { n: BigInt(this.start(this.cur)), sect: this.cur.name, unknown: false, scalar: 0n },
      allowRegs: false,
      lookup: (name, col) => {
        const s = this.symbols.get(name);
        // An address is its offset in its section (as NASM keeps it) from where that section
        // starts now: a start moved by the last pass must not make old addresses look far away.
        // A symbol always brings its number term, even 0 (it counts in NASM's base-register hint).
        const v = s?.value;
        if (v?.sect) return { ...v, n: BigInt(this.startOf(v.sect)) + (v.scalar ?? 0n), scalar: v.scalar ?? 0n };
        if (v) return v.unknown ? v : { ...v, scalar: v.n };
        if (!this.reported.has(`${this.lineNo}:${name}`)) {
          this.reported.add(`${this.lineNo}:${name}`);
          this.errors.push({ line: this.lineNo, col, message: `undefined symbol '${name}'` });
        }
        return undefined;
      },
    };
  }
  private reported = new Set<string>();
  private report = (message: string, col: number) => {
    this.errors.push({ line: this.lineNo, col, message });
  };

  private evalScalar(e: Parameters<typeof evaluate>[0], what: string): Value {
    const v = evaluate(e, this.evalCtx());
    if (v.sect !== null) throw new AsmError(`${what} must be a number, not an address`, e.col);
    return v;
  }

  private define(name: string, value: Value, col: number): void {
    const old = this.symbols.get(name);
    if (old && old.pass === this.pass) {
      throw new AsmError(`symbol '${name}' already defined on line ${old.line}`, col);
    }
    const same = old && old.value.n === value.n && old.value.sect === value.sect && old.value.scalar === value.scalar;
    if (!same || old.value.unknown !== value.unknown) {
      this.changed = true;
    }
    this.symbols.set(name, { value, pass: this.pass, line: this.lineNo });
  }

  private line(line: Line): void {
    this.reported = new Set();
    this.lineStart = this.cur.size;
    const stmt = line.stmt;
    if (line.label) {
      if (stmt?.kind === "equ") {
        let value: Value;
        try {
          value = evaluate(stmt.expr, this.evalCtx());
          // Like NASM, an `equ` of a symbol defined further on is plain 0 in the first pass (not
          // unknown): that decides the sizes of its uses in that pass, and so which jumps end short.
          if (value.unknown) value = num(0);
        } catch (err) {
          this.define(line.label.name, { n: 0n, sect: null, unknown: true, unk: 1n }, line.label.col);
          throw err;
        }
        this.define(line.label.name, value, line.label.col);
        return;
      }
      this.define(line.label.name, this.here(), line.label.col);
    }
    if (!stmt) return;
    // Measured in the section the line starts in: a `section` line switches away from it.
    const sect = this.cur;
    const address = this.start(sect) + sect.size;
    const before = sect.size;
    const bytes: number[] = [];
    this.statement(stmt, bytes);
    const length = sect.size - before;
    if (length > 0 || bytes.length > 0) this.out.push({ line: line.line, address, bytes, length });
  }

  /** Assembles one statement into the current section; `bytes` collects what it emitted. */
  private statement(stmt: Stmt, bytes: number[]): void {
    switch (stmt.kind) {
      case "bits":
        this.bits = stmt.bits;
        return;
      case "org": {
        const v = this.evalScalar(stmt.expr, "org");
        this.org = Number(BigInt.asUintN(32, v.n));
        return;
      }
      case "section":
        this.cur = this.section(stmt.name);
        if (stmt.align) this.cur.align = Math.max(this.cur.align ?? 0, stmt.align);
        if (stmt.nobits !== undefined) this.cur.nobits = stmt.nobits;
        return;
      case "equ":
        throw new AsmError("'equ' needs a label", stmt.col);
      case "times": {
        const v = this.evalScalar(stmt.count, "times count");
        if (v.n < 0n) throw new AsmError("times count is negative", stmt.count.col);
        const count = v.unknown ? 0 : Number(v.n);
        if (count > MAX_SECTION) throw new AsmError(`times count ${count} is too large`, stmt.count.col);
        // As in nasm, a `times` inside a `times` replaces its count: the innermost one is used.
        if (stmt.body.kind === "times") return this.statement(stmt.body, bytes);
        if (count === 0) return;
        if (sameEveryCopy(stmt.body)) {
          // One copy assembled, the rest copied: `$` is the line's start in every copy.
          const sect = this.cur;
          const from = sect.size;
          this.statement(stmt.body, bytes);
          const unit = sect.size - from;
          if (sect.size + unit * (count - 1) > MAX_SECTION) throw new AsmError(`section '${sect.name}' is too large`, stmt.body.col);
          if (!sect.nobits) sect.data.repeatTail(from, count - 1);
          sect.size += unit * (count - 1);
          return;
        }
        for (let i = 0; i < count && this.cur.size <= MAX_SECTION; i++) {
          if (i > 0 && ++this.timesWork > MAX_TIMES_WORK) {
            throw new AsmError(`times repeats more than ${MAX_TIMES_WORK} instructions or alignments in all (data and reservations repeat up to the 64 MiB section limit)`, stmt.count.col);
          }
          this.statement(stmt.body, bytes);
        }
        return;
      }
      case "res": {
        const v = this.evalScalar(stmt.count, "reservation size");
        if (v.n < 0n) throw new AsmError("reservation size is negative", stmt.count.col);
        const size = v.unknown ? 0 : Number(v.n) * stmt.unit;
        if (this.cur.size + size > MAX_SECTION) throw new AsmError("reservation makes the section too large", stmt.count.col);
        this.reserve(size);
        return;
      }
      case "align": {
        const v = this.evalScalar(stmt.n, "alignment");
        const n = Number(v.n);
        if (v.unknown) return;
        if (n <= 0 || n > MAX_SECTION || (n & (n - 1)) !== 0) throw new AsmError("alignment must be a power of two", stmt.n.col);
        this.cur.align = Math.max(this.cur.align ?? 0, n);
        const pad = (n - (this.cur.size % n)) % n;
        if (stmt.bss || this.cur.nobits) this.reserve(pad);
        else if (stmt.fill) for (let i = 0; i < pad; i++) this.statement(stmt.fill, bytes);
        else this.emit(new Array(pad).fill(0x90), bytes, stmt.col);
        return;
      }
      case "data":
        this.emit(this.data(stmt), bytes, stmt.col);
        return;
      case "insn": {
        let jump = this.jumps.get(stmt);
        if (!jump) this.jumps.set(stmt, (jump = { near: false, sticky: false }));
        jump.sticky = this.pass > STICKY_AFTER;
        const encoded = encodeInstruction(stmt, {
          bits: this.bits,
          address: BigInt(this.start(this.cur) + this.cur.size),
          section: this.cur.name,
          evalCtx: this.evalCtx(),
          jump,
          report: this.report,
        });
        this.emit(encoded, bytes, stmt.col);
        return;
      }
    }
  }

  private data(stmt: Extract<Stmt, { kind: "data" }>): number[] {
    const out: number[] = [];
    const bits = (stmt.unit * 8) as 8 | 16 | 32;
    for (const item of stmt.items) {
      if ("bytes" in item) {
        out.push(...item.bytes);
        while (item.bytes.length % stmt.unit && out.length % stmt.unit) out.push(0);
      } else {
        const v = evaluate(item.expr, this.evalCtx());
        if (!v.unknown) checkFits(v.n, bits, item.col, "value", this.report);
        out.push(...littleEndian(v.n, stmt.unit));
      }
    }
    return out;
  }

  private emit(data: number[], bytes: number[], col: number): void {
    if (this.cur.nobits && data.length) {
      throw new AsmError(`code or data in the uninitialized section '${this.cur.name}'`, col);
    }
    if (this.cur.size + data.length > MAX_SECTION) throw new AsmError(`section '${this.cur.name}' is too large`, col);
    this.cur.data.push(data);
    this.cur.size += data.length;
    for (let i = 0; i < data.length && bytes.length < LISTED_BYTES; i++) bytes.push(data[i]);
  }

  private reserve(n: number): void {
    if (!this.cur.nobits) this.cur.data.zeros(n);
    this.cur.size += n;
  }

  private placeSections(): void {
    const ordered = [...this.sections.values()].sort((a, b) => Number(a.nobits) - Number(b.nobits));
    let end = this.org;
    for (const s of ordered) {
      // An alignment asked for replaces the default, even a smaller one (`align 2` in .data).
      const align = s.align ?? (s.name === ".text" ? 1 : DEFAULT_SECTION_ALIGN);
      const start = Math.ceil(end / align) * align;
      if (this.starts.get(s.name) !== start) this.changed = true;
      this.starts.set(s.name, start);
      end = start + s.size;
    }
  }

  /** The flat binary: progbits sections from `org`, gaps filled with zeros. */
  private image(): Uint8Array {
    const progbits = [...this.sections.values()].filter((s) => !s.nobits);
    let end = this.org;
    for (const s of progbits) if (s.size) end = Math.max(end, this.start(s) + s.size);
    const image = new Uint8Array(Math.max(0, end - this.org));
    // An empty section may start past the end of the image (aligned after the last byte).
    for (const s of progbits) if (s.size) image.set(s.data.bytes(), this.start(s) - this.org);
    return image;
  }
}

/** Statements whose bytes are the same in every `times` copy (`$` is the line's start in each). */
function sameEveryCopy(stmt: Stmt): boolean {
  return stmt.kind === "data" || stmt.kind === "res";
}
