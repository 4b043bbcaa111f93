/**
 * Proves error reporting: each kind of mistake is reported as FILE:LINE:COL at the offending
 * token (columns computed from the source text here), every error in a file is reported, and
 * nasm also complains about each of those lines.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { assemble, formatError } from "../src/asm/index.js";
import { registerAsm } from "../src/cli/asm.js";
import { UserError } from "../src/errors.js";
import { hasNasm, nasmAssemble } from "./support/nasm.js";

// Each bad line names the token the error must point at and what the message must say.
const CASES: { line: string; at: string; message: RegExp }[] = [
  { line: "    movv eax, 1", at: "movv", message: /unknown instruction 'movv'/ },
  { line: "    mov al, bx", at: "mov", message: /invalid combination of opcode and operands/ },
  { line: "    jmp nowhere", at: "nowhere", message: /undefined symbol 'nowhere'/ },
  { line: "start: nop", at: "start", message: /symbol 'start' already defined on line 2/ },
  { line: "    mov al, 300", at: "300", message: /out of range/ },
  { line: "    add eax, [ebx", at: "", message: /expected '\]'/ },
  { line: "    inc [eax]", at: "[eax]", message: /operation size not specified/ },
  { line: "    loop far_away", at: "far_away", message: /short jump out of range/ },
  { line: "    push 1 +", at: "", message: /expected an expression/ },
  { line: "    mov eax, [ebx*3+ecx]", at: "[ebx", message: /effective address|index registers/ },
];

const GOOD_BEFORE = ["bits 32", "start: mov eax, 1"];
const GOOD_AFTER = ["    times 200 nop", "far_away: ret"];
const LINES = [...GOOD_BEFORE, ...CASES.map((c) => c.line), ...GOOD_AFTER];
const SOURCE = LINES.join("\n") + "\n";

function expectedCol(text: string, at: string): number {
  return at ? text.indexOf(at) + 1 : text.length + 1;
}

describe("assembly errors", () => {
  const result = assemble(SOURCE, { fileName: "bad.asm" });

  it("reports every error in the file, one per bad line, in order", () => {
    expect(result.errors.map((e) => e.line)).toEqual(CASES.map((_, k) => GOOD_BEFORE.length + k + 1));
    expect(result.bytes.length).toBe(0);
  });

  it.each(CASES.map((c, k) => ({ ...c, n: GOOD_BEFORE.length + k + 1 })))("line $n: $line", ({ line, at, message, n }) => {
    const error = result.errors.find((e) => e.line === n);
    expect(error).toBeDefined();
    expect(error!.message).toMatch(message);
    expect(formatError(error!)).toBe(`bad.asm:${n}:${expectedCol(line, at)}: ${error!.message}`);
  });

  // nasm stops at the first pass that has errors, so each bad line is tried on its own.
  it.skipIf(!hasNasm).each(CASES)("nasm also flags '$line'", ({ line }) => {
    const alone = [...GOOD_BEFORE, line, ...GOOD_AFTER].join("\n") + "\n";
    const flagged = nasmAssemble(alone).diagnostics.map((d) => d.line);
    expect(flagged).toContain(GOOD_BEFORE.length + 1);
  });
});

describe("lockstep86 asm / disasm commands", () => {
  const dir = mkdtempSync(join(tmpdir(), "lockstep86-cli-"));
  const run = (...args: string[]) => {
    const program = new Command().exitOverride();
    registerAsm(program);
    return program.parseAsync(["node", "lockstep86", ...args]);
  };

  it("asm throws a UserError carrying every FILE:LINE:COL error (the CLI exits 2 on it)", async () => {
    const bad = join(dir, "bad.asm");
    writeFileSync(bad, SOURCE);
    const error = await run("asm", bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    const lines = (error as UserError).message.split("\n");
    expect(lines).toHaveLength(CASES.length);
    expect(lines.every((l) => l.startsWith(`${bad}:`))).toBe(true);
  });

  it("asm reports an unreadable file as a UserError", async () => {
    await expect(run("asm", join(dir, "missing.asm"))).rejects.toBeInstanceOf(UserError);
  });

  it.skipIf(!hasNasm)("asm writes the binary nasm writes, and a listing", async () => {
    const src = join(import.meta.dirname, "fixtures/asm/sections.asm");
    const out = join(dir, "sections.bin");
    await run("asm", src, "-o", out, "--listing", join(dir, "sections.lst"));
    expect(readFileSync(out).equals(nasmAssemble(readFileSync(src, "utf8")).bin)).toBe(true);
    expect(readFileSync(join(dir, "sections.lst"), "utf8")).toMatch(/00001000 BE/);
  });

  it("disasm rejects a bad --bits value as a UserError", async () => {
    const bin = join(dir, "x.bin");
    writeFileSync(bin, Uint8Array.of(0x90));
    await expect(run("disasm", bin, "--bits", "64")).rejects.toBeInstanceOf(UserError);
  });
});
