// What a playground does, as one function that runs unchanged in Node and in a browser: assemble
// a student's NASM source and run it, disassemble at the entry, and run a C program in dmr under
// the demo's three faults with a replacement module resynced. The result holds only plain data,
// so a browser's run can be compared with Node's as JSON.
import { assemble, disassemble, formatError } from "../../../src/asm/index";
import { parseFault } from "../../../src/faults/spec";
import { Lockstep, type LockstepResult } from "../../../src/harness/lockstep";
import { classifyRun } from "../../../src/harness/outcome";
import { formatTimeline } from "../../../src/harness/timeline";
import { parseElf } from "../../../src/loader/elf";
import { flatImage } from "../../../src/loader/image";

export interface ScenarioInput {
  /** NASM source of a bare-metal flat binary (org 0x1000). */
  asmSource: string;
  /** A static i386 ELF. */
  elf: Uint8Array;
  /** Faults for the ELF's dmr run, in the --inject grammar. */
  faults: string[];
}

export interface ScenarioResult {
  asm: { errors: string[]; bytes: number[]; lines: number[]; entry: string[] };
  flat: RunSummary;
  badAsm: string[];
  elf: RunSummary & { outcome: string; timeline: string };
}

interface RunSummary {
  exitCode: number;
  cycles: number;
  stdout: string;
  stop: string;
  events: string[];
  modules: string[];
  resyncs: LockstepResult["resyncs"];
}

const latin1 = (b: Uint8Array) => Array.from(b, (c) => String.fromCharCode(c)).join("");

function summary(r: LockstepResult): RunSummary {
  return {
    exitCode: r.exitCode,
    cycles: r.cycles,
    stdout: latin1(r.stdout),
    stop: r.stop.kind,
    events: r.events.map((e) => `${e.cycle} ${e.kind} ${e.module ?? "-"} ${e.detail}`),
    modules: r.modules.map((m) => `${m.name} ${m.state}`),
    resyncs: r.resyncs,
  };
}

export function runScenario(wasm: WebAssembly.Module, input: ScenarioInput): ScenarioResult {
  const asm = assemble(input.asmSource, { fileName: "student.asm" });
  const flat = flatImage("student.bin", asm.bytes);
  const entry = disassemble(asm.bytes.subarray(0, 32), { bits: 32, org: asm.org }).slice(0, 4);
  // An editor shows every error at its line: two mistakes, two messages.
  const bad = assemble("bits 32\n  mov eax, ebx, ecx\n  jmp nowhere\n", { fileName: "bad.asm" });

  const image = parseElf("prog.elf", input.elf);
  const faulted = new Lockstep(wasm, image, { mode: "dmr", autoReplace: true, faults: input.faults.map(parseFault) }).run();
  const golden = new Lockstep(wasm, image, { mode: "simplex" }).run();
  const outcome = classifyRun(faulted, golden);
  return {
    asm: {
      errors: asm.errors.map(formatError),
      bytes: Array.from(asm.bytes),
      lines: asm.listing.map((l) => l.line),
      entry: entry.map((i) => `${i.address.toString(16)} ${i.text}`),
    },
    flat: summary(new Lockstep(wasm, flat, { mode: "tmr" }).run()),
    badAsm: bad.errors.map(formatError),
    elf: { ...summary(faulted), outcome, timeline: formatTimeline(faulted, outcome) },
  };
}
