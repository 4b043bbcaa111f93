/**
 * Instruction encoding: picks the first table form whose operands fit (NASM's order of
 * preference, with its optimizer's rules for short immediates, `1` in shifts and short jumps)
 * and produces the bytes: prefixes, opcode, ModRM/SIB/displacement, immediates.
 */
import { AsmError, evaluate, type EvalContext, type Value } from "./expr.js";
import { addressSizeOf, checkFits, encodeEA, isPureOffset, littleEndian, type MemRef, type Report } from "./ea.js";
import type { InsnStmt, Operand, SizeKw } from "./parser.js";
import { formsFor, type InsnForm, type OperandSpec } from "../isa/table.js";
import { lookupReg, SEG_PREFIX, SREG, type RegInfo } from "../isa/registers.js";

type Resolved =
  | { t: "reg"; reg: RegInfo; to: boolean; col: number }
  | { t: "mem"; ref: MemRef; size?: SizeKw; seg?: number; far: boolean; col: number }
  | { t: "imm"; v: Value; size?: SizeKw; strict: boolean; jump?: "short" | "near" | "far"; col: number }
  | { t: "far"; seg: Value; off: Value; size?: SizeKw; col: number };

export interface EncodeContext {
  bits: 16 | 32;
  /** Address of the instruction's first byte. */
  address: bigint;
  /** Section being assembled (short jumps only reach labels of the same section). */
  section: string;
  evalCtx: EvalContext;
  /**
   * Per-statement state kept across passes. Jumps are re-sized every pass, as NASM does; after
   * many passes (`sticky`), a jump once found out of short range stays near so layout settles.
   */
  jump: { near: boolean; sticky: boolean };
  /** Records an error that leaves the instruction's size unchanged (values out of range). */
  report: Report;
}

const PREFIX_BYTES: Record<string, number> = { rep: 0xf3, repe: 0xf3, repz: 0xf3, repne: 0xf2, repnz: 0xf2, lock: 0xf0 };

function resolve(op: Operand, ctx: EncodeContext): Resolved {
  const ev = (allowRegs: boolean) => ({ ...ctx.evalCtx, allowRegs });
  switch (op.kind) {
    case "reg":
      return { t: "reg", reg: lookupReg(op.name)!, to: op.to ?? false, col: op.col };
    case "mem": {
      const value = op.expr ? evaluate(op.expr, ev(true)) : { n: 0n, sect: null, unknown: false };
      return {
        t: "mem",
        ref: { value, dispSize: op.dispSize, nosplit: op.nosplit, col: op.col },
        size: op.size,
        seg: op.seg ? SREG.indexOf(op.seg as (typeof SREG)[number]) : undefined,
        far: op.far,
        col: op.col,
      };
    }
    case "imm":
      return { t: "imm", v: evaluate(op.expr, ev(false)), size: op.size, strict: op.strict, jump: op.jump, col: op.col };
    case "far":
      return { t: "far", seg: evaluate(op.seg, ev(false)), off: evaluate(op.off, ev(false)), size: op.size, col: op.col };
  }
}

interface Match {
  form: InsnForm;
  osize: 0 | 16 | 32;
  ops: Resolved[];
}

type Fail = "mismatch" | "size";

/** Does `v` fit a sign-extended byte at operand size `bits` (NASM's test, modulo 2^bits)? */
function fitsSbyte(n: bigint, bits: 16 | 32): boolean {
  return BigInt.asUintN(bits, n + 128n) <= 255n;
}

function matchForm(form: InsnForm, ops: Resolved[], ctx: EncodeContext, stmt: InsnStmt): Match | Fail {
  if (form.operands.length !== ops.length) return "mismatch";
  let v: 16 | 32 | undefined;
  let sizeMissing = false;
  const setV = (s: number): boolean => {
    if (s !== 16 && s !== 32) return false;
    if (v !== undefined && v !== s) return false;
    v = s;
    return true;
  };
  const regFits = (spec: OperandSpec, r: RegInfo) =>
    r.cls === "gpr" && (spec.size === "v" ? setV(r.size) : r.size === spec.size);

  for (let k = 0; k < ops.length; k++) {
    const spec = form.operands[k];
    const op = ops[k];
    let ok: boolean;
    switch (spec.kind) {
      case "reg":
      case "opreg":
        ok = op.t === "reg" && regFits(spec, op.reg);
        break;
      case "acc":
        ok = op.t === "reg" && op.reg.num === 0 && regFits(spec, op.reg);
        break;
      case "cl":
        ok = op.t === "reg" && op.reg.name === "cl";
        break;
      case "dx":
        ok = op.t === "reg" && op.reg.name === "dx";
        break;
      case "seg":
        ok = op.t === "reg" && op.reg.cls === "sreg" && op.reg.num === spec.seg;
        break;
      case "sreg":
        ok = op.t === "reg" && op.reg.cls === "sreg";
        break;
      case "rm":
        if (op.t === "reg") ok = regFits(spec, op.reg);
        else if (op.t === "mem" && !op.far && !form.regOnly) {
          if (op.size !== undefined) ok = spec.size === "v" ? setV(op.size) : op.size === spec.size;
          else if (spec.size === "v" || form.unsizedMem || sizedByRegister(form, ops, spec.size)) ok = true;
          else {
            ok = false;
            sizeMissing = true;
          }
        } else ok = false;
        break;
      case "mem":
        ok = op.t === "mem" && !op.far && (spec.size === 0 || op.size === undefined || op.size === spec.size);
        if (ok && form.sizedMem && op.t === "mem" && op.size === undefined) {
          ok = false;
          sizeMissing = true;
        }
        break;
      case "stplus":
      case "st0":
      case "tost":
        ok =
          op.t === "reg" &&
          op.reg.cls === "st" &&
          op.to === (spec.kind === "tost") &&
          (spec.kind !== "st0" || op.reg.num === 0);
        break;
      case "farmem":
        ok = op.t === "mem" && op.far && (op.size === undefined || setV(op.size));
        break;
      case "moffs":
        ok = op.t === "mem" && !op.far && isPureOffset(op.ref);
        if (ok && op.t === "mem" && op.size !== undefined) ok = spec.size === "v" ? setV(op.size) : op.size === spec.size;
        break;
      case "one":
        // No size keyword (`shl eax, byte 1` is C1; `strict 1` alone is still D1). Optimistic for
        // a value not known yet, as NASM's first pass (`shl eax, fwd` is D1 there).
        ok = op.t === "imm" && op.size === undefined && !op.jump && op.v.sect === null && (op.v.unknown || op.v.n === 1n);
        break;
      case "imm":
        ok = op.t === "imm" && !op.jump;
        if (ok && op.t === "imm" && op.size !== undefined) ok = spec.size === "v" ? setV(op.size) : op.size === spec.size;
        break;
      case "simm8":
        ok = op.t === "imm" && !op.jump && op.v.sect === null && (!op.strict || op.size === 8);
        if (ok && op.t === "imm" && op.size !== undefined && op.size !== 8) ok = setV(op.size);
        break;
      case "rel":
        ok = op.t === "imm" && op.jump !== "far";
        if (ok && op.t === "imm") {
          if (spec.size === 8) ok = shortJumpFits(form, op, ctx, stmt);
          else {
            if (op.jump === "short") ok = false;
            else if (op.size !== undefined) ok = setV(op.size);
          }
        }
        break;
      case "farptr":
        ok = op.t === "far" && (op.size === undefined || setV(op.size));
        break;
      case "creg":
      case "rmreg":
      case "escop":
      case "st":
        ok = false; // only in disassembler-only forms
        break;
    }
    if (!ok) return sizeMissing ? "size" : "mismatch";
  }
  if (form.osize === "v" && v === undefined) {
    // An explicit o16/o32 sizes what nothing else does: `o16 push byte 1`.
    const o = stmt.prefixes.find((p) => p.name === "o16" || p.name === "o32");
    if (o) v = o.name === "o16" ? 16 : 32;
  }
  if (form.osize === "v" && v === undefined) {
    const unsizedMem = ops.some((op, k) => op.t === "mem" && form.operands[k].size === "v" && op.size === undefined);
    if (unsizedMem && !form.defSize) return "size";
    v = ctx.bits;
  }
  // Short immediates are chosen only when the value fits at the operand size now known.
  for (let k = 0; k < ops.length; k++) {
    const op = ops[k];
    if (form.operands[k].kind === "simm8" && op.t === "imm" && !op.v.unknown && !fitsSbyte(op.v.n, v ?? ctx.bits)) {
      if (op.size === 8) ctx.report("signed byte value out of range", op.col);
      else return "mismatch";
    }
  }
  const osize = form.osize === "v" ? v! : form.osize;
  return { form, osize, ops };
}

/** NASM sizes unsized memory from a register operand of the same size (`add [bx], al`). */
function sizedByRegister(form: InsnForm, ops: Resolved[], size: OperandSpec["size"]): boolean {
  return ops.some(
    (op, k) =>
      op.t === "reg" &&
      op.reg.cls === "gpr" &&
      op.reg.size === size &&
      ["reg", "opreg", "acc", "rm"].includes(form.operands[k].kind),
  );
}

function hasNearAlternative(form: InsnForm): boolean {
  return formsFor(form.mnemonic).some((f) => f.operands[0]?.kind === "rel" && f.operands[0].size === "v");
}

function shortJumpFits(form: InsnForm, op: Extract<Resolved, { t: "imm" }>, ctx: EncodeContext, stmt: InsnStmt): boolean {
  if (op.jump === "short" || !hasNearAlternative(form)) return true;
  if (op.jump === "near" || op.strict || op.size !== undefined || (ctx.jump.sticky && ctx.jump.near)) return false;
  if (op.v.unknown) return true; // optimistic, like NASM's first pass
  if (op.v.sect !== ctx.section) return false;
  const length = BigInt(stmt.prefixes.length + form.opcode.length + 1);
  const delta = op.v.n - (ctx.address + length);
  if (delta >= -128n && delta <= 127n) return true;
  ctx.jump.near = true;
  return false;
}

function immBytes(v: Value, bits: 8 | 16 | 32, col: number, report?: Report): number[] {
  if (report && !v.unknown) checkFits(v.n, bits, col, "value", report);
  return littleEndian(v.n, bits / 8);
}

/** Encodes one instruction statement; throws AsmError when it cannot be encoded. */
export function encodeInstruction(stmt: InsnStmt, ctx: EncodeContext): number[] {
  const forms = formsFor(stmt.mnemonic).filter((f) => !f.disOnly);
  if (forms.length === 0) {
    if (stmt.mnemonic in PREFIX_BYTES && stmt.operands.length === 0) return [PREFIX_BYTES[stmt.mnemonic]];
    const seg = SREG.indexOf(stmt.mnemonic as (typeof SREG)[number]);
    if (seg >= 0 && stmt.operands.length === 0) return [SEG_PREFIX[seg]];
    throw new AsmError(`unknown instruction '${stmt.mnemonic}'`, stmt.col);
  }
  let operands = stmt.operands;
  // NASM accepts `imul r, imm` for `imul r, r, imm`.
  if (stmt.mnemonic === "imul" && operands.length === 2 && operands[0].kind === "reg" && operands[1].kind === "imm") {
    operands = [operands[0], operands[0], operands[1]];
  }
  const ops = operands.map((op) => resolve(op, ctx));
  let sizeMissing = false;
  for (const form of forms) {
    const m = matchForm(form, ops, ctx, stmt);
    if (m === "size") sizeMissing = true;
    else if (m !== "mismatch") return emit(m, stmt, ctx);
  }
  if (sizeMissing) throw new AsmError("operation size not specified", stmt.operands[0]?.col ?? stmt.col);
  throw new AsmError(`invalid combination of opcode and operands for '${stmt.mnemonic}'`, stmt.col);
}

function emit(m: Match, stmt: InsnStmt, ctx: EncodeContext): number[] {
  const { form, osize, ops } = m;
  const bits = ctx.bits;
  let rep: number | undefined;
  let lock: number | undefined;
  let seg: number | undefined;
  let explicitO: number | undefined;
  let explicitA: number | undefined;
  for (const p of stmt.prefixes) {
    if (p.name === "lock") lock = 0xf0;
    else if (p.name in PREFIX_BYTES) rep = PREFIX_BYTES[p.name];
    else if (p.name === "o16" || p.name === "o32") explicitO = p.name === "o16" ? 16 : 32;
    else if (p.name === "a16" || p.name === "a32") explicitA = p.name === "a16" ? 16 : 32;
    else seg = SEG_PREFIX[SREG.indexOf(p.name as (typeof SREG)[number])];
  }

  let opsize: number | undefined = osize && !form.noOsizePrefix ? osize : undefined;
  if (explicitO !== undefined) {
    if (opsize !== undefined && opsize !== explicitO) throw new AsmError("operand size prefix conflicts with the operands", stmt.col);
    opsize = explicitO;
  }
  let addrsize: number | undefined = form.asize || explicitA;
  const mem = ops.find((o) => o.t === "mem") as Extract<Resolved, { t: "mem" }> | undefined;
  if (mem) {
    if (mem.seg !== undefined) seg = SEG_PREFIX[mem.seg];
    const regSize = addressSizeOf(mem.ref);
    const dispImplied = isPureOffset(mem.ref) && mem.ref.dispSize && mem.ref.dispSize !== 8 ? mem.ref.dispSize : undefined;
    const size = regSize ?? explicitA ?? dispImplied ?? bits;
    if (explicitA !== undefined && size !== explicitA) throw new AsmError("address size prefix conflicts with the address", stmt.col);
    addrsize = size;
  }
  const addr = (addrsize ?? bits) as 16 | 32;

  const out: number[] = [];
  const opcode = [...form.opcode];
  // nasm puts FWAIT (fsave = 9B DD /6) ahead of every prefix: it is an instruction of its own.
  if (opcode.length > 1 && opcode[0] === 0x9b) out.push(opcode.shift()!);
  if (rep !== undefined) out.push(rep);
  if (lock !== undefined) out.push(lock);
  if (seg !== undefined) out.push(seg);
  if (opsize !== undefined && opsize !== bits) out.push(0x66);
  if (addrsize !== undefined && addrsize !== bits) out.push(0x67);
  if (form.mandatory !== undefined) out.push(form.mandatory);

  if (form.plusReg) {
    const k = form.operands.findIndex((o) => o.kind === "opreg" || o.kind === "stplus" || o.kind === "tost");
    opcode[opcode.length - 1] += (ops[k] as Extract<Resolved, { t: "reg" }>).reg.num;
  }
  out.push(...opcode);

  if (form.modrm !== "none") {
    let rfield = typeof form.modrm === "number" ? form.modrm : 0;
    if (form.modrm === "r") {
      const k = form.operands.findIndex((o) => o.kind === "reg" || o.kind === "sreg");
      rfield = (ops[k] as Extract<Resolved, { t: "reg" }>).reg.num;
    }
    const k = form.operands.findIndex((o) => o.kind === "rm" || o.kind === "mem" || o.kind === "farmem");
    const rm = ops[k];
    if (rm.t === "reg") out.push(0xc0 | (rfield << 3) | rm.reg.num);
    else if (rm.t === "mem") {
      const ea = encodeEA(rm.ref, rfield, addr, ctx.report);
      out.push(ea.modrm);
      if (ea.sib !== undefined) out.push(ea.sib);
      out.push(...ea.disp);
    }
  }

  // Immediates in operand order; relative targets are patched once the length is known.
  let relAt = -1;
  let relSize = 0;
  let relTarget: Value | undefined;
  let relCol = 0;
  const vbits = (osize || bits) as 16 | 32;
  for (let k = 0; k < ops.length; k++) {
    const spec = form.operands[k];
    const op = ops[k];
    if (spec.kind === "imm" && op.t === "imm") {
      const size = spec.size === "v" ? vbits : (spec.size as 8 | 16 | 32);
      out.push(...immBytes(op.v, size, op.col, ctx.report));
    } else if (spec.kind === "simm8" && op.t === "imm") {
      out.push(...immBytes(op.v, 8, op.col));
    } else if (spec.kind === "rel" && op.t === "imm") {
      relAt = out.length;
      relSize = spec.size === 8 ? 1 : vbits / 8;
      relTarget = op.v;
      relCol = op.col;
      out.push(...new Array(relSize).fill(0));
    } else if (spec.kind === "moffs" && op.t === "mem") {
      const v = op.ref.value;
      if (!v.unknown) checkFits(v.n, addr, op.col, "address", ctx.report);
      out.push(...littleEndian(v.n, addr / 8));
    } else if (spec.kind === "farptr" && op.t === "far") {
      out.push(...immBytes(op.off, vbits, op.col, ctx.report), ...immBytes(op.seg, 16, op.col, ctx.report));
    }
  }
  if (relTarget) {
    const delta = relTarget.n - (ctx.address + BigInt(out.length));
    if (relSize === 1 && !relTarget.unknown && (delta < -128n || delta > 127n)) {
      ctx.report(`short jump out of range (${delta} bytes)`, relCol);
    }
    out.splice(relAt, relSize, ...littleEndian(delta, relSize));
  }
  return out;
}
