// `lockstep86 run PROGRAM`: one program in lockstep, its output on stdout/stderr, its exit status
// as ours. With faults injected, a fault-free run of the same program is the reference that
// decides the outcome (benign, masked, detected, sdc, crash, hang), and a timeline follows.
import type { Command } from "commander";
import { loadCoreWasm } from "../node/core-wasm";
import { Lockstep, type LockstepOptions, type LockstepResult, type Mode } from "../harness/lockstep";
import { classifyRun, faultReports, type Outcome } from "../harness/outcome";
import { formatTimeline } from "../harness/timeline";
import type { EccMode } from "../core/module";
import { parseFault } from "../faults/spec";
import { UserError } from "../errors";
import { loadProgramFile } from "./program-file";
import { MAX_RAM } from "../loader/process";
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
  ram?: string;
  ecc: string;
  inject: string[];
  autoReplace?: boolean;
  epoch?: string;
  jit: boolean;
  json?: boolean;
}

const collect = (v: string, all: string[]) => [...all, v];

export function registerRun(program: Command): void {
  program
    .command("run")
    .description("run a program (ELF, .bin or .asm) in lockstep and exit with its status")
    .argument("<program>", "i386 ELF executable, flat binary (.bin, org 0x1000) or NASM source (.asm)")
    .option("--mode <mode>", `redundancy: ${MODES.join(", ")}`, "dmr")
    .option("--inject <spec>", "inject a fault, e.g. ram@5000/A:addr=0x2000,bit=3 (repeatable)", collect, [])
    .option("--auto-replace", "slide a fresh module in after a failure and resync it")
    .option("--stdin <file>", "file whose bytes the program reads as its input")
    .option("--disk <img>", "disk image (its size is the disk's size; default: 4 MiB of zeros)")
    .option("--save-disk <img>", "write the final disk image here")
    .option("--max-cycles <n>", "stop after n instructions (exit status 124)")
    .option("--ram <size>", "RAM per module (default: 16M, or 16 MiB above a program placed higher)")
    .option("--ecc <code>", `RAM check code: ${ECC.join(", ")}`, "parity")
    .option("--epoch <n>", "cycles each module runs between comparisons", "65536")
    .option("--no-jit", "interpret every instruction (no translated blocks; slower, same results)")
    .option("--json", "print one JSON object with the result instead of the program's output")
    .action((file: string, flags: RunFlags) => {
      process.exitCode = runCommand(file, flags);
    });
}

function runCommand(file: string, flags: RunFlags): number {
  const mode = parseChoice("--mode", flags.mode, MODES) as Mode;
  const ecc = parseChoice("--ecc", flags.ecc, ECC) as EccMode;
  const ramSize = flags.ram === undefined ? undefined : parseSize("--ram", flags.ram);
  if (ramSize !== undefined && (ramSize < 1 << 20 || ramSize > MAX_RAM || ramSize % 4096)) {
    throw new UserError(`--ram: ${flags.ram} must be a multiple of 4 KiB between 1M and 1G`);
  }
  const epoch = parseCount("--epoch", flags.epoch ?? "65536");
  if (epoch < 1 || epoch > 0xffffffff) throw new UserError(`--epoch: ${flags.epoch} must be between 1 and 4294967295`);
  const maxCycles = flags.maxCycles === undefined ? undefined : parseCount("--max-cycles", flags.maxCycles);
  const faults = flags.inject.map(parseFault);
  if (mode === "simplex" && faults.some((f) => f.kind === "pull" || f.kind === "insert")) {
    throw new UserError("--inject: pull and insert need a second module (--mode dmr or tmr)");
  }
  const image = loadProgramFile(file);
  const stdin = flags.stdin ? readInput(flags.stdin, "--stdin") : undefined;
  const disk = flags.disk ? readInput(flags.disk, "--disk image") : undefined;
  if (disk && disk.length === 0) throw new UserError(`${flags.disk}: the disk image is empty`);

  const base: LockstepOptions = { ramSize, ecc, stdin, disk, maxCycles, epoch, argv: [file], jit: flags.jit };
  const wasm = loadCoreWasm();
  const result = new Lockstep(wasm, image, {
    ...base,
    mode,
    faults,
    autoReplace: flags.autoReplace,
    onOutput: flags.json ? undefined : (stream, bytes) => (stream === 1 ? process.stdout : process.stderr).write(bytes),
  }).run();
  // The reference for the outcome: the same run with no faults and no redundancy.
  const golden = faults.length ? new Lockstep(wasm, image, { ...base, mode: "simplex" }).run() : result;
  const outcome = classifyRun(result, golden);

  if (flags.saveDisk) writeOutput(flags.saveDisk, result.disk, "the disk image");
  if (flags.json) {
    process.stdout.write(JSON.stringify(jsonResult(result, golden, outcome)) + "\n");
  } else {
    if (result.stop.message) process.stderr.write(`lockstep86: ${result.stop.message}\n`);
    if (faults.length || result.events.some((e) => e.kind !== "output" && e.kind !== "stop")) {
      process.stderr.write(formatTimeline(result, outcome));
    }
  }
  return result.exitCode;
}

// JSON strings hold text: bytes that are not UTF-8 come out as U+FFFD in `output` (`stderr`),
// so the exact bytes are added in base64 as `outputBase64` (`stderrBase64`).
function streamFields(name: "output" | "stderr", bytes: Uint8Array): Record<string, string> {
  try {
    return { [name]: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { [name]: new TextDecoder().decode(bytes), [`${name}Base64`]: Buffer.from(bytes).toString("base64") };
  }
}

function jsonResult(r: LockstepResult, golden: LockstepResult, outcome: Outcome) {
  return {
    mode: r.mode,
    exitCode: r.exitCode,
    cycles: r.cycles,
    ...streamFields("output", r.stdout),
    ...streamFields("stderr", r.stderr),
    status: r.stop.kind,
    message: r.stop.message,
    outcome,
    faults: faultReports(r, golden),
    events: r.events,
    modules: r.modules,
    resyncs: r.resyncs,
  };
}
