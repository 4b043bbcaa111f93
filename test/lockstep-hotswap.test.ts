// Pulling or halting a module at any cycle loses no output; a module slid in after a pull is
// resynced while the machine runs and the pair is duplexed again — so well that the other
// module can then fail and the resynced one finishes the program alone.
import { describe, expect, it } from "vitest";
import { sameResult } from "../src/harness/outcome";
import { image, run, golden, text } from "./support/machine";

const INPUT = new TextEncoder().encode("the quick brown fox jumps over the lazy dog\n".repeat(200));

describe("hot swap", () => {
  const stdinImg = image("stdin.elf");
  const ref = golden(stdinImg, INPUT);

  it("the program writes a lot of output over its run (so losing any would show)", () => {
    expect(ref.stdout.length).toBeGreaterThan(8000);
    expect(ref.cycles).toBeGreaterThan(300_000);
  });

  for (const kind of ["pull", "halt"]) {
    it(`${kind} at 24 cycles across the run loses no output`, () => {
      for (let i = 0; i < 24; i++) {
        const cycle = Math.floor((ref.cycles * i) / 24);
        const mod = i % 2 ? "A" : "B";
        const r = run(stdinImg, { mode: "dmr", stdin: INPUT, inject: [`${kind}@${cycle}/${mod}`] });
        expect(text(r.stdout), `${kind}@${cycle}/${mod}`).toBe(text(ref.stdout));
        expect(r.exitCode).toBe(ref.exitCode);
        expect(r.events.find((e) => e.kind === "offline")).toMatchObject({ cycle, module: mod });
        expect(r.modules.find((m) => m.name === mod)!.state).toBe("offline");
      }
    });
  }

  it("insert after pull resyncs the module and duplexes the pair again", () => {
    const img = image("crc32.elf");
    const g = golden(img);
    const r = run(img, { mode: "dmr", inject: ["pull@400000/A", "insert@500000/A"] });
    expect(sameResult(r, g)).toBe(true);
    expect(r.modules).toEqual([{ name: "A", state: "online" }, { name: "B", state: "online" }]);
    const kinds = r.events.map((e) => e.kind);
    for (const k of ["offline", "insert", "resync-start", "resync-pause", "resync-done"]) expect(kinds).toContain(k);
    expect(r.resyncs).toHaveLength(1);
    const rs = r.resyncs[0];
    expect(rs).toMatchObject({ module: "A", from: "B" });
    expect(rs.startedAt).toBeGreaterThanOrEqual(500000);
    expect(rs.cycles).toBeGreaterThan(0);
    // The pause copies only what the source dirtied during the copy, plus the CPU state.
    expect(rs.pause.bytes).toBeLessThan((2 << 20) / 8);
  });

  it("the resynced module carries the program alone when its partner then fails", () => {
    const img = image("crc32.elf");
    const g = golden(img);
    const first = run(img, { mode: "dmr", inject: ["pull@400000/A", "insert@500000/A"] });
    const back = first.resyncs[0].doneAt;
    const r = run(img, { mode: "dmr", inject: ["pull@400000/A", "insert@500000/A", `halt@${back + 1000}/B`] });
    expect(sameResult(r, g)).toBe(true);
    expect(r.modules).toEqual([{ name: "A", state: "online" }, { name: "B", state: "offline" }]);
    // And a register flip after the resync is still caught by comparing the pair.
    const flip = run(img, { mode: "dmr", inject: ["pull@400000/A", "insert@500000/A", `reg@${back + 1000}/A:reg=esp,bit=4`] });
    expect(sameResult(flip, g)).toBe(true);
    expect(flip.events.filter((e) => e.cycle > back).map((e) => e.kind)).toContain("retry-agreed");
  });

  it("a fault the run never reaches is reported as not applied, with the reason", () => {
    const hello = image("hello.elf");
    const end = golden(hello).cycles;
    // hello ends long before the first checkpoint, where an inserted module would slide in.
    const r = run(hello, { mode: "dmr", inject: ["pull@10/B", "insert@20/B", `ram@${end + 5}/A:addr=0x100,bit=1`] });
    const notApplied = r.events.filter((e) => e.kind === "fault" && e.detail.includes("not applied"));
    expect(notApplied.map((e) => [e.module, e.cycle, e.detail])).toEqual([
      ["B", end, `insert@20/B not applied: the run ended at cycle ${end}, before the next checkpoint (a module slides in at a checkpoint)`],
      ["A", end, `ram@${end + 5}/A:addr=0x100,bit=1 not applied: the run ended at cycle ${end}`],
    ]);
    expect(r.injected.filter((f) => !f.applied).map((f) => f.spec.text)).toEqual(["insert@20/B", `ram@${end + 5}/A:addr=0x100,bit=1`]);
  });
});
