// `lockstep86 run PROGRAM`: one program in lockstep, its output on stdout/stderr, its exit status
// as ours. With faults injected, a fault-free run of the same program is the reference that
// decides the outcome (benign, masked, detected, sdc, crash, hang), and a timeline follows.
import type { Command } from "commander";
import { loadCoreWasm } from "../node/core-wasm";
import { Lockstep, type LockstepResult, type Mode } from "../harness/lockstep";
import { classifyRun, faultReports, type Outcome } from "../harness/outcome";
import { formatTimeline } from "../harness/timeline";
import { parseFault } from "../faults/spec";
import { UserError } from "../errors";
import { loadProgramFile } from "./program-file";
import { checkWritable, writeOutput } from "./io";
import { parseChoice } from "./values";
import { MODES, addMachineOptions, addProgramArguments, machineOptions, type MachineFlags } from "./machine-flags";
import { addLinuxOptions, checkOutDir, linuxOptions, writeCreatedFiles, type LinuxFlags } from "./linux-flags";

interface RunFlags extends MachineFlags, LinuxFlags {
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
    .action((file: string, args: string[], flags: RunFlags) => {
      process.exitCode = runCommand(file, args, flags);
    });
}

function runCommand(file: string, args: string[], flags: RunFlags): number {
  const mode = parseChoice("--mode", flags.mode, MODES) as Mode;
  const faults = flags.inject.map(parseFault);
  if (mode === "simplex" && faults.some((f) => f.kind === "pull" || f.kind === "insert")) {
    throw new UserError("--inject: pull and insert need a second module (--mode dmr or tmr)");
  }
  const base = { ...machineOptions([file, ...args], flags), linux: linuxOptions(flags) };
  if (flags.saveDisk) checkWritable(flags.saveDisk, "the disk image");
  if (flags.outDir) checkOutDir(flags.outDir);
  const image = loadProgramFile(file);
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
