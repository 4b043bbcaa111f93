// A campaign across machines: `campaign submit --redis URL PROGRAM ...` queues it,
// `lockstep86 worker --redis URL` (on every machine, one per core) runs its chunks, and
// `campaign collect --redis URL --out FILE` writes the results file once every chunk is done.
import type { Command } from "commander";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { coreWasmPath, loadCoreWasm } from "../node/core-wasm";
import { collect, connect, loadCampaign, startWorker, submit } from "../node/campaign-queue";
import { caseLine, headerLine } from "../campaign/results";
import { tally } from "../campaign/tally";
import { formatCampaign } from "../campaign/table";
import type { Mode } from "../harness/lockstep";
import { UserError } from "../errors";
import { parseCount } from "./values";
import { fsErrorReason as reason } from "../node/fs-error";
import { addProgramArguments } from "./machine-flags";
import { addCampaignOptions, prepareCampaign, sha256, type CampaignFlags } from "./campaign-setup";

// A chunk is a few seconds of work: cases cost a fixed setup plus their share of the run.
function chunkSize(goldenCycles: number): number {
  const seconds = 0.005 + goldenCycles / 50e6;
  return Math.max(1, Math.min(1000, Math.floor(3 / seconds)));
}

export function registerCampaignQueue(program: Command, campaign: Command): void {
  addCampaignOptions(addProgramArguments(campaign.command("submit"))
    .description("queue a campaign's cases on Redis for `lockstep86 worker` processes on any machine"))
    .requiredOption("--redis <url>", "the Redis server, e.g. redis://lab-server:6379")
    .option("--chunk <n>", "cases per queued job (default: about three seconds of work)")
    .action(async (file: string, args: string[], flags: CampaignFlags & { redis: string; chunk?: string }) => {
      const chunkGiven = flags.chunk === undefined ? undefined : parseCount("--chunk", flags.chunk);
      if (chunkGiven === 0) throw new UserError("--chunk: must be at least 1");
      const p = prepareCampaign(file, args, flags);
      const indices = Array.from({ length: p.header.faults }, (_, i) => i);
      const redis = await connect(flags.redis);
      try {
        const chunk = chunkGiven ?? chunkSize(p.header.golden.cycles);
        const { id, chunks } = await submit(redis, { header: p.header, setup: p.setup, image: p.image, programBytes: new Uint8Array(readFileSync(file)) }, indices, chunk);
        process.stdout.write(`campaign ${id}: ${indices.length} cases in ${chunks} chunks queued on ${flags.redis}\n`);
      } finally {
        redis.disconnect();
      }
    });

  campaign.command("collect")
    .description("wait for a queued campaign's chunks and write its results file")
    .requiredOption("--redis <url>", "the Redis server the campaign was submitted to")
    .requiredOption("--out <file>", "the results file to write (JSON lines, as campaign --out)")
    .option("--campaign <id>", "which campaign (default: the last one submitted)")
    .action(async (flags: { redis: string; out: string; campaign?: string }) => {
      if (existsSync(flags.out)) throw new UserError(`${flags.out}: already exists (choose another --out)`);
      const redis = await connect(flags.redis);
      try {
        const { id, campaign: c } = await loadCampaign(redis, flags.campaign);
        const tty = process.stderr.isTTY;
        const { cases, failed } = await collect(redis, id, c.header.faults, tty ? (d) => process.stderr.write(`\rcollect: ${d}/${c.header.faults} cases done\x1b[K`) : undefined);
        if (tty) process.stderr.write("\r\x1b[K");
        try {
          writeFileSync(flags.out, headerLine(c.header) + cases.map(caseLine).join(""));
        } catch (e) {
          throw new UserError(`${flags.out}: cannot write the results: ${reason(e)}`);
        }
        process.stdout.write(formatCampaign(c.header, tally(c.header.options.mode as Mode, c.header.spaces, cases), cases));
        if (failed.length) throw new UserError(`${failed.length} chunk${failed.length > 1 ? "s" : ""} failed (${failed[0]}); the ${cases.length} cases that ran are in ${flags.out}`);
      } finally {
        redis.disconnect();
      }
    });

  program.command("worker")
    .description("run queued campaign chunks from Redis until stopped (one process per core)")
    .requiredOption("--redis <url>", "the Redis server campaigns are submitted to")
    .action(async (flags: { redis: string }) => {
      const redis = await connect(flags.redis, true);
      const coreHash = sha256(readFileSync(coreWasmPath()));
      const worker = await startWorker(redis, loadCoreWasm(), coreHash, sha256, (why) => process.stderr.write(`lockstep86 worker: refusing ${why}\n`));
      worker.on("failed", (job, e) => {
        if (!(e.name === "UnrecoverableError")) process.stderr.write(`lockstep86 worker: chunk ${job?.id} failed: ${e.message}\n`);
      });
      await new Promise<void>((resolve) => {
        const stop = () => void worker.close().then(() => redis.quit()).then(() => resolve(), () => resolve());
        process.once("SIGTERM", stop);
        process.once("SIGINT", stop);
      });
    });
}
