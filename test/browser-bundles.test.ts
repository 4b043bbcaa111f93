// What the playground loads must run in the browser: esbuild with platform "browser" fails on any
// Node built-in (fs, path...) reachable from an entry, and the bundle must not reach for Node
// globals (Buffer, require, process) either.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const ENTRIES: Array<{ entry: string; what: string; exports: string[] }> = [
  { entry: "src/asm/index.ts", what: "the assembler", exports: ["assemble"] },
  { entry: "src/disasm/index.ts", what: "the disassembler", exports: ["disassemble"] },
  { entry: "src/moo/index.ts", what: "the MOO reader", exports: ["iterateTests"] },
  { entry: "src/harness/lockstep.ts", what: "the lockstep machine", exports: ["Lockstep"] },
  { entry: "src/faults/spec.ts", what: "the fault grammar", exports: ["parseFault"] },
  { entry: "src/scenario/index.ts", what: "scenarios and share links", exports: ["parseScenario", "encodeLink", "decodeLink"] },
  { entry: "src/campaign/experiment.ts", what: "campaign experiments and outcome judging", exports: ["Experiments", "classifyRun"] },
  { entry: "src/campaign/table.ts", what: "the campaign table", exports: ["formatCampaign"] },
  { entry: "src/campaign/results.ts", what: "campaign results files", exports: ["parseResults", "mergeResults"] },
  { entry: "src/lesson/index.ts", what: "lessons, their claims and links", exports: ["parseLesson", "checkClaims", "decodeLessonLink"] },
  { entry: "src/lesson/run.ts", what: "a lesson's runs and campaign", exports: ["runFacts", "runCampaign"] },
];

for (const { entry, what, exports } of ENTRIES) {
  it(`${what} (${entry}) bundles for the browser without Node`, async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL(`../${entry}`, import.meta.url))],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      logLevel: "silent",
    });
    expect(result.errors).toEqual([]);
    const code = result.outputFiles[0].text;
    // (A path such as "src/loader/process.ts" in esbuild's comments is not the global.)
    expect(code).not.toMatch(/\bnode:|\bBuffer\b|\brequire\(|(?<![\w/])process\./);
    for (const name of exports) expect(code).toMatch(new RegExp(`\\b${name}\\b`));
  });
}
