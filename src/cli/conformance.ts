// `lockstep86 conformance DIR`: runs a SingleStepTests suite (MOO files) against the core and
// prints a table per opcode file with the total, or the same counts as JSON. Exit status 0 when
// every test that is not skipped passes, 1 when any fails, 2 for bad input.
import type { Command } from "commander";
import { loadCoreWasm } from "../node/core-wasm";
import { listMooSuite, loadMooSuiteHelpers, readMooBytes, type MooSuiteFile } from "../node/moo-files";
import { iterateTests, readMooPreamble } from "../moo/reader";
import { ConformanceRunner, type TestFailure } from "../conformance/runner";
import { formatFailure, formatTable } from "../conformance/report";
import { UserError } from "../errors";
import { parseCount } from "./values";
import { stderr, stdout } from "./stdio";

interface ConformanceFlags {
  opcodes?: string;
  json?: boolean;
  failures: string;
}

export function registerConformance(program: Command): void {
  program
    .command("conformance")
    .description("run a SingleStepTests suite (MOO files) against the core and tally it per opcode")
    .argument("<dir>", "directory of *.MOO or *.MOO.gz files, with metadata.json (or the 80386 suite's 80386.csv) in it or its parent")
    .option("--opcodes <list>", "only these opcode files, comma-separated, e.g. 00,80.7,F6 (F6: F6.0 to F6.7)")
    .option("--json", "print {total, passed, failed, skipped, opcodes} as one JSON object")
    .option("--failures <n>", "describe at most n failing tests on stderr", "10")
    .action((dir: string, flags: ConformanceFlags) => {
      process.exitCode = conformance(dir, flags);
    });
}

/** The files named by --opcodes: a key selects its file, or all files of a group opcode. */
export function selectFiles(dir: string, files: MooSuiteFile[], list: string | undefined): MooSuiteFile[] {
  if (list === undefined) return files;
  const keys = list.split(",").map((k) => k.trim().toUpperCase()).filter((k) => k !== "");
  if (keys.length === 0) throw new UserError(`--opcodes: '${list}' names no opcode`);
  const chosen = new Set<MooSuiteFile>();
  for (const key of keys) {
    const matches = files.filter((f) => f.key === key || f.key.startsWith(`${key}.`));
    if (matches.length === 0) throw new UserError(`--opcodes: ${dir} has no test file for opcode '${key}'`);
    for (const f of matches) chosen.add(f);
  }
  return files.filter((f) => chosen.has(f));
}

function conformance(dir: string, flags: ConformanceFlags): number {
  const maxShown = parseCount("--failures", flags.failures);
  const listing = listMooSuite(dir);
  if (listing.files.length === 0) throw new UserError(`${dir}: no *.MOO or *.MOO.gz files`);
  if (!listing.metadataPath) {
    // Files may carry their own FLAGS masks (RMSK, RM32); without metadata those are all there is.
    stderr.write(`lockstep86: note: ${dir}: no metadata.json or 80386.csv in it or its parent: FLAGS are compared in full where the files carry no mask\n`);
  }
  const files = selectFiles(dir, listing.files, flags.opcodes);
  const { metadata, revoked } = loadMooSuiteHelpers(listing);

  const shown: TestFailure[] = [];
  const runner = new ConformanceRunner(loadCoreWasm(), {
    metadata,
    revoked,
    onFailure: (failure) => {
      if (shown.length < maxShown) shown.push(failure);
    },
  });
  for (const file of files) {
    const bytes = readMooBytes(file.path);
    const preamble = readMooPreamble(bytes, { label: file.name });
    runner.runFile({ name: file.name, key: file.key, preamble }, iterateTests(bytes, { label: file.name }));
  }
  const report = runner.report();

  for (const failure of shown) stderr.write(formatFailure(failure));
  if (report.failed > shown.length) {
    stderr.write(`(${report.failed - shown.length} more failing tests not shown; see --failures)\n`);
  }
  if (flags.json) stdout.write(JSON.stringify(report) + "\n");
  else stdout.write(formatTable(report, metadata));
  return report.failed === 0 ? 0 : 1;
}
