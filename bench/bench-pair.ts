// The simplex-pair runner: two simplex machines running the same program at once, each in a
// worker thread of its own, timed until both are done. On a machine with two cores that is the
// most dmr on threads can reach (two modules, one a core, nothing compared), so the column shows
// what running two modules at once costs by itself: the cores' shared caches, memory and
// V8's background compilers, which no longer have a core to themselves.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { loadCoreWasm } from "../src/node/core-wasm";
import { packageFile } from "../src/node/paths";
import type { Runner, RunOutput } from "./bench-runners";

const THREADS = 2;

export function simplexPairRunner(): Runner {
  let pair: { counters: Int32Array; ports: MessagePort[]; asked: number } | undefined;
  const start = () => {
    // Bundled beside the benchmark (dist/pair-worker.js); tests find it from the sources' package.
    const beside = fileURLToPath(new URL("./pair-worker.js", import.meta.url));
    const file = existsSync(beside) ? beside : packageFile("dist/pair-worker.js");
    if (!existsSync(file)) throw new Error("dist/pair-worker.js is missing: run `npm run build`");
    const sab = new SharedArrayBuffer(8);
    const wasm = loadCoreWasm();
    const ports: MessagePort[] = [];
    for (let i = 0; i < THREADS; i++) {
      const { port1, port2 } = new MessageChannel();
      new Worker(file, { workerData: { wasm, sab, port: port2 }, transferList: [port2] }).unref();
      port1.unref();
      ports.push(port1);
    }
    // Ended with the process; a stop request lets them leave their wait first.
    process.once("exit", () => {
      Atomics.store(pair!.counters, 0, -1);
      Atomics.notify(pair!.counters, 0);
    });
    return { counters: new Int32Array(sab), ports, asked: 0 };
  };
  return {
    key: "simplex-pair",
    legend: `two simplex machines at once, each in a worker thread of its own, both running the program (the time until both are done): what two modules cost side by side with nothing compared`,
    sameBinary: true,
    inProcess: true,
    prepare(p) {
      pair ??= start();
      const elf = readFileSync(p.elf);
      for (const port of pair.ports) port.postMessage({ name: p.name, elf });
      const s = pair;
      return (): RunOutput => {
        s.asked++;
        Atomics.store(s.counters, 0, s.asked);
        Atomics.notify(s.counters, 0);
        for (let done; (done = Atomics.load(s.counters, 1)) < s.asked * THREADS; ) Atomics.wait(s.counters, 1, done);
        const outs = s.ports.map((port) => receiveMessageOnPort(port)!.message as RunOutput);
        if (outs.some((o) => o.stdout !== outs[0].stdout || o.exitCode !== outs[0].exitCode)) throw new Error("the two simplex machines gave different outputs");
        return outs[0];
      };
    },
  };
}
