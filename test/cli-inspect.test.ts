// `lockstep86 inspect`: the machine at a cycle or at its first divergence. Registers at a cycle are
// checked against one bare module run to that cycle (no harness, no time travel); the divergence
// against what a run reports; bad input gets one line and status 2.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as L from "../assembly/layout";
import { CpuModule } from "../src/core/module";
import { loadCoreWasm } from "../src/node/core-wasm";
import { loadProgram } from "../src/loader/process";
import { diskSizeFor, DEFAULT_DISK } from "../src/harness/lockstep";
import { defaultRamFor } from "../src/loader/process";
import { lockstep86 } from "./support/cli";
import { image } from "./support/machine";

const json = (r: { stdout: Uint8Array }) => JSON.parse(Buffer.from(r.stdout).toString());

// One module, no harness: the registers after `cycle` instructions.
function bareAt(file: string, cycle: number) {
  const img = image(file);
  const m = new CpuModule(loadCoreWasm(), { ramSize: defaultRamFor(img), diskSize: diskSizeFor(undefined) || DEFAULT_DISK });
  loadProgram(m, img, [`programs/bin/${file}`]); // argv[0] as the command line gives it
  m.setInputEof();
  while (m.cycle < cycle) {
    const st = m.run(cycle - m.cycle);
    m.clearJournal();
    if (st !== L.ST_CYCLE_LIMIT && st !== L.ST_JOURNAL_FULL) break;
  }
  return { eip: m.eip, eax: m.reg(L.EAX), esp: m.reg(L.ESP), esi: m.reg(L.ESI) };
}

describe("inspect --at", () => {
  it("every module's registers at the cycle are a bare module's after that many instructions", () => {
    const r = lockstep86(["inspect", "programs/bin/qsort.elf", "--mode", "tmr", "--at", "123457", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const out = json(r);
    expect(out.cycle).toBe(123457);
    expect(out.modules.map((m: { name: string }) => m.name)).toEqual(["A", "B", "C"]);
    const want = bareAt("qsort.elf", 123457);
    for (const m of out.modules) expect({ eip: m.eip, eax: m.regs.eax, esp: m.regs.esp, esi: m.regs.esi }).toEqual(want);
    expect(out.differences).toEqual([]);
  });

  it("text names the instruction at EIP as the disassembler does", () => {
    const r = lockstep86(["inspect", "programs/bin/fib.elf", "--mode", "simplex", "--at", "1000"]);
    expect(r.status).toBe(0);
    const text = Buffer.from(r.stdout).toString();
    expect(text).toMatch(/^cycle 1,000 of a simplex run/);
    expect(text).toMatch(/A: 0x[0-9a-f]{8} {2}\S/);
  });

  it("a cycle past the run's end is refused in one line", () => {
    const r = lockstep86(["inspect", "programs/bin/hello.elf", "--at", "999999999"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^lockstep86: --at 999999999: the run ends at cycle \d+ \(exit status 0\)\n$/);
  });
});

describe("inspect --divergence", () => {
  it("stands before the write the fault changed, with both versions of it", () => {
    const r = lockstep86(["inspect", "programs/bin/qsort.elf", "--inject", "reg@150000/B:reg=esp,bit=3", "--divergence", "--json"]);
    expect(r.status).toBe(0);
    const out = json(r);
    expect(out.cycle).toBeGreaterThanOrEqual(150000);
    expect(out.differences).toContain("esp");
    const [a, b] = out.modules;
    expect((a.regs.esp ^ b.regs.esp) >>> 0).toBe(8); // bit 3, as injected
    expect(out.divergence.faults).toEqual([{ text: "reg@150000/B:reg=esp,bit=3", injectedAt: 150000 }]);
    const [wa, wb] = out.divergence.writes;
    expect(wa.write.cycle).toBe(out.cycle);
    expect(wa.write).not.toEqual(wb.write);
  });

  it("the same from a scenario file", () => {
    const dir = mkdtempSync(join(tmpdir(), "lockstep86-inspect-"));
    const file = join(dir, "s.json");
    const s = lockstep86(["run", "programs/bin/qsort.elf", "--inject", "reg@150000/B:reg=esp,bit=3", "--print-scenario"]);
    writeFileSync(file, s.stdout);
    const fromScenario = json(lockstep86(["inspect", file, "--divergence", "--json"]));
    const fromFlags = json(lockstep86(["inspect", "programs/bin/qsort.elf", "--inject", "reg@150000/B:reg=esp,bit=3", "--divergence", "--json"]));
    expect(fromScenario).toEqual(fromFlags);
    // Every option the scenario sets is refused beside it, as run refuses them (--compare too).
    for (const flag of [["--mode", "tmr"], ["--compare", "state"], ["--epoch", "4096"]]) {
      const r = lockstep86(["inspect", file, "--divergence", ...flag]);
      expect(r.status, flag.join(" ")).toBe(2);
      expect(r.stderr).toBe(`lockstep86: inspect: ${flag[0]} cannot be given beside a scenario (the scenario sets it)\n`);
    }
  });

  it("a fault-free run has none", () => {
    const r = lockstep86(["inspect", "programs/bin/hello.elf", "--divergence"]);
    expect(r.status).toBe(0);
    expect(Buffer.from(r.stdout).toString()).toMatch(/^no divergence: the modules agreed on every write until the run ended at cycle \d+/);
  });

  it("bad input: one line, status 2", () => {
    for (const [args, message] of [
      [["inspect", "programs/bin/hello.elf"], /give --at CYCLE or --divergence/],
      [["inspect", "programs/bin/hello.elf", "--at", "5", "--divergence"], /give --at CYCLE or --divergence/],
      [["inspect", "programs/bin/hello.elf", "--at", "five"], /--at/],
      [["inspect", "no-such.elf", "--at", "5"], /no-such\.elf/],
      [["inspect", "programs/bin/hello.elf", "--inject", "ram@5/Z:addr=1,bit=1", "--at", "5"], /--inject/],
    ] as const) {
      const r = lockstep86([...args]);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });
});
