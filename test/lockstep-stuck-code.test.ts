// A stuck bit in the code a loop runs. The DIMM's check code finds it on every fetch: SEC-DED
// corrects it each time (the cell stays stuck, so every fetch must be corrected, not only the
// first), parity names the module; either way the output is the fault-free run's. Without ECC
// the module runs the corrupted instruction: dmr can only fail-stop, tmr outvotes it.
import { describe, expect, it } from "vitest";
import { assemble } from "../src/asm/index";
import type { EccMode } from "../src/core/module";
import { classifyRun } from "../src/harness/outcome";
import { flatImage } from "../src/loader/image";
import { run } from "./support/machine";

// Sums 1..20000 with a loop, then writes the sum's four bytes to the UART and halts.
const SOURCE = `
bits 32
org 0x1000
    mov ecx, 20000
    xor eax, eax
sum:
    add eax, ecx
    dec ecx
    jnz sum
    mov edx, 0x3f8
    mov ecx, 4
send:
    out dx, al
    shr eax, 8
    dec ecx
    jnz send
    hlt
`;
const asm = assemble(SOURCE, { fileName: "stuck-code.asm" });
const image = flatImage("stuck-code.bin", asm.bytes);
const ADD = 0x1000 + asm.bytes.indexOf(0x01, 7); // the add's opcode byte (01 C8)
// Bit 1 stuck at 1 turns 01 C8 (add eax, ecx) into 03 C8 (add ecx, eax).
const LIMIT = 1_000_000; // the loop takes about 60,000 cycles; a corrupted one may never end
const STUCK = `stuck@100/A:addr=0x${ADD.toString(16)},bit=1,value=1`;

describe("a stuck bit in a running loop's code", () => {
  const golden = run(image, { mode: "simplex" });

  it("is what the fault-free run computes without it", () => {
    expect(asm.errors).toEqual([]);
    expect(asm.bytes[ADD - 0x1000 + 1]).toBe(0xc8);
    expect(Buffer.from(golden.stdout).readUInt32LE(0)).toBe((20000 * 20001) / 2);
  });

  it("changes the result of a simplex machine without ECC (the fault is real)", () => {
    // The corrupted loop counts ecx up instead of down: it would run for billions of cycles.
    const r = run(image, { mode: "simplex", ecc: "none", inject: [STUCK], maxCycles: LIMIT });
    expect(r.stop.kind).toBe("max-cycles");
    expect(Buffer.from(r.stdout)).not.toEqual(Buffer.from(golden.stdout));
  });

  for (const ecc of ["secded", "parity"] as EccMode[]) {
    for (const mode of ["simplex", "dmr", "tmr"] as const) {
      if (mode === "simplex" && ecc === "parity") continue; // parity stops a lone module: detected
      it(`${mode} with ${ecc}: the output is the fault-free run's`, () => {
        const r = run(image, { mode, ecc, inject: [STUCK], maxCycles: LIMIT });
        expect(Buffer.from(r.stdout)).toEqual(Buffer.from(golden.stdout));
        expect(r.exitCode).toBe(golden.exitCode);
        expect(["masked", "benign"]).toContain(classifyRun(r, golden));
        const kinds = r.events.map((e) => e.kind);
        expect(kinds).toContain(ecc === "secded" ? "corrected" : "machine-check");
      });
    }
  }

  it("without ECC: dmr fail-stops, tmr outvotes the module", () => {
    expect(classifyRun(run(image, { mode: "dmr", ecc: "none", inject: [STUCK], maxCycles: LIMIT }), golden)).toBe("detected");
    const tmr = run(image, { mode: "tmr", ecc: "none", inject: [STUCK], maxCycles: LIMIT });
    expect(Buffer.from(tmr.stdout)).toEqual(Buffer.from(golden.stdout));
    expect(tmr.events.map((e) => e.kind)).toContain("vote");
  });
});
