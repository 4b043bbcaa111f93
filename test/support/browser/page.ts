// The browser side of test/browser-chromium.test.ts: fetches the compiled core and the scenario's
// input from the test's server, runs the scenario, and leaves its result (or error) as JSON.
import { runScenario, type ScenarioInput } from "./scenario";

declare global {
  interface Window {
    scenarioResult?: string;
    scenarioError?: string;
  }
}

async function main(): Promise<void> {
  const wasm = await WebAssembly.compileStreaming(fetch("/core.wasm"));
  const raw = (await (await fetch("/input.json")).json()) as { asmSource: string; elf: number[]; faults: string[] };
  const input: ScenarioInput = { ...raw, elf: Uint8Array.from(raw.elf) };
  window.scenarioResult = JSON.stringify(runScenario(wasm, input));
}

main().catch((e: unknown) => {
  window.scenarioError = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e);
});
