// Write watchpoints (Z2) in the gdb stub: Debian's gdb in batch mode watches `counter` of bump.c
// from main on. qemu-i386 7.2's stub offers no watchpoints in user mode, so its oracle is gdb's
// software watchpoint there (gdb single-steps qemu and compares the value after each step): the
// same stops (old and new values, the frame stopped in), printed values and exit status. In dmr.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { missingGuestTools } from "./support/gcc-guest";
import { ROOT } from "./support/cli";
import { freePort } from "./support/free-port";

const SOURCE = fileURLToPath(new URL("support/gdb/bump.c", import.meta.url));
const hasGdb = spawnSync("gdb", ["--version"]).status === 0;
const why = missingGuestTools() ?? (hasGdb ? undefined : "gdb is missing (apt-get install gdb)");

const SCRIPT = ["break main", "continue", "watch counter", "continue", "continue", "print counter", "stepi", "continue", "delete", "continue"];

function gdb(elf: string, port: number, hardware: boolean): string {
  const args = ["-batch", "-nx", "-ex", "set confirm off", "-ex", `set can-use-hw-watchpoints ${hardware ? 1 : 0}`, "-ex", `target remote 127.0.0.1:${port}`];
  for (const c of SCRIPT) args.push("-ex", c);
  const r = spawnSync("gdb", [...args, elf], { encoding: "utf8", timeout: 120_000 });
  return r.stdout + r.stderr;
}

// Stops, values, frames and the end; "Hardware watchpoint" and "Watchpoint" are the same stop.
const facts = (out: string) =>
  out.split("\n")
    .filter((l) => /^(Hardware w|W)atchpoint \d|^Old value|^New value|^bump \(|^main \(|^\$\d+ = |exited with code|exited normally/.test(l))
    .map((l) => l.replace(/^Hardware watchpoint/, "Watchpoint").replace(/\(.*\) exited/, "exited"));

describe.skipIf(why !== undefined)("gdb write watchpoints against qemu-i386", () => {
  const dir = mkdtempSync(join(tmpdir(), "lockstep86-gdb-watch-"));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) c.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it("stop where the value changes, as gdb's own watchpoint on qemu-i386 does", async () => {
    const elf = join(dir, "bump");
    const built = spawnSync("gcc", ["-m32", "-static", "-O1", "-g", SOURCE, "-o", elf], { encoding: "utf8" });
    expect(built.status, built.stderr).toBe(0);

    const qport = await freePort();
    children.push(spawn("qemu-i386", ["-g", String(qport), elf], { stdio: "ignore" }));
    const ref = gdb(elf, qport, false);

    const port = await freePort();
    const ours = spawn(process.execPath, [join(ROOT, "bin", "lockstep86.js"), "run", elf, "--mode", "dmr", "--gdb", String(port)]);
    children.push(ours);
    const exited = new Promise<number>((resolve) => ours.on("close", (c) => resolve(c ?? -1)));
    await new Promise<void>((resolve) => ours.stderr.once("data", () => resolve()));
    const out = gdb(elf, port, true);
    expect(await exited).toBe(15);

    expect(out).toMatch(/^Hardware watchpoint 2: counter$/m); // gdb used the stub's Z2
    expect(facts(ref).filter((l) => l.startsWith("Old value")).length).toBe(3);
    expect(facts(out)).toEqual(facts(ref));
  }, 180_000);
});
