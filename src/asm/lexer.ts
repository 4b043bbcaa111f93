/**
 * Splits one source line into tokens. Every token keeps its 1-based column so errors can point
 * at it. NASM's lexical rules, reduced to what the assembler accepts: identifiers (with local
 * `.labels`), numbers in NASM's notations, three kinds of quoted strings, and operators.
 */

export type TokenKind = "ident" | "num" | "str" | "op" | "eol";

export interface Token {
  kind: TokenKind;
  /** Identifier (lowercase kept separately), operator text, or raw string contents. */
  text: string;
  /** For numbers: the value; for strings: the bytes. */
  value?: bigint;
  bytes?: number[];
  col: number;
}

export class LexError extends Error {
  constructor(
    message: string,
    readonly col: number,
  ) {
    super(message);
  }
}

const IDENT_START = /[A-Za-z_.?@]/;
const IDENT_CHAR = /[A-Za-z0-9_.?@$#~]/;
const OPERATORS = ["<<<", ">>>", "<<", ">>", "//", "%%", "==", "!=", "<=", ">=", "&&", "||", "$$"];
const SINGLE = "[](),:+-*/%&|^~!<>=$";

const RADIX_LETTERS: Record<string, number> = { b: 2, y: 2, q: 8, o: 8, d: 10, t: 10, h: 16, x: 16 };

/**
 * Parses a NASM numeric literal (already isolated), or returns undefined. As NASM's readnum: a
 * radix letter may follow a leading 0 (`0x1f`, `0t99`) or end the number (`1fh`, `1fx`, `99t`),
 * `$` prefixes hex; with both a prefix and a suffix the larger radix wins (`0b1h` is 0xb1).
 * Underscores are ignored.
 */
export function parseNumber(raw: string): bigint | undefined {
  const s = raw.toLowerCase();
  let prefix = 0;
  let prefixLength = 0;
  if (s.length > 2 && s[0] === "0" && RADIX_LETTERS[s[1]]) [prefix, prefixLength] = [RADIX_LETTERS[s[1]], 2];
  else if (s.length > 1 && s[0] === "$") [prefix, prefixLength] = [16, 1];
  const suffix = s.length > 1 ? (RADIX_LETTERS[s[s.length - 1]] ?? 0) : 0;
  let digits = s;
  let radix = 10;
  if (prefix > suffix) [radix, digits] = [prefix, s.slice(prefixLength)];
  else if (suffix > prefix) [radix, digits] = [suffix, s.slice(0, -1)];
  let v = 0n;
  for (const ch of digits) {
    if (ch === "_") continue;
    const d = parseInt(ch, 36);
    if (Number.isNaN(d) || d >= radix) return undefined;
    v = v * BigInt(radix) + BigInt(d);
  }
  return BigInt.asUintN(64, v);
}

function utf8(s: string): number[] {
  return [...new TextEncoder().encode(s)];
}

/** UTF-8 of a code point, extended to 31 bits (5- and 6-byte forms) as NASM encodes `\U`. */
function utf8CodePoint(cp: number): number[] {
  if (cp < 0x80) return [cp];
  const lengths = [0x800, 0x10000, 0x200000, 0x4000000, 0x80000000];
  let n = lengths.findIndex((limit) => cp < limit) + 2;
  if (n === 1) n = 6;
  const out: number[] = [];
  for (let i = n - 1; i > 0; i--) out.unshift(0x80 | (Math.floor(cp / 2 ** (6 * (n - 1 - i))) & 0x3f));
  out.unshift(((0xff00 >> n) & 0xff) | Math.floor(cp / 2 ** (6 * (n - 1))));
  return out;
}

/**
 * Decodes the escapes of a backquoted string as NASM does: C's, `\e`, octal (up to 3 digits),
 * `\x` (up to 2 hex digits), `\u` and `\U` (up to 4 and 8, as UTF-8); an escape without its
 * digits, or of any other character, is that character (`\xg` is "xg").
 */
function unescape(body: string, col: number): number[] {
  const out: number[] = [];
  const simple: Record<string, number> = {
    n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, e: 27, "\\": 92, "'": 39, '"': 34, "`": 96, "?": 63,
  };
  const hexRun = (at: number, max: number) => body.slice(at, at + max).match(/^[0-9a-fA-F]*/)![0];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== "\\") {
      out.push(...utf8(ch));
      continue;
    }
    const e = body[++i];
    if (e === undefined) throw new LexError("unterminated escape in string", col);
    const digits = e === "x" ? hexRun(i + 1, 2) : e === "u" ? hexRun(i + 1, 4) : e === "U" ? hexRun(i + 1, 8) : "";
    if (digits) {
      const v = parseInt(digits, 16);
      out.push(...(e === "x" ? [v] : utf8CodePoint(v)));
      i += digits.length;
    } else if (/[0-7]/.test(e)) {
      const oct = body.slice(i, i + 3).match(/^[0-7]{1,3}/)![0];
      out.push(parseInt(oct, 8) & 0xff);
      i += oct.length - 1;
    } else if (e in simple) {
      out.push(simple[e]);
    } else {
      out.push(...utf8(e));
    }
  }
  return out;
}

/** Tokenizes one line (without its newline). Stops at a `;` comment. */
export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i];
    const col = i + 1;
    if (ch === " " || ch === "\t" || ch === "\r") {
      i++;
      continue;
    }
    if (ch === ";") break;
    if (ch === "'" || ch === '"' || ch === "`") {
      let j = i + 1;
      while (j < line.length && line[j] !== ch) j += ch === "`" && line[j] === "\\" ? 2 : 1;
      if (j >= line.length) throw new LexError("unterminated string", col);
      const body = line.slice(i + 1, j);
      tokens.push({ kind: "str", text: body, bytes: ch === "`" ? unescape(body, col) : utf8(body), col });
      i = j + 1;
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === "$" && /[0-9]/.test(line[i + 1] ?? ""))) {
      let j = i + 1;
      while (j < line.length && /[0-9A-Za-z_]/.test(line[j])) j++;
      const raw = line.slice(i, j);
      const value = parseNumber(raw);
      if (value === undefined) throw new LexError(`invalid number '${raw}'`, col);
      tokens.push({ kind: "num", text: raw, value, col });
      i = j;
      continue;
    }
    if (IDENT_START.test(ch)) {
      let j = i + 1;
      while (j < line.length && IDENT_CHAR.test(line[j])) j++;
      tokens.push({ kind: "ident", text: line.slice(i, j), col });
      i = j;
      continue;
    }
    const op = OPERATORS.find((o) => line.startsWith(o, i));
    if (op) {
      tokens.push({ kind: "op", text: op, col });
      i += op.length;
      continue;
    }
    if (SINGLE.includes(ch)) {
      tokens.push({ kind: "op", text: ch, col });
      i++;
      continue;
    }
    throw new LexError(`unexpected character '${ch}'`, col);
  }
  tokens.push({ kind: "eol", text: "", col: line.length + 1 });
  return tokens;
}
