// `lockstep86 campaign PROGRAM`: a fault-injection campaign. Runs the program once without
// faults, then once per single fault drawn uniformly from each kind's fault space, and reports
// rates with intervals and extrapolated failure counts. Results can go to a JSON-lines file
// (--out), be resumed (--resume), split into shards (--shard) and run on threads (--jobs).
// Exit status 1 when a redundant mode let a fault through (sdc, crash or hang), 2 for bad input.
import type { Command } from "commander";
import { availableParallelism } from "node:os";
import type { CaseResult } from "../campaign/experiment";
import { tally } from "../campaign/tally";
import { failures, formatCampaign } from "../campaign/table";
import { runCases } from "../node/campaign-pool";
import { UserError } from "../errors";
import { parseCount } from "./values";
import { addProgramArguments } from "./machine-flags";
import { stdout } from "./stdio";
import { registerCampaignQueue } from "./campaign-queue";
import { openResults } from "./campaign-file";
import { progressLine } from "./campaign-progress";
import { registerCampaignTools } from "./campaign-tools";

import { addCampaignOptions, prepareCampaign, type CampaignFlags } from "./campaign-setup";

export function registerCampaign(program: Command): void {
  // Positional: options after "submit", "merge"... are the subcommand's, not campaign's own.
  const cmd = addCampaignOptions(addProgramArguments(program.command("campaign").enablePositionalOptions())
    .description("run a program under many random single faults and report outcomes per fault kind, with intervals"))
    .option("--out <file>", "write the results as JSON lines: a header, then one line per case")
    .option("--resume", "with --out: keep the cases already in the file and run the rest")
    .option("--shard <i/n>", "run only the cases whose index is i mod n (0 <= i < n)")
    .option("--jobs <n>", "worker threads (default: the available parallelism)")
    .option("--json", "print the header, the tally and every case as one JSON object")
    .action(async (file: string, args: string[], flags: CampaignFlags) => {
      process.exitCode = await campaign(file, args, flags);
    });
  registerCampaignTools(cmd);
  registerCampaignQueue(program, cmd);
}

function parseJobs(text: string | undefined): number {
  if (text === undefined) return availableParallelism();
  const jobs = parseCount("--jobs", text);
  if (jobs < 1 || jobs > 1024) throw new UserError(`--jobs: ${text} must be between 1 and 1024`);
  return jobs;
}

async function campaign(file: string, args: string[], flags: CampaignFlags): Promise<number> {
  if (flags.resume && !flags.out) throw new UserError("--resume needs --out FILE (the results to continue)");
  const jobs = parseJobs(flags.jobs);
  const { header, setup, image, wasm, experiments, shard } = prepareCampaign(file, args, flags);
  const { mode } = setup;
  const { faults, spaces } = header;

  const out = flags.out ? openResults(flags.out, header, !!flags.resume) : undefined;
  const cases: CaseResult[] = [...(out?.done ?? [])];
  const have = new Set(cases.map((c) => c.case));
  const todo: number[] = [];
  for (let i = shard?.index ?? 0; i < faults; i += shard?.count ?? 1) if (!have.has(i)) todo.push(i);

  const progress = !flags.json && process.stderr.isTTY ? progressLine(todo.length) : undefined;
  try {
    await runCases(experiments, { wasm, image, setup }, todo, jobs, (c) => {
      out?.write(c);
      cases.push(c);
      progress?.tick(cases.length - have.size);
    });
  } finally {
    progress?.end();
    out?.close();
  }
  cases.sort((a, b) => a.case - b.case);
  const t = tally(mode, spaces, cases);
  if (flags.json) stdout.write(JSON.stringify({ ...header, tally: t, cases }) + "\n");
  else stdout.write(formatCampaign(header, t, cases));
  return mode !== "simplex" && failures(mode, cases).length ? 1 : 0;
}
