/**
 * The `asm` and `disasm` commands. Node-only (files); the assembler itself is in src/asm.
 *
 *   lockstep86 asm FILE.asm [-o FILE.bin] [--listing [FILE.lst]]
 *   lockstep86 disasm FILE [--bits 16|32] [--org N]
 *
 * User mistakes (unreadable file, assembly errors, bad flags) are thrown as UserError; the CLI's
 * entry point prints the message and exits with status 2.
 */
import type { Command } from "commander";
import { assemble, formatError, type AssembleOptions, type AssembleResult } from "../asm/index.js";
import { disassembleOne } from "../disasm/index.js";
import { UserError } from "../errors.js";
import { readInput, writeOutput } from "./io";
import { parseChoice, parseCount } from "./values";
import { stdout } from "./stdio";

/**
 * Assembles a source file; throws UserError listing every error (one `FILE:LINE:COL: message`
 * per line). `lockstep86 run FILE.asm` uses this before loading the bytes at `result.org`.
 */
export function assembleFile(file: string | Buffer, options: Partial<Omit<AssembleOptions, "fileName">> = {}): AssembleResult {
  const path = file.toString();
  const source = new TextDecoder().decode(readInput(file, "the source", undefined, false, path));
  const result = assemble(source, { fileName: path, ...options });
  if (result.errors.length) throw new UserError(result.errors.map(formatError).join("\n"));
  return result;
}

function hexBytes(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).toUpperCase().padStart(2, "0")).join("");
}

export function registerAsm(program: Command): void {
  program
    .command("asm")
    .description("assemble a NASM-syntax source into a flat binary (as nasm -f bin)")
    .argument("<file>", "source file (.asm)")
    .option("-o, --output <file>", "output binary (default: the source name with .bin)")
    .option("--listing [file]", "also write a listing (default: the output name with .lst)")
    .action((file: string, opts: { output?: string; listing?: string | boolean }) => {
      const result = assembleFile(file);
      const output = opts.output ?? file.replace(/\.asm$/i, "") + ".bin";
      writeOutput(output, result.bytes, "the binary");
      if (opts.listing) {
        const listing = typeof opts.listing === "string" ? opts.listing : output.replace(/\.bin$/i, "") + ".lst";
        writeOutput(listing, new TextEncoder().encode(result.listingText()), "the listing");
      }
    });

  program
    .command("disasm")
    .description("disassemble a flat binary in NASM syntax (as ndisasm)")
    .argument("<file>", "binary file")
    .option("--bits <n>", "16 or 32", "32")
    .option("--org <n>", "address of the first byte", "0x1000")
    .action((file: string, opts: { bits: string; org: string }) => {
      const bits = Number(parseChoice("--bits", opts.bits, ["16", "32"] as const)) as 16 | 32;
      const org = parseCount("--org", opts.org);
      if (org > 0xffffffff) throw new UserError(`--org: ${opts.org} is beyond 4 GiB`);
      const bytes = readInput(file, "the binary");
      // Written as it is made, a few thousand lines at a time: memory stays bounded by the input.
      let lines: string[] = [];
      for (let offset = 0; offset < bytes.length; ) {
        const i = disassembleOne(bytes, offset, { bits, org })!;
        lines.push(`${i.address.toString(16).toUpperCase().padStart(8, "0")}  ${hexBytes(i.bytes).padEnd(18)}${i.text}\n`);
        offset += i.length;
        if (lines.length === 4096 || offset >= bytes.length) {
          stdout.write(lines.join(""));
          lines = [];
        }
      }
    });
}
