/**
 * A campaign across processes through BullMQ on Redis: Debian's redis-server is started on
 * 127.0.0.1 and a free port, a campaign is submitted in chunks, two workers run them, and the
 * collected results equal those of a one-process run of the same campaign. A worker refuses a
 * campaign whose core hash is not its own.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Redis } from "ioredis";
import { lockstep86, ROOT } from "./support/cli";

const REDIS = "/usr/bin/redis-server";
const dir = mkdtempSync(join(tmpdir(), "lockstep86-redis-"));
const children: ChildProcess[] = [];
let url = "";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

function start(args: string[]): ChildProcess & { err: string[] } {
  const child = spawn(process.execPath, [join(ROOT, "bin", "lockstep86.js"), ...args], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] }) as ChildProcess & { err: string[] };
  child.err = [];
  child.stderr!.on("data", (d) => child.err.push(String(d)));
  children.push(child);
  return child;
}

const cases = (file: string) => readFileSync(file, "utf8").trim().split("\n").slice(1).map((l) => JSON.parse(l));

const HAVE_REDIS = existsSync(REDIS);
describe.skipIf(!HAVE_REDIS)(HAVE_REDIS ? "campaign on Redis" : "campaign on Redis: skipped, no /usr/bin/redis-server (apt-get install redis-server)", () => {
  let workers: Array<ChildProcess & { err: string[] }> = [];
  beforeAll(async () => {
    const port = await freePort();
    const server = spawn(REDIS, ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    children.push(server);
    url = `redis://127.0.0.1:${port}`;
    // Wait for the server to listen.
    for (let i = 0; ; i++) {
      const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null });
      probe.on("error", () => {});
      try {
        await probe.connect();
        await probe.quit();
        break;
      } catch (e) {
        probe.disconnect();
        if (i > 100) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    workers = [start(["worker", "--redis", url]), start(["worker", "--redis", url])];
  });
  afterAll(() => {
    for (const c of children.reverse()) c.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([[[]], [["--prune", "defuse", "--kinds", "ram,stuck,reg"]]])("%j: two workers: the collected cases and tally equal a one-process run's", (prune: string[]) => {
    const args = ["programs/bin/qsort.elf", "--mode", "tmr", "--faults", "24", "--seed", "8", ...prune];
    const file = (name: string) => join(dir, `${prune.length ? "pruned-" : ""}${name}`);
    const sub = lockstep86(["campaign", "submit", ...args, "--chunk", "4", "--redis", url]);
    expect(sub.stderr).toBe("");
    expect(Buffer.from(sub.stdout).toString()).toMatch(/^campaign [0-9a-f]{16}: 24 cases in 6 chunks queued/);
    const col = spawnSync(process.execPath, [join(ROOT, "bin", "lockstep86.js"), "campaign", "collect", "--redis", url, "--out", file("collected.jsonl")], { cwd: ROOT, timeout: 240_000 });
    expect(col.stderr.toString()).toBe("");
    expect(col.status).toBe(0);
    const one = lockstep86(["campaign", ...args, "--jobs", "1", "--out", file("one.jsonl")]);
    expect(one.status).toBe(0);
    expect(cases(file("collected.jsonl"))).toEqual(cases(file("one.jsonl")));
    expect(readFileSync(file("collected.jsonl"), "utf8").split("\n")[0]).toBe(readFileSync(file("one.jsonl"), "utf8").split("\n")[0]);
    expect(col.stdout.toString()).toBe(Buffer.from(lockstep86(["campaign", "report", file("one.jsonl")]).stdout).toString());
  }, 300_000);

  it("a worker refuses a campaign made with another core; collect says the chunks failed", async () => {
    // No worker may take the chunks before the stored campaign is altered below.
    await Promise.all(workers.map((w) => new Promise((resolve) => {
      w.on("exit", resolve);
      w.kill("SIGTERM");
    })));
    const sub = lockstep86(["campaign", "submit", "programs/bin/hello.elf", "--faults", "6", "--seed", "9", "--chunk", "3", "--redis", url]);
    const id = /^campaign ([0-9a-f]{16})/.exec(Buffer.from(sub.stdout).toString())![1];
    // The stored campaign now claims another core: as if submitted from another build.
    const redis = new Redis(url);
    const key = `lockstep86:campaign:${id}`;
    const stored = deserialize((await redis.getBuffer(key))!);
    stored.header.core = "0".repeat(64);
    await redis.set(key, serialize(stored));
    await redis.quit();
    const worker = start(["worker", "--redis", url]);
    const col = spawnSync(process.execPath, [join(ROOT, "bin", "lockstep86.js"), "campaign", "collect", "--redis", url, "--campaign", id, "--out", join(dir, "refused.jsonl")], { cwd: ROOT, timeout: 120_000 });
    expect(col.status).toBe(2);
    expect(col.stderr.toString()).toMatch(/2 chunks failed \(cases \d-\d: campaign [0-9a-f]{16}: its core 000000000000\.\.\. is not this worker's/);
    // (Its stderr is read once the event loop runs again.)
    await vi.waitFor(() => expect(worker.err.join("")).toContain(`refusing campaign ${id}`), { timeout: 10_000 });
  }, 180_000);
});
