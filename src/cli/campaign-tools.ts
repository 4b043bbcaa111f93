// `lockstep86 campaign merge A B ... -o C` joins the parts of one campaign (their headers must
// agree); `lockstep86 campaign report FILE` prints the report of a results file.
import type { Command } from "commander";
import { writeFileSync } from "node:fs";
import { UserError } from "../errors";
import { fsErrorReason as reason } from "../node/fs-error";
import { caseLine, headerLine, mergeResults } from "../campaign/results";
import { tally } from "../campaign/tally";
import { formatCampaign } from "../campaign/table";
import type { Mode } from "../harness/lockstep";
import { readResults } from "./campaign-file";

export function registerCampaignTools(campaign: Command): void {
  campaign.command("merge")
    .description("join the results files of one campaign's shards or runs (their headers must agree)")
    .argument("<files...>", "results files (--out of campaign)")
    .requiredOption("-o, --output <file>", "the joined results file")
    .action((files: string[], flags: { output: string }) => {
      const merged = mergeResults(files.map((name) => ({ name, file: readResults(name) })));
      try {
        writeFileSync(flags.output, headerLine(merged.header) + merged.cases.map(caseLine).join(""));
      } catch (e) {
        throw new UserError(`${flags.output}: cannot write the results: ${reason(e)}`);
      }
      const missing = merged.header.faults - merged.cases.length;
      process.stderr.write(`merged ${merged.cases.length} cases into ${flags.output}${missing ? ` (${missing} of ${merged.header.faults} still to run)` : ""}\n`);
    });

  campaign.command("report")
    .description("print the report of a results file")
    .argument("<file>", "results file (--out of campaign, or merged)")
    .option("--json", "print the header, the tally and every case as one JSON object")
    .action((file: string, flags: { json?: boolean }) => {
      const { header, cases } = readResults(file);
      const t = tally(header.options.mode as Mode, header.spaces, cases);
      if (flags.json) process.stdout.write(JSON.stringify({ ...header, tally: t, cases }) + "\n");
      else process.stdout.write(formatCampaign(header, t, cases));
    });
}
