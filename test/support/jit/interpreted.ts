// Instructions the translator leaves to the interpreter: a block ends before them and the
// interpreter runs on, so entries and exits of blocks in the middle of a loop are exercised,
// and flags reach the next block materialized (clc, popf, sahf...) or set by other formulas.
import { plain, withImm, withRm } from "./encode";
import { modrmByte } from "../modrm";
import { EDX, ESI, EDI, ECX, type Operands } from "./operands";
import type { Family } from "./translated";

const o16 = (o: Operands) => (o.rng.chance(0.4) ? [0x66] : []);

/** rol ror rcl rcr by 1, imm8 or cl. */
const rotate: Family = (o) => {
  const r = o.rng;
  const w = r.chance(0.3) ? 0 : 1;
  const rm = o.rm(w ? 32 : 8, true);
  const ext = r.below(4);
  const how = r.below(3);
  if (how === 0) return [withRm(w ? o16(o) : [], [0xd0 | w], ext, rm)];
  if (how === 1) return [withRm(w ? o16(o) : [], [0xc0 | w], ext, rm, { value: r.below(40), len: 1 })];
  return [withRm(w ? o16(o) : [], [0xd2 | w], ext, rm)];
};

/** bt bts btr btc with an immediate (0f ba /4-7) or a register offset on a register. */
const bitTest: Family = (o) => {
  const r = o.rng;
  if (r.chance(0.5)) return [withRm(o16(o), [0x0f, 0xba], 4 + r.below(4), o.rm(32, true), { value: r.below(256), len: 1 })];
  return [withRm(o16(o), [0x0f, 0xa3 | (r.below(4) << 3)], o.src(), { reg: o.dst(32) })];
};

/** bswap, xadd, cmpxchg. */
const exchange: Family = (o) => {
  const r = o.rng;
  if (r.chance(0.3)) return [plain(0x0f, 0xc8 | o.dst(32))];
  const w = r.chance(0.3) ? 0 : 1;
  return [withRm(w ? o16(o) : [], [0x0f, (r.chance(0.5) ? 0xc0 : 0xb0) | w], o.src(), o.rm(w ? 32 : 8, true))];
};

/** clc stc cmc cld std, sahf lahf, salc, pushf/popf, cbw/cwd, 16-bit push/pop. */
const misc: Family = (o) => {
  const r = o.rng;
  const kind = r.below(8);
  if (kind === 0) return [plain(r.pick([0xf5, 0xf8, 0xf9, 0xfc, 0xfd, 0xfc]))];
  if (kind === 1) return [plain(r.pick([0x9e, 0x9f, 0xd6]))];
  if (kind === 2) return [plain(0x9c)];
  if (kind === 3) return [plain(0x9d)];
  if (kind === 4) return [plain(0x66, r.chance(0.5) ? 0x98 : 0x99)];
  if (kind === 5) return [plain(0x66, 0x50 | o.src())];
  if (kind === 6) return [plain(0x66, 0x58 | o.dst(16))];
  return [plain(0x9c), plain(0x9d)];
};

/** 16-bit shld/shrd by imm8 or cl. */
const shiftDouble16: Family = (o) => {
  const r = o.rng;
  const byCl = r.chance(0.5);
  const op = (r.chance(0.5) ? 0xa4 : 0xac) | (byCl ? 1 : 0);
  return [withRm([0x66], [0x0f, op], o.src(), o.rm(16, true), byCl ? undefined : { value: r.below(40), len: 1 })];
};

/** A 16-bit address (0x67): bx/si/di/bp forms below 64 KiB. */
const addr16: Family = (o) => {
  const r = o.rng;
  const rmField = r.below(8);
  const mod = r.below(3);
  const disp = mod === 1 ? [r.below(256)] : mod === 2 || (mod === 0 && rmField === 6) ? [r.below(256), r.below(256)] : [];
  const op = r.pick([0x8b, 0x8a, 0x03, 0x33, 0x39, 0x89, 0x01]);
  return [plain(0x67, op, modrmByte(mod, o.dst(op & 1 ? 32 : 8), rmField), ...disp)];
};

/** stos, lods, movs (with a small rep count when prefixed), when esi/edi are pointers. */
const string: Family = (o) => {
  const r = o.rng;
  const op = r.pick([0xaa, 0xab, 0xac, 0xad, 0xa4, 0xa5]);
  const needs = op >= 0xac ? [ESI] : op >= 0xaa ? [EDI] : [ESI, EDI];
  if (!needs.every((x) => o.pointers.includes(x))) return [plain(0x90)];
  if (!o.free.includes(ECX) || r.chance(0.5)) return [plain(op)];
  return [withImm([], [0xb8 | ECX], r.below(9), 4), plain(0xf3, op)];
};

/** out dx, al to the UART's data register: an output byte in the journal. */
const output: Family = (o) => (o.free.includes(EDX) ? [withImm([0x66], [0xb8 | EDX], 0x3f8, 2), plain(0xee)] : [plain(0x90)]);

/** BCD adjustments, xlat. */
const decimal: Family = (o) => [o.rng.chance(0.8) ? plain(o.rng.pick([0x27, 0x2f, 0x37, 0x3f])) : plain(0xd7)];

/** What stops a module: hlt, ud2, int3, aam 0 (#DE). */
const stop: Family = (o) => [o.rng.pick([plain(0xf4), plain(0x0f, 0x0b), plain(0xcc), plain(0xd4, 0x00)])];

export const INTERPRETED: Array<{ weight: number; value: Family; name: string }> = [
  { weight: 4, value: rotate, name: "rotate" },
  { weight: 2, value: bitTest, name: "bt*" },
  { weight: 2, value: exchange, name: "bswap/xadd/cmpxchg" },
  { weight: 5, value: misc, name: "flags/cbw/push16" },
  { weight: 1, value: shiftDouble16, name: "16-bit shld/shrd" },
  { weight: 1, value: addr16, name: "16-bit address" },
  { weight: 2, value: string, name: "string" },
  { weight: 1, value: output, name: "out" },
  { weight: 1, value: decimal, name: "bcd/xlat" },
  { weight: 1, value: stop, name: "stop" },
];
