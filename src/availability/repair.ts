// Repair times: a module taken out after a transient fault is resynced (the machine's measured
// resync length, in cycles, at a stated speed); one with a broken part waits for a replacement
// first. A stopped machine is rebooted, after a replacement if a part is broken.
import type { RepairRates } from "./chain";

export interface RepairTimes {
  resyncCycles: number; // measured (machine-runs.ts)
  mips: number; // the real machine's speed, millions of instructions a second
  replaceHours: number;
  rebootMinutes: number;
}

export const DEFAULT_REPAIR = { mips: 1000, replaceHours: 4, rebootMinutes: 10 } as const;

export const resyncHours = (r: RepairTimes) => r.resyncCycles / (r.mips * 1e6) / 3600;

export function repairRates(r: RepairTimes): RepairRates {
  const resync = resyncHours(r);
  const reboot = r.rebootMinutes / 60;
  return { resync: 1 / resync, replace: 1 / (r.replaceHours + resync), reboot: 1 / reboot, restore: 1 / (r.replaceHours + reboot) };
}
