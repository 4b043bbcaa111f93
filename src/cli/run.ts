// `lockstep86 run PROGRAM`: one program, its output on stdout/stderr, its exit status as ours.
import type { Command } from "commander";
import { loadCoreWasm } from "../node/core-wasm";
import { runSimplex, DEFAULT_RAM, type RunResult } from "../harness/simplex";
import type { EccMode } from "../core/module";
import { UserError } from "../errors";
import { loadProgramFile } from "./program-file";
import { readInput, writeOutput } from "./io";
import { parseChoice, parseCount, parseSize } from "./values";

export const MODES = ["simplex", "dmr", "tmr"] as const;
const ECC = ["none", "parity", "secded"] as const;

interface RunFlags {
  mode: string;
  stdin?: string;
  disk?: string;
  saveDisk?: string;
  maxCycles?: string;
  ram: string;
  ecc: string;
  json?: boolean;
}

export function registerRun(program: Command): void {
  program
    .command("run")
    .description("run a program (ELF, .bin or .asm) and exit with its status")
    .argument("<program>", "i386 ELF executable, flat binary (.bin, org 0x1000) or NASM source (.asm)")
    .option("--mode <mode>", `redundancy: ${MODES.join(", ")}`, "simplex")
    .option("--stdin <file>", "file whose bytes the program reads as its input")
    .option("--disk <img>", "disk image (its size is the disk's size; default: 4 MiB of zeros)")
    .option("--save-disk <img>", "write the final disk image here")
    .option("--max-cycles <n>", "stop after n instructions (exit status 124)")
    .option("--ram <size>", "RAM per module", "16M")
    .option("--ecc <code>", `RAM check code: ${ECC.join(", ")}`, "parity")
    .option("--json", "print one JSON object with the result instead of the program's output")
    .action((file: string, flags: RunFlags) => {
      process.exitCode = runCommand(file, flags);
    });
}

function runCommand(file: string, flags: RunFlags): number {
  const mode = parseChoice("--mode", flags.mode, MODES);
  if (mode !== "simplex") throw new UserError(`--mode ${mode}: not available yet; use --mode simplex`);
  const ecc = parseChoice("--ecc", flags.ecc, ECC) as EccMode;
  const ramSize = parseSize("--ram", flags.ram);
  if (ramSize < 1 << 20 || ramSize > 1 << 30 || ramSize % 4096) {
    throw new UserError(`--ram: ${flags.ram} must be a multiple of 4 KiB between 1M and 1G`);
  }
  const maxCycles = flags.maxCycles === undefined ? undefined : parseCount("--max-cycles", flags.maxCycles);
  const image = loadProgramFile(file);
  const stdin = flags.stdin ? readInput(flags.stdin, "--stdin") : undefined;
  const disk = flags.disk ? readInput(flags.disk, "--disk image") : undefined;
  if (disk && disk.length === 0) throw new UserError(`${flags.disk}: the disk image is empty`);

  const result = runSimplex(loadCoreWasm(), image, {
    ramSize: ramSize ?? DEFAULT_RAM,
    ecc,
    stdin,
    disk,
    maxCycles,
    argv: [file],
    onOutput: flags.json ? undefined : (stream, bytes) => (stream === 1 ? process.stdout : process.stderr).write(bytes),
  });
  if (flags.saveDisk) writeOutput(flags.saveDisk, result.disk, "the disk image");
  if (flags.json) process.stdout.write(JSON.stringify(jsonResult(mode, result)) + "\n");
  else if (result.stop.message) process.stderr.write(`lockstep86: ${result.stop.message}\n`);
  return result.exitCode;
}

function jsonResult(mode: string, r: RunResult) {
  const outcome = r.stop.kind === "exit" || r.stop.kind === "halt"
    ? "benign"
    : r.stop.kind === "max-cycles" ? "hang" : r.stop.kind === "machine-check" ? "detected" : "crash";
  return {
    mode,
    exitCode: r.exitCode,
    cycles: r.cycles,
    output: new TextDecoder().decode(r.stdout),
    stderr: new TextDecoder().decode(r.stderr),
    status: r.stop.kind,
    message: r.stop.message,
    outcome,
  };
}
