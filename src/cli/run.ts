// `lockstep86 run PROGRAM`: one program in lockstep, its output on stdout/stderr, its exit status
// as ours. With faults injected, a fault-free run of the same program is the reference that
// decides the outcome (benign, masked, detected, sdc, crash, hang), and a timeline follows.
import type { Command } from "commander";
import { loadCoreWasm } from "../node/core-wasm";
import { Lockstep, type LockstepOptions, type LockstepResult, type Mode } from "../harness/lockstep";
import { classifyRun, faultReports, type Outcome } from "../harness/outcome";
import { formatTimeline } from "../harness/timeline";
import { parseFault } from "../faults/spec";
import { UserError } from "../errors";
import { loadProgramFile } from "./program-file";
import { checkWritable, writeOutput } from "./io";
import { parseChoice, parseCount } from "./values";
import { DebugTarget } from "../harness/debug-target";
import { serveGdb } from "./gdb-stub";
import type { ProgramImage } from "../loader/image";
import type { FaultSpec } from "../faults/spec";
import { MODES, addMachineOptions, addProgramArguments, machineOptions, type MachineFlags } from "./machine-flags";
import { addLinuxOptions, checkOutDir, linuxOptions, writeCreatedFiles, type LinuxFlags } from "./linux-flags";

interface RunFlags extends MachineFlags, LinuxFlags {
  gdb?: string;
  mode: string;
  saveDisk?: string;
  inject: string[];
  autoReplace?: boolean;
  json?: boolean;
}

const collect = (v: string, all: string[]) => [...all, v];

export function registerRun(program: Command): void {
  const cmd = addProgramArguments(program.command("run"))
    .description("run a program (ELF, .bin or .asm) in lockstep and exit with its status")
    .option("--mode <mode>", `redundancy: ${MODES.join(", ")}`, "dmr")
    .option("--inject <spec>", "inject a fault, e.g. ram@5000/A:addr=0x2000,bit=3 (repeatable)", collect, [])
    .option("--auto-replace", "slide a fresh module in after a failure and resync it");
  addLinuxOptions(addMachineOptions(cmd))
    .option("--out-dir <dir>", "files the program creates are written here at the end, once every module agreed on them")
    .option("--save-disk <img>", "write the final disk image here")
    .option("--json", "print one JSON object with the result instead of the program's output")
    .option("--gdb <port>", "wait for gdb's remote protocol on 127.0.0.1:port before running (as qemu-i386 -g)")
    .action((file: string, args: string[], flags: RunFlags) => {
      const code = runCommand(file, args, flags);
      if (typeof code === "number") process.exitCode = code;
      else code.then((c) => (process.exitCode = c), reportAsyncError);
    });
}

// The gdb path ends after the event loop took over, past cli.ts's error handler: the same lines.
function reportAsyncError(e: unknown): void {
  const user = e instanceof UserError;
  process.stderr.write(`lockstep86: ${user ? "" : "internal error: "}${(e as Error)?.message ?? String(e)}\n`);
  process.exitCode = user ? 2 : 70;
}

function runCommand(file: string, args: string[], flags: RunFlags): number | Promise<number> {
  const mode = parseChoice("--mode", flags.mode, MODES) as Mode;
  const faults = flags.inject.map(parseFault);
  if (mode === "simplex" && faults.some((f) => f.kind === "pull" || f.kind === "insert")) {
    throw new UserError("--inject: pull and insert need a second module (--mode dmr or tmr)");
  }
  const base = { ...machineOptions([file, ...args], flags), linux: linuxOptions(flags) };
  if (flags.saveDisk) checkWritable(flags.saveDisk, "the disk image");
  if (flags.outDir) checkOutDir(flags.outDir);
  const gdbPort = flags.gdb === undefined ? undefined : parseCount("--gdb", flags.gdb);
  if (gdbPort !== undefined && (gdbPort < 1 || gdbPort > 65535)) throw new UserError(`--gdb: ${flags.gdb} must be a TCP port, 1 to 65535`);
  const image = loadProgramFile(file);
  const wasm = loadCoreWasm();
  const options = {
    ...base,
    mode,
    faults,
    autoReplace: flags.autoReplace,
    onOutput: flags.json ? undefined : (stream: number, bytes: Uint8Array) => (stream === 1 ? process.stdout : process.stderr).write(bytes),
  };
  if (gdbPort !== undefined) {
    const target = new DebugTarget(wasm, image, options);
    return serveGdb(target, gdbPort, (line) => process.stderr.write(`lockstep86: ${line}\n`)).then((r) => report(r, wasm, image, base, faults, flags));
  }
  return report(new Lockstep(wasm, image, options).run(), wasm, image, base, faults, flags);
}

function report(result: LockstepResult, wasm: WebAssembly.Module, image: ProgramImage, base: LockstepOptions, faults: FaultSpec[], flags: RunFlags): number {
  // The reference for the outcome: the same run with no faults and no redundancy.
  const golden = faults.length ? new Lockstep(wasm, image, { ...base, mode: "simplex" }).run() : result;
  const outcome = classifyRun(result, golden);

  if (flags.saveDisk) writeOutput(flags.saveDisk, result.disk, "the disk image");
  if (flags.outDir) writeCreatedFiles(flags.outDir, result.files);
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
