// The browser side of test/scenario-chromium.test.ts: opens the share link in its own URL, runs
// the scenario stepped (by event, by instruction, by epoch) with one more fault added between
// steps, and leaves the result and the link of the scenario it ran as JSON.
import { decodeLink, encodeLink, exampleFileOf, scenarioToOptions, type Scenario } from "../../../src/scenario/index";
import { Lockstep } from "../../../src/harness/lockstep";
import { parseFault } from "../../../src/faults/spec";

declare global {
  interface Window {
    linkResult?: string;
    linkError?: string;
  }
}

async function main(): Promise<void> {
  const wasm = await WebAssembly.compileStreaming(fetch("/core.wasm"));
  const { scenario, run } = decodeLink(location.href);
  const example = exampleFileOf(scenario);
  const bytes = example ? new Uint8Array(await (await fetch(`/programs/${example}`)).arrayBuffer()) : new Uint8Array(0);
  const { image, options } = scenarioToOptions(scenario, () => bytes);
  const m = new Lockstep(wasm, image, options);
  while (!m.finished && m.cycle < 150000) m.advance({ by: "event" }, 20000);
  const added = `reg@${m.cycle}/B:reg=esp,bit=3`;
  m.addFault(parseFault(added));
  for (let i = 0; i < 50; i++) m.advance({ by: "instruction" });
  while (!m.finished) m.advance({ by: "epoch" });
  const r = m.finished!;
  const ran: Scenario = { ...scenario, faults: [...scenario.faults, added] };
  window.linkResult = JSON.stringify({
    run, decoded: scenario, link: encodeLink(ran),
    result: { exitCode: r.exitCode, cycles: r.cycles, events: r.events, output: new TextDecoder().decode(r.stdout) },
  });
}

main().catch((e: unknown) => {
  window.linkError = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e);
});
