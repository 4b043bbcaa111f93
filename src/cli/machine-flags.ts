// The options `run` and `campaign` share: what the machine is (RAM, ECC, epoch, translation) and
// what the program is given (stdin, disk, a cycle limit). Each value is checked here, once.
import type { Command } from "commander";
import type { EccMode } from "../core/module";
import type { LockstepOptions } from "../harness/lockstep";
import { DEFAULT_RAM, MAX_RAM } from "../loader/process";
import { UserError } from "../errors";
import { MAX_INPUT, fileSize, readInput, readStdin } from "./io";
import { argBytes } from "./raw-argv";
import { checkModuleFits } from "../core/module";
import { loadCoreWasm } from "../node/core-wasm";
import { parseChoice, parseCount, parseSize } from "./values";
import { usageErrorWriter } from "./usage-error";
import { COMPARE_MODES } from "../harness/epoch-hash";
import { DEFAULT_EPOCH } from "../harness/epoch";

export const MODES = ["simplex", "dmr", "tmr"] as const;
export const ECC_CHOICES = ["none", "parity", "secded"] as const;

export interface MachineFlags {
  stdin?: string;
  disk?: string;
  maxCycles?: string;
  ram?: string;
  ecc: string;
  epoch?: string;
  jit: boolean;
  compare: string;
}

/** PROGRAM [ARGS...]: words after the program are its arguments; those that begin with - go after --. */
export function addProgramArguments(cmd: Command, required = true): Command {
  const what = "i386 ELF executable, flat binary (.bin, org 0x1000) or NASM source (.asm)";
  return cmd
    .argument(required ? "<program>" : "[program]", required ? what : `${what}; none with --scenario or --link`)
    .argument("[args...]", "arguments for the program (after --, those that begin with -)")
    .configureOutput({ outputError: usageErrorWriter(" (options for the program go after --)") });
}

export function addMachineOptions(cmd: Command): Command {
  return cmd
    .option("--stdin <file>", "file whose bytes the program reads as its input (-: this command's own standard input, read to its end before the run)")
    .option("--disk <img>", "disk image (its size is the disk's size; default: 4 MiB of zeros)")
    .option("--max-cycles <n>", "stop after n instructions (exit status 124)")
    .option("--ram <size>", "RAM per module (default: 16M, or 16 MiB above a program placed higher)")
    .option("--ecc <code>", `RAM check code: ${ECC_CHOICES.join(", ")}`, "parity")
    .option("--epoch <n>", "cycles each module runs between comparisons", String(DEFAULT_EPOCH))
    .option("--no-jit", "interpret every instruction (no translated blocks; slower, same results)")
    .option("--compare <what>", `what modules are compared on at each checkpoint: ${COMPARE_MODES.join(", ")} (README, "What --compare lets through")`, "writes");
}

/** The machine options from the flags, every value checked; `argv` is the program's (argv[0] its name). */
export function machineOptions(argv: string[], flags: MachineFlags): LockstepOptions {
  const args = argBytes(argv); // the bytes given, where they are not UTF-8
  const ecc = parseChoice("--ecc", flags.ecc, ECC_CHOICES) as EccMode;
  const ramSize = flags.ram === undefined ? undefined : parseSize("--ram", flags.ram);
  if (ramSize !== undefined && (ramSize < 1 << 20 || ramSize > MAX_RAM || ramSize % 4096)) {
    throw new UserError(`--ram: ${flags.ram} must be a multiple of 4 KiB between 1M and 1G`);
  }
  const epoch = parseCount("--epoch", flags.epoch ?? String(DEFAULT_EPOCH));
  if (epoch < 1 || epoch > 0xffffffff) throw new UserError(`--epoch: ${flags.epoch} must be between 1 and 4294967295`);
  const maxCycles = flags.maxCycles === undefined ? undefined : parseCount("--max-cycles", flags.maxCycles);
  const compare = parseChoice("--compare", flags.compare ?? "writes", COMPARE_MODES);

  // Sized before it is read: a disk that cannot fit beside the RAM is refused at once.
  const [stdinFile, diskFile] = argBytes([flags.stdin ?? "", flags.disk ?? ""]);
  if (flags.disk) checkModuleFits(loadCoreWasm(), ramSize ?? DEFAULT_RAM, Math.ceil(fileSize(diskFile, "the disk image") / 512) * 512);
  // "-": our own standard input, read whole first, as the program's input is known before the run.
  const stdin = !flags.stdin ? undefined
    : flags.stdin === "-" ? readStdin("--stdin", MAX_INPUT.stdin, "standard input (--stdin -)")
    : readInput(stdinFile, "--stdin", MAX_INPUT.stdin);
  const disk = flags.disk ? readInput(diskFile, "the disk image", MAX_INPUT.disk, true) : undefined;
  if (disk && disk.length === 0) throw new UserError(`${flags.disk}: the disk image is empty`);
  return { ramSize, ecc, stdin, disk, maxCycles, epoch, argv: args, jit: flags.jit, compare };
}
