// Parsing of command-line values. Each parser throws a UserError naming the flag and the value.
import { UserError } from "../errors";

/** A non-negative integer: decimal or 0x hex, with optional k/M/G (decimal) or Ki/Mi/Gi suffixes. */
export function parseCount(flag: string, text: string): number {
  const m = /^(0x[0-9a-f]+|\d+)(k|m|g|ki|mi|gi)?$/i.exec(text.trim().replace(/_/g, ""));
  if (!m) throw new UserError(`${flag}: '${text}' is not a number (decimal or 0x hex)`);
  const base = Number(m[1]);
  const mult: Record<string, number> = { k: 1e3, m: 1e6, g: 1e9, ki: 1024, mi: 1 << 20, gi: 1 << 30 };
  const v = base * (m[2] ? mult[m[2].toLowerCase()] : 1);
  if (!Number.isSafeInteger(v)) throw new UserError(`${flag}: '${text}' is too large`);
  return v;
}

/** A memory size: bytes, or with K/M/G meaning KiB/MiB/GiB. */
export function parseSize(flag: string, text: string): number {
  const m = /^(0x[0-9a-f]+|\d+)\s*(k|m|g)?(i?b)?$/i.exec(text.trim());
  if (!m) throw new UserError(`${flag}: '${text}' is not a size (e.g. 16M, 65536)`);
  const shift: Record<string, number> = { k: 10, m: 20, g: 30 };
  const v = Number(m[1]) * 2 ** (m[2] ? shift[m[2].toLowerCase()] : 0);
  if (!Number.isSafeInteger(v)) throw new UserError(`${flag}: '${text}' is too large`);
  return v;
}

export function parseChoice<T extends string>(flag: string, text: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(text)) return text as T;
  throw new UserError(`${flag}: '${text}' is not one of ${choices.join(", ")}`);
}
