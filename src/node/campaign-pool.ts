// Runs a campaign's cases on worker threads. Every worker gets the compiled core (a
// WebAssembly.Module is shared, not recompiled) and the program once, makes its own fault-free
// run (its saved states stay in the worker, with the module instances it reuses), then
// chunks of case indices on demand. Results come back in any order and are handed on in index
// order, so what is written is the same for any number of workers.
import { Worker } from "node:worker_threads";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ProgramImage } from "../loader/image";
import type { CampaignSetup, CaseResult, Experiments } from "../campaign/experiment";

export interface PoolInit {
  wasm: WebAssembly.Module;
  image: ProgramImage;
  setup: CampaignSetup;
}
export interface PoolRequest {
  indices: number[];
}
export type PoolReply = { results: CaseResult[] } | { error: string };

// The worker is bundled beside the CLI (dist/campaign-worker.js).
function workerFile(): string {
  const file = fileURLToPath(new URL("./campaign-worker.js", import.meta.url));
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\``);
  return file;
}

/** Cases per message: small enough to share the work out evenly, large enough that messages cost nothing. */
const CHUNK = 4;

/**
 * Runs `indices` (ascending) with `jobs` threads: in this thread when jobs is 1, else on workers.
 * `onResult` sees every result in the order of `indices`.
 */
export async function runCases(
  experiments: Experiments,
  init: PoolInit,
  indices: readonly number[],
  jobs: number,
  onResult: (r: CaseResult) => void,
): Promise<void> {
  if (jobs <= 1 || indices.length <= CHUNK) {
    for (const i of indices) onResult(experiments.run(i));
    return;
  }
  const file = workerFile();
  const pending = new Map<number, CaseResult>(); // finished, waiting for an earlier case
  let next = 0; // the next chunk to hand out, as a position in indices
  let emitted = 0; // results handed on, as a position in indices
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let busy = 0;
      const give = (w: Worker) => {
        if (next >= indices.length) {
          if (busy === 0) resolve();
          return;
        }
        const chunk = indices.slice(next, next + CHUNK);
        next += chunk.length;
        busy++;
        w.postMessage({ indices: chunk } satisfies PoolRequest);
      };
      const count = Math.min(jobs, Math.ceil(indices.length / CHUNK));
      for (let j = 0; j < count; j++) {
        const w = new Worker(file, { workerData: init });
        workers.push(w);
        w.on("error", reject);
        w.on("message", (reply: PoolReply) => {
          busy--;
          if ("error" in reply) return reject(new Error(reply.error));
          try {
            for (const r of reply.results) pending.set(r.case, r);
            while (emitted < indices.length && pending.has(indices[emitted])) {
              const r = pending.get(indices[emitted])!;
              pending.delete(indices[emitted++]);
              onResult(r);
            }
          } catch (e) {
            return reject(e);
          }
          give(w);
        });
        give(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
