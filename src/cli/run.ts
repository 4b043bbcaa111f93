// `lockstep86 run PROGRAM`: one program in lockstep, its output on stdout/stderr, its exit status
// as ours. With faults injected, a fault-free run of the same program is the reference that
// decides the outcome (benign, masked, detected, sdc, crash, hang), and a timeline follows.
import type { Command } from "commander";
import { loadCoreWasm } from "../node/core-wasm";
import { Lockstep, type LockstepOptions, type LockstepResult, type Mode } from "../harness/lockstep";
import type { ProgramImage } from "../loader/image";
import { encodeLink, scenarioJson } from "../scenario/index";
import { classifyRun, faultReports, type Outcome } from "../harness/outcome";
import { formatTimeline } from "../harness/timeline";
import { released } from "../harness/release";
import { parseFault } from "../faults/spec";
import { UserError } from "../errors";
import { loadProgramFile } from "./program-file";
import { argBytes } from "./raw-argv";
import { checkWritable, WriteError, writeOutput } from "./io";
import { EXIT_IO, noteEnding, stderr, stdout } from "./stdio";
import { parseChoice, parseCount } from "./values";
import { MODES, addMachineOptions, addProgramArguments, machineOptions, type MachineFlags } from "./machine-flags";
import { givenScenario, scenarioOf, scenarioRun, type ScenarioFlags } from "./scenario-source";
import { addLinuxOptions, checkOutDir, linuxOptions, writeCreatedFiles, type LinuxFlags } from "./linux-flags";
import { DebugTarget } from "../harness/debug-target";
import { serveGdb } from "./gdb-stub";
import { defaultThreads, workerHosts } from "../node/module-worker-host";

interface RunFlags extends MachineFlags, ScenarioFlags, LinuxFlags {
  gdb?: string;
  mode: string;
  saveDisk?: string;
  inject: string[];
  autoReplace?: boolean;
  json?: boolean;
  printScenario?: boolean;
  printLink?: boolean;
  threads?: string;
}

/** With --json, the output bytes per stream the object carries; the rest is counted (README, "Limits"). */
export const JSON_KEEP = 16 << 20;

const collect = (v: string, all: string[]) => [...all, v];

export function registerRun(program: Command): void {
  const cmd = addProgramArguments(program.command("run"), false)
    .description("run a program (ELF, .bin or .asm), a scenario (.json, or --scenario FILE) or a share link in lockstep and exit with its status")
    .option("--mode <mode>", `redundancy: ${MODES.join(", ")}`, "dmr")
    .option("--inject <spec>", "inject a fault, e.g. ram@5000/A:addr=0x2000,bit=3 (repeatable)", collect, [])
    .option("--auto-replace", "slide a fresh module in after a failure and resync it");
  addLinuxOptions(addMachineOptions(cmd))
    .option("--out-dir <dir>", "files the program creates are written here at the end, once every module agreed on them (not after a fail-stop)")
    .option("--save-disk <img>", "write the final disk image here (not written after a fail-stop)")
    .option("--json", "print one JSON object with the result instead of the program's output")
    .option("--gdb <port>", "wait for gdb's remote protocol on 127.0.0.1:port before running (as qemu-i386 -g)")
    .option("--scenario <file>", "run the scenario in this JSON file (instead of PROGRAM and its options)")
    .option("--link <url>", "run the scenario of this share link (the page's URL, or its #s=... part)")
    .option("--print-scenario", "print the run's scenario as JSON instead of running it")
    .option("--print-link", "print the run's share link (#s=..., for the page's address) instead of running it")
    .option("--threads <n>", "threads in all: 1, every module in one thread; more, in dmr and tmr module A runs in this thread and B and C in n-1 worker threads (at 2 they share one) (default: the machine's cores, at least 3 with 2 or more; same results either way)")
    // Awaited, so that a run which ends later (gdb, worker threads being ended) still passes
    // its errors to cli.ts's handler and its status before cli.ts checks the output streams.
    .action(async (file: string | undefined, args: string[], flags: RunFlags) => {
      process.exitCode = await runCommand(file, args, flags, cmd);
    });
}

function runCommand(file: string | undefined, args: string[], flags: RunFlags, cmd: Command): number | Promise<number> {
  const scenario = givenScenario(cmd, file, flags, args);
  if (scenario) {
    if (flags.printScenario || flags.printLink) return printScenario(scenario, flags);
    const { image, options } = scenarioRun(scenario, flags.jit, flags.outDir !== undefined);
    return execute(image, options, flags, checkDestinations(flags));
  }
  if (file === undefined) throw new UserError("run: give a PROGRAM, a scenario (.json) or --link URL");
  const mode = parseChoice("--mode", flags.mode, MODES) as Mode;
  const faults = flags.inject.map(parseFault);
  if (mode === "simplex" && faults.some((f) => f.kind === "pull" || f.kind === "insert")) {
    throw new UserError("--inject: pull and insert need a second module (--mode dmr or tmr)");
  }
  const options = { ...machineOptions([file, ...args], flags), linux: linuxOptions(flags), mode, faults, autoReplace: flags.autoReplace };
  if (flags.printScenario || flags.printLink) return printScenario(scenarioOf(file, options), flags);
  const gdbPort = checkDestinations(flags);
  const image = loadProgramFile(argBytes([file])[0]);
  return execute(image, options, flags, gdbPort);
}

/** Checks, before the run, where its results go (--save-disk, --out-dir) and --gdb's port; returns the port. */
function checkDestinations(flags: RunFlags): number | undefined {
  if (flags.saveDisk) checkWritable(flags.saveDisk, "the disk image");
  if (flags.outDir) checkOutDir(flags.outDir);
  const gdbPort = flags.gdb === undefined ? undefined : parseCount("--gdb", flags.gdb);
  if (gdbPort !== undefined && (gdbPort < 1 || gdbPort > 65535)) throw new UserError(`--gdb: ${flags.gdb} must be a TCP port, 1 to 65535`);
  return gdbPort;
}

function printScenario(s: Parameters<typeof scenarioJson>[0], flags: RunFlags): number {
  stdout.write(`${flags.printLink ? encodeLink(s) : scenarioJson(s, 2)}\n`);
  return 0;
}

async function execute(image: ProgramImage, options: LockstepOptions, flags: RunFlags, gdbPort?: number): Promise<number> {
  const wasm = loadCoreWasm();
  const threads = flags.threads === undefined ? defaultThreads() : parseCount("--threads", flags.threads);
  if (threads < 1) throw new UserError(`--threads: ${flags.threads} must be 1 or more`);
  // Output is streamed as it is committed; only --json keeps it, up to JSON_KEEP bytes a stream.
  const keepOutput = flags.json ? JSON_KEEP : 0;
  const hosts = threads > 1 ? workerHosts(wasm, threads) : undefined;
  const machine: LockstepOptions = {
    ...options,
    keepOutput,
    onOutput: flags.json ? undefined : (stream, bytes) => (stream === 1 ? stdout : stderr).write(bytes),
    hosts,
  };
  try {
    const result = gdbPort === undefined
      ? new Lockstep(wasm, image, machine).run()
      : await serveGdb(new DebugTarget(wasm, image, machine), gdbPort, (line) => stderr.write(`lockstep86: ${line}\n`));
    return report(result, wasm, image, options, flags);
  } finally {
    await hosts?.close(); // the worker threads end before the process does, whether the run ended or failed
  }
}

function report(result: LockstepResult, wasm: WebAssembly.Module, image: ProgramImage, options: LockstepOptions, flags: RunFlags): number {
  const { faults = [], mode: _mode, autoReplace: _auto, ...base } = options;
  const keepOutput = flags.json ? JSON_KEEP : 0;
  // The reference for the outcome: the same run with no faults and no redundancy.
  const golden = faults.length ? new Lockstep(wasm, image, { ...base, mode: "simplex", keepOutput }).run() : result;
  const outcome = classifyRun(result, golden);
  noteEnding(`the run ended with exit status ${result.exitCode}${faults.length ? `, outcome ${outcome}` : ""}`);

  const out = released(result);
  let diskError: string | undefined;
  try {
    if (flags.saveDisk && out.disk) writeOutput(flags.saveDisk, out.disk, "the disk image");
    // Files the guest created follow the disk image's rule: nothing after a fail-stop.
    if (flags.outDir && out.withheld === null) writeCreatedFiles(flags.outDir, result.files);
  } catch (e) {
    if (!(e instanceof WriteError)) throw e;
    diskError = e.message;
  }
  if (flags.json) {
    const saved = flags.saveDisk ? { diskSaved: !!out.disk && !diskError, ...(diskError ? { diskError } : {}) } : {};
    stdout.write(JSON.stringify({ ...jsonResult(result, golden, outcome), ...saved }) + "\n");
  } else {
    if (result.stop.message) stderr.write(`lockstep86: ${result.stop.message}\n`);
    if (flags.saveDisk && !out.disk) stderr.write(`lockstep86: ${flags.saveDisk}: not written: ${out.withheld}\n`);
    if (flags.outDir && out.withheld !== null) stderr.write(`lockstep86: ${flags.outDir}: no files written: ${out.withheld}\n`);
    if (faults.length || result.events.some((e) => e.kind !== "output" && e.kind !== "stop")) {
      stderr.write(formatTimeline(result, outcome));
    }
  }
  if (diskError) {
    stderr.write(`lockstep86: ${diskError}; the run ended with exit status ${result.exitCode}\n`);
    return EXIT_IO;
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
    outputBytes: r.streams.stdout.length,
    outputTruncated: r.streams.stdout.truncated,
    stderrBytes: r.streams.stderr.length,
    stderrTruncated: r.streams.stderr.truncated,
    status: r.stop.kind,
    message: r.stop.message,
    outcome,
    diskReleased: released(r).disk !== null,
    faults: faultReports(r, golden),
    events: r.events,
    modules: r.modules,
    resyncs: r.resyncs,
  };
}
