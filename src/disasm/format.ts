/**
 * NASM-syntax text for a decoded instruction, as `ndisasm` prints it (lowercase, hex numbers as
 * 0x.., size keywords where the operands do not show the size). One deliberate difference:
 * short conditional jumps print `short`, so that the text assembles back to the same bytes.
 */
import type { Decoded, DecodedMem, DecodedOperand } from "./decode.js";
import { gprName, REG16, REG32, SREG } from "../isa/registers.js";

const hex = (n: number) => "0x" + n.toString(16);
const signedHex = (n: number) => (n < 0 ? "-" : "+") + hex(Math.abs(n));
const SIZE_WORD: Record<number, string> = { 8: "byte", 16: "word", 32: "dword", 64: "qword", 80: "tword" };
const SEG_BYTES = [0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65];

function memText(m: DecodedMem, bits: 16 | 32, moffs: boolean): string {
  const parts: string[] = [];
  const regs = m.asize === 16 ? REG16 : REG32;
  if (m.base !== undefined) parts.push(regs[m.base]);
  if (m.index !== undefined) parts.push(regs[m.index] + (m.scale > 1 ? `*${m.scale}` : ""));
  let text = parts.join("+");
  // A bare offset names its address size when that is not 16-bit code's default, as ndisasm
  // does; nasm reads the keyword back as the address size.
  let size = "";
  if (parts.length === 0) {
    text = hex(m.disp >>> 0);
    if (m.asize !== bits || (m.asize === 32 && !moffs)) size = m.asize === 32 ? "dword " : "word ";
  } else if (m.dispBytes) text += signedHex(m.disp);
  const seg = m.seg !== undefined ? SREG[m.seg] + ":" : "";
  // ndisasm writes [es:word 0x10] for the A0-A3 forms and [word es:0x10] for ModRM ones.
  return moffs ? `[${seg}${size}${text}]` : `[${size}${seg}${text}]`;
}

// Immediates ndisasm marks with their size: sign-extended bytes (`byte +0x1`), shift and bit
// counts (`byte 0x5`), and full-size immediates of push and imul.
const SIGNED_BYTE = new Set(["83", "6b", "6a"]);
const BYTE_COUNT = new Set(["c0", "c1", "f ba"]);
const SIZED_IMM = new Set(["68", "69"]);

function opcodeKey(d: Decoded): string {
  return d.form.opcode.map((b) => b.toString(16)).join(" ");
}

/** Text of one decoded instruction. */
export function formatDecoded(d: Decoded, bits: 16 | 32): string {
  const { form } = d;
  const key = opcodeKey(d);
  const native = d.osize === bits;
  const words: string[] = [];

  // Prefixes the instruction does not absorb are printed as words, in ndisasm's order.
  const hasMem = d.operands.some((o) => o.kind === "mem");
  const usesOsize = form.osize !== 0 && key !== "6a";
  const segWords: string[] = [];
  const sizeWords: string[] = [];
  const repWords: string[] = [];
  for (const p of d.prefixes) {
    if (p === 0xf0) repWords.push("lock");
    else if (p === 0xf3) {
      if (form.mandatory !== 0xf3) repWords.push(form.rep === "repcc" ? "repe" : "rep");
    } else if (p === 0xf2) repWords.push("repne");
    else if (p === 0x66 && !usesOsize) sizeWords.push(bits === 16 ? "o32" : "o16");
    else if (p === 0x67 && !hasMem && !form.asize) sizeWords.push(bits === 16 ? "a32" : "a16");
    else if (SEG_BYTES.includes(p) && !hasMem) segWords.push(SREG[SEG_BYTES.indexOf(p)]);
  }
  words.push(...segWords, ...repWords, ...sizeWords);

  let name = form.mnemonic;
  if (form.nativeName && !d.prefixes.includes(0x66)) name = form.nativeName;

  // A memory operand shows its size unless a register operand of the same size implies it.
  const gprSizes = d.operands
    .filter((o, k) => o.kind === "reg" && ["reg", "opreg", "acc", "rm"].includes(form.operands[k].kind))
    .map((o) => (o as { size: number }).size);
  const noSize = form.unsizedMem || ((key === "f b6" || key === "f be") && d.osize === 16);
  const hasSreg = d.operands.some((o) => o.kind === "sreg");
  const isNearIndirect = key === "ff" && (form.modrm === 2 || form.modrm === 4);
  const isFarIndirect = key === "ff" && (form.modrm === 3 || form.modrm === 5);

  const texts = d.operands.map((op, k) => {
    const spec = form.operands[k];
    switch (op.kind) {
      case "reg":
        return gprName(op.size, op.num);
      case "sreg":
        return SREG[op.num];
      case "creg":
        return `cr${op.num}`;
      case "st":
        return `${spec.kind === "tost" ? "to " : ""}st${op.num}`;
      case "mem": {
        const text = memText(op, bits, spec.kind === "moffs");
        if (spec.kind === "moffs" || spec.kind === "st" || (spec.kind === "mem" && spec.size === 0) || noSize) return text;
        if (isFarIndirect) return `${native ? "" : SIZE_WORD[d.osize] + " "}far ${text}`;
        if (isNearIndirect) return native ? text : `${SIZE_WORD[d.osize]} ${text}`;
        const size = spec.size === "v" ? d.osize : (spec.size as number);
        if (hasSreg || gprSizes.includes(size)) return text;
        return `${SIZE_WORD[size]} ${text}`;
      }
      case "imm":
        return immText(op, spec.kind, key, d);
      case "rel": {
        if (spec.size === 8) return key === "eb" || /^7/.test(key) ? `short ${hex(op.target)}` : hex(op.target);
        const prefix = native ? (key.startsWith("f 8") ? "near " : "") : `${SIZE_WORD[d.osize]} `;
        return prefix + hex(op.target);
      }
      case "far":
        return `${native ? "" : SIZE_WORD[d.osize] + " "}${hex(op.seg)}:${hex(op.off)}`;
    }
  });
  words.push(texts.length ? `${name} ${texts.join(",")}` : name);
  return words.join(" ");
}

function immText(op: Extract<DecodedOperand, { kind: "imm" }>, kind: string, key: string, d: Decoded): string {
  if (kind === "one") return "1";
  if (kind === "simm8" || SIGNED_BYTE.has(key)) return `byte ${signedHex(op.value)}`;
  if (BYTE_COUNT.has(key)) return `byte ${hex(op.value)}`;
  if (SIZED_IMM.has(key)) return `${SIZE_WORD[d.osize]} ${hex(op.value)}`;
  return hex(op.value);
}
