// A program's bytes or source made into a loadable image, the same way for a file given to the
// CLI and for a scenario: ELF by its magic, a flat binary at 0x1000, or NASM source assembled
// for 0x1000 in 32-bit mode.
import { assemble, formatError } from "../asm/index";
import { UserError } from "../errors";
import { isElf, parseElf } from "../loader/elf";
import { flatImage, FLAT_LOAD_ADDRESS, type ProgramImage } from "../loader/image";

/** Assembles flat-program source; throws UserError with every error, one `FILE:LINE:COL: message` a line. */
export function assembleFlat(fileName: string, source: string, name = fileName): ProgramImage {
  const r = assemble(source, { fileName, bits: 32, org: FLAT_LOAD_ADDRESS });
  if (r.errors.length) throw new UserError(r.errors.map(formatError).join("\n"));
  if (r.org !== FLAT_LOAD_ADDRESS) {
    throw new UserError(`${fileName}: flat programs are loaded at 0x1000, but this one has org 0x${r.org.toString(16)}`);
  }
  if (r.bytes.length === 0) throw new UserError(`${fileName}: the program assembles to no bytes`);
  return flatImage(name, r.bytes);
}

export function elfImage(name: string, data: Uint8Array): ProgramImage {
  if (!isElf(data)) throw new UserError(`${name}: not an ELF file`);
  return parseElf(name, data);
}
