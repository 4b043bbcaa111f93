// Turns a PROGRAM argument into a loadable image: an ELF (by its magic) or a flat binary (.bin).
import { basename } from "node:path";
import { UserError } from "../errors";
import { isElf, parseElf } from "../loader/elf";
import { flatImage, type ProgramImage } from "../loader/image";
import { readInput } from "./io";

export function loadProgramFile(path: string): ProgramImage {
  const data = readInput(path, "the program");
  const name = basename(path);
  if (isElf(data)) return parseElf(name, data);
  if (path.endsWith(".bin")) {
    if (data.length === 0) throw new UserError(`${path}: the flat binary is empty`);
    return flatImage(name, data);
  }
  throw new UserError(`${path}: not an ELF file (flat binaries must end in .bin)`);
}
