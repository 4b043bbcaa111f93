// Everything an availability computation is made of, with its bounds: the CLI's flags and the
// page's inputs are both these fields, checked by the same table, so the same values give the
// same numbers in both.
import type { EccMode } from "../core/module";
import type { Mode } from "../harness/lockstep";
import { DEFAULT_MACHINE, type MachineSetup } from "./machine-runs";
import { DEFAULT_RATES, type ComponentRates } from "./rates";
import { DEFAULT_REPAIR } from "./repair";

export interface AvailabilitySettings {
  modes: Mode[];
  rates: ComponentRates;
  repair: { mips: number; replaceHours: number; rebootMinutes: number };
  machine: MachineSetup;
  years: number;
  seed: number;
}

export const DEFAULT_YEARS = 100_000;

export const defaultSettings = (): AvailabilitySettings => ({
  modes: ["simplex", "dmr", "tmr"],
  rates: structuredClone(DEFAULT_RATES),
  repair: { ...DEFAULT_REPAIR },
  machine: { ...DEFAULT_MACHINE },
  years: DEFAULT_YEARS,
  seed: 1,
});

/** A numeric setting: its CLI flag, what it means, its bounds, and where it lives. */
export interface NumberField {
  flag: string;
  label: string;
  min: number;
  max: number;
  integer?: boolean;
  get(s: AvailabilitySettings): number;
  set(s: AvailabilitySettings, v: number): void;
}

export const NUMBER_FIELDS: readonly NumberField[] = [
  { flag: "--fit-dimm", label: "DIMM FIT", min: 0, max: 1e9, get: (s) => s.rates.fitDimm, set: (s, v) => { s.rates.fitDimm = v; } },
  { flag: "--dimms", label: "DIMMs per module", min: 1, max: 64, integer: true, get: (s) => s.rates.dimms, set: (s, v) => { s.rates.dimms = v; } },
  { flag: "--fit-cpu", label: "CPU FIT", min: 0, max: 1e9, get: (s) => s.rates.fitCpu, set: (s, v) => { s.rates.fitCpu = v; } },
  { flag: "--fit-disk", label: "disk FIT", min: 0, max: 1e9, get: (s) => s.rates.fitDisk, set: (s, v) => { s.rates.fitDisk = v; } },
  { flag: "--transient-dimm", label: "DIMM transient share", min: 0, max: 1, get: (s) => s.rates.transient.dimm, set: (s, v) => { s.rates.transient.dimm = v; } },
  { flag: "--transient-cpu", label: "CPU transient share", min: 0, max: 1, get: (s) => s.rates.transient.cpu, set: (s, v) => { s.rates.transient.cpu = v; } },
  { flag: "--transient-disk", label: "disk transient share", min: 0, max: 1, get: (s) => s.rates.transient.disk, set: (s, v) => { s.rates.transient.disk = v; } },
  { flag: "--replace-hours", label: "replacement (hours)", min: 0, max: 1e5, get: (s) => s.repair.replaceHours, set: (s, v) => { s.repair.replaceHours = v; } },
  { flag: "--reboot-minutes", label: "reboot (minutes)", min: 1e-3, max: 1e6, get: (s) => s.repair.rebootMinutes, set: (s, v) => { s.repair.rebootMinutes = v; } },
  { flag: "--mips", label: "speed (MIPS)", min: 1e-3, max: 1e7, get: (s) => s.repair.mips, set: (s, v) => { s.repair.mips = v; } },
  { flag: "--runs", label: "machine runs per fault class", min: 1, max: 100_000, integer: true, get: (s) => s.machine.runsPerClass, set: (s, v) => { s.machine.runsPerClass = v; } },
  { flag: "--years", label: "simulated years", min: 1, max: 1e8, get: (s) => s.years, set: (s, v) => { s.years = v; } },
  { flag: "--seed", label: "seed", min: 0, max: 0xffffffff, integer: true, get: (s) => s.seed, set: (s, v) => { s.seed = v; } },
];

/** Parses and checks one field's text; an error names the field the way `where` says. */
export function parseField(f: NumberField, text: string, where = f.flag): number {
  const t = text.trim().replace(/_/g, "");
  const v = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t) : NaN;
  if (!Number.isFinite(v)) throw new RangeError(`${where}: '${text}' is not a number`);
  if (f.integer && !Number.isInteger(v)) throw new RangeError(`${where}: '${text}' is not a whole number`);
  if (v < f.min || v > f.max) throw new RangeError(`${where}: ${text} is out of range (${f.min} to ${f.max})`);
  return v;
}

export const ECC_CHOICES: readonly EccMode[] = ["none", "parity", "secded"];

/** A problem no single field shows, or undefined. */
export function settingsProblem(s: AvailabilitySettings): string | undefined {
  const r = s.rates;
  if (r.dimms * r.fitDimm + r.fitCpu + r.fitDisk <= 0) return "every failure rate is zero: nothing would ever fail";
  if (!s.modes.length) return "no mode to compute";
  return undefined;
}
