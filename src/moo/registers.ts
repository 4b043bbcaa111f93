import type { ByteSpan } from "./byte-span.js";
import { REGS16, REGS32, type RegisterValues, type RegName } from "./types.js";

const SEGMENTS32 = new Set<RegName>(["cs", "ds", "es", "fs", "gs", "ss"]);

/**
 * Decodes a `REGS`/`RMSK` (16-bit) or `RG32`/`RM32` (32-bit) payload: a bitmask, then one value
 * per set bit in bit order. Extra payload bytes after the values are ignored (the format lets
 * chunks grow); a bit with no register name is an error, because the values after it could not
 * be placed.
 */
export function decodeRegisterSet(span: ByteSpan, width: 16 | 32, into: RegisterValues): void {
  const names = width === 16 ? REGS16 : REGS32;
  const maskOffset = span.pos;
  const mask = width === 16 ? span.u16("the register bitmask") : span.u32("the register bitmask");
  const unknown = mask >>> names.length;
  if (unknown !== 0) {
    throw span.fail(
      `${span.what} bitmask 0x${mask.toString(16)} sets bits past '${names[names.length - 1]}' ` +
        `(bit ${names.length - 1}), which name no register`,
      maskOffset,
    );
  }
  for (let bit = 0; bit < names.length; bit++) {
    if ((mask & (1 << bit)) === 0) continue;
    const name = names[bit];
    if (width === 16) {
      into[name] = span.u16(`the value of ${name}`);
    } else {
      const value = span.u32(`the value of ${name}`);
      // Upstream: the upper half of a 32-bit slot holding a segment register is to be ignored.
      into[name] = SEGMENTS32.has(name) ? value & 0xffff : value;
    }
  }
}
