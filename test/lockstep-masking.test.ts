// Every program, every fault kind, in dmr and tmr, early, in the middle and late: the output,
// exit status and final disk are those of the fault-free run, and the event log shows the
// fault found where and when it showed (or the fault was benign: it never reached a compared
// write or a checked read).
import { describe, expect, it } from "vitest";
import { classifyRun, faultReports } from "../src/harness/outcome";
import { PROGRAM_FILES as PROGRAMS, image, run, golden, registersAt, text } from "./support/machine";
const STDIN = new TextEncoder().encode("lockstep\nmasks faults\n");
const WHEN = { early: 0.05, middle: 0.5, late: 0.95 } as const;
const hex = (v: number) => `0x${v.toString(16)}`;

// Faults aimed where they matter: the live stack, a register in use, a sector the disk program uses.
function faultsFor(kind: string, cycle: number, mod: string, at: { esp: number }): string[] {
  switch (kind) {
    case "ram": return [`ram@${cycle}/${mod}:addr=${hex(at.esp + 4)},bit=2`];
    case "stuck": return [`stuck@${cycle}/${mod}:addr=${hex(at.esp)},bit=0,value=1`];
    case "reg": return [`reg@${cycle}/${mod}:reg=esp,bit=3`];
    case "disk": return [`disk@${cycle}/${mod}:sector=${(cycle % 40) + 1},byte=${cycle % 512},bit=5`];
    case "halt": return [`halt@${cycle}/${mod}`];
    case "pull": return [`pull@${cycle}/${mod}`];
    default: return [`pull@${cycle}/${mod}`, `insert@${cycle + 1}/${mod}`]; // pull, then insert
  }
}

// Outcomes per mode and kind, so that the last test can show each kind was found, not only benign.
const seen = new Map<string, Set<string>>();

describe.each(["dmr", "tmr"] as const)("%s masks every fault kind", (mode) => {
  for (const program of PROGRAMS) {
    const stdin = program.startsWith("stdin") ? STDIN : undefined;
    it(program, () => {
      const img = image(program);
      const ref = golden(img, stdin);
      expect(ref.stop.kind).toMatch(/exit|halt/);
      for (const kind of ["ram", "stuck", "reg", "disk", "halt", "pull", "insert"]) {
        for (const [when, frac] of Object.entries(WHEN)) {
          const cycle = Math.floor(ref.cycles * frac);
          const mod = mode === "tmr" && when === "late" ? "C" : when === "middle" ? "B" : "A";
          const inject = faultsFor(kind, cycle, mod, registersAt(img, cycle, stdin));
          const r = run(img, { mode, stdin, inject });
          const where = `${program} ${kind} ${when} (${inject.join(" ")})`;
          expect(text(r.stdout), where).toBe(text(ref.stdout));
          expect(text(r.stderr), where).toBe(text(ref.stderr));
          expect(r.exitCode, where).toBe(ref.exitCode);
          expect(r.disk, where).not.toBeNull();
          expect(Buffer.compare(Buffer.from(r.disk!), Buffer.from(ref.disk!)), where).toBe(0);
          const outcome = classifyRun(r, ref);
          expect(["benign", "masked"], where).toContain(outcome);
          const key = `${mode} ${kind}`;
          seen.set(key, (seen.get(key) ?? new Set()).add(outcome));
          const report = faultReports(r, ref)[0];
          expect(report.injectedAt, where).toBe(cycle);
          if (report.detectedAt !== null) expect(report.detectedAt, where).toBeGreaterThanOrEqual(cycle);
          if (kind === "halt" || kind === "pull" || kind === "insert") {
            // A module that stops retiring is dropped at the very cycle it stopped.
            expect(r.events.find((e) => e.kind === "offline"), where).toMatchObject({ cycle, module: mod });
          }
          if (kind === "insert") {
            expect(r.events.some((e) => e.kind === "resync-done" && e.module === mod) || r.cycles - cycle < 1 << 21, where).toBe(true);
          }
          for (const e of r.events.filter((x) => x.kind === "machine-check")) {
            expect(e.module, where).toBe(mod);
            if (kind === "disk") expect(e.detail, where).toContain(`sector ${(cycle % 40) + 1} `);
            if (kind === "ram") expect(e.detail, where).toContain(hex(at(inject[0])));
          }
        }
      }
    });
  }
});

describe("the faults were real", () => {
  it("every kind was detected and masked somewhere, in both modes", () => {
    for (const mode of ["dmr", "tmr"]) {
      for (const kind of ["ram", "stuck", "reg", "disk", "halt", "pull", "insert"]) {
        expect(seen.get(`${mode} ${kind}`), `${mode} ${kind}`).toContain("masked");
      }
    }
  });
});

const at = (spec: string) => Number(/addr=(0x[0-9a-f]+)/.exec(spec)![1]);
