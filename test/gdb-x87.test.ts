// The gdb stub's x87 registers: Debian's gdb reads st0-st7 (ST(i), relative to TOP, as gdb's
// i386 target description means them), fctrl, fstat and ftag from the dmr machine stopped with
// pi + 1 over 1/3 on the stack, writes st0, and the program goes on. The values are the ones the
// instructions define (fldpi's 64-bit pi plus 1, the double 1/3, TOP 6, PE, control word 0x37f).
// qemu-i386's stub is no oracle here: it reports physical registers as st0-st7.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { missingGuestTools } from "./support/gcc-guest";
import { ROOT } from "./support/cli";
import { freePort } from "./support/free-port";

const SOURCE = fileURLToPath(new URL("support/gdb/x87.c", import.meta.url));
const hasGdb = spawnSync("gdb", ["--version"]).status === 0;
const why = missingGuestTools() ?? (hasGdb ? undefined : "gdb is missing (apt-get install gdb)");

describe.skipIf(why !== undefined)("gdb sees the x87", () => {
  const dir = mkdtempSync(join(tmpdir(), "lockstep86-gdb-x87-"));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) c.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads st0, st1, fctrl, fstat and ftag, and writes st0", async () => {
    const elf = join(dir, "x87");
    const built = spawnSync("gcc", ["-m32", "-static", "-O1", "-g", SOURCE, "-o", elf], { encoding: "utf8" });
    expect(built.status, built.stderr).toBe(0);
    const port = await freePort();
    let stdout = "";
    const ours = spawn(process.execPath, [join(ROOT, "bin", "lockstep86.js"), "run", elf, "--mode", "dmr", "--gdb", String(port)]);
    children.push(ours);
    ours.stdout.on("data", (d) => (stdout += d));
    const exited = new Promise<number>((resolve) => ours.on("close", (c) => resolve(c ?? -1)));
    await new Promise<void>((resolve) => ours.stderr.once("data", () => resolve()));
    const args = ["-batch", "-nx", "-ex", "set confirm off", "-ex", `target remote 127.0.0.1:${port}`];
    for (const c of ["break stop", "continue", "p $st0", "p $st1", "p $fctrl", "p/x $fstat", "p/x $ftag", "p $st0 = 2.5", "p $st0", "continue"]) args.push("-ex", c);
    const r = spawnSync("gdb", [...args, elf], { encoding: "utf8", timeout: 120_000 });
    const printed = (r.stdout + r.stderr).split("\n").filter((l) => /^\$\d+ = /.test(l)).map((l) => l.replace(/^\$\d+ = /, ""));
    expect(printed).toEqual(["4.1415926535897932383", "0.33333333333333331483", "895", "0x3020", "0xfff", "2.5", "2.5"]);
    expect(await exited).toBe(0);
    expect(stdout).toBe("done\n");
  }, 180_000);
});
