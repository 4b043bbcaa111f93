// A campaign worker thread: builds the experiments once from what the main thread sends (the
// compiled core, the program and the setup) and then runs the chunks of
// case indices it is given, one message per chunk.
import { parentPort, workerData } from "node:worker_threads";
import { Experiments } from "../campaign/experiment";
import type { PoolInit, PoolReply, PoolRequest } from "./campaign-pool";

const init = workerData as PoolInit;
const port = parentPort!;
let experiments: Experiments | undefined;
port.on("message", (req: PoolRequest) => {
  let reply: PoolReply;
  try {
    experiments ??= new Experiments(init.wasm, init.image, init.setup);
    reply = { results: req.indices.map((i) => experiments!.run(i)) };
  } catch (e) {
    reply = { error: (e as Error).message ?? String(e) };
  }
  port.postMessage(reply);
});
