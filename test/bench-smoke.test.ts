// The benchmark's pieces work end to end at tiny sizes: the variants build, every runner runs
// them and prints what the programs' independent models say, and the table has its rows.
// No timing is asserted: times at these sizes are noise.
import { beforeAll, describe, expect, it } from "vitest";
import { runBench, type BenchReport } from "../bench/bench-run";
import { BENCH_PROGRAMS } from "../bench/bench-programs";
import { coldTable, GEOMEAN_ROW, markdown, resultsTable, sig3 } from "../bench/bench-table";
import { speedGoals } from "../bench/bench-goals";
import { PROGRAM_CASES } from "./support/program-expectations";

let report: BenchReport;

beforeAll(() => {
  report = runBench({ scale: "tiny", warmRuns: () => 1, startupRuns: 1 });
});

describe("npm run bench at tiny sizes", () => {
  it("measures every benchmark program under the core, qemu-i386 when present, and native", () => {
    const keys = report.runners.map((r) => r.key);
    expect(keys[0]).toBe("simplex");
    expect(keys).toContain("native");
    expect(report.results.map((r) => r.program.name)).toEqual(BENCH_PROGRAMS.map((p) => p.name));
    for (const r of report.results) {
      expect(r.problems, r.program.name).toEqual([]);
      expect(r.cycles, r.program.name).toBeGreaterThan(0);
    }
  });

  it("gets each program's expected output from every runner", () => {
    for (const r of report.results) {
      const model = PROGRAM_CASES[r.program.name][0];
      for (const [key, cell] of Object.entries(r.cells)) {
        expect(cell, `${r.program.name} under ${key}`).not.toBeNull();
        const want = model.expected(cell!.output.stdout);
        expect(cell!.output.stdout, `${r.program.name} under ${key}`).toBe(want.stdout);
        expect(cell!.output.exitCode).toBe(0);
      }
    }
  });

  it("runs the i386 ELF natively only when the kernel can, and says which", () => {
    const native = report.runners.find((r) => r.key === "native")!;
    expect(native.sameBinary).toBe(report.native.canExec);
    expect(native.legend).toMatch(report.native.canExec ? /same i386 ELF/ : /x86-64 build of the same C source/);
  });

  it("prints a table with a row per program, a geometric-mean row and the ratio columns", () => {
    const table = resultsTable(report.results, report.runners, report.ratios);
    expect(table.rows.map((row) => row[0])).toEqual([...BENCH_PROGRAMS.map((p) => p.name), GEOMEAN_ROW]);
    expect(table.header).toContain("simplex MIPS");
    for (const { of, to } of report.ratios) expect(table.header).toContain(`${of}/${to}`);
    if (report.runners.some((r) => r.key === "qemu")) expect(table.header).toContain("qemu MIPS");
    for (const row of table.rows) expect(row).toHaveLength(table.header.length);
    const text = markdown(table);
    expect(text.split("\n")).toHaveLength(table.rows.length + 2);
    expect(markdown(coldTable(report.results, report.runners))).toContain("simplex cold/warm");
  });

  it("measures every speed goal from the run's own runners (qemu-i386's when present)", () => {
    const goals = speedGoals(report.results, report.cores);
    const hasQemu = report.runners.some((r) => r.key === "qemu");
    expect(goals.map((g) => g.met !== null)).toEqual([hasQemu, true, true, true, true]);
  });

  it("formats numbers with three significant digits", () => {
    expect([1234.5, 56.78, 3.14159, 0.012345].map(sig3)).toEqual(["1235", "56.8", "3.14", "0.0123"]);
    expect([99.96, 9.996, 0.99996, 0.9994].map(sig3)).toEqual(["100", "10.0", "1.00", "0.999"]);
  });
});
