// Debian's gdb in batch mode against `lockstep86 run --gdb` and against `qemu-i386 -g` with the
// same script: breakpoints, printed values, a register and memory write and the exit status
// agree. The machine runs in tmr, and gdb sees one computer: monitor modules lists the three, and
// a fault injected from gdb is outvoted without changing what gdb or the program sees.
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
if (why) console.warn(`skipping the gdb stub test: ${why}`);

const SCRIPT = [
  "break bump", "continue", "print x", "continue", "print x", "print counter",
  "set var counter = 100", "print $eax", "delete", "stepi", "continue",
];

function gdb(elf: string, port: number, extra: string[] = []): string {
  const args = ["-batch", "-nx", "-ex", "set confirm off", "-ex", `target remote 127.0.0.1:${port}`];
  for (const c of [...SCRIPT.slice(0, 6), ...extra, ...SCRIPT.slice(6)]) args.push("-ex", c);
  const r = spawnSync("gdb", [...args, elf], { encoding: "utf8", timeout: 120_000 });
  return r.stdout + r.stderr;
}

// What both runs must agree on: breakpoint hits, printed values, how the program ended.
// (gdb names qemu's inferior "process 1" and ours "Remote target": that part is left out.)
const facts = (out: string) =>
  out.split("\n").filter((l) => /^Breakpoint 1, |^\$\d+ = |exited with code|exited normally/.test(l)).map((l) => l.replace(/\(.*\) exited/, "exited"));

describe.skipIf(why !== undefined)("gdb against the lockstep machine and qemu-i386", () => {
  const dir = mkdtempSync(join(tmpdir(), "lockstep86-gdb-"));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) c.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it("sees the same program, and the tmr machine as one computer", async () => {
    const elf = join(dir, "bump");
    const built = spawnSync("gcc", ["-m32", "-static", "-O1", "-g", SOURCE, "-o", elf], { encoding: "utf8" });
    expect(built.status, built.stderr).toBe(0);

    const qport = await freePort();
    const qemu = spawn("qemu-i386", ["-g", String(qport), elf], { stdio: "ignore" });
    children.push(qemu);
    // gdb retries the connection until it is accepted ("set tcp auto-retry", 15 s by default).
    const ref = gdb(elf, qport);

    const port = await freePort();
    let stdout = "";
    let stderr = "";
    const ours = spawn(process.execPath, [join(ROOT, "bin", "lockstep86.js"), "run", elf, "--mode", "tmr", "--gdb", String(port)]);
    children.push(ours);
    ours.stdout.on("data", (d) => (stdout += d));
    ours.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number>((resolve) => ours.on("close", (c) => resolve(c ?? -1)));
    await new Promise<void>((resolve) => ours.stderr.once("data", () => resolve()));
    const out = gdb(elf, port, [
      "monitor modules",
      // A stack-pointer fault on B a few cycles ahead: B is outvoted, gdb and the program see nothing.
      'python c = int(gdb.execute("monitor modules", to_string=True).split("cycle ")[1]); gdb.execute("monitor inject reg@%d/B:reg=esp,bit=8" % (c + 3))',
    ]);
    const status = await exited;

    expect(facts(ref).length).toBeGreaterThanOrEqual(6);
    expect(facts(out)).toEqual(facts(ref));
    expect(out).toMatch(/A: online\nB: online\nC: online/);
    expect(status).toBe(114);
    expect(stdout).toBe("counter 114\n");
    expect(stderr).toMatch(/fault +\[B\] reg@\d+\/B:reg=esp,bit=8/);
    expect(stderr).toMatch(/outvoted/);
  }, 180_000);
});
