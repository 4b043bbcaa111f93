// The short human timeline printed after a run with faults: one line per event, cycle-stamped.
import type { MachineEvent } from "./events";
import type { LockstepResult } from "./lockstep";

const group = (n: number) => n.toLocaleString("en-US");

export function formatTimeline(r: LockstepResult, outcome?: string): string {
  const lines: string[] = [];
  const events = coalesceOutput(r.events);
  const width = Math.max(...events.map((e) => group(e.cycle).length), 5);
  for (const e of events) lines.push(`  ${formatEvent(e, width)}`);
  const modules = r.modules.map((m) => `${m.name} ${m.state}`).join(", ");
  const head = `${r.mode} timeline (cycle, event)${outcome ? `: outcome ${outcome}` : ""}; modules: ${modules}`;
  return [head, ...lines].join("\n") + "\n";
}

/** One event as a timeline line: cycle, kind, module, detail. */
export function formatEvent(e: MachineEvent, width = 5): string {
  const who = e.module ? `[${e.module}] ` : "";
  return `${group(e.cycle).padStart(width)}  ${e.kind.padEnd(13)} ${who}${e.detail}`;
}

// Consecutive output commits become one line, so the timeline stays short.
function coalesceOutput(events: MachineEvent[]): MachineEvent[] {
  const out: MachineEvent[] = [];
  let bytes = 0;
  let first: MachineEvent | undefined;
  const flush = () => {
    if (first) out.push({ ...first, detail: `${bytes} byte${bytes === 1 ? "" : "s"} committed` });
    first = undefined;
    bytes = 0;
  };
  for (const e of events) {
    if (e.kind === "output") {
      first ??= e;
      bytes += Number(/^(\d+)/.exec(e.detail)?.[1] ?? 0);
      continue;
    }
    flush();
    out.push(e);
  }
  flush();
  return out;
}
