// The bench's verdict on its speed goals, from made-up results whose geometric means are worked
// out by hand below (no run is timed).
import { describe, expect, it } from "vitest";
import { formatGoals, speedGoals } from "../bench/bench-goals";
import type { Cell, ProgramResult } from "../bench/bench-measure";
import type { BuiltProgram } from "../bench/bench-build";

const CYCLES = 100e6;

/** A result whose runners took these seconds (startup already subtracted); simplex translated
 *  all but `outside` of the instructions. */
function result(name: string, seconds: Record<string, number>, outside = 0): ProgramResult {
  const cells: Record<string, Cell> = {};
  for (const [key, compute] of Object.entries(seconds)) {
    cells[key] = {
      times: { cold: compute, best: compute },
      startup: 0,
      compute,
      output: { stdout: "", stderr: "", exitCode: 0, cycles: CYCLES, translated: key === "simplex" ? CYCLES - outside : undefined },
    };
  }
  return { program: { name } as BuiltProgram, cycles: CYCLES, cells, problems: [] };
}

// 100 M instructions each. Program a: simplex 1 s, qemu 0.3 s (0.3x, 333 MIPS), interp 0.5 s
// (200 MIPS), dmr-threads 1.25 s (0.8x), tmr-threads 2 s (0.5x), simplex-pair 1.111... s (0.9x).
// Program b: everything twice as long but interp 2 s (50 MIPS). Geometric means: simplex/qemu
// 0.3x, qemu sqrt(333.3 * 166.7) = 235.7 MIPS, interp 100 MIPS (0.424 of it), dmr 0.8x, tmr 0.5x,
// pair 0.9x; dmr/pair 0.8 / 0.9 = 0.889; tmr's bound on 2 cores 2/3 * 0.9 = 0.6x.
const results = [
  result("a", { simplex: 1, qemu: 0.3, interp: 0.5, "dmr-threads": 1.25, "tmr-threads": 2, "simplex-pair": 1 / 0.9 }, 200_000),
  result("b", { simplex: 2, qemu: 0.6, interp: 2, "dmr-threads": 2.5, "tmr-threads": 4, "simplex-pair": 2 / 0.9 }, 1_500_000),
];

describe("the bench's speed goals", () => {
  it("reads each goal off the geometric means and says whether it was met", () => {
    const goals = speedGoals(results, 2);
    expect(goals.map((g) => [g.value, g.met])).toEqual([
      ["0.300x", true],
      ["100 MIPS", false],
      ["at most 1.50% (b)", false],
      ["0.800x", false],
      ["0.500x", false],
    ]);
  });

  it("says what each goal can reach on this machine", () => {
    const [, interp, , dmr, tmr] = speedGoals(results, 2);
    expect(interp.note).toBe("0.424x qemu-i386's 236 MIPS on this machine");
    expect(dmr.note).toBe("simplex-pair/simplex 0.900x, two modules at once with nothing compared; dmr on threads ran at 0.889 of that");
    expect(tmr.note).toBe("three modules on 2 cores at the pair's pace would run at 0.667 of simplex-pair/simplex, 0.600x");
    // With three cores each module has one: the pair's pace itself.
    expect(speedGoals(results, 3)[4].note).toBe("three modules on 3 cores at the pair's pace would run at simplex-pair/simplex, 0.900x");
  });

  it("meets the share outside translated code only when every program is under 1%", () => {
    const under = [result("a", { simplex: 1 }, 990_000), result("b", { simplex: 1 }, 0)];
    expect(speedGoals(under, 2)[2]).toMatchObject({ value: "at most 0.99% (a)", met: true });
  });

  it("leaves a goal unmeasured when the run lacks its runners", () => {
    const simplexOnly = [result("a", { simplex: 1 })];
    const goals = speedGoals(simplexOnly, 2);
    expect(goals.map((g) => g.met)).toEqual([null, null, true, null, null]);
    expect(formatGoals(goals, 2)).toContain("- dmr on threads at 0.85x simplex or more: n/a, not measured");
  });

  it("prints a line per goal under a heading naming the cores", () => {
    const lines = formatGoals(speedGoals(results, 2), 2);
    expect(lines[0]).toBe("Speed goals (geometric means over the programs; 2 cores):");
    expect(lines).toContain("- simplex at 0.25x qemu-i386 or more: 0.300x, met");
    expect(lines.filter((l) => l.startsWith("- "))).toHaveLength(5);
  });
});
