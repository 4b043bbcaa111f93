/**
 * The instruction table: every instruction form the core executes, as data.
 *
 * One table drives the assembler (which picks the first form that fits, in table order, as nasm
 * does), the disassembler (which indexes the same forms by opcode), the translator, the core's
 * decode facts and the instruction generator of the nasm corpus tests (test/support/isa/). Rows are written in a compact Intel-like
 * notation and parsed once, at import, into `InsnForm` records:
 *
 *   row("add|...", "01 /r", "r/mv,rv", "lock f:oszapc")
 *
 * - mnemonics: `a|b|c`, the first is the canonical (disassembler) name, the rest are aliases.
 * - encoding: opcode bytes in hex, then `/r` (ModRM, reg field = the `r` operand), `/0`..`/7`
 *   (ModRM, reg field = that digit) or `+r` after the last byte (register in its low 3 bits).
 *   Immediates, displacements and relative targets follow the opcode in operand order.
 * - operands (see `OperandKind`), sizes: 8, 16, 32, `v` (the operand size: 16 or 32, chosen by
 *   the operands and the 0x66 prefix), or none (any size):
 *     r8 r16 r32 rv        general register in ModRM.reg
 *     r/m8 r/m16 r/mv      general register or memory in ModRM.rm
 *     m mv m16 m32 m64 m80 memory only (m80: tword, the x87's extended reals and BCD)
 *     +st st0 to+st        x87: ST(i) in the opcode's low 3 bits; ST(0) implied; ST(i) written `to st<i>`
 *     +r32 +rv             register in the opcode's low 3 bits
 *     al eAX               the accumulator, implicit
 *     cl dx 1              implicit cl, dx, or the constant 1
 *     es cs ss ds fs gs    an implicit segment register; sreg: segment register in ModRM.reg
 *     imm8 imm16 immv      immediate; simm8: 8-bit immediate sign-extended to the operand size
 *     rel8 relv            relative branch target
 *     moffs8 moffsv        absolute offset (the A0-A3 forms of mov)
 *     ptr16:v m16:v        far pointer, as an immediate seg:off or in memory
 * - attributes (space separated):
 *     o16 o32      fixed operand size (0x66 emitted when it differs from the mode)
 *     a16 a32      fixed address size (0x67 emitted when it differs from the mode)
 *     lock         the lock prefix is valid (the form must then have a memory operand)
 *     rep repcc    rep (movs/stos/lods/ins/outs) or repe/repne (cmps/scas) is meaningful
 *     def          unsized memory or immediate operands take the mode's operand size
 *     noo          the operand size names the register but emits no 0x66 (mov sreg, r/m)
 *     regonly      the r/m operand must be a register (memory has its own form)
 *     fsz          memory must be written with its size (x87: one opcode per size)
 *     usz          memory without a size keyword is accepted (setcc); ndisasm then prints none
 *     far          the memory operand must be written `far` (jmp far [mem])
 *     asm          assembler only: the disassembler never names it (operand-order aliases)
 *     dis          disassembler only
 *     native=NAME  ndisasm's name when the operand size is the mode's default (pusha, iret...)
 *     f:LETTERS    flags written (o s z a p c, plus d i for cld/cli...)
 *     fr:LETTERS   flags read
 *     fu:LETTERS   flags the SDM leaves undefined (the fuzzers' masks); for shifts and rotates the
 *                  most the count can leave undefined (the fuzzers narrow it by the count)
 *     gen=N        the first CPU with the form: 186 286 386 486 586 (Pentium) 686 (Pentium Pro);
 *                  8086 when absent. Real mode models the 386: later forms are #UD there
 *     lock386      LOCK is valid on the 386 (its manual lists it) but not in the SDM's list, so
 *                  nasm warns and later CPUs (and Unicorn) raise #UD: bt
 *     jit jit32    the translator has custom code for the form (src/jit/codegen.ts), at any
 *                  operand size or only at 32 bits; other forms end a translated block
 *     creg r/r32   (operands) CR0-CR3 in ModR/M.reg; a 32-bit register in ModR/M.rm, whatever mod
 *     escop st/m   (operands) ESC's 6-bit coprocessor opcode; ST(i) or memory of any size
 *
 * Every opcode the core executes has a form here (test/instruction-table.test.ts runs the core on
 * every opcode to check). The core's decode facts (LOCK, generation) are generated from these rows
 * into assembly/generated/decode-facts.ts by `npm run build:core`.
 */

export type OperandKind =
  | "reg"
  | "creg"
  | "rmreg"
  | "st"
  | "stplus"
  | "st0"
  | "tost"
  | "escop"
  | "rm"
  | "mem"
  | "opreg"
  | "acc"
  | "cl"
  | "dx"
  | "one"
  | "seg"
  | "sreg"
  | "imm"
  | "simm8"
  | "rel"
  | "moffs"
  | "farptr"
  | "farmem";

export type SizeSpec = 0 | 8 | 16 | 32 | 64 | 80 | "v";

export interface OperandSpec {
  kind: OperandKind;
  size: SizeSpec;
  /** For kind "seg": the segment register number (es=0 ... gs=5). */
  seg?: number;
}

export interface InsnForm {
  /** Index in FORMS (stable for a given table version). */
  id: number;
  mnemonic: string;
  aliases: string[];
  /** Opcode bytes (for `+r` forms, the last byte with register field 0). */
  opcode: number[];
  /** Mandatory prefix byte that is part of the opcode (endbr32: F3). */
  mandatory?: number;
  /** ModRM: none, "r" (reg field holds a register operand) or a fixed digit 0-7. */
  modrm: "none" | "r" | number;
  /** Register in the low 3 bits of the last opcode byte. */
  plusReg: boolean;
  operands: OperandSpec[];
  /** Operand size: 0 = not affected, 16/32 fixed, "v" = from the operands / mode. */
  osize: 0 | 16 | 32 | "v";
  /** Address size fixed by the form (jcxz/jecxz), else 0. */
  asize: 0 | 16 | 32;
  /** LOCK may prefix the form (with a memory operand) on every CPU from the 386. */
  lock: boolean;
  /** LOCK is valid on the 386 only (bt): the core accepts it, nasm and later CPUs do not. */
  lock386: boolean;
  /** The first CPU generation with the form: 8086, 186, 286, 386, 486, 586 or 686. */
  gen: Generation;
  /** The translator has custom code for the form: at any operand size, or at 32 bits only. */
  jit: false | "any" | "o32";
  rep: "" | "rep" | "repcc";
  /** Unsized operands default to the mode's operand size. */
  defSize: boolean;
  /** The operand size only names the register: no 0x66 prefix (mov sreg, r/m). */
  noOsizePrefix: boolean;
  /** The r/m operand must be a register. */
  regOnly: boolean;
  /** Memory operands must carry a size keyword (the x87's loads and stores). */
  sizedMem: boolean;
  /** Memory operands need no size keyword (and are printed without one). */
  unsizedMem: boolean;
  asmOnly: boolean;
  disOnly: boolean;
  /** ndisasm's name when the operand size equals the mode's default. */
  nativeName?: string;
  flagsWritten: string;
  flagsRead: string;
  /** Flags the SDM leaves undefined (for shifts: the most any count leaves undefined). */
  flagsUndefined: string;
}

export type Generation = 8086 | 186 | 286 | 386 | 486 | 586 | 686;
const GENERATIONS: readonly Generation[] = [8086, 186, 286, 386, 486, 586, 686];

/** Condition codes in encoding order; the first name is ndisasm's, the rest are aliases. */
export const CONDITIONS: readonly (readonly string[])[] = [
  ["o"],
  ["no"],
  ["c", "b", "nae"],
  ["nc", "nb", "ae"],
  ["z", "e"],
  ["nz", "ne"],
  ["na", "be"],
  ["a", "nbe"],
  ["s"],
  ["ns"],
  ["pe", "p"],
  ["po", "np"],
  ["l", "nge"],
  ["nl", "ge"],
  ["ng", "le"],
  ["g", "nle"],
];

/** Flags each condition reads (for the fuzzer's data-flow bookkeeping). */
const COND_FLAGS = ["o", "o", "c", "c", "z", "z", "cz", "cz", "s", "s", "p", "p", "so", "so", "szo", "szo"];

type Row = [names: string, encoding: string, operands: string, attrs?: string];

const ALU = ["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"];
const SHIFTS: [string, number][] = [
  ["rol", 0],
  ["ror", 1],
  ["rcl", 2],
  ["rcr", 3],
  ["shl|sal", 4],
  ["shr", 5],
  ["sar", 7],
];
const hex = (n: number) => n.toString(16).padStart(2, "0");

function aluRows(): Row[] {
  const rows: Row[] = [];
  ALU.forEach((m, n) => {
    const b = n * 8;
    const lock = m === "cmp" ? "" : "lock ";
    const fr = m === "adc" || m === "sbb" ? " fr:c" : "";
    const fu = m === "or" || m === "and" || m === "xor" ? " fu:a" : "";
    const f = `jit f:oszapc${fr}${fu}`;
    rows.push(
      [m, `${hex(b)} /r`, "r/m8,r8", lock + f],
      [m, `${hex(b + 1)} /r`, "r/mv,rv", lock + f],
      [m, `${hex(b + 2)} /r`, "r8,r/m8", f],
      [m, `${hex(b + 3)} /r`, "rv,r/mv", f],
      [m, `83 /${n}`, "r/mv,simm8", lock + f],
      [m, `${hex(b + 4)}`, "al,imm8", f],
      [m, `${hex(b + 5)}`, "eAX,immv", f],
      [m, `80 /${n}`, "r/m8,imm8", lock + f],
      [m, `81 /${n}`, "r/mv,immv", lock + f],
      // 82 is 80's alias (invalid only in 64-bit mode); nasm never emits it.
      [m, `82 /${n}`, "r/m8,imm8", `${lock}dis f:oszapc${fr}${fu}`],
    );
  });
  return rows;
}

function shiftRows(): Row[] {
  const rows: Row[] = [];
  // The translator has rol, ror, shl, shr and sar. The SDM leaves OF undefined for counts other
  // than 1, AF for any shift, and CF for shl/shr by the operand size or more.
  const attrs = (n: number) =>
    n < 4 ? (n < 2 ? "jit f:oc fu:o" : "f:oc fr:c fu:o") : `jit f:oszapc fu:${n === 7 ? "oa" : "oac"}`;
  const forms = (m: string, n: number, f: string): Row[] => [
    [m, `d0 /${n}`, "r/m8,1", f],
    [m, `d1 /${n}`, "r/mv,1", f],
    [m, `d2 /${n}`, "r/m8,cl", f],
    [m, `d3 /${n}`, "r/mv,cl", f],
    [m, `c0 /${n}`, "r/m8,imm8", `gen=186 ${f}`],
    [m, `c1 /${n}`, "r/mv,imm8", `gen=186 ${f}`],
  ];
  for (const [m, n] of SHIFTS) rows.push(...forms(m, n, attrs(n)));
  // /6 shifts as /4 does (an undocumented alias nasm never emits).
  rows.push(...forms("shl", 6, "dis f:oszapc fu:oac"));
  return rows;
}

function conditionRows(): Row[] {
  const rows: Row[] = [];
  CONDITIONS.forEach((names, cc) => {
    const fr = `fr:${COND_FLAGS[cc]}`;
    const j = names.map((n) => "j" + n).join("|");
    rows.push([j, hex(0x70 + cc), "rel8", `jit ${fr}`], [j, `0f ${hex(0x80 + cc)}`, "relv", `jit gen=386 ${fr}`]);
  });
  CONDITIONS.forEach((names, cc) => {
    const fr = `fr:${COND_FLAGS[cc]}`;
    rows.push([names.map((n) => "set" + n).join("|"), `0f ${hex(0x90 + cc)} /0`, "r/m8", `jit gen=386 ${fr} usz`]);
    // setcc ignores the reg field: /1-/7 are /0's undocumented aliases.
    rows.push([names.map((n) => "set" + n).join("|"), `0f ${hex(0x90 + cc)} /r`, "r/m8", `dis gen=386 ${fr} usz`]);
    rows.push([names.map((n) => "cmov" + n).join("|"), `0f ${hex(0x40 + cc)} /r`, "rv,r/mv", `jit gen=686 ${fr}`]);
  });
  return rows;
}

function stringRows(): Row[] {
  const rows: Row[] = [];
  const ops: [string, number, string, string][] = [
    ["movs", 0xa4, "rep", ""],
    ["cmps", 0xa6, "repcc", " f:oszapc"],
    ["stos", 0xaa, "rep", ""],
    ["lods", 0xac, "rep", ""],
    ["scas", 0xae, "repcc", " f:oszapc"],
    ["ins", 0x6c, "rep", " gen=186"],
    ["outs", 0x6e, "rep", " gen=186"],
  ];
  for (const [m, op, rep, f] of ops) {
    rows.push(
      [m + "b", hex(op), "", rep + " fr:d" + f],
      [m + "w", hex(op + 1), "", `o16 ${rep} fr:d${f}`],
      [m + "d", hex(op + 1), "", `o32 ${rep} fr:d${f}`],
    );
  }
  return rows;
}

/**
 * The x87 forms, named as ndisasm prints them. Register forms carry ST(i) in the low 3 bits of
 * their second byte (`d8 c0+r`); nasm's other spellings of the same bytes (`fadd st0, st3`,
 * `fadd st3, st0`, `faddp`) are assembler-only rows. The FWAIT forms (fsave = 9B DD /6) are
 * assembler-only: the disassembler shows 9B as its own `wait` (src/disasm/index.ts joins them).
 */
function x87Rows(): Row[] {
  const rows: Row[] = [];
  const ARITH = ["fadd", "fmul", "fcom", "fcomp", "fsub", "fsubr", "fdiv", "fdivr"];
  // DC and DE swap fsub/fsubr and fdiv/fdivr in the register forms (the "to st(i)" direction).
  const TO = ["fadd", "fmul", "", "", "fsubr", "fsub", "fdivr", "fdiv"];
  const INT = ["fiadd", "fimul", "ficom", "ficomp", "fisub", "fisubr", "fidiv", "fidivr"];
  ARITH.forEach((m, n) => rows.push([m, `d8 /${n}`, "m32", "fsz"], [m, `dc /${n}`, "m64", "fsz"]));
  ARITH.forEach((m, n) => {
    rows.push([m, `d8 ${hex(0xc0 + 8 * n)}+r`, "+st"]);
    // nasm tries `st(i), st0` before `st0, st(i)`: `fadd st0, st0` is DC C0.
    if (TO.includes(m)) rows.push([m, `dc ${hex(0xc0 + 8 * TO.indexOf(m))}+r`, "+st,st0", "asm"]);
    rows.push([m, `d8 ${hex(0xc0 + 8 * n)}+r`, "st0,+st", "asm"]);
  });
  rows.push(["fcom", "d8 d1", "", "asm"], ["fcomp", "d8 d9", "", "asm"]);
  TO.forEach((m, n) => {
    if (!m) return;
    const op = hex(0xc0 + 8 * n);
    rows.push([m, `dc ${op}+r`, "to+st"]);
    rows.push([m + "p", `de ${op}+r`, "+st"], [m + "p", `de ${op}+r`, "+st,st0", "asm"], [m + "p", `de ${hex(0xc1 + 8 * n)}`, "", "asm"]);
  });
  rows.push(["fcompp", "de d9", ""]);
  INT.forEach((m, n) => rows.push([m, `da /${n}`, "m32", "fsz"], [m, `de /${n}`, "m16", "fsz"]));

  // Loads, stores, control.
  rows.push(
    ["fld", "d9 /0", "m32", "fsz"],
    ["fld", "dd /0", "m64", "fsz"],
    ["fld", "db /5", "m80", "fsz"],
    ["fld", "d9 c0+r", "+st"],
    ["fst", "d9 /2", "m32", "fsz"],
    ["fst", "dd /2", "m64", "fsz"],
    ["fst", "dd d0+r", "+st"],
    ["fstp", "d9 /3", "m32", "fsz"],
    ["fstp", "dd /3", "m64", "fsz"],
    ["fstp", "db /7", "m80", "fsz"],
    ["fstp", "dd d8+r", "+st"],
    ["fild", "df /0", "m16", "fsz"],
    ["fild", "db /0", "m32", "fsz"],
    ["fild", "df /5", "m64", "fsz"],
    ["fist", "df /2", "m16", "fsz"],
    ["fist", "db /2", "m32", "fsz"],
    ["fistp", "df /3", "m16", "fsz"],
    ["fistp", "db /3", "m32", "fsz"],
    ["fistp", "df /7", "m64", "fsz"],
    ["fbld", "df /4", "m80", "fsz"],
    ["fbstp", "df /6", "m80", "fsz"],
    ["fxch", "d9 c8+r", "+st"],
    ["fxch", "d9 c9", "", "asm"],
    ["fxch", "d9 c8+r", "st0,+st", "asm"],
    ["fxch", "d9 c8+r", "+st,st0", "asm"],
    ["ffree", "dd c0+r", "+st"],
    ["fucom", "dd e0+r", "+st", "gen=386"],
    ["fucom", "dd e1", "", "asm gen=386"],
    ["fucomp", "dd e8+r", "+st", "gen=386"],
    ["fucomp", "dd e9", "", "asm gen=386"],
    ["fucompp", "da e9", "", "gen=386"],
    ["fldenv", "d9 /4", "m"],
    ["fldcw", "d9 /5", "m"],
    ["fnstenv", "d9 /6", "m"],
    ["fnstcw", "d9 /7", "m"],
    ["frstor", "dd /4", "m"],
    ["fnsave", "dd /6", "m"],
    ["fnstsw", "dd /7", "m"],
    ["fnstsw", "df e0", "ax"],
    ["fnclex", "db e2", ""],
    ["fninit", "db e3", ""],
    ["fnop", "d9 d0", ""],
    // The 8087's interrupt mask and the 287's protected-mode switch: no-ops from the 387 on.
    ["fneni", "db e0", ""],
    ["fndisi", "db e1", ""],
    ["fsetpm", "db e4", ""],
    ["feni", "9b db e0", "", "asm"],
    ["fdisi", "9b db e1", "", "asm"],
    // Free ST(i), then pop (undocumented, but every x87 since the 287 has it).
    ["ffreep", "df c0+r", "+st"],
    ["wait|fwait", "9b", ""],
    ["fstenv", "9b d9 /6", "m", "asm"],
    ["fstcw", "9b d9 /7", "m", "asm"],
    ["fsave", "9b dd /6", "m", "asm"],
    ["fstsw", "9b dd /7", "m", "asm"],
    ["fstsw", "9b df e0", "ax", "asm"],
    ["fclex", "9b db e2", "", "asm"],
    ["finit", "9b db e3", "", "asm"],
  );
  // The constants and the one-byte-operand arithmetic of D9 E0-FF.
  const D9: [number, string, string?][] = [
    [0xe0, "fchs"], [0xe1, "fabs"], [0xe4, "ftst"], [0xe5, "fxam"], [0xe8, "fld1"], [0xe9, "fldl2t"], [0xea, "fldl2e"],
    [0xeb, "fldpi"], [0xec, "fldlg2"], [0xed, "fldln2"], [0xee, "fldz"], [0xf0, "f2xm1"], [0xf1, "fyl2x"], [0xf2, "fptan"],
    [0xf3, "fpatan"], [0xf4, "fxtract"], [0xf5, "fprem1", "gen=386"], [0xf6, "fdecstp"], [0xf7, "fincstp"], [0xf8, "fprem"],
    [0xf9, "fyl2xp1"], [0xfa, "fsqrt"], [0xfb, "fsincos", "gen=386"], [0xfc, "frndint"], [0xfd, "fscale"],
    [0xfe, "fsin", "gen=386"], [0xff, "fcos", "gen=386"],
  ];
  for (const [op, m, attrs] of D9) rows.push([m, `d9 ${hex(op)}`, "", attrs]);
  // The Pentium Pro's conditional moves and EFLAGS compares.
  const FCMOV: [string, string][] = [["da c0", "fcmovb"], ["da c8", "fcmove"], ["da d0", "fcmovbe"], ["da d8", "fcmovu"],
    ["db c0", "fcmovnb"], ["db c8", "fcmovne"], ["db d0", "fcmovnbe"], ["db d8", "fcmovnu"]];
  const FCMOV_FLAGS = ["c", "z", "cz", "p", "c", "z", "cz", "p"];
  FCMOV.forEach(([op, m], k) => {
    rows.push([m, `${op}+r`, "+st", `gen=686 fr:${FCMOV_FLAGS[k]}`], [m, `${op}+r`, "st0,+st", `asm gen=686 fr:${FCMOV_FLAGS[k]}`]);
  });
  const FCOMI: [string, string][] = [["db e8", "fucomi"], ["db f0", "fcomi"], ["df e8", "fucomip"], ["df f0", "fcomip"]];
  for (const [op, m] of FCOMI) {
    rows.push([m, `${op}+r`, "+st", "gen=686 f:oszapc"], [m, `${op}+r`, "st0,+st", "asm gen=686 f:oszapc"]);
  }
  return rows;
}

const ROWS: Row[] = [
  // Data movement
  ["mov", "a0", "al,moffs8", "jit"],
  ["mov", "a1", "eAX,moffsv", "jit"],
  ["mov", "a2", "moffs8,al", "jit"],
  ["mov", "a3", "moffsv,eAX", "jit"],
  ["mov", "88 /r", "r/m8,r8", "jit"],
  ["mov", "89 /r", "r/mv,rv", "jit"],
  ["mov", "8a /r", "r8,r/m8", "jit"],
  ["mov", "8b /r", "rv,r/mv", "jit"],
  ["mov", "8c /r", "m16,sreg"],
  ["mov", "8c /r", "r/mv,sreg", "regonly"],
  ["mov", "8e /r", "sreg,r/mv", "noo regonly"],
  ["mov", "8e /r", "sreg,m16"],
  ["mov", "b0+r", "+r8,imm8", "jit"],
  ["mov", "b8+r", "+rv,immv", "jit"],
  ["mov", "c6 /0", "r/m8,imm8", "jit"],
  ["mov", "c7 /0", "r/mv,immv", "jit"],
  // CR0, CR2, CR3 at privilege 0 (real mode): the r/m field names a register whatever mod says.
  ["mov", "0f 20 /r", "r/r32,cr", "dis gen=386"],
  ["mov", "0f 22 /r", "cr,r/r32", "dis gen=386"],
  ["movzx", "0f b6 /r", "rv,r/m8", "jit gen=386"],
  ["movzx", "0f b7 /r", "r32,r/m16", "o32 jit gen=386"],
  ["movzx", "0f b7 /r", "r16,r/m16", "o16 dis jit gen=386"],
  ["movzx", "0f b6 /r", "r16,m", "o16 asm jit gen=386"],
  ["movsx", "0f be /r", "rv,r/m8", "jit gen=386"],
  ["movsx", "0f bf /r", "r32,r/m16", "o32 jit gen=386"],
  ["movsx", "0f bf /r", "r16,r/m16", "o16 dis jit gen=386"],
  ["movsx", "0f be /r", "r16,m", "o16 asm jit gen=386"],
  ["lea", "8d /r", "rv,m", "jit"],
  ["xchg", "90+r", "eAX,+rv", "jit"],
  ["xchg", "90+r", "+rv,eAX", "asm jit"],
  ["xchg", "86 /r", "r8,r/m8", "lock jit"],
  ["xchg", "86 /r", "r/m8,r8", "asm lock jit"],
  ["xchg", "87 /r", "rv,r/mv", "lock jit"],
  ["xchg", "87 /r", "r/mv,rv", "asm lock jit"],
  ["xadd", "0f c0 /r", "r/m8,r8", "lock gen=486 f:oszapc"],
  ["xadd", "0f c1 /r", "r/mv,rv", "lock gen=486 f:oszapc"],
  ["cmpxchg", "0f b0 /r", "r/m8,r8", "lock gen=486 f:oszapc"],
  ["cmpxchg", "0f b1 /r", "r/mv,rv", "lock gen=486 f:oszapc"],
  ["cmpxchg8b", "0f c7 /1", "m64", "lock gen=586 f:z"],
  ["bswap", "0f c8+r", "+r32", "o32 gen=486"],
  ["xlatb|xlat", "d7", ""],
  ["cbw", "98", "", "o16"],
  ["cwde", "98", "", "o32 jit32"],
  ["cwd", "99", "", "o16"],
  ["cdq", "99", "", "o32 jit32"],
  ["lds", "c5 /r", "rv,m"],
  ["les", "c4 /r", "rv,m"],
  ["lss", "0f b2 /r", "rv,m", "dis gen=386"],
  ["lfs", "0f b4 /r", "rv,m", "dis gen=386"],
  ["lgs", "0f b5 /r", "rv,m", "dis gen=386"],

  // Stack
  ["push", "50+r", "+rv", "jit32"],
  ["push", "ff /6", "r/mv", "jit32"],
  ["push", "6a", "simm8", "def gen=186 jit32"],
  ["push", "68", "immv", "def gen=186 jit32"],
  ["push", "06", "es"],
  ["push", "0e", "cs"],
  ["push", "16", "ss"],
  ["push", "1e", "ds"],
  ["push", "0f a0", "fs", "gen=386"],
  ["push", "0f a8", "gs", "gen=386"],
  ["pop", "58+r", "+rv", "jit32"],
  ["pop", "8f /0", "r/mv", "jit32"],
  ["pop", "07", "es"],
  ["pop", "17", "ss"],
  ["pop", "1f", "ds"],
  ["pop", "0f a1", "fs", "gen=386"],
  ["pop", "0f a9", "gs", "gen=386"],
  ["pusha", "60", "", "asm gen=186"],
  ["pushaw", "60", "", "o16 native=pusha gen=186"],
  ["pushad", "60", "", "o32 native=pusha gen=186"],
  ["popa", "61", "", "asm gen=186"],
  ["popaw", "61", "", "o16 native=popa gen=186"],
  ["popad", "61", "", "o32 native=popa gen=186"],
  ["pushf", "9c", "", "asm fr:oszapcdi"],
  ["pushfw", "9c", "", "o16 native=pushf fr:oszapcdi"],
  ["pushfd", "9c", "", "o32 native=pushf fr:oszapcdi"],
  ["popf", "9d", "", "asm f:oszapcdi"],
  ["popfw", "9d", "", "o16 native=popf f:oszapcdi"],
  ["popfd", "9d", "", "o32 native=popf f:oszapcdi"],
  ["enter", "c8", "imm16,imm8", "gen=186"],
  ["leave", "c9", "", "gen=186 jit32"],

  // Arithmetic and logic
  ...aluRows(),
  ["test", "84 /r", "r/m8,r8", "jit f:oszapc fu:a"],
  ["test", "84 /r", "r8,r/m8", "asm jit f:oszapc fu:a"],
  ["test", "85 /r", "r/mv,rv", "jit f:oszapc fu:a"],
  ["test", "85 /r", "rv,r/mv", "asm jit f:oszapc fu:a"],
  ["test", "a8", "al,imm8", "jit f:oszapc fu:a"],
  ["test", "a9", "eAX,immv", "jit f:oszapc fu:a"],
  ["test", "f6 /0", "r/m8,imm8", "jit f:oszapc fu:a"],
  ["test", "f7 /0", "r/mv,immv", "jit f:oszapc fu:a"],
  // /1 is /0's undocumented alias.
  ["test", "f6 /1", "r/m8,imm8", "dis f:oszapc fu:a"],
  ["test", "f7 /1", "r/mv,immv", "dis f:oszapc fu:a"],
  ["inc", "40+r", "+rv", "jit f:oszap"],
  ["inc", "fe /0", "r/m8", "lock jit f:oszap"],
  ["inc", "ff /0", "r/mv", "lock jit f:oszap"],
  ["dec", "48+r", "+rv", "jit f:oszap"],
  ["dec", "fe /1", "r/m8", "lock jit f:oszap"],
  ["dec", "ff /1", "r/mv", "lock jit f:oszap"],
  ["not", "f6 /2", "r/m8", "lock jit"],
  ["not", "f7 /2", "r/mv", "lock jit"],
  ["neg", "f6 /3", "r/m8", "lock jit f:oszapc"],
  ["neg", "f7 /3", "r/mv", "lock jit f:oszapc"],
  ["mul", "f6 /4", "r/m8", "jit f:oszapc fu:szap"],
  ["mul", "f7 /4", "r/mv", "jit f:oszapc fu:szap"],
  ["imul", "f6 /5", "r/m8", "jit f:oszapc fu:szap"],
  ["imul", "f7 /5", "r/mv", "jit f:oszapc fu:szap"],
  ["imul", "0f af /r", "rv,r/mv", "gen=386 jit f:oszapc fu:szap"],
  ["imul", "6b /r", "rv,r/mv,simm8", "gen=186 jit f:oszapc fu:szap"],
  ["imul", "69 /r", "rv,r/mv,immv", "gen=186 jit f:oszapc fu:szap"],
  ["div", "f6 /6", "r/m8", "jit f:oszapc fu:oszapc"],
  ["div", "f7 /6", "r/mv", "jit f:oszapc fu:oszapc"],
  ["idiv", "f6 /7", "r/m8", "jit f:oszapc fu:oszapc"],
  ["idiv", "f7 /7", "r/mv", "jit f:oszapc fu:oszapc"],
  ["daa", "27", "", "f:oszapc fr:ac fu:o"],
  ["das", "2f", "", "f:oszapc fr:ac fu:o"],
  ["aaa", "37", "", "f:oszapc fr:a fu:oszp"],
  ["aas", "3f", "", "f:oszapc fr:a fu:oszp"],
  ["aam", "d4 0a", "", "f:oszapc fu:oac"],
  ["aam", "d4", "imm8", "f:oszapc fu:oac"],
  ["aad", "d5 0a", "", "f:oszapc fu:oac"],
  ["aad", "d5", "imm8", "f:oszapc fu:oac"],
  // salc (undocumented): al = CF ? 0xff : 0.
  ["salc", "d6", "", "dis fr:c"],
  

  // Shifts, rotates and bits
  ...shiftRows(),
  ["shld", "0f a4 /r", "r/mv,rv,imm8", "gen=386 jit32 f:oszapc fu:oszapc"],
  ["shld", "0f a5 /r", "r/mv,rv,cl", "gen=386 jit32 f:oszapc fu:oszapc"],
  ["shrd", "0f ac /r", "r/mv,rv,imm8", "gen=386 jit32 f:oszapc fu:oszapc"],
  ["shrd", "0f ad /r", "r/mv,rv,cl", "gen=386 jit32 f:oszapc fu:oszapc"],
  ["bt", "0f a3 /r", "r/mv,rv", "gen=386 lock386 f:c fu:osap"],
  ["bt", "0f ba /4", "r/mv,imm8", "gen=386 lock386 f:c fu:osap"],
  ["bts", "0f ab /r", "r/mv,rv", "gen=386 lock f:c fu:osap"],
  ["bts", "0f ba /5", "r/mv,imm8", "gen=386 lock f:c fu:osap"],
  ["btr", "0f b3 /r", "r/mv,rv", "gen=386 lock f:c fu:osap"],
  ["btr", "0f ba /6", "r/mv,imm8", "gen=386 lock f:c fu:osap"],
  ["btc", "0f bb /r", "r/mv,rv", "gen=386 lock f:c fu:osap"],
  ["btc", "0f ba /7", "r/mv,imm8", "gen=386 lock f:c fu:osap"],
  ["bsf", "0f bc /r", "rv,r/mv", "gen=386 jit f:z fu:osapc"],
  ["bsr", "0f bd /r", "rv,r/mv", "gen=386 jit f:z fu:osapc"],

  // Control transfer
  ...conditionRows(),
  ["jmp", "eb", "rel8", "jit32"],
  ["jmp", "e9", "relv", "jit32"],
  ["jmp", "ea", "ptr16:v"],
  ["jmp", "ff /4", "r/mv", "def jit32"],
  ["jmp", "ff /5", "m16:v", "def far"],
  ["call", "e8", "relv", "jit32"],
  ["call", "9a", "ptr16:v"],
  ["call", "ff /2", "r/mv", "def jit32"],
  ["call", "ff /3", "m16:v", "def far"],
  ["ret|retn", "c3", "", "jit32"],
  ["ret|retn", "c2", "imm16", "jit32"],
  ["retf", "cb", ""],
  ["retf", "ca", "imm16"],
  ["loop", "e2", "rel8"],
  ["loope|loopz", "e1", "rel8", "fr:z"],
  ["loopne|loopnz", "e0", "rel8", "fr:z"],
  ["jcxz", "e3", "rel8", "a16"],
  ["jecxz", "e3", "rel8", "a32"],
  ["int", "cd", "imm8"],
  ["int3", "cc", ""],
  ["into", "ce", "", "fr:o"],
  ["iret", "cf", "", "asm f:oszapcdi"],
  ["iretw", "cf", "", "o16 native=iret f:oszapcdi"],
  ["iretd", "cf", "", "o32 native=iret f:oszapcdi"],
  ["bound", "62 /r", "rv,m", "gen=186"],

  // Strings
  ...stringRows(),

  // Flags
  ["lahf", "9f", "", "fr:szapc"],
  ["sahf", "9e", "", "f:szapc"],
  ["clc", "f8", "", "f:c"],
  ["stc", "f9", "", "f:c"],
  ["cmc", "f5", "", "f:c fr:c"],
  ["cld", "fc", "", "f:d"],
  ["std", "fd", "", "f:d"],
  ["cli", "fa", "", "f:i"],
  ["sti", "fb", "", "f:i"],

  // Input and output
  ["in", "e4", "al,imm8"],
  ["in", "e5", "eAX,imm8"],
  ["in", "ec", "al,dx"],
  ["in", "ed", "eAX,dx"],
  ["out", "e6", "imm8,al"],
  ["out", "e7", "imm8,eAX"],
  ["out", "ee", "dx,al"],
  ["out", "ef", "dx,eAX"],

  // System (real mode runs at privilege 0; a flat-mode process has none of these: #UD)
  ["sgdt", "0f 01 /0", "m", "dis gen=286"],
  ["sidt", "0f 01 /1", "m", "dis gen=286"],
  ["lgdt", "0f 01 /2", "m", "dis gen=286"],
  ["lidt", "0f 01 /3", "m", "dis gen=286"],
  ["smsw", "0f 01 /4", "r/mv", "dis regonly gen=286"],
  ["smsw", "0f 01 /4", "m16", "dis gen=286"],
  ["lmsw", "0f 01 /6", "r/m16", "dis gen=286"],
  ["clts", "0f 06", "", "dis gen=286"],

  // The x87, then the escapes it leaves undefined (and the core #UDs or treats as aliases):
  // ESC's operand is the 6-bit x87 opcode (the escape byte's low 3 bits, then ModR/M.reg) and
  // the r/m operand.
  ...x87Rows(),
  ...[0, 1, 2, 3, 4, 5, 6, 7].map((k): Row => ["esc", `${hex(0xd8 + k)} /r`, "escop,st/m", "dis"]),

  // Miscellaneous
  ["nop", "90", "", "jit"],
  ["nop", "0f 1f /0", "r/mv", "gen=686 jit"],
  // The other hint nops (0f 18-1f): nop r/m whatever the reg field says.
  ["nop", "0f 1f /r", "r/mv", "dis gen=686"],
  ...[0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e].map((op): Row => ["nop", `0f ${hex(op)} /r`, "r/mv", "dis gen=686"]),
  ["endbr32", "f3 0f 1e fb", "", "gen=686 jit32"],
  ["ud2", "0f 0b", "", "gen=686"],
  ["hlt", "f4", ""],
  ["cpuid", "0f a2", "", "gen=586"],
  ["rdtsc", "0f 31", "", "gen=586"],
];

const SEGS = ["es", "cs", "ss", "ds", "fs", "gs"];

function parseOperand(text: string): OperandSpec {
  const sz = (s: string): SizeSpec => (s === "v" ? "v" : s === "" ? 0 : (Number(s) as 8 | 16 | 32 | 64 | 80));
  let m: RegExpMatchArray | null;
  if ((m = text.match(/^r\/m(8|16|32|v)$/))) return { kind: "rm", size: sz(m[1]) };
  if ((m = text.match(/^\+r(8|16|32|v)$/))) return { kind: "opreg", size: sz(m[1]) };
  if ((m = text.match(/^r(8|16|32|v)$/))) return { kind: "reg", size: sz(m[1]) };
  if ((m = text.match(/^m(8|16|32|64|80|v|)$/))) return { kind: "mem", size: sz(m[1]) };
  if (text === "+st") return { kind: "stplus", size: 80 };
  if (text === "st0") return { kind: "st0", size: 80 };
  if (text === "to+st") return { kind: "tost", size: 80 };
  if ((m = text.match(/^imm(8|16|32|v)$/))) return { kind: "imm", size: sz(m[1]) };
  if ((m = text.match(/^rel(8|v)$/))) return { kind: "rel", size: sz(m[1]) };
  if ((m = text.match(/^moffs(8|v)$/))) return { kind: "moffs", size: sz(m[1]) };
  if (text === "simm8") return { kind: "simm8", size: "v" };
  if (text === "cr") return { kind: "creg", size: 32 };
  if (text === "r/r32") return { kind: "rmreg", size: 32 };
  if (text === "escop") return { kind: "escop", size: 0 };
  if (text === "st/m") return { kind: "st", size: 0 };
  if (text === "al") return { kind: "acc", size: 8 };
  if (text === "eAX") return { kind: "acc", size: "v" };
  if (text === "ax") return { kind: "acc", size: 16 };
  if (text === "cl") return { kind: "cl", size: 8 };
  if (text === "dx") return { kind: "dx", size: 16 };
  if (text === "1") return { kind: "one", size: 8 };
  if (text === "sreg") return { kind: "sreg", size: 16 };
  if (text === "ptr16:v") return { kind: "farptr", size: "v" };
  if (text === "m16:v") return { kind: "farmem", size: "v" };
  if (SEGS.includes(text)) return { kind: "seg", size: 16, seg: SEGS.indexOf(text) };
  throw new Error(`instruction table: bad operand '${text}'`);
}

function generation(text: string | undefined): Generation {
  const gen = Number(text ?? 8086) as Generation;
  if (!GENERATIONS.includes(gen)) throw new Error(`instruction table: bad generation '${text}'`);
  return gen;
}

function parseRow(row: Row, id: number): InsnForm {
  const [names, encoding, operandText, attrText = ""] = row;
  const [mnemonic, ...aliases] = names.split("|");
  const attrs = attrText.split(/\s+/).filter(Boolean);
  const has = (a: string) => attrs.includes(a);
  const attr = (prefix: string) => attrs.find((a) => a.startsWith(prefix))?.slice(prefix.length);

  let mandatory: number | undefined;
  const opcode: number[] = [];
  let modrm: InsnForm["modrm"] = "none";
  let plusReg = false;
  for (const part of encoding.split(/\s+/)) {
    if (part === "/r") modrm = "r";
    else if (/^\/[0-7]$/.test(part)) modrm = Number(part[1]);
    else if (part.endsWith("+r")) {
      opcode.push(parseInt(part, 16));
      plusReg = true;
    } else opcode.push(parseInt(part, 16));
  }
  // F3 in front of 0F is a mandatory prefix, not an opcode byte (endbr32).
  if (opcode[0] === 0xf3 && opcode.length > 1) mandatory = opcode.shift();

  const operands = operandText ? operandText.split(",").map(parseOperand) : [];
  const usesV = operands.some((o) => o.size === "v");
  const osize = has("o16") ? 16 : has("o32") ? 32 : usesV ? "v" : 0;
  const rep = has("rep") ? "rep" : has("repcc") ? "repcc" : "";
  return {
    id,
    mnemonic,
    aliases,
    opcode,
    mandatory,
    modrm,
    plusReg,
    operands,
    osize,
    asize: has("a16") ? 16 : has("a32") ? 32 : 0,
    lock: has("lock"),
    lock386: has("lock386"),
    gen: generation(attr("gen=")),
    jit: has("jit") ? "any" : has("jit32") ? "o32" : false,
    rep,
    defSize: has("def"),
    noOsizePrefix: has("noo"),
    regOnly: has("regonly"),
    sizedMem: has("fsz"),
    unsizedMem: has("usz"),
    asmOnly: has("asm"),
    disOnly: has("dis"),
    nativeName: attr("native="),
    flagsWritten: attr("f:") ?? "",
    flagsRead: attr("fr:") ?? "",
    flagsUndefined: attr("fu:") ?? "",
  };
}

/** Every instruction form, in the assembler's order of preference. */
export const FORMS: readonly InsnForm[] = ROWS.map(parseRow);

const BY_MNEMONIC = new Map<string, InsnForm[]>();
for (const form of FORMS) {
  for (const name of [form.mnemonic, ...form.aliases]) {
    const list = BY_MNEMONIC.get(name) ?? [];
    list.push(form);
    BY_MNEMONIC.set(name, list);
  }
}

/** The forms the assembler may use for `mnemonic` (lowercase), in order of preference. */
export function formsFor(mnemonic: string): readonly InsnForm[] {
  return BY_MNEMONIC.get(mnemonic) ?? [];
}

/** Every mnemonic and alias the table knows. */
export function allMnemonics(): string[] {
  return [...BY_MNEMONIC.keys()];
}
