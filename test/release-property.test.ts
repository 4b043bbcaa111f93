// A seeded property over release paths (console output on stdout and stderr, the disk image),
// fault kinds and modes: whatever a run released is byte-equal to the fault-free run's, or, for a
// fail-stop, exactly what the fault-free run had committed by the checkpoint the machine stopped
// at, with no disk image. Single faults of every kind, and double faults where one module stops
// and the other carries a fault a check will name (the hardest case for "nothing disputed").
import { describe, expect, it } from "vitest";
import { Prng } from "../src/util/prng";
import { RANDOM_KINDS, randomFault, type FaultTarget } from "../src/faults/random";
import type { ModuleName } from "../src/faults/spec";
import type { EccMode } from "../src/core/module";
import type { ProgramImage } from "../src/loader/image";
import type { LockstepResult } from "../src/harness/lockstep";
import { released } from "../src/harness/release";
import { SMALL, image, run } from "./support/machine";
import { hasNasm, releaseDisk, releaseProgram } from "./support/release-program";

const SEED = Number(process.env.LOCKSTEP86_RELEASE_SEED ?? 0x5e1ea5e);
const CASES = Number(process.env.LOCKSTEP86_RELEASE_CASES ?? 240);
const EPOCHS = [512, 2048, 1 << 14, 1 << 16];
const ECC: EccMode[] = ["parity", "secded", "none"];

interface Path { name: string; img: ProgramImage; disk: Uint8Array; stdin?: Uint8Array }

const hex = (b: Uint8Array) => Buffer.from(b).toString("latin1");

describe.skipIf(!hasNasm)("random release paths x faults x modes", () => {
  const paths: Path[] = [
    { name: "release.asm (stdout, stderr, disk)", img: releaseProgram().img, disk: releaseDisk() },
    { name: "disk.elf (disk records, stdout)", img: image("disk.elf"), disk: SMALL.disk! },
    { name: "stdin.elf (stdin to stdout)", img: image("stdin.elf"), disk: SMALL.disk!, stdin: new TextEncoder().encode("one line\nand two\n".repeat(30)) },
  ];

  it(`${CASES} cases, seed ${SEED}: nothing released was disputed`, () => {
    const goldens = new Map<string, LockstepResult>();
    const golden = (p: Path, epoch: number, maxCycles?: number) => {
      const key = `${p.name}:${epoch}:${maxCycles}`;
      let g = goldens.get(key);
      if (!g) goldens.set(key, (g = run(p.img, { mode: "simplex", disk: p.disk, stdin: p.stdin, epoch, maxCycles })));
      return g;
    };
    const tally: Record<string, number> = {};
    for (let i = 0; i < CASES; i++) {
      const rng = Prng.forCase(SEED, i);
      const p = rng.pick(paths);
      const mode = rng.pick(["dmr", "tmr"] as const);
      const ecc = rng.pick(ECC);
      const epoch = rng.pick(EPOCHS);
      const ref = golden(p, epoch);
      const modules: ModuleName[] = mode === "dmr" ? ["A", "B"] : ["A", "B", "C"];
      const target: FaultTarget = {
        cycles: ref.cycles, segments: p.img.segments, ramSize: SMALL.ramSize!, stackTop: SMALL.ramSize! - 16, diskSectors: p.disk.length / 512,
      };
      let inject = [randomFault(rng, target, modules, rng.pick(RANDOM_KINDS))];
      if (rng.chance(0.4)) {
        // A module stops; another carries a fault that ECC or a sector checksum will name.
        const [x, y] = rng.chance(0.5) ? ["A", "B"] as const : ["B", "A"] as const;
        const stop = randomFault(rng, target, [x], rng.pick(["halt", "pull"] as const));
        const checked = ecc === "none" ? "disk" : rng.pick(["disk", "ram", "stuck"] as const);
        inject = [stop, randomFault(rng, target, [y], checked)];
      }
      const what = `case ${i}: ${p.name} --mode ${mode} --ecc ${ecc} --epoch ${epoch} --inject ${inject.join(" --inject ")}`;
      const r = run(p.img, { mode, ecc, epoch, disk: p.disk, stdin: p.stdin, inject });
      const out = released(r);
      if (r.failStop) {
        tally["fail-stop"] = (tally["fail-stop"] ?? 0) + 1;
        expect(out.disk, what).toBeNull();
        const upTo = golden(p, epoch, r.cycles);
        expect(hex(out.stdout), what).toBe(hex(upTo.stdout));
        expect(hex(out.stderr), what).toBe(hex(upTo.stderr));
      } else {
        tally.completed = (tally.completed ?? 0) + 1;
        expect(r.exitCode, what).toBe(ref.exitCode);
        expect(hex(out.stdout), what).toBe(hex(ref.stdout));
        expect(hex(out.stderr), what).toBe(hex(ref.stderr));
        expect(out.disk, what).not.toBeNull();
        expect(Buffer.compare(Buffer.from(out.disk!), Buffer.from(ref.disk!)), what).toBe(0);
      }
    }
    console.log(`release property (seed ${SEED}):`, tally);
    // Both kinds of ending are exercised, or the property proves little.
    expect(tally["fail-stop"] ?? 0).toBeGreaterThan(CASES / 20);
    expect(tally.completed ?? 0).toBeGreaterThan(CASES / 2);
  });
});
