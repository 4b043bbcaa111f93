// What a run did, as facts a lesson's claims and predictions are checked against. The same
// facts come from a finished LockstepResult (the test, the CLI) or from the page's last
// snapshot, so the page's reveal and the test judge a run the same way.
import type { MachineEvent } from "../harness/events";
import type { Outcome } from "../harness/outcome";
import type { ModuleName } from "../faults/spec";
import { claimValue, groupDigits, type Claims, type EventClaim, type Lesson, type Prediction } from "./format";

export interface RunFacts {
  outcome: Outcome;
  exitCode: number;
  cycles: number;
  epoch: number;
  stdout: string;
  goldenStdout: string;
  events: readonly MachineEvent[];
  modules: ReadonlyArray<{ name: ModuleName; state: string }>;
}

/** The event an event claim is about (the nth of its kind, on its module), and how many there are. */
export function claimedEvent(c: EventClaim, events: readonly MachineEvent[]): { event?: MachineEvent; count: number } {
  const all = events.filter((e) => e.kind === c.kind && (!c.on || e.module === c.on));
  return { event: all[(c.nth ?? 1) - 1], count: all.length };
}

const quote = (s: string) => JSON.stringify(s);

/** Every claim that does not hold for the run, one line each (empty: all hold). */
export function checkClaims(claims: Claims, f: RunFacts, campaign?: CampaignCounts): string[] {
  const wrong: string[] = [];
  const expect = (what: string, want: unknown, got: unknown) => {
    if (want !== undefined && want !== got) wrong.push(`${what}: the lesson says ${typeof want === "string" ? quote(want) : want}, the run gives ${typeof got === "string" ? quote(got) : got}`);
  };
  expect("outcome", claims.outcome, f.outcome);
  expect("exitCode", claims.exitCode, f.exitCode);
  expect("cycles", claims.cycles, f.cycles);
  expect("stdout", claims.stdout, f.stdout);
  expect("goldenStdout", claims.goldenStdout, f.goldenStdout);
  expect("comparisons", claims.comparisons, Math.ceil(f.cycles / f.epoch));
  for (const [m, state] of Object.entries(claims.modules ?? {})) {
    expect(`modules.${m}`, state, f.modules.find((x) => x.name === m)?.state ?? "absent");
  }
  for (const [name, c] of Object.entries(claims.events ?? {})) {
    const { event, count } = claimedEvent(c, f.events);
    const what = `events.${name} (${c.kind}${c.on ? ` on ${c.on}` : ""})`;
    expect(`${what}.count`, c.count, count);
    if (c.count === 0) continue;
    if (!event) {
      wrong.push(`${what}: the run logs ${count ? `only ${count}` : "no"} such event${c.nth && c.nth > 1 ? `, not a number ${c.nth}` : ""}`);
      continue;
    }
    expect(`${what}.cycle`, c.cycle, event.cycle);
    expect(`${what}.module`, c.module, event.module ?? "none");
    if (c.detail !== undefined && !event.detail.includes(c.detail)) wrong.push(`${what}.detail: the lesson says it contains ${quote(c.detail)}, the run's is ${quote(event.detail)}`);
  }
  for (const [name, s] of Object.entries(claims.spans ?? {})) {
    const from = claimedEvent(claims.events![s.from], f.events).event;
    const to = claimedEvent(claims.events![s.to], f.events).event;
    if (from && to) expect(`spans.${name}.cycles`, s.cycles, to.cycle - from.cycle);
  }
  for (const [mode, counts] of Object.entries(claims.campaign ?? {})) {
    const got = campaign?.[mode];
    if (!got) { wrong.push(`campaign.${mode}: the campaign was not run`); continue; }
    for (const [o, n] of Object.entries(counts)) expect(`campaign.${mode}.${o}`, n, got[o as Outcome]);
  }
  return wrong;
}

/** A campaign's outcome counts per mode. */
export type CampaignCounts = Record<string, Record<Outcome, number>>;

/** What happened, for one prediction: its right choice (an outcome, a module, a bucket's label). */
export function actualAnswer(p: Prediction, f: RunFacts, lesson: Lesson): string {
  if (p.about === "outcome") return f.outcome;
  const e = claimedEvent(lesson.claims.events![p.event], f.events).event;
  if (p.about === "module") return e ? e.module ?? "none" : "none";
  if (!e) return "none";
  return p.buckets.find((b) => e.cycle >= b.from && e.cycle < b.to)?.label ?? `cycle ${groupDigits(e.cycle)}`;
}

/** The claimed answer of each prediction (what the lesson's text and claims say will happen). */
export function claimedAnswer(p: Prediction, lesson: Lesson): string {
  if (p.about === "outcome") return lesson.claims.outcome!;
  const e = lesson.claims.events![p.event];
  if (p.about === "module") return e.module!;
  return p.buckets.find((b) => e.cycle! >= b.from && e.cycle! < b.to)!.label;
}

/** Whether a number answer is right. */
export function numberIsRight(given: number, answer: number, tolerance: number): boolean {
  return Number.isFinite(given) && Math.abs(given - answer) <= tolerance;
}

export { claimValue };
