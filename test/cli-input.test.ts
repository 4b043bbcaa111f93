// What `lockstep86 run` makes of the programs and options it is given: bad input of every kind
// gets one line on stderr, naming what is wrong, and exit status 2 (never a stack trace); a
// program linked at ld's default address runs without --ram, as under qemu-i386.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lockstep86, ROOT } from "./support/cli";
import { hasQemu, runUnderQemu } from "./support/qemu";
import { le32, tinyElf } from "./support/tiny-elf";

const dir = mkdtempSync(join(tmpdir(), "lockstep86-input-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, bytes: Uint8Array | string): string => {
  const path = join(dir, name);
  writeFileSync(path, bytes, { mode: 0o755 });
  return path;
};

const LD_DEFAULT_BASE = 0x08048000;
const HELLO = join(ROOT, "programs", "bin", "hello.elf");

// write(1, msg, msg.length); exit(3)
function writer(base: number, msg: number[]): Uint8Array {
  const at = base + 52 + 32 + 34;
  const code = [
    0xb8, ...le32(4), 0xbb, ...le32(1), 0xb9, ...le32(at), 0xba, ...le32(msg.length), 0xcd, 0x80,
    0xb8, ...le32(1), 0xbb, ...le32(3), 0xcd, 0x80,
    ...msg,
  ];
  return tinyElf(code, { base });
}
const hiAt = (base: number) => writer(base, [0x68, 0x69, 0x0a]);
// The same program with 20 MiB of bss: more than --ram 16M holds, wherever RAM starts.
function bigAt(base: number): Uint8Array {
  const elf = hiAt(base);
  new DataView(elf.buffer).setUint32(72, 20 << 20, true); // p_memsz
  return elf;
}

describe("bad input: one line, status 2", () => {
  const cases: Array<{ name: string; args: () => string[]; names: string }> = [
    { name: "a missing program", args: () => ["run", join(dir, "nope.elf")], names: "nope.elf" },
    { name: "a directory", args: () => ["run", dir], names: dir },
    { name: "an empty file", args: () => ["run", file("empty.elf", "")], names: "empty.elf" },
    { name: "a text file", args: () => ["run", file("notes.elf", "just some text\n")], names: "notes.elf" },
    { name: "a truncated ELF", args: () => ["run", file("cut.elf", readFileSync(HELLO).subarray(0, 40))], names: "cut.elf" },
    { name: "an x86-64 ELF", args: () => ["run", file("x64.elf", tinyElf([0xf4], { elfClass: 2, machine: 62 }))], names: "x64.elf" },
    { name: "an ARM ELF", args: () => ["run", file("arm.elf", tinyElf([0xf4], { machine: 40 }))], names: "arm.elf" },
    { name: "a shared object (ET_DYN)", args: () => ["run", file("lib.so", tinyElf([0xf4], { type: 3 }))], names: "lib.so" },
    { name: "a program larger than the RAM asked for", args: () => ["run", "--ram", "16M", file("big.elf", bigAt(LD_DEFAULT_BASE))], names: "--ram" },
    { name: "an unknown option", args: () => ["run", HELLO, "--frobnicate"], names: "--frobnicate" },
    { name: "an option meant for the program, without --", args: () => ["run", HELLO, "-v"], names: "unknown option '-v' (options for the program go after --)" },
    { name: "an unknown mode", args: () => ["run", HELLO, "--mode", "quadruple"], names: "--mode" },
    { name: "a bad RAM size", args: () => ["run", HELLO, "--ram", "12X"], names: "--ram" },
    { name: "a RAM size out of range", args: () => ["run", HELLO, "--ram", "2G"], names: "--ram" },
    { name: "a negative cycle limit", args: () => ["run", HELLO, "--max-cycles", "-5"], names: "--max-cycles" },
    { name: "a missing stdin file", args: () => ["run", HELLO, "--stdin", join(dir, "absent.txt")], names: "absent.txt" },
    { name: "an empty disk image", args: () => ["run", HELLO, "--disk", file("empty.img", "")], names: "empty.img" },
    // 2 MiB of RAM keeps 512 KiB for the stack, a quarter of it for arguments (E2BIG under Linux).
    { name: "program arguments larger than a quarter of the stack", args: () => ["run", HELLO, "--ram", "2M", "--", "a".repeat(70_000), "b".repeat(70_000)], names: "more than the 128 KiB" },
    { name: "a malformed fault", args: () => ["run", HELLO, "--inject", "ram@x/A"], names: "ram@x/A" },
    // Refused before the program runs (stdout stays empty), not after a long run.
    { name: "a disk image to save in a missing directory", args: () => ["run", HELLO, "--save-disk", join(dir, "no", "such", "d.img")], names: "d.img" },
    { name: "a disk image to save over a directory", args: () => ["run", HELLO, "--save-disk", dir], names: dir },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = lockstep86(c.args());
      expect(r.status, r.stderr).toBe(2);
      const lines = r.stderr.split("\n").filter((l) => l !== "");
      expect(lines, "exactly one line").toHaveLength(1);
      expect(lines[0]).toMatch(/^(lockstep86: |error: )/);
      expect(lines[0]).toContain(c.names);
      expect(r.stdout.length).toBe(0);
    });
  }
});

describe("a program at ld's default address (0x08048000)", () => {
  const path = file("hi.elf", hiAt(LD_DEFAULT_BASE));

  it("runs in the default RAM, sized to hold it", () => {
    for (const mode of ["simplex", "dmr", "tmr"]) {
      const r = lockstep86(["run", "--mode", mode, path]);
      expect(r.stderr).toBe("");
      expect(Buffer.from(r.stdout).toString()).toBe("hi\n");
      expect(r.status).toBe(3);
    }
  });

  it.skipIf(!hasQemu())("as under qemu-i386", () => {
    const q = runUnderQemu(path);
    const r = lockstep86(["run", path]);
    expect(Buffer.from(r.stdout)).toEqual(Buffer.from(q.stdout));
    expect(r.status).toBe(q.exitCode);
  });
});

describe("--json", () => {
  it("keeps output that is not UTF-8 exactly, in base64 beside the text", () => {
    const bytes = [0x41, 0xff, 0xc3, 0x28, 0x0a];
    const r = lockstep86(["run", "--json", file("binary.elf", writer(0x100000, bytes))]);
    const json = JSON.parse(Buffer.from(r.stdout).toString());
    expect([...Buffer.from(json.outputBase64, "base64")]).toEqual(bytes);
    expect(json.output).toBe("A\ufffd\ufffd(\n");
    expect(json.stderrBase64).toBeUndefined();
  });

  it("gives UTF-8 output as text only", () => {
    const r = lockstep86(["run", "--json", file("utf8.elf", writer(0x100000, [...Buffer.from("h\u00e9\n")]))]);
    const json = JSON.parse(Buffer.from(r.stdout).toString());
    expect(json.output).toBe("h\u00e9\n");
    expect(json.outputBase64).toBeUndefined();
  });
});

describe("--stdin -", () => {
  const STDIN = join(ROOT, "programs", "bin", "stdin.elf");
  it("gives the program this command's own standard input, as --stdin FILE gives a file's", () => {
    const input = new TextEncoder().encode("the quick brown fox\njumps over\n");
    const viaPipe = lockstep86(["run", STDIN, "--stdin", "-"], { input });
    expect(viaPipe.stderr).toBe("");
    expect(viaPipe.status).toBe(0);
    expect(Buffer.from(viaPipe.stdout).toString()).toBe("lines 2 words 6 bytes 31\nxof nworb kciuq eht\nrevo spmuj\n");
    expect(lockstep86(["run", STDIN, "--stdin", file("in.txt", input)]).stdout).toEqual(viaPipe.stdout);
  });

  it("puts those bytes in a printed scenario", () => {
    const r = lockstep86(["run", STDIN, "--stdin", "-", "--print-scenario"], { input: new TextEncoder().encode("abc\n") });
    expect(JSON.parse(Buffer.from(r.stdout).toString()).stdin).toBe(Buffer.from("abc\n").toString("base64"));
  });
});
