// No input makes the host print a stack trace, die, or grow past a documented bound (README,
// "Limits"): each case runs the CLI as a process and checks its status, that stderr is one line
// of ours, and its peak memory.
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { hasTime, shellCli } from "./support/shell-cli";

const dir = mkdtempSync(join(tmpdir(), "host-"));
const HELLO = "programs/bin/hello.elf";

/** One line of ours on stderr, no stack trace. */
function oneLine(stderr: string, pattern: RegExp): void {
  expect(stderr.split("\n").filter(Boolean), stderr).toHaveLength(1);
  expect(stderr).toMatch(/^lockstep86: /);
  expect(stderr).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe.skipIf(!hasTime)("inputs that never end or cannot fit", () => {
  for (const dev of ["/dev/zero", "/dev/urandom"]) {
    it(`--stdin ${dev} is refused within its 64 MiB bound`, () => {
      const r = shellCli(`$CLI run ${HELLO} --stdin ${dev}`);
      expect(r.status).toBe(2);
      oneLine(r.stderr, new RegExp(`${dev}: --stdin does not end within 64 MiB`));
      expect(r.peakMiB).toBeLessThan(400);
    });
  }

  it("a FIFO fed forever as --stdin is refused the same way", () => {
    const fifo = join(dir, "fifo");
    const r = shellCli(`mkfifo ${fifo} && (yes > ${fifo} 2>/dev/null &) && $CLI run ${HELLO} --stdin ${fifo}`);
    expect(r.status).toBe(2);
    oneLine(r.stderr, /fifo: --stdin does not end within 64 MiB/);
    expect(r.peakMiB).toBeLessThan(400);
  });

  it("a program that never ends is refused within 256 MiB", () => {
    const r = shellCli(`$CLI run /dev/zero`);
    expect(r.status).toBe(2);
    oneLine(r.stderr, /\/dev\/zero: the program does not end within 256 MiB/);
    expect(r.peakMiB).toBeLessThan(700);
  });

  it("a disk image that is a device is refused: it has no size", () => {
    const r = shellCli(`$CLI run ${HELLO} --disk /dev/zero`);
    expect(r.status).toBe(2);
    oneLine(r.stderr, /\/dev\/zero: the disk image must be a regular file/);
    expect(r.peakMiB).toBeLessThan(200);
  });

  it("a disk that cannot fit in a module's 32-bit memory beside 1 GiB of RAM is refused before it is read", () => {
    const img = join(dir, "sparse.img");
    closeSync(openSync(img, "w"));
    truncateSync(img, 2 ** 31 - 512); // sparse: nothing is written
    const r = shellCli(`$CLI run ${HELLO} --ram 1G --disk ${img}`);
    expect(r.status).toBe(2);
    oneLine(r.stderr, /--disk: a 2147483136-byte disk does not fit in a module beside 1024 MiB of RAM \(4 GiB in all\): at most \d+ bytes with this RAM/);
    expect(r.peakMiB).toBeLessThan(200);
  });

  it("a gzip bomb given to conformance is refused once it inflates past 256 MiB", () => {
    const suite = join(dir, "bomb");
    mkdirSync(suite);
    writeFileSync(join(suite, "00.MOO.gz"), gzipSync(Buffer.alloc(300 << 20), { level: 1 }));
    const r = shellCli(`$CLI conformance ${suite}`);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^lockstep86: 00\.MOO\.gz: the gzip data inflates to more than 256 MiB/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.peakMiB).toBeLessThan(700);
  });
});

describe.skipIf(!hasTime)("output that cannot be written", () => {
  it(">/dev/full: one line saying what was lost and how the run ended, status 74", () => {
    const r = shellCli(`$CLI run ${HELLO} >/dev/full`);
    expect(r.status).toBe(74);
    oneLine(r.stderr, /^lockstep86: cannot write stdout: no space left on device \(14 bytes lost\); the run ended with exit status 0\n$/);
  });

  it("a closed stdout: the same, not output silently lost", () => {
    const r = shellCli(`$BARE run ${HELLO} >&-`);
    expect(r.status).toBe(74);
    oneLine(r.stderr, /cannot write stdout: it is closed \(14 bytes lost\); the run ended with exit status 0/);
  });

  it("--json to a full device: the line still carries the run's result and outcome", () => {
    const r = shellCli(`$CLI run ${HELLO} --json --inject reg@20/A:reg=eax,bit=3 >/dev/full`);
    expect(r.status).toBe(74);
    oneLine(r.stderr, /cannot write stdout: no space left on device \(\d+ bytes lost\); the run ended with exit status 0, outcome (masked|benign)/);
  });

  it("--save-disk to a full device: status 74, and the JSON object still says what happened", () => {
    const r = shellCli(`$CLI run ${HELLO} --json --save-disk /dev/full`);
    expect(r.status).toBe(74);
    oneLine(r.stderr, /\/dev\/full: cannot write the disk image: no space left on device; the run ended with exit status 0/);
    expect(JSON.parse(r.stdout)).toMatchObject({ exitCode: 0, outcome: "benign", diskSaved: false, diskError: expect.stringContaining("no space left") });
  });

  it("stderr on a full device: the program's output still arrives and the status says so", () => {
    const r = shellCli(`$CLI run ${HELLO} --inject halt@20/A 2>/dev/full`);
    expect(r.status).toBe(74);
    expect(r.stdout).toBe("Hello, world!\n");
  });

  it("the asm command's output file on a full device: one line, status 74", () => {
    const src = join(dir, "t.asm");
    writeFileSync(src, "db 1\n");
    const r = shellCli(`$CLI asm ${src} -o /dev/full`);
    expect(r.status).toBe(74);
    oneLine(r.stderr, /\/dev\/full: cannot write the binary: no space left on device/);
  });
});

describe.skipIf(!hasTime)("a guest that writes without end", () => {
  // 17 MiB of output: streamed without --json; with --json, 16 MiB kept and the rest counted.
  const big = join(dir, "big.asm");
  writeFileSync(big, [
    "bits 32", "org 0x1000", "mov esi, 17",
    "again: mov eax, 4", "mov ebx, 1", "mov ecx, 0x100000", "mov edx, 0x100000", "int 0x80",
    "dec esi", "jnz again", "mov eax, 1", "xor ebx, ebx", "int 0x80", "",
  ].join("\n"));

  it("is streamed, not kept: all 17 MiB arrive", () => {
    const r = shellCli(`$CLI run ${big} --mode simplex --ram 4M | wc -c`);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(String(17 << 20));
  });

  it("--json keeps 16 MiB and says the output was truncated", () => {
    const out = join(dir, "big.json");
    const r = shellCli(`$CLI run ${big} --mode simplex --ram 4M --json > ${out}`);
    expect(r.status).toBe(0);
    const j = JSON.parse(readFileSync(out, "latin1"));
    expect(j).toMatchObject({ exitCode: 0, outputBytes: 17 << 20, outputTruncated: true, stderrTruncated: false });
    expect(j.output.length).toBe(16 << 20);
  });
});
