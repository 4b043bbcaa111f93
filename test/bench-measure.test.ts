// The bench's timing order: every runner's cold run first, in the runners' order, then the warm
// runs interleaved in rounds, each round starting one runner further on, a runner leaving the
// rounds once it has had its warm runs; the best warm run counts and outputs are checked.
import { describe, expect, it } from "vitest";
import { measureProgram, measureStartup } from "../bench/bench-measure";
import type { BuiltProgram } from "../bench/bench-build";
import type { Runner, RunOutput } from "../bench/bench-runners";

const program = { name: "p", elf: "/nonexistent/p.elf" } as unknown as BuiltProgram;

function fakeRunner(key: string, calls: string[], opts: { output?: (n: number) => string; skip?: boolean } = {}): Runner {
  let n = 0;
  return {
    key,
    legend: key,
    sameBinary: true,
    inProcess: true,
    prepare: () => (opts.skip ? null : (): RunOutput => {
      calls.push(key);
      return { stdout: opts.output ? opts.output(n++) : "Hello, world!\n", stderr: "", exitCode: 0 };
    }),
  };
}

describe("bench timing", () => {
  it("runs each runner cold in order, then warm runs in rotating rounds", () => {
    const calls: string[] = [];
    const runners = [fakeRunner("a", calls), fakeRunner("b", calls), fakeRunner("none", calls, { skip: true }), fakeRunner("c", calls)];
    const warm: Record<string, number> = { a: 2, b: 2, c: 4 };
    const r = measureProgram(runners, program, { a: 0, b: 0, c: 0 }, (x) => warm[x.key]);
    expect(calls).toEqual([
      "a", "b", "c", // cold
      "a", "b", "c", // round 0
      "b", "c", "a", // round 1
      "c", // round 2: a and b have had their two
      "c", // round 3
    ]);
    expect(Object.keys(r.cells)).toEqual(["a", "b", "none", "c"]);
    expect(r.cells.none).toBeNull();
    expect(r.problems).toEqual([]);
  });

  it("reports a runner whose output differs from the first's", () => {
    const calls: string[] = [];
    const runners = [fakeRunner("a", calls), fakeRunner("b", calls, { output: () => "other\n" })];
    const r = measureProgram(runners, program, { a: 0, b: 0 }, () => 1);
    expect(r.problems).toEqual(["b: output differs from a's"]);
  });

  it("fails when a runner's warm run gives another output than its cold one", () => {
    const runners = [fakeRunner("a", [], { output: (n) => (n === 0 ? "x\n" : "y\n") })];
    expect(() => measureProgram(runners, program, { a: 0 }, () => 2)).toThrow("a program gave different outputs in two runs");
  });

  it("measures startup the same way and checks the startup program's output", () => {
    const calls: string[] = [];
    const startup = measureStartup([fakeRunner("a", calls), fakeRunner("b", calls)], program, 2);
    expect(calls).toEqual(["a", "b", "a", "b", "b", "a"]);
    expect(Object.keys(startup)).toEqual(["a", "b"]);
    expect(() => measureStartup([fakeRunner("a", [], { output: () => "nope\n" })], program, 1)).toThrow('a: /nonexistent/p.elf did not print "Hello, world!"');
  });
});
