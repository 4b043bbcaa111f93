// A campaign on many machines through BullMQ on Redis. The submitter stores the campaign (its
// header, the program, the setup) under its id and queues its cases in chunks; workers on any
// machine load a campaign once, check that their core is the submitter's, and run chunks,
// returning the chunk's results; the collector gathers them into a results file.
import { createHash } from "node:crypto";
import { deserialize, serialize } from "node:v8";
import type { ConnectionOptions, Job, Queue as QueueType, Worker as WorkerType } from "bullmq";
import type { Redis } from "ioredis";
import type { ProgramImage } from "../loader/image";
import { Experiments, type CampaignSetup, type CaseResult } from "../campaign/experiment";
import type { CampaignHeader } from "../campaign/results";
import { UserError } from "../errors";

export const QUEUE = "lockstep86-campaign";

// Loaded when a queue command runs, so that other commands start without them.
const libs = async () => {
  const [bull, io] = await Promise.all([import("bullmq"), import("ioredis")]);
  return { ...bull, Redis: io.Redis };
};
const key = (id: string) => `lockstep86:campaign:${id}`;
const LATEST = "lockstep86:latest";

export interface StoredCampaign {
  header: CampaignHeader;
  setup: CampaignSetup;
  image: ProgramImage;
  programBytes: Uint8Array; // the program file, whose sha256 the header names
  chunks: number;
}

interface ChunkData {
  campaign: string;
  indices: number[];
}

/** The campaign's id: a hash of what decides its cases. */
export function campaignId(h: CampaignHeader): string {
  const { core, program, options, seed, faults } = h;
  return createHash("sha256").update(JSON.stringify({ core, program, options, seed, faults })).digest("hex").slice(0, 16);
}

/** Connects, or fails within a few seconds with a one-line error naming the URL. */
export async function connect(url: string, forWorker = false): Promise<Redis> {
  const { Redis } = await libs();
  let redis: Redis;
  let last = "";
  try {
    redis = new Redis(url, { lazyConnect: true, connectTimeout: 5000, maxRetriesPerRequest: forWorker ? null : 3, retryStrategy: forWorker ? undefined : () => null });
  } catch (e) {
    throw new UserError(`--redis ${url}: ${(e as Error).message}`);
  }
  redis.on("error", (e: Error) => void (last = e.message)); // reported by connect() below, or retried (workers)
  try {
    await redis.connect();
  } catch (e) {
    redis.disconnect();
    throw new UserError(`--redis ${url}: cannot connect: ${last || (e as Error).message}`);
  }
  return redis;
}

const asConnection = (r: Redis) => r as unknown as ConnectionOptions;

/** Stores the campaign and queues `indices` in chunks of `chunk`; returns the id and chunk count. */
export async function submit(redis: Redis, c: Omit<StoredCampaign, "chunks">, indices: readonly number[], chunk: number): Promise<{ id: string; chunks: number }> {
  const id = campaignId(c.header);
  const chunks: number[][] = [];
  for (let i = 0; i < indices.length; i += chunk) chunks.push(indices.slice(i, i + chunk));
  await redis.set(key(id), serialize({ ...c, chunks: chunks.length } satisfies StoredCampaign));
  await redis.set(LATEST, id);
  const { Queue } = await libs();
  const queue = new Queue<ChunkData>(QUEUE, { connection: asConnection(redis) });
  try {
    // Job ids name the campaign, the chunk size and the first case: submitting again adds nothing twice.
    await queue.addBulk(chunks.map((indices) => ({
      name: id,
      data: { campaign: id, indices },
      opts: { jobId: `${id}-${chunk}-${indices[0]}`, removeOnComplete: false, removeOnFail: false, attempts: 3 },
    })));
  } finally {
    await queue.close();
  }
  return { id, chunks: chunks.length };
}

export async function loadCampaign(redis: Redis, id: string | undefined): Promise<{ id: string; campaign: StoredCampaign }> {
  const which = id ?? (await redis.get(LATEST));
  if (!which) throw new UserError("no campaign was submitted to this Redis (campaign submit --redis URL ...)");
  const data = await redis.getBuffer(key(which));
  if (!data) throw new UserError(`no campaign ${which} on this Redis`);
  return { id: which, campaign: deserialize(data) as StoredCampaign };
}

/**
 * Runs chunks until stopped. A campaign whose core hash is not `coreHash` (another build of the
 * core would give other results) or whose program bytes do not match their hash is refused:
 * its chunks fail without retry, and `onRefuse` says why once.
 */
export async function startWorker(redis: Redis, wasm: WebAssembly.Module, coreHash: string, sha256: (b: Uint8Array) => string, onRefuse: (why: string) => void): Promise<WorkerType<ChunkData, CaseResult[]>> {
  const { Worker, UnrecoverableError } = await libs();
  const ready = new Map<string, Experiments | string>();
  return new Worker<ChunkData, CaseResult[]>(QUEUE, async (job: Job<ChunkData>) => {
    let e = ready.get(job.data.campaign);
    if (e === undefined) {
      const { campaign: c } = await loadCampaign(redis, job.data.campaign);
      if (c.header.core !== coreHash) e = `campaign ${job.data.campaign}: its core ${c.header.core.slice(0, 12)}... is not this worker's ${coreHash.slice(0, 12)}...`;
      else if (sha256(c.programBytes) !== c.header.program) e = `campaign ${job.data.campaign}: the program's bytes do not match its hash`;
      else e = new Experiments(wasm, c.image, c.setup);
      if (typeof e === "string") onRefuse(e);
      ready.set(job.data.campaign, e);
    }
    if (typeof e === "string") throw new UnrecoverableError(e);
    const experiments = e;
    return job.data.indices.map((i) => experiments.run(i));
  }, { connection: asConnection(redis), concurrency: 1, lockDuration: 120_000 });
}

/** Waits until every case of the campaign ran or no chunk of it is left to run; returns the
 *  cases (each once, by index) and the chunks that failed. */
export async function collect(redis: Redis, id: string, faults: number, onProgress?: (done: number) => void): Promise<{ cases: CaseResult[]; failed: string[] }> {
  const { Queue } = await libs();
  const queue: QueueType<ChunkData, CaseResult[]> = new Queue<ChunkData, CaseResult[]>(QUEUE, { connection: asConnection(redis) });
  const mine = <T extends { data: ChunkData } | undefined>(jobs: T[]) => jobs.filter((j) => j?.data.campaign === id) as NonNullable<T>[];
  try {
    for (;;) {
      const pending = mine(await queue.getJobs(["waiting", "active", "delayed", "prioritized", "waiting-children"], 0, -1));
      const cases = new Map<number, CaseResult>();
      for (const j of mine(await queue.getJobs(["completed"], 0, -1))) for (const c of j.returnvalue ?? []) cases.set(c.case, c);
      onProgress?.(cases.size);
      if (cases.size >= faults || pending.length === 0) {
        const failed = mine(await queue.getJobs(["failed"], 0, -1)).map((j) => `cases ${j.data.indices[0]}-${j.data.indices[j.data.indices.length - 1]}: ${j.failedReason}`);
        return { cases: [...cases.values()].sort((a, b) => a.case - b.case), failed };
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  } finally {
    await queue.close();
  }
}
