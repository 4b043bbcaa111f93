// Arguments and file names that are not UTF-8 reach the guest as the bytes the user gave, as
// qemu-i386 passes them (Node alone would turn them into U+FFFD). Node cannot put such bytes in
// a child's arguments, so both runs go through sh, which makes them with printf.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/cli";

const hasQemu = spawnSync("qemu-i386", ["--version"]).status === 0;

describe.skipIf(!hasQemu)("bytes that are not UTF-8 in arguments and file names", () => {
  it("a program named and run with them prints what it prints under qemu-i386", () => {
    const dir = mkdtempSync(join(tmpdir(), "raw-args-"));
    copyFileSync(join(ROOT, "programs/bin/args.elf"), join(dir, "args.elf"));
    writeFileSync(join(dir, "in"), "");
    // The program's name holds 0xFF; its arguments hold 0xFF, a valid two-byte character, an
    // unpaired continuation byte, and plain text; --stdin names a file with 0xFE in its name.
    const setup = `cd '${dir}' && P="$(printf 'pr\\377g.elf')" && cp args.elf "$P" && S="$(printf 's\\376')" && cp in "$S"`;
    const args = `"$(printf 'x\\377y')" "$(printf '\\303\\251')" "$(printf '\\200')" plain`;
    const sh = (cmd: string) => spawnSync("sh", ["-c", `${setup} && ${cmd}`]);
    const qemu = sh(`env -i qemu-i386 "./$P" ${args}`);
    const ours = sh(`'${process.execPath}' '${join(ROOT, "bin/lockstep86.js")}' run "./$P" --stdin "$S" -- ${args}`);
    expect(ours.stderr.toString()).toBe("");
    expect(ours.status).toBe(qemu.status);
    expect(qemu.status).toBe(5);
    expect(ours.stdout.toString("latin1")).toBe(qemu.stdout.toString("latin1"));
    expect(ours.stdout.includes(Buffer.from("'x\xffy' (3 bytes)", "latin1"))).toBe(true);
    expect(ours.stdout.includes(Buffer.from("'./pr\xffg.elf'", "latin1"))).toBe(true);
  });
});
