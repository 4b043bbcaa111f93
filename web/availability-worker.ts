// The availability panel's thread: the built-in campaign on the machine, the prediction and the
// simulation (src/availability/run.ts), with progress to the page between the machine's runs.
import { availabilitySteps, type AvailabilityResult, type AvailabilitySettings, type CoverageTable } from "../src/availability/index";

export type ToAvailability = { type: "compute"; settings: AvailabilitySettings; coverage: CoverageTable };
export type FromAvailability =
  | { type: "progress"; done: number; total: number }
  | { type: "result"; result: AvailabilityResult }
  | { type: "error"; message: string };

const post = (m: FromAvailability) => (self as unknown as Worker).postMessage(m);
const wasm = WebAssembly.compileStreaming(fetch("core.wasm"));

self.onmessage = async (e: MessageEvent<ToAvailability>) => {
  try {
    const steps = availabilitySteps(await wasm, e.data.settings, e.data.coverage);
    let last = 0;
    for (;;) {
      const r = steps.next();
      if (r.done) return post({ type: "result", result: r.value });
      const now = performance.now();
      if (now - last > 100) {
        last = now;
        post({ type: "progress", ...r.value });
      }
    }
  } catch (err) {
    post({ type: "error", message: err instanceof Error ? err.message : String(err) });
  }
};
