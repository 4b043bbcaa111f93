// The machine's thread. It runs in slices (a budget of cycles a call, a snapshot to the page at
// least every 100 ms) and yields to its message queue between them, so Pause and a clicked fault
// act between slices and the page's thread only ever draws.
import { Machine, prepare } from "./machine";
import type { FromWorker, StepBy, ToWorker } from "./protocol";

const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);
const wasm = WebAssembly.compileStreaming(fetch("core.wasm"));

let machine: Machine | undefined;
let watch: number | null = null;
let run = 0; // the current run loop's id; a new command stops the old loop
let running = false;

const slice = () => new Promise((done) => setTimeout(done, 0));
const snapshot = () => machine && post({ type: "snapshot", snapshot: machine.snapshot(watch, running) });

function fail(e: unknown): void {
  running = false;
  post({ type: "error", message: e instanceof Error ? e.message : String(e) });
  snapshot();
}

async function loop(id: number, work: (m: Machine) => boolean, pace: number): Promise<void> {
  running = true;
  try {
    while (id === run && machine && !machine.finished) {
      const t0 = performance.now();
      let done = false;
      // At full speed a snapshot every 100 ms: the page redraws less and the machine runs more.
      do done = work(machine);
      while (!done && !machine.finished && pace === 0 && performance.now() - t0 < 100);
      if (done) break;
      snapshot();
      await (pace ? new Promise((r) => setTimeout(r, 16)) : slice());
    }
  } catch (e) {
    if (id === run) fail(e);
    return;
  }
  if (id === run) {
    running = false;
    snapshot();
    if (machine?.runGolden()) snapshot();
  }
}

function runLoop(id: number, cyclesPerFrame: number, breakpoints: Set<number>): Promise<void> {
  if (breakpoints.size === 0) return loop(id, (m) => (m.step("end", cyclesPerFrame || 20_000), false), cyclesPerFrame);
  // With breakpoints: one instruction at a time, stopping before a marked address.
  let first = true;
  return loop(id, (m) => {
    for (let i = 0; i < (cyclesPerFrame || 5_000); i++) {
      const eip = m.leadEip();
      if (!first && eip !== undefined && breakpoints.has(eip)) return true;
      first = false;
      m.step("instruction");
      if (m.finished) return true;
    }
    return false;
  }, cyclesPerFrame);
}

function stepLoop(id: number, by: StepBy): Promise<void> {
  if (by === "instruction" || by === "epoch") {
    return loop(id, (m) => (m.step(by), true), 0);
  }
  // To the next event: in slices, so that Pause still works on a quiet stretch.
  return loop(id, (m) => m.step("event", 20_000), 0);
}

// Commands are handled one after another, so none acts on a machine still being loaded. A
// scrubber sends seeks faster than they are done: only the newest waiting one is carried out.
let queue: Promise<void> = Promise.resolve();
let seeks = 0;
self.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  const seek = msg.type === "seek" ? ++seeks : 0;
  queue = queue.then(() => (seek && seek !== seeks ? undefined : handle(msg)));
};

// Time travel stops whatever runs, moves every module, and shows where they now are.
function travel(move: (m: Machine) => void): void {
  if (!machine) return;
  run++;
  running = false;
  move(machine);
  snapshot();
}

async function handle(msg: ToWorker): Promise<void> {
  try {
    switch (msg.type) {
      case "load": {
        const id = ++run;
        running = false;
        const m = new Machine(await wasm, await prepare(msg.scenario));
        if (id !== run) return;
        machine = m;
        snapshot();
        break;
      }
      case "run":
        void runLoop(++run, msg.cyclesPerFrame, new Set(msg.breakpoints));
        break;
      case "pause":
        run++;
        running = false;
        snapshot();
        break;
      case "step":
        void stepLoop(++run, msg.by);
        break;
      case "back":
        travel((m) => m.back(msg.by));
        break;
      case "seek":
        travel((m) => m.seek(msg.cycle));
        break;
      case "divergence":
        travel((m) => {
          if (!m.toDivergence()) post({ type: "notice", message: "No divergence: the modules agreed on every write of this run." });
        });
        break;
      case "fault":
        if (!machine) return;
        post({ type: "fault-added", text: machine.addFault(msg.template) });
        snapshot();
        break;
      case "watch":
        watch = msg.address;
        snapshot();
        break;
    }
  } catch (err) {
    fail(err);
  }
}
