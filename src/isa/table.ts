/**
 * The instruction table: every instruction form the core executes, as data.
 *
 * One table drives the assembler (which picks the first form that fits, in table order, as nasm
 * does), the disassembler (which indexes the same forms by opcode) and the instruction generator
 * used by the nasm corpus tests and the core's fuzzer. Rows are written in a compact Intel-like
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
 *     m mv m16 m64         memory only
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
 *     usz          memory without a size keyword is accepted (setcc); ndisasm then prints none
 *     far          the memory operand must be written `far` (jmp far [mem])
 *     asm          assembler only: the disassembler never names it (operand-order aliases)
 *     dis          disassembler only
 *     native=NAME  ndisasm's name when the operand size is the mode's default (pusha, iret...)
 *     f:LETTERS    arithmetic flags written (o s z a p c, plus d i for cld/cli...)
 *     fr:LETTERS   flags read
 */

export type OperandKind =
  | "reg"
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

export type SizeSpec = 0 | 8 | 16 | 32 | 64 | "v";

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
  lock: boolean;
  rep: "" | "rep" | "repcc";
  /** Unsized operands default to the mode's operand size. */
  defSize: boolean;
  /** The operand size only names the register: no 0x66 prefix (mov sreg, r/m). */
  noOsizePrefix: boolean;
  /** The r/m operand must be a register. */
  regOnly: boolean;
  /** Memory operands need no size keyword (and are printed without one). */
  unsizedMem: boolean;
  asmOnly: boolean;
  disOnly: boolean;
  /** ndisasm's name when the operand size equals the mode's default. */
  nativeName?: string;
  flagsWritten: string;
  flagsRead: string;
}

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
    const f = `f:oszapc${fr}`;
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
    );
  });
  return rows;
}

function shiftRows(): Row[] {
  const rows: Row[] = [];
  for (const [m, n] of SHIFTS) {
    const f = n < 4 ? (n < 2 ? "f:oc" : "f:oc fr:c") : "f:oszapc";
    rows.push(
      [m, `d0 /${n}`, "r/m8,1", f],
      [m, `d1 /${n}`, "r/mv,1", f],
      [m, `d2 /${n}`, "r/m8,cl", f],
      [m, `d3 /${n}`, "r/mv,cl", f],
      [m, `c0 /${n}`, "r/m8,imm8", f],
      [m, `c1 /${n}`, "r/mv,imm8", f],
    );
  }
  return rows;
}

function conditionRows(): Row[] {
  const rows: Row[] = [];
  CONDITIONS.forEach((names, cc) => {
    const fr = `fr:${COND_FLAGS[cc]}`;
    const j = names.map((n) => "j" + n).join("|");
    rows.push([j, hex(0x70 + cc), "rel8", fr], [j, `0f ${hex(0x80 + cc)}`, "relv", fr]);
  });
  CONDITIONS.forEach((names, cc) => {
    const fr = `fr:${COND_FLAGS[cc]}`;
    rows.push([names.map((n) => "set" + n).join("|"), `0f ${hex(0x90 + cc)} /0`, "r/m8", `${fr} usz`]);
    rows.push([names.map((n) => "cmov" + n).join("|"), `0f ${hex(0x40 + cc)} /r`, "rv,r/mv", fr]);
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
    ["ins", 0x6c, "rep", ""],
    ["outs", 0x6e, "rep", ""],
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

const ROWS: Row[] = [
  // Data movement
  ["mov", "a0", "al,moffs8"],
  ["mov", "a1", "eAX,moffsv"],
  ["mov", "a2", "moffs8,al"],
  ["mov", "a3", "moffsv,eAX"],
  ["mov", "88 /r", "r/m8,r8"],
  ["mov", "89 /r", "r/mv,rv"],
  ["mov", "8a /r", "r8,r/m8"],
  ["mov", "8b /r", "rv,r/mv"],
  ["mov", "8c /r", "m16,sreg"],
  ["mov", "8c /r", "r/mv,sreg", "regonly"],
  ["mov", "8e /r", "sreg,r/mv", "noo regonly"],
  ["mov", "8e /r", "sreg,m16"],
  ["mov", "b0+r", "+r8,imm8"],
  ["mov", "b8+r", "+rv,immv"],
  ["mov", "c6 /0", "r/m8,imm8"],
  ["mov", "c7 /0", "r/mv,immv"],
  ["movzx", "0f b6 /r", "rv,r/m8"],
  ["movzx", "0f b7 /r", "r32,r/m16", "o32"],
  ["movzx", "0f b7 /r", "r16,r/m16", "o16 dis"],
  ["movzx", "0f b6 /r", "r16,m", "o16 asm"],
  ["movsx", "0f be /r", "rv,r/m8"],
  ["movsx", "0f bf /r", "r32,r/m16", "o32"],
  ["movsx", "0f bf /r", "r16,r/m16", "o16 dis"],
  ["movsx", "0f be /r", "r16,m", "o16 asm"],
  ["lea", "8d /r", "rv,m"],
  ["xchg", "90+r", "eAX,+rv"],
  ["xchg", "90+r", "+rv,eAX", "asm"],
  ["xchg", "86 /r", "r8,r/m8", "lock"],
  ["xchg", "86 /r", "r/m8,r8", "asm lock"],
  ["xchg", "87 /r", "rv,r/mv", "lock"],
  ["xchg", "87 /r", "r/mv,rv", "asm lock"],
  ["xadd", "0f c0 /r", "r/m8,r8", "lock f:oszapc"],
  ["xadd", "0f c1 /r", "r/mv,rv", "lock f:oszapc"],
  ["cmpxchg", "0f b0 /r", "r/m8,r8", "lock f:oszapc"],
  ["cmpxchg", "0f b1 /r", "r/mv,rv", "lock f:oszapc"],
  ["cmpxchg8b", "0f c7 /1", "m64", "lock f:z"],
  ["bswap", "0f c8+r", "+r32", "o32"],
  ["xlatb|xlat", "d7", ""],
  ["cbw", "98", "", "o16"],
  ["cwde", "98", "", "o32"],
  ["cwd", "99", "", "o16"],
  ["cdq", "99", "", "o32"],
  ["lds", "c5 /r", "rv,m"],
  ["les", "c4 /r", "rv,m"],

  // Stack
  ["push", "50+r", "+rv"],
  ["push", "ff /6", "r/mv"],
  ["push", "6a", "simm8", "def"],
  ["push", "68", "immv", "def"],
  ["push", "06", "es"],
  ["push", "0e", "cs"],
  ["push", "16", "ss"],
  ["push", "1e", "ds"],
  ["push", "0f a0", "fs"],
  ["push", "0f a8", "gs"],
  ["pop", "58+r", "+rv"],
  ["pop", "8f /0", "r/mv"],
  ["pop", "07", "es"],
  ["pop", "17", "ss"],
  ["pop", "1f", "ds"],
  ["pop", "0f a1", "fs"],
  ["pop", "0f a9", "gs"],
  ["pusha", "60", "", "asm"],
  ["pushaw", "60", "", "o16 native=pusha"],
  ["pushad", "60", "", "o32 native=pusha"],
  ["popa", "61", "", "asm"],
  ["popaw", "61", "", "o16 native=popa"],
  ["popad", "61", "", "o32 native=popa"],
  ["pushf", "9c", "", "asm fr:oszapcdi"],
  ["pushfw", "9c", "", "o16 native=pushf fr:oszapcdi"],
  ["pushfd", "9c", "", "o32 native=pushf fr:oszapcdi"],
  ["popf", "9d", "", "asm f:oszapcdi"],
  ["popfw", "9d", "", "o16 native=popf f:oszapcdi"],
  ["popfd", "9d", "", "o32 native=popf f:oszapcdi"],
  ["enter", "c8", "imm16,imm8"],
  ["leave", "c9", ""],

  // Arithmetic and logic
  ...aluRows(),
  ["test", "84 /r", "r/m8,r8", "f:oszapc"],
  ["test", "84 /r", "r8,r/m8", "asm f:oszapc"],
  ["test", "85 /r", "r/mv,rv", "f:oszapc"],
  ["test", "85 /r", "rv,r/mv", "asm f:oszapc"],
  ["test", "a8", "al,imm8", "f:oszapc"],
  ["test", "a9", "eAX,immv", "f:oszapc"],
  ["test", "f6 /0", "r/m8,imm8", "f:oszapc"],
  ["test", "f7 /0", "r/mv,immv", "f:oszapc"],
  ["inc", "40+r", "+rv", "f:oszap"],
  ["inc", "fe /0", "r/m8", "lock f:oszap"],
  ["inc", "ff /0", "r/mv", "lock f:oszap"],
  ["dec", "48+r", "+rv", "f:oszap"],
  ["dec", "fe /1", "r/m8", "lock f:oszap"],
  ["dec", "ff /1", "r/mv", "lock f:oszap"],
  ["not", "f6 /2", "r/m8", "lock"],
  ["not", "f7 /2", "r/mv", "lock"],
  ["neg", "f6 /3", "r/m8", "lock f:oszapc"],
  ["neg", "f7 /3", "r/mv", "lock f:oszapc"],
  ["mul", "f6 /4", "r/m8", "f:oszapc"],
  ["mul", "f7 /4", "r/mv", "f:oszapc"],
  ["imul", "f6 /5", "r/m8", "f:oszapc"],
  ["imul", "f7 /5", "r/mv", "f:oszapc"],
  ["imul", "0f af /r", "rv,r/mv", "f:oszapc"],
  ["imul", "6b /r", "rv,r/mv,simm8", "f:oszapc"],
  ["imul", "69 /r", "rv,r/mv,immv", "f:oszapc"],
  ["div", "f6 /6", "r/m8", "f:oszapc"],
  ["div", "f7 /6", "r/mv", "f:oszapc"],
  ["idiv", "f6 /7", "r/m8", "f:oszapc"],
  ["idiv", "f7 /7", "r/mv", "f:oszapc"],
  ["daa", "27", "", "f:oszapc fr:ac"],
  ["das", "2f", "", "f:oszapc fr:ac"],
  ["aaa", "37", "", "f:oszapc fr:a"],
  ["aas", "3f", "", "f:oszapc fr:a"],
  ["aam", "d4 0a", "", "f:oszapc"],
  ["aam", "d4", "imm8", "f:oszapc"],
  ["aad", "d5 0a", "", "f:oszapc"],
  ["aad", "d5", "imm8", "f:oszapc"],

  // Shifts, rotates and bits
  ...shiftRows(),
  ["shld", "0f a4 /r", "r/mv,rv,imm8", "f:oszapc"],
  ["shld", "0f a5 /r", "r/mv,rv,cl", "f:oszapc"],
  ["shrd", "0f ac /r", "r/mv,rv,imm8", "f:oszapc"],
  ["shrd", "0f ad /r", "r/mv,rv,cl", "f:oszapc"],
  ["bt", "0f a3 /r", "r/mv,rv", "f:c"],
  ["bt", "0f ba /4", "r/mv,imm8", "f:c"],
  ["bts", "0f ab /r", "r/mv,rv", "lock f:c"],
  ["bts", "0f ba /5", "r/mv,imm8", "lock f:c"],
  ["btr", "0f b3 /r", "r/mv,rv", "lock f:c"],
  ["btr", "0f ba /6", "r/mv,imm8", "lock f:c"],
  ["btc", "0f bb /r", "r/mv,rv", "lock f:c"],
  ["btc", "0f ba /7", "r/mv,imm8", "lock f:c"],
  ["bsf", "0f bc /r", "rv,r/mv", "f:z"],
  ["bsr", "0f bd /r", "rv,r/mv", "f:z"],

  // Control transfer
  ...conditionRows(),
  ["jmp", "eb", "rel8"],
  ["jmp", "e9", "relv"],
  ["jmp", "ea", "ptr16:v"],
  ["jmp", "ff /4", "r/mv", "def"],
  ["jmp", "ff /5", "m16:v", "def far"],
  ["call", "e8", "relv"],
  ["call", "9a", "ptr16:v"],
  ["call", "ff /2", "r/mv", "def"],
  ["call", "ff /3", "m16:v", "def far"],
  ["ret|retn", "c3", ""],
  ["ret|retn", "c2", "imm16"],
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
  ["bound", "62 /r", "rv,m"],

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

  // Miscellaneous
  ["nop", "90", ""],
  ["nop", "0f 1f /0", "r/mv"],
  ["endbr32", "f3 0f 1e fb", ""],
  ["ud2", "0f 0b", ""],
  ["hlt", "f4", ""],
  ["cpuid", "0f a2", ""],
  ["rdtsc", "0f 31", ""],
];

const SEGS = ["es", "cs", "ss", "ds", "fs", "gs"];

function parseOperand(text: string): OperandSpec {
  const sz = (s: string): SizeSpec => (s === "v" ? "v" : s === "" ? 0 : (Number(s) as 8 | 16 | 32 | 64));
  let m: RegExpMatchArray | null;
  if ((m = text.match(/^r\/m(8|16|32|v)$/))) return { kind: "rm", size: sz(m[1]) };
  if ((m = text.match(/^\+r(8|16|32|v)$/))) return { kind: "opreg", size: sz(m[1]) };
  if ((m = text.match(/^r(8|16|32|v)$/))) return { kind: "reg", size: sz(m[1]) };
  if ((m = text.match(/^m(8|16|32|64|v|)$/))) return { kind: "mem", size: sz(m[1]) };
  if ((m = text.match(/^imm(8|16|32|v)$/))) return { kind: "imm", size: sz(m[1]) };
  if ((m = text.match(/^rel(8|v)$/))) return { kind: "rel", size: sz(m[1]) };
  if ((m = text.match(/^moffs(8|v)$/))) return { kind: "moffs", size: sz(m[1]) };
  if (text === "simm8") return { kind: "simm8", size: "v" };
  if (text === "al") return { kind: "acc", size: 8 };
  if (text === "eAX") return { kind: "acc", size: "v" };
  if (text === "cl") return { kind: "cl", size: 8 };
  if (text === "dx") return { kind: "dx", size: 16 };
  if (text === "1") return { kind: "one", size: 8 };
  if (text === "sreg") return { kind: "sreg", size: 16 };
  if (text === "ptr16:v") return { kind: "farptr", size: "v" };
  if (text === "m16:v") return { kind: "farmem", size: "v" };
  if (SEGS.includes(text)) return { kind: "seg", size: 16, seg: SEGS.indexOf(text) };
  throw new Error(`instruction table: bad operand '${text}'`);
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
    rep,
    defSize: has("def"),
    noOsizePrefix: has("noo"),
    regOnly: has("regonly"),
    unsizedMem: has("usz"),
    asmOnly: has("asm"),
    disOnly: has("dis"),
    nativeName: attr("native="),
    flagsWritten: attr("f:") ?? "",
    flagsRead: attr("fr:") ?? "",
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
