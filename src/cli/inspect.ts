// `lockstep86 inspect SCENARIO|PROGRAM --at CYCLE | --divergence`: the machine at one point of
// its run, every module side by side: registers, flags, EIP and its instruction, where modules
// differ, and the journal around that point. It is the page's "back to the first divergence"
// and timeline scrubber in text (or JSON), made by the same time machine.
import type { Command } from "commander";
import { loadCoreWasm } from "../node/core-wasm";
import type { LockstepOptions, Mode } from "../harness/lockstep";
import type { ProgramImage } from "../loader/image";
import { TimeMachine } from "../harness/time-travel";
import { goToDivergence, differingRegisters, type DivergenceReport } from "../harness/divergence";
import { flagsText, type JournalView, type ModuleView } from "../harness/view";
import { formatEvent } from "../harness/timeline";
import { disassembleOne } from "../disasm/index";
import { decodeLink, parseScenario } from "../scenario/index";
import { parseFault } from "../faults/spec";
import { UserError } from "../errors";
import { loadProgramFile } from "./program-file";
import { argBytes } from "./raw-argv";
import { readInput } from "./io";
import { stdout } from "./stdio";
import { parseChoice, parseCount } from "./values";
import { MODES, addMachineOptions, addProgramArguments, machineOptions, type MachineFlags } from "./machine-flags";
import { isScenarioFile, refuseDescribingFlags, scenarioRun } from "./scenario-source";
import { addLinuxOptions, linuxOptions, type LinuxFlags } from "./linux-flags";

interface InspectFlags extends MachineFlags, LinuxFlags {
  mode: string;
  inject: string[];
  autoReplace?: boolean;
  link?: string;
  at?: string;
  divergence?: boolean;
  journal: string;
  json?: boolean;
}

const collect = (v: string, all: string[]) => [...all, v];

export function registerInspect(program: Command): void {
  const cmd = addProgramArguments(program.command("inspect"), false)
    .description("show every module at one cycle of a run (--at CYCLE) or just before its first divergence (--divergence): registers, flags, the instruction at EIP, the differences and the journal")
    .option("--at <cycle>", "the cycle to stand at (the first time the run reaches it)")
    .option("--divergence", "stand just before the first write on which the modules differ")
    .option("--journal <n>", "journal entries shown before the point, per module", "6")
    .option("--json", "print one JSON object (cycle, modules, differences, journal) instead of text")
    .option("--link <url>", "inspect the scenario of this share link instead of a PROGRAM or scenario file")
    .option("--mode <mode>", `redundancy: ${MODES.join(", ")}`, "dmr")
    .option("--inject <spec>", "inject a fault (repeatable), as for run", collect, [])
    .option("--auto-replace", "slide a fresh module in after a failure and resync it");
  addLinuxOptions(addMachineOptions(cmd)).action((file: string | undefined, args: string[], flags: InspectFlags) => {
    process.exitCode = inspect(file, args, flags, cmd);
  });
}

// A scenario (a .json file or a link) or a program with run's flags.
function machineOf(file: string | undefined, args: string[], flags: InspectFlags, cmd: Command): { image: ProgramImage; options: LockstepOptions } {
  if (flags.link !== undefined || isScenarioFile(file)) {
    refuseDescribingFlags(cmd, "inspect");
    if (flags.link !== undefined && file !== undefined) throw new UserError(`--link: the scenario names the program; '${file}' cannot be given beside it`);
    let scenario;
    if (flags.link !== undefined) scenario = decodeLink(flags.link).scenario;
    else {
      try {
        scenario = parseScenario(new TextDecoder().decode(readInput(file!, "the scenario")));
      } catch (e) {
        if (e instanceof UserError) throw new UserError(`${file}: ${e.message}`);
        throw e;
      }
    }
    return scenarioRun(scenario, flags.jit);
  }
  if (file === undefined) throw new UserError("inspect: give a PROGRAM, a scenario (.json) or --link URL");
  const mode = parseChoice("--mode", flags.mode, MODES) as Mode;
  const faults = flags.inject.map(parseFault);
  const base = machineOptions([file, ...args], flags);
  const image = loadProgramFile(argBytes([file])[0]);
  return { image, options: { ...base, linux: linuxOptions(flags), mode, faults, autoReplace: flags.autoReplace } };
}

function inspect(file: string | undefined, args: string[], flags: InspectFlags, cmd: Command): number {
  if ((flags.at === undefined) === !flags.divergence) throw new UserError("inspect: give --at CYCLE or --divergence (one of them)");
  const at = flags.at === undefined ? undefined : parseCount("--at", flags.at);
  const around = parseCount("--journal", flags.journal);
  const { image, options } = machineOf(file, args, flags, cmd);
  const tm = new TimeMachine(loadCoreWasm(), image, { ...options, keepOutput: 1 << 20 });
  let divergence: DivergenceReport | undefined;
  if (at !== undefined) {
    tm.goToCycle(at);
    if (tm.machine.cycle < at) {
      const end = tm.machine.finished;
      throw new UserError(`--at ${at}: the run ends at cycle ${tm.machine.cycle}${end ? ` (${end.stop.message || `exit status ${end.exitCode}`})` : ""}`);
    }
  } else {
    divergence = goToDivergence(tm);
    if (!divergence) {
      const end = tm.machine.finished!;
      stdout.write(flags.json ? `${JSON.stringify({ cycle: tm.machine.cycle, divergence: null, modules: [] })}\n` : `no divergence: the modules agreed on every write until the run ended at cycle ${end.cycles} (${end.stop.message || `exit status ${end.exitCode}`})\n`);
      return 0;
    }
  }
  const report = pointReport(tm, around, divergence);
  stdout.write(flags.json ? `${JSON.stringify(report)}\n` : formatPoint(report));
  return 0;
}

interface ModulePoint {
  name: string;
  state: string;
  status: string;
  cycle: number;
  eip: number;
  instruction: string;
  eflags: number;
  flags: string;
  regs: ModuleView["regs"];
  segs: ModuleView["segs"];
  journal: JournalView[]; // the last entries before this point
}

interface PointReport {
  cycle: number;
  time: number;
  mode: string;
  checkpoint: number;
  modules: ModulePoint[];
  differences: string[];
  divergence?: Omit<DivergenceReport, "cycle" | "time">;
  events: string[]; // the events of the run up to this point
}

function pointReport(tm: TimeMachine, around: number, d?: DivergenceReport): PointReport {
  const m = tm.machine;
  const view = m.view();
  const modules = view.modules.map((v): ModulePoint => {
    const code = m.readMemory(v.name, v.eip, 16);
    const insn = code.bytes.length ? disassembleOne(code.bytes, 0, { bits: 32, org: v.eip }) : undefined;
    return {
      name: v.name, state: v.state, status: v.status, cycle: v.cycle, eip: v.eip, instruction: insn?.text ?? "(outside RAM)",
      eflags: v.eflags, flags: flagsText(v.eflags), regs: v.regs, segs: v.segs, journal: v.journal.slice(Math.max(0, v.journal.length - around)),
    };
  });
  const report: PointReport = {
    cycle: view.cycle, time: tm.time, mode: view.mode, checkpoint: view.checkpoint, modules,
    differences: differingRegisters(view.modules.filter((v) => v.state === "online")),
    events: view.events.map((e) => formatEvent(e).trim()),
  };
  if (d) report.divergence = { detail: d.detail, faults: d.faults, registers: d.registers, writes: d.writes };
  return report;
}

const hex = (v: number, digits = 8) => `0x${(v >>> 0).toString(16).padStart(digits, "0")}`;
const entryText = (e?: JournalView) => (e ? `${e.kind} ${e.kind === "output" ? `stream ${e.address}` : hex(e.address)} <- ${hex(e.value, e.size * 2)} (was ${hex(e.old, e.size * 2)}) at cycle ${e.cycle}` : "(no write)");

function formatPoint(r: PointReport): string {
  const lines: string[] = [];
  lines.push(`cycle ${r.cycle.toLocaleString("en-US")} of a ${r.mode} run (last checkpoint at cycle ${r.checkpoint.toLocaleString("en-US")})`);
  const writesDiffer = !!r.divergence && new Set(r.divergence.writes.map((w) => JSON.stringify(w.write ?? null))).size > 1;
  if (r.divergence) {
    lines.push(`first divergence: ${r.divergence.detail}; ${writesDiffer ? "the next instruction makes the first write on which the modules differ" : "no write differs: the checkpoint after the next instruction finds their state differing"}`);
    for (const f of r.divergence.faults) lines.push(`  fault ${f.text} struck at cycle ${f.injectedAt.toLocaleString("en-US")}`);
  }
  const names = r.modules.map((x) => x.name);
  const width = 12;
  const row = (label: string, values: string[], mark = false) => `${mark ? "*" : " "} ${label.padEnd(8)}${values.map((v) => v.padEnd(width)).join(" ")}`;
  lines.push("", row("module", names));
  lines.push(row("state", r.modules.map((x) => x.state)));
  lines.push(row("status", r.modules.map((x) => x.status)));
  for (const reg of ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"] as const) {
    lines.push(row(reg, r.modules.map((x) => hex(x.regs[reg])), r.differences.includes(reg)));
  }
  lines.push(row("eip", r.modules.map((x) => hex(x.eip)), r.differences.includes("eip")));
  lines.push(row("eflags", r.modules.map((x) => hex(x.eflags)), r.differences.includes("eflags")));
  lines.push(row("flags", r.modules.map((x) => x.flags)));
  for (const seg of ["cs", "ds", "es", "ss", "fs", "gs"] as const) {
    if (r.differences.includes(seg)) lines.push(row(seg, r.modules.map((x) => hex(x.segs[seg], 4)), true));
  }
  lines.push("");
  for (const x of r.modules) lines.push(`  ${x.name}: ${hex(x.eip)}  ${x.instruction}`);
  lines.push(r.differences.length ? `\n* differs between modules: ${r.differences.join(", ")}` : "\nregisters agree in every online module");
  if (writesDiffer) {
    lines.push("", "the first differing write:");
    for (const w of r.divergence!.writes) lines.push(`  ${w.module}: ${entryText(w.write)}`);
  }
  lines.push("", "journal (writes since the last checkpoint, newest last):");
  for (const x of r.modules) {
    lines.push(`  ${x.name}:${x.journal.length ? "" : " (empty)"}`);
    for (const e of x.journal) lines.push(`    ${entryText(e)}`);
  }
  lines.push("", "events so far:", ...(r.events.length ? r.events.map((e) => `  ${e}`) : ["  (none)"]));
  return `${lines.join("\n")}\n`;
}
