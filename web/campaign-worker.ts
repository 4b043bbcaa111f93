// A lesson's small campaign, in a worker of its own so the page and the machine's worker stay
// responsive: src/campaign's experiments over the lesson's scenario, one row per mode, each
// outcome counted and the failure and sdc rates given with their 95% Wilson intervals.
import { runCampaign, type CampaignRow } from "../src/lesson/run";
import { FAILURE_OUTCOMES } from "../src/campaign/tally";
import { formatRate } from "../src/campaign/stats";
import type { LessonCampaign } from "../src/lesson/format";
import type { Scenario } from "../src/scenario/index";
import { prepare } from "./machine";

export interface CampaignTableRow extends CampaignRow {
  failures: string; // sdc, crash and hang: "20.8% (9.2-40.5%)"
  sdc: string;
}
export type CampaignToPage =
  | { type: "progress"; mode: string; done: number; total: number; rows: CampaignTableRow[] }
  | { type: "done"; rows: CampaignTableRow[] }
  | { type: "error"; message: string };

const post = (m: CampaignToPage) => (self as unknown as Worker).postMessage(m);
const wasm = WebAssembly.compileStreaming(fetch("core.wasm"));

const tableRow = (r: CampaignRow): CampaignTableRow => ({
  ...r,
  outcomes: { ...r.outcomes },
  failures: formatRate(FAILURE_OUTCOMES.reduce((s, o) => s + r.outcomes[o], 0), r.n),
  sdc: formatRate(r.outcomes.sdc, r.n),
});

self.onmessage = async (e: MessageEvent<{ scenario: Scenario; campaign: LessonCampaign }>) => {
  try {
    const { scenario, campaign } = e.data;
    const run = await prepare(scenario);
    const done: CampaignTableRow[] = [];
    const rows = runCampaign(await wasm, run, campaign, (mode, n, row) => {
      if (n === campaign.faults) done.push(tableRow(row));
      post({ type: "progress", mode, done: n, total: campaign.faults, rows: [...done, ...(n === campaign.faults ? [] : [tableRow(row)])] });
    });
    post({ type: "done", rows: rows.map(tableRow) });
  } catch (err) {
    post({ type: "error", message: err instanceof Error ? err.message : String(err) });
  }
};
