// Turns a PROGRAM argument into a loadable image: an ELF (by its magic), a flat binary (.bin),
// or NASM source (.asm), assembled in memory for 0x1000 in 32-bit mode unless it says otherwise.
import { basename } from "node:path";
import { UserError } from "../errors";
import { isElf, parseElf } from "../loader/elf";
import { flatImage, type ProgramImage } from "../loader/image";
import { assembleFlat } from "../scenario/program";
import { readInput } from "./io";

export function loadProgramFile(path: string): ProgramImage {
  if (path.endsWith(".asm")) return assembleProgram(path);
  const data = readInput(path, "the program");
  const name = basename(path);
  if (isElf(data)) return parseElf(name, data);
  if (path.endsWith(".bin")) {
    if (data.length === 0) throw new UserError(`${path}: the flat binary is empty`);
    return flatImage(name, data);
  }
  throw new UserError(`${path}: not an ELF file (flat binaries must end in .bin, assembly in .asm)`);
}

function assembleProgram(path: string): ProgramImage {
  return assembleFlat(path, new TextDecoder().decode(readInput(path, "the source")), basename(path));
}
