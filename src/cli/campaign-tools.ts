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
    .description("print the report of results files; --html writes it as one page with plots (no JavaScript)")
    .argument("<files...>", "results files (--out of campaign, or merged); several are compared by extrapolated failure counts")
    .option("--json", "print the header, the tally and every case of each file as JSON (one object per line)")
    .option("--html <out>", "write the report as one HTML file with inline SVG plots")
    .action(async (files: string[], flags: { json?: boolean; html?: string }) => {
      const parts = files.map((name) => {
        const { header, cases } = readResults(name);
        return { name, header, cases, tally: tally(header.options.mode as Mode, header.spaces, cases) };
      });
      if (flags.html) {
        const { htmlReport } = await import("../campaign/html");
        const page = await htmlReport(parts);
        try {
          writeFileSync(flags.html, page);
        } catch (e) {
          throw new UserError(`${flags.html}: cannot write the report: ${reason(e)}`);
        }
      }
      for (const p of parts) {
        if (flags.json) process.stdout.write(JSON.stringify({ ...p.header, tally: p.tally, cases: p.cases }) + "\n");
        else if (!flags.html) process.stdout.write(formatCampaign(p.header, p.tally, p.cases));
      }
    });
}
