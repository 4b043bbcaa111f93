// "Back to the first divergence": the machine is put at the cycle just before the first write on
// which its online modules differ (or, when no write differs, where their state was found to
// differ), with what a student needs beside it: the fault that struck before, the registers that
// differ, and each module's version of that write.
import type { ModuleName } from "../faults/spec";
import type { TimeMachine } from "./time-travel";
import { journalEntryView, type JournalView, type ModuleView } from "./view";

export interface DivergenceReport {
  cycle: number; // the machine's cycle: the next instruction makes the first differing write
  time: number; // the history clock there
  detail: string; // what the harness found ("write #3 of the epoch differs", ...)
  faults: Array<{ text: string; injectedAt: number }>; // faults that struck before this point
  registers: string[]; // registers (eip, eflags, segments too) whose values differ between modules
  writes: Array<{ module: ModuleName; write?: JournalView }>; // each online module's version of the write
}

const FIELDS = (v: ModuleView): Record<string, number> => ({ ...v.regs, eip: v.eip, eflags: v.eflags, ...v.segs });

/** The registers whose values differ between the given modules' views. */
export function differingRegisters(views: ModuleView[]): string[] {
  if (views.length < 2) return [];
  const [first, ...rest] = views.map(FIELDS);
  return Object.keys(first).filter((k) => rest.some((r) => r[k] !== first[k]));
}

/** Goes to the run's first divergence (running on until one is seen); undefined if the run has none. */
export function goToDivergence(tm: TimeMachine): DivergenceReport | undefined {
  const found = tm.findDivergence();
  if (!found) return undefined;
  const m = tm.machine;
  let time = tm.timeOfEvent(found.index);
  tm.goToTime(time);
  // Found at a checkpoint (their state differs, no write does): that point is the epoch's end,
  // which the settling that found it leaves at once; its last instruction is the one to look at.
  if (m.atBoundary && time > 0) tm.goToTime(--time);
  // Every online module holds the epoch's writes that came before; one that already made its
  // version of the first differing write made it earlier: that is where they first differ.
  const online = () => m.slotModules().filter((x, i) => x && m.moduleStates()[i].state === "online").map((x) => x!);
  const k = Math.min(...online().map((x) => x.journalLength));
  const earlier = online().filter((x) => x.journalLength > k).map((x) => journalEntryView(x, k, m.checkpointCycle).cycle);
  if (earlier.length) {
    time -= m.cycle - Math.min(...earlier);
    tm.goToTime(time);
  }
  // One instruction on, each module has made its version of the write (or not, if it differs by omission).
  tm.goToTime(time + 1);
  const names = m.moduleStates().filter((s) => s.state === "online").map((s) => s.name);
  const after = online();
  const writes = after.map((x, i) => ({ module: names[i], write: x.journalLength > k ? journalEntryView(x, k, m.checkpointCycle) : undefined }));
  tm.goToTime(time);
  const view = m.view();
  return {
    cycle: m.cycle,
    time,
    detail: found.event.detail,
    faults: view.faults.filter((f) => f.applied && f.injectedAt !== undefined && f.injectedAt <= m.cycle).map((f) => ({ text: f.text, injectedAt: f.injectedAt! })),
    registers: differingRegisters(view.modules.filter((v) => v.state === "online")),
    writes,
  };
}
