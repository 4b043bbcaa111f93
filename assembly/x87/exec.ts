// Decoding and executing the x87 escapes d8-df (flat mode). The operation is chosen by the
// escape byte's low 3 bits and ModR/M.reg; register forms (mod 3) use ModR/M.rm as ST(i).
// Undocumented aliases are executed as qemu-i386 executes them (fcom2, fcomp3, fcomp5, fxch4,
// fxch7, fstp1, fstp8, fstp9, ffreep, feni, fdisi, fsetpm). Encodings qemu rejects are #UD.
import { EAX, SEG_CS, S_FPU_IP, S_FPU_CS, S_FPU_DP, S_FPU_DS, S_FPU_SW, S_FPU_TOP } from "../layout";
import { o32, aborted, setReg16, insnEip, segSel } from "../cpu";
import { decodeModRM, modReg, modRm, isRegOperand, readEAt, writeEAt, eaOff, eaSeg } from "../modrm";
import { invalidOpcode } from "../faults";
import { testCC, setArithFlags, CF, PF, ZF } from "../flags";
import { FE_INVALID, fpPrec, rSe, rM, setExc, fpExc } from "./float80";
import { add80, mul80, div80, sqrt80 } from "./arith";
import { fromF32, fromF64, fromInt, toF32, toF64, toInt, roundToInt80 } from "./convert";
import { compare80, REL_LESS, REL_EQUAL, REL_GREATER } from "./compare";
import { fprem, fxtract, fscale, fxam, constant } from "./misc";
import { trig, TRIG_SIN, TRIG_COS, TRIG_SINCOS, TRIG_TAN } from "./trig";
import { f2xm1, fyl2x, fyl2xp1 } from "./transcend";
import { fpatan } from "./fpatan";
import {
  stSe, stM, setSt, fpop, pushValue, setEmpty, controlWord, setControlWord, statusWord,
  setStatusWord, setCC, beginOp, endOp, tagWord, setTagWord, fpuReset,
} from "./state";

// ---- memory operands ----
@inline function rd32(delta: u32): u32 { return readEAt(2, delta); }
@inline function rd16(delta: u32): u32 { return readEAt(1, delta); }
function rd64(delta: u32): u64 {
  let lo = <u64>readEAt(2, delta);
  return lo | (<u64>readEAt(2, delta + 4) << 32);
}
function wr64(delta: u32, v: u64): void {
  writeEAt(2, delta, <u32>v);
  writeEAt(2, delta + 4, <u32>(v >> 32));
}
function wr80(delta: u32, se: u32, m: u64): void {
  wr64(delta, m);
  writeEAt(1, delta + 8, se);
}

// The memory operand of d8/da/dc/de as an 80-bit value in rSe/rM (converted at the precision
// control, as qemu loads its temporary). False when the read faulted.
function loadArithOperand(esc: u32): bool {
  let bits: u64 = 0;
  switch (esc) {
    case 0: bits = <u64>rd32(0); break;
    case 4: bits = rd64(0); break;
    case 2: bits = <u64>rd32(0); break;
    default: bits = <u64>rd16(0); break;
  }
  if (aborted) return false;
  switch (esc) {
    case 0: fromF32(<u32>bits); break;
    case 4: fromF64(bits); break;
    case 2: fromInt(<i64><i32><u32>bits, fpPrec); break;
    default: fromInt(<i64><i16><u16>bits, fpPrec); break;
  }
  return true;
}

// Condition bits of a compare (C3 C2 C0), and fcomi's ZF PF CF.
function ccOf(rel: u32): u32 {
  return rel == REL_LESS ? 0x100 : (rel == REL_EQUAL ? 0x4000 : (rel == REL_GREATER ? 0 : 0x4500));
}
function compareInto(bse: u32, bm: u64, quiet: bool): void {
  setCC(0x4500, ccOf(compare80(stSe(0), stM(0), bse, bm, quiet)));
}
function compareEflags(i: u32, quiet: bool): void {
  let rel = compare80(stSe(0), stM(0), stSe(i), stM(i), quiet);
  let f: u32 = rel == REL_LESS ? CF : (rel == REL_EQUAL ? ZF : (rel == REL_GREATER ? 0 : ZF | PF | CF));
  setArithFlags(ZF | PF | CF, f);
}

// ST0 = ST0 op (bse, bm) for the eight arithmetic rows (2, 3: compare and compare-pop).
function arithST0(r: u32, bse: u32, bm: u64): void {
  let ase = stSe(0);
  let am = stM(0);
  switch (r) {
    case 0: add80(ase, am, bse, bm, false); break;
    case 1: mul80(ase, am, bse, bm); break;
    case 2: compareInto(bse, bm, false); return;
    case 3: compareInto(bse, bm, false); fpop(); return;
    case 4: add80(ase, am, bse, bm, true); break;
    case 5: add80(bse, bm, ase, am, true); break;
    case 6: div80(ase, am, bse, bm); break;
    default: div80(bse, bm, ase, am); break;
  }
  setSt(0, rSe, rM);
}

// ST(i) = ST(i) op ST0 (dc and de register forms): 4 fsubr, 5 fsub, 6 fdivr, 7 fdiv.
function arithSTi(r: u32, i: u32): void {
  let ase = stSe(i);
  let am = stM(i);
  let bse = stSe(0);
  let bm = stM(0);
  switch (r) {
    case 0: add80(ase, am, bse, bm, false); break;
    case 1: mul80(ase, am, bse, bm); break;
    case 4: add80(bse, bm, ase, am, true); break;
    case 5: add80(ase, am, bse, bm, true); break;
    case 6: div80(bse, bm, ase, am); break;
    default: div80(ase, am, bse, bm); break;
  }
  setSt(i, rSe, rM);
}

// ---- environment (fnstenv, fldenv, fnsave, frstor) ----
function storeEnv(): void {
  let sw = statusWord();
  let tags = tagWord();
  if (o32) {
    writeEAt(2, 0, controlWord());
    writeEAt(2, 4, sw);
    writeEAt(2, 8, tags);
    writeEAt(2, 12, load<u32>(S_FPU_IP));
    writeEAt(2, 16, load<u32>(S_FPU_CS));
    writeEAt(2, 20, load<u32>(S_FPU_DP));
    writeEAt(2, 24, load<u32>(S_FPU_DS));
  } else {
    writeEAt(1, 0, controlWord());
    writeEAt(1, 2, sw);
    writeEAt(1, 4, tags);
    writeEAt(1, 6, load<u32>(S_FPU_IP));
    writeEAt(1, 8, load<u32>(S_FPU_CS));
    writeEAt(1, 10, load<u32>(S_FPU_DP));
    writeEAt(1, 12, load<u32>(S_FPU_DS));
  }
}
function loadEnv(): bool {
  let cw = rd16(0);
  let sw = rd16(o32 ? 4 : 2);
  let tags = rd16(o32 ? 8 : 4);
  if (aborted) return false;
  setControlWord(cw);
  setStatusWord(sw);
  setTagWord(tags);
  return true;
}
function fsave(): void {
  storeEnv();
  let base: u32 = o32 ? 28 : 14;
  for (let i: u32 = 0; i < 8; i++) wr80(base + i * 10, stSe(i), stM(i));
  if (!aborted) fpuReset();
}
function frstor(): void {
  let base: u32 = o32 ? 28 : 14;
  // Read everything once first, so that a fault leaves the FPU as it was.
  for (let i: u32 = 0; i < 8; i++) { rd64(base + i * 10); rd16(base + i * 10 + 8); }
  if (aborted) return;
  if (!loadEnv()) return;
  for (let i: u32 = 0; i < 8; i++) setSt(i, rd16(base + i * 10 + 8), rd64(base + i * 10));
}

// ---- packed BCD (fbld, fbstp) ----
function fbld(): void {
  let v: u64 = 0;
  for (let i: i32 = 8; i >= 0; i--) {
    let b = readEAt(0, <u32>i);
    v = v * 100 + <u64>((b >> 4) * 10 + (b & 15));
  }
  let signByte = readEAt(0, 9);
  if (aborted) return;
  fromInt(<i64>v, fpPrec);
  let se = rSe;
  if ((signByte & 0x80) != 0) se ^= 0x8000;
  pushValue(se, rM);
}
function fbstp(): void {
  let se = stSe(0);
  let v = toInt(se, stM(0), 64, false);
  if (v >= 1000000000000000000 || v <= -1000000000000000000) {
    setExc(FE_INVALID);
    for (let i: u32 = 0; i < 7; i++) writeEAt(0, i, 0);
    writeEAt(0, 7, 0xc0);
    writeEAt(0, 8, 0xff);
    writeEAt(0, 9, 0xff);
  } else {
    let neg = (se & 0x8000) != 0;
    writeEAt(0, 9, neg ? 0x80 : 0);
    let u: u64 = <u64>(v < 0 ? -v : v);
    for (let i: u32 = 0; i < 9; i++) {
      let d = <u32>(u % 100);
      u /= 100;
      writeEAt(0, i, ((d / 10) << 4) | (d % 10));
    }
  }
  if (!aborted) fpop();
}

// ---- the memory forms ----
function memForm(esc: u32, r: u32): void {
  switch (esc) {
    case 0: case 2: case 4: case 6: // arithmetic with m32fp, m32int, m64fp, m16int
      if (!loadArithOperand(esc)) return;
      {
        let bse = rSe;
        let bm = rM;
        arithST0(r, bse, bm);
      }
      return;
    case 1:
      switch (r) {
        case 0: { let v = rd32(0); if (aborted) return; fromF32(v); pushValue(rSe, rM); return; }
        case 2: case 3: {
          let v = toF32(stSe(0), stM(0));
          writeEAt(2, 0, v);
          if (!aborted && r == 3) fpop();
          return;
        }
        case 4: loadEnv(); return;
        case 5: { let v = rd16(0); if (!aborted) setControlWord(v); return; }
        case 6: storeEnv(); return;
        case 7: writeEAt(1, 0, controlWord()); return;
        default: invalidOpcode(); return;
      }
    case 3:
      switch (r) {
        case 0: { let v = rd32(0); if (aborted) return; fromInt(<i64><i32>v, 64); pushValue(rSe, rM); return; }
        case 2: case 3: {
          let v = toInt(stSe(0), stM(0), 32, false);
          writeEAt(2, 0, <u32>v);
          if (!aborted && r == 3) fpop();
          return;
        }
        case 5: {
          let m = rd64(0);
          let se = rd16(8);
          if (!aborted) pushValue(se, m);
          return;
        }
        case 7: wr80(0, stSe(0), stM(0)); if (!aborted) fpop(); return;
        default: invalidOpcode(); return; // 1: fisttp (SSE3)
      }
    case 5:
      switch (r) {
        case 0: { let v = rd64(0); if (aborted) return; fromF64(v); pushValue(rSe, rM); return; }
        case 2: case 3: {
          let v = toF64(stSe(0), stM(0));
          wr64(0, v);
          if (!aborted && r == 3) fpop();
          return;
        }
        case 4: frstor(); return;
        case 6: fsave(); return;
        case 7: writeEAt(1, 0, statusWord()); return;
        default: invalidOpcode(); return;
      }
    default: // 7
      switch (r) {
        case 0: { let v = rd16(0); if (aborted) return; fromInt(<i64><i16><u16>v, 64); pushValue(rSe, rM); return; }
        case 2: case 3: {
          let v = toInt(stSe(0), stM(0), 16, false);
          writeEAt(1, 0, <u32>v & 0xffff);
          if (!aborted && r == 3) fpop();
          return;
        }
        case 4: fbld(); return;
        case 5: { let v = rd64(0); if (aborted) return; fromInt(<i64>v, 64); pushValue(rSe, rM); return; }
        case 6: fbstp(); return;
        case 7: {
          let v = toInt(stSe(0), stM(0), 64, false);
          wr64(0, <u64>v);
          if (!aborted) fpop();
          return;
        }
        default: invalidOpcode(); return;
      }
  }
}

// ---- the register forms ----
// fcmovb, fcmove, fcmovbe, fcmovu as jcc condition codes (b e be p); the db forms negate them.
@inline function fcmovCC(r: u32): u32 { return r == 0 ? 2 : (r == 1 ? 4 : (r == 2 ? 6 : 10)); }
function fcmov(cc: u32, i: u32): void {
  if (testCC(cc)) setSt(0, stSe(i), stM(i));
}

function d9Reg(r: u32, i: u32): void {
  switch (r) {
    case 0: { let se = stSe(i); let m = stM(i); pushValue(se, m); return; } // fld st(i)
    case 1: { // fxch
      let se = stSe(i); let m = stM(i);
      setSt(i, stSe(0), stM(0));
      setSt(0, se, m);
      return;
    }
    case 2: if (i != 0) invalidOpcode(); return; // fnop
    case 3: setSt(i, stSe(0), stM(0)); fpop(); return; // fstp1
    case 4:
      switch (i) {
        case 0: setSt(0, stSe(0) ^ 0x8000, stM(0)); return; // fchs
        case 1: setSt(0, stSe(0) & 0x7fff, stM(0)); return; // fabs
        case 4: compareInto(0, 0, false); return; // ftst
        case 5: fxam(); return;
        default: invalidOpcode(); return;
      }
    case 5:
      if (i == 7) { invalidOpcode(); return; }
      constant(i);
      pushValue(rSe, rM);
      return;
    case 6:
      switch (i) {
        case 4: fxtract(); return;
        case 5: fprem(false); return;
        case 0: f2xm1(); return;
        case 1: fyl2x(); return;
        case 2: trig(TRIG_TAN); return;
        case 3: fpatan(); return;
        case 6: store<u32>(S_FPU_TOP, (load<u32>(S_FPU_TOP) - 1) & 7); setCC(0x4700, 0); return;
        case 7: store<u32>(S_FPU_TOP, (load<u32>(S_FPU_TOP) + 1) & 7); setCC(0x4700, 0); return;
        default: invalidOpcode(); return;
      }
    default:
      switch (i) {
        case 0: fprem(true); return;
        case 1: fyl2xp1(); return;
        case 2: // fsqrt: qemu sets C2 (clearing C0 C1 C3) for any negative operand
          if ((stSe(0) & 0x8000) != 0) setCC(0x4700, 0x400);
          sqrt80(stSe(0), stM(0));
          setSt(0, rSe, rM);
          return;
        case 4: roundToInt80(stSe(0), stM(0)); setSt(0, rSe, rM); return;
        case 3: trig(TRIG_SINCOS); return;
        case 5: fscale(); return;
        case 6: trig(TRIG_SIN); return;
        case 7: trig(TRIG_COS); return;
        default: invalidOpcode(); return;
      }
  }
}

function regForm(esc: u32, r: u32, i: u32): void {
  switch (esc) {
    case 0: arithST0(r, stSe(i), stM(i)); return;
    case 1: d9Reg(r, i); return;
    case 2:
      if (r < 4) { fcmov(fcmovCC(r), i); return; }
      if (r == 5 && i == 1) { compareInto(stSe(1), stM(1), true); fpop(); fpop(); return; } // fucompp
      invalidOpcode();
      return;
    case 3:
      if (r < 4) { fcmov(fcmovCC(r) ^ 1, i); return; }
      if (r == 4) {
        switch (i) {
          case 0: case 1: case 4: return; // feni, fdisi, fsetpm: nothing on a 387 and later
          case 2: store<u32>(S_FPU_SW, load<u32>(S_FPU_SW) & 0x7f00); return; // fnclex
          case 3: fpuReset(); return; // fninit
          default: invalidOpcode(); return;
        }
      }
      if (r == 5) { compareEflags(i, true); return; } // fucomi
      if (r == 6) { compareEflags(i, false); return; } // fcomi
      invalidOpcode();
      return;
    case 4:
      if (r == 2) { compareInto(stSe(i), stM(i), false); return; } // fcom2
      if (r == 3) { compareInto(stSe(i), stM(i), false); fpop(); return; } // fcomp3
      arithSTi(r, i);
      return;
    case 5:
      switch (r) {
        case 0: setEmpty(i); return; // ffree
        case 1: d9Reg(1, i); return; // fxch4
        case 2: setSt(i, stSe(0), stM(0)); return; // fst st(i)
        case 3: setSt(i, stSe(0), stM(0)); fpop(); return; // fstp st(i)
        case 4: compareInto(stSe(i), stM(i), true); return; // fucom
        case 5: compareInto(stSe(i), stM(i), true); fpop(); return; // fucomp
        default: invalidOpcode(); return;
      }
    case 6:
      if (r == 2) { compareInto(stSe(i), stM(i), false); fpop(); return; } // fcomp5
      if (r == 3) {
        if (i != 1) { invalidOpcode(); return; }
        compareInto(stSe(1), stM(1), false); fpop(); fpop(); return; // fcompp
      }
      arithSTi(r, i);
      fpop();
      return;
    default:
      switch (r) {
        case 0: setEmpty(i); fpop(); return; // ffreep
        case 1: d9Reg(1, i); return; // fxch7
        case 2: case 3: setSt(i, stSe(0), stM(0)); fpop(); return; // fstp8, fstp9
        case 4:
          if (i != 0) { invalidOpcode(); return; }
          setReg16(EAX, statusWord()); // fnstsw ax
          return;
        case 5: compareEflags(i, true); fpop(); return; // fucomip
        case 6: compareEflags(i, false); fpop(); return; // fcomip
        default: invalidOpcode(); return;
      }
  }
}

// The control instructions, which leave the last instruction and operand pointers alone: fldenv,
// fldcw, fnstenv, fnstcw, frstor, fnsave, fnstsw m16, fnop, fnclex, fninit (as qemu-i386 keeps
// them; it counts fnstsw ax and feni as ordinary).
function isControl(esc: u32): bool {
  if (!isRegOperand) return (esc == 1 && modReg >= 4) || (esc == 5 && modReg >= 4 && modReg != 5);
  return (esc == 1 && modReg == 2 && modRm == 0) || (esc == 3 && modReg == 4 && (modRm == 2 || modRm == 3));
}

export function executeX87(op: u32): void {
  decodeModRM();
  beginOp();
  let esc = op & 7;
  let control = isControl(esc);
  if (isRegOperand) regForm(esc, modReg, modRm);
  else memForm(esc, modReg);
  if (aborted) return;
  if (!control) {
    store<u32>(S_FPU_IP, insnEip);
    store<u32>(S_FPU_CS, segSel(SEG_CS));
    if (!isRegOperand) {
      store<u32>(S_FPU_DP, eaOff);
      store<u32>(S_FPU_DS, segSel(eaSeg));
    }
  }
  // qemu merges the flags an operation raised into the status word (setting ES and B for an
  // unmasked one) after each arithmetic helper; operations that raise nothing leave it alone here.
  if (!aborted && fpExc != 0) endOp();
}
