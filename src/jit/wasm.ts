// A small WebAssembly binary writer: enough of the format to emit the translator's modules
// (functions over an imported memory, calls to imported functions, i32/i64 arithmetic, loads,
// stores, structured control flow). Runs in Node and in the browser.

export const I32 = 0x7f;
export const I64 = 0x7e;
export type ValType = typeof I32 | typeof I64;
export const VOID = 0x40; // the empty block type

// Opcodes used by the translator (names as in the spec, dots replaced by underscores).
export const Op = {
  unreachable: 0x00, nop: 0x01, block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b,
  br: 0x0c, br_if: 0x0d, br_table: 0x0e, return: 0x0f, call: 0x10, call_indirect: 0x11,
  drop: 0x1a, select: 0x1b,
  local_get: 0x20, local_set: 0x21, local_tee: 0x22, global_get: 0x23, global_set: 0x24,
  i32_load: 0x28, i64_load: 0x29, i32_load8_s: 0x2c, i32_load8_u: 0x2d, i32_load16_s: 0x2e,
  i32_load16_u: 0x2f, i64_load32_u: 0x35, i32_store: 0x36, i64_store: 0x37, i32_store8: 0x3a,
  i32_store16: 0x3b,
  i32_const: 0x41, i64_const: 0x42,
  i32_eqz: 0x45, i32_eq: 0x46, i32_ne: 0x47, i32_lt_s: 0x48, i32_lt_u: 0x49, i32_gt_s: 0x4a,
  i32_gt_u: 0x4b, i32_le_s: 0x4c, i32_le_u: 0x4d, i32_ge_s: 0x4e, i32_ge_u: 0x4f,
  i64_eqz: 0x50, i64_eq: 0x51, i64_ne: 0x52, i64_lt_u: 0x54, i64_gt_u: 0x56, i64_le_u: 0x58,
  i64_ge_u: 0x5a,
  i32_clz: 0x67, i32_ctz: 0x68, i32_popcnt: 0x69, i32_add: 0x6a, i32_sub: 0x6b, i32_mul: 0x6c,
  i32_div_s: 0x6d, i32_div_u: 0x6e, i32_rem_s: 0x6f, i32_rem_u: 0x70, i32_and: 0x71,
  i32_or: 0x72, i32_xor: 0x73, i32_shl: 0x74, i32_shr_s: 0x75, i32_shr_u: 0x76, i32_rotl: 0x77,
  i32_rotr: 0x78,
  i64_add: 0x7c, i64_sub: 0x7d, i64_mul: 0x7e, i64_div_s: 0x7f, i64_div_u: 0x80, i64_rem_s: 0x81,
  i64_rem_u: 0x82, i64_and: 0x83,
  i64_or: 0x84, i64_xor: 0x85, i64_shl: 0x86, i64_shr_s: 0x87, i64_shr_u: 0x88,
  i32_wrap_i64: 0xa7, i64_extend_i32_s: 0xac, i64_extend_i32_u: 0xad,
  i32_extend8_s: 0xc0, i32_extend16_s: 0xc1,
} as const;

/** Where bytes are written: an array (tests) or a growable byte buffer. */
export interface Sink {
  push(b: number): unknown;
}

/**
 * A growable byte buffer. A region's function runs to hundreds of kilobytes; pushing them one
 * at a time into arrays, and copying those into more arrays for each enclosing section, cost
 * more than generating the code.
 */
export class Bytes implements Sink {
  private buf = new Uint8Array(1024);
  length = 0;

  push(b: number): void {
    if (this.length === this.buf.length) this.reserve(1);
    this.buf[this.length++] = b;
  }
  append(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }
  /** The bytes written so far (a view, valid until the next write). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.view());
    this.buf = grown;
  }
}

export function uleb(out: Sink, v: number): void {
  v >>>= 0;
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
}

export function sleb(out: Sink, v: number): void {
  v |= 0;
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && !(b & 0x40)) || (v === -1 && b & 0x40)) {
      out.push(b);
      return;
    }
    out.push(b | 0x80);
  }
}

export function slebBig(out: Sink, v: bigint): void {
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && !(b & 0x40)) || (v === -1n && b & 0x40)) {
      out.push(b);
      return;
    }
    out.push(b | 0x80);
  }
}

function name(out: Bytes, s: string): void {
  const b = new TextEncoder().encode(s);
  uleb(out, b.length);
  out.append(b);
}

function section(out: Bytes, id: number, body: Bytes): void {
  if (body.length === 0) return;
  out.push(id);
  uleb(out, body.length);
  out.append(body.view());
}

/** A function body under construction: locals beyond the parameters, and its code. */
export class FunctionBody {
  readonly code = new Bytes();
  private readonly locals: ValType[] = [];

  constructor(readonly params: ValType[], readonly results: ValType[]) {}

  /** A new local of the given type; returns its index. */
  local(type: ValType = I32): number {
    this.locals.push(type);
    return this.params.length + this.locals.length - 1;
  }

  op(code: number): this {
    this.code.push(code);
    return this;
  }
  i32(v: number): this {
    this.code.push(Op.i32_const);
    sleb(this.code, v);
    return this;
  }
  i64(v: bigint): this {
    this.code.push(Op.i64_const);
    slebBig(this.code, v);
    return this;
  }
  get(l: number): this {
    this.code.push(Op.local_get);
    uleb(this.code, l);
    return this;
  }
  set(l: number): this {
    this.code.push(Op.local_set);
    uleb(this.code, l);
    return this;
  }
  tee(l: number): this {
    this.code.push(Op.local_tee);
    uleb(this.code, l);
    return this;
  }
  /** A load or store with alignment log2 and a constant offset. */
  mem(code: number, offset = 0, align = 0): this {
    this.code.push(code);
    uleb(this.code, align);
    uleb(this.code, offset);
    return this;
  }
  call(index: number): this {
    this.code.push(Op.call);
    uleb(this.code, index);
    return this;
  }
  block(code: number, type: number = VOID): this {
    this.code.push(code);
    this.code.push(type);
    return this;
  }
  br(code: number, depth: number): this {
    this.code.push(code);
    uleb(this.code, depth);
    return this;
  }
  /** br_table: the value on the stack picks one of `depths`, else `fallback`. */
  brTable(depths: number[], fallback: number): this {
    this.code.push(Op.br_table);
    uleb(this.code, depths.length);
    for (const d of depths) uleb(this.code, d);
    uleb(this.code, fallback);
    return this;
  }

  /** The body as the code section holds it: its size, local declarations, code and end. */
  encode(out: Bytes): void {
    const head = new Bytes();
    // Runs of equal types, as the format groups them.
    const groups: Array<[number, ValType]> = [];
    for (const t of this.locals) {
      const last = groups[groups.length - 1];
      if (last && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    uleb(head, groups.length);
    for (const [n, t] of groups) {
      uleb(head, n);
      head.push(t);
    }
    uleb(out, head.length + this.code.length + 1);
    out.append(head.view());
    out.append(this.code.view());
    out.push(Op.end);
  }
}

interface FuncImport {
  module: string;
  field: string;
  type: number;
}

/** A module: imported memory and functions, defined functions, exports. */
export class ModuleBuilder {
  private readonly types: string[] = [];
  private readonly typeSigs: Array<[ValType[], ValType[]]> = [];
  private readonly funcImports: FuncImport[] = [];
  private readonly funcs: Array<{ type: number; body: FunctionBody; export?: string }> = [];
  private memory?: { module: string; field: string; min: number };

  importMemory(module: string, field: string, minPages: number): void {
    this.memory = { module, field, min: minPages };
  }

  typeIndex(params: ValType[], results: ValType[]): number {
    const key = `${params.join(",")}>${results.join(",")}`;
    let i = this.types.indexOf(key);
    if (i < 0) {
      i = this.types.push(key) - 1;
      this.typeSigs.push([params, results]);
    }
    return i;
  }

  /** Imports a function; returns its function index. All imports must precede definitions. */
  importFunction(module: string, field: string, params: ValType[], results: ValType[]): number {
    if (this.funcs.length) throw new Error("imports must be declared before functions");
    this.funcImports.push({ module, field, type: this.typeIndex(params, results) });
    return this.funcImports.length - 1;
  }

  /** Adds a function; returns its function index. */
  addFunction(body: FunctionBody, exportName?: string): number {
    this.funcs.push({ type: this.typeIndex(body.params, body.results), body, export: exportName });
    return this.funcImports.length + this.funcs.length - 1;
  }

  encode(): Uint8Array<ArrayBuffer> {
    const out = new Bytes();
    out.append(Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00));
    const types = new Bytes();
    uleb(types, this.typeSigs.length);
    for (const [p, r] of this.typeSigs) {
      types.push(0x60);
      uleb(types, p.length);
      for (const t of p) types.push(t);
      uleb(types, r.length);
      for (const t of r) types.push(t);
    }
    section(out, 1, types);

    const imports = new Bytes();
    uleb(imports, this.funcImports.length + (this.memory ? 1 : 0));
    for (const f of this.funcImports) {
      name(imports, f.module);
      name(imports, f.field);
      imports.push(0x00);
      uleb(imports, f.type);
    }
    if (this.memory) {
      name(imports, this.memory.module);
      name(imports, this.memory.field);
      imports.push(0x02);
      imports.push(0x00);
      uleb(imports, this.memory.min);
    }
    section(out, 2, imports);

    const funcs = new Bytes();
    uleb(funcs, this.funcs.length);
    for (const f of this.funcs) uleb(funcs, f.type);
    section(out, 3, funcs);

    const exports = new Bytes();
    const exported = this.funcs.map((f, i) => [f, i] as const).filter(([f]) => f.export);
    uleb(exports, exported.length);
    for (const [f, i] of exported) {
      name(exports, f.export!);
      exports.push(0x00);
      uleb(exports, this.funcImports.length + i);
    }
    section(out, 7, exports);

    const code = new Bytes();
    uleb(code, this.funcs.length);
    for (const f of this.funcs) f.body.encode(code);
    section(out, 10, code);
    return out.view().slice();
  }
}
