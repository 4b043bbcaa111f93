// A thread of the benchmark's simplex-pair runner (bench-pair.ts): each time the start counter
// moves it runs the program last posted on its port in simplex, as the simplex runner does, posts
// the output back and bumps the done counter. No event loop: the counters and the port are read
// synchronously.
import { receiveMessageOnPort, workerData, type MessagePort } from "node:worker_threads";
import { Lockstep } from "../src/harness/lockstep";
import { forgetCompiledBlocks } from "../src/jit/service";
import { parseElf } from "../src/loader/elf";
import { BENCH_EPOCH } from "./bench-runners";

const { wasm, sab, port } = workerData as { wasm: WebAssembly.Module; sab: SharedArrayBuffer; port: MessagePort };
const counters = new Int32Array(sab); // 0: runs asked for (-1: stop), 1: runs done by both threads
const text = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.length).toString("latin1");

let image: ReturnType<typeof parseElf> | undefined;
for (let asked = 0; ; ) {
  Atomics.wait(counters, 0, asked);
  asked = Atomics.load(counters, 0);
  if (asked < 0) break;
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
    const { name, elf } = m.message as { name: string; elf: Uint8Array };
    image = parseElf(name, elf);
  }
  forgetCompiledBlocks();
  const r = new Lockstep(wasm, image!, { mode: "simplex", epoch: BENCH_EPOCH }).run();
  port.postMessage({ stdout: text(r.stdout), stderr: text(r.stderr), exitCode: r.exitCode, cycles: r.cycles });
  Atomics.add(counters, 1, 1);
  Atomics.notify(counters, 1);
}
