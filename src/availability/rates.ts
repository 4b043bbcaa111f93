// Component failure rates: what breaks in a module, how often, and which of the machine's fault
// kinds each failure is. Rates are FIT (failures per 10^9 device-hours). The defaults come from
// published field studies, rounded to the precision their sources support; the transient share
// of each component's failures is an assumption, stated as one (docs/availability.md).
import type { CampaignKind } from "../campaign/space";

export const HOURS_PER_YEAR = 8766; // 365.25 days
export const FIT = 1e-9; // one failure per 10^9 hours, per hour

/** An annual failure fraction (the share of devices failing in a year) as FIT, for a constant rate. */
export function fitFromAnnual(fraction: number): number {
  return -Math.log(1 - fraction) / HOURS_PER_YEAR / FIT;
}

export interface ComponentRates {
  dimms: number; // DIMMs per module
  fitDimm: number; // per DIMM
  fitCpu: number; // per CPU (one per module)
  fitDisk: number; // per disk (one per module)
  /** The share of each component's failures that are transient (leave no broken part). */
  transient: { dimm: number; cpu: number; disk: number };
}

export interface Source {
  value: string;
  source: string;
}

/** The defaults and where each comes from. */
export const DEFAULT_RATES: ComponentRates = {
  dimms: 4,
  fitDimm: 9500,
  fitCpu: 7300,
  fitDisk: 3500,
  transient: { dimm: 0.3, cpu: 0.5, disk: 0.4 },
};

export const SOURCES: Record<string, Source> = {
  fitDimm: {
    value: "9,500 FIT per DIMM",
    source: "Schroeder, Pinheiro, Weber, \"DRAM errors in the wild: a large-scale field study\", SIGMETRICS 2009: more than 8% of DIMMs see at least one error a year; -ln(1-0.08)/8766 h = 9,510 FIT",
  },
  fitCpu: {
    value: "7,300 FIT per CPU",
    source: "Nightingale, Douceur, Orgovan, \"Cycles, cells and platters\", EuroSys 2011: 1 in 190 machines with 30 days of CPU time crashed from a CPU-subsystem fault; -ln(1-1/190)/720 h = 7,330 FIT (consumer PCs: a server CPU is likely better, so this is pessimistic)",
  },
  fitDisk: {
    value: "3,500 FIT per disk",
    source: "Backblaze Drive Stats 2023: annualized failure rate 1.70% of drives (whole-drive failures), plus Bairavasundaram et al., SIGMETRICS 2007: 3.45% of 1.53 million disks developed latent sector errors in 32 months (1.3% a year); 3.0% a year = 3,470 FIT",
  },
  dimms: { value: "4 DIMMs per module", source: "an assumption: a small server's memory" },
  transient: {
    value: "transient share: DIMM 30%, CPU 50%, disk 40%",
    source: "assumptions: Schroeder et al. find DRAM errors dominated by hard (permanent) faults; Nightingale et al. find a CPU that crashed once crashes again with probability 1 in 3.3 (many faults recur); for disks, the latent-sector-error share of the 3.0% above (1.3 of 3.0)",
  },
};

/** Which fault kind a component's failure is: transient ones are flips, permanent ones break the part. */
export const KIND_OF: Record<"dimm" | "cpu" | "disk", { transient: CampaignKind; permanent: CampaignKind }> = {
  dimm: { transient: "ram", permanent: "stuck" }, // a flipped bit / a failed cell
  cpu: { transient: "reg", permanent: "halt" }, // a flipped register bit / a dead CPU
  disk: { transient: "disk", permanent: "pull" }, // a bad sector / a dead drive: the module is taken out
};

/** Kinds that leave no broken part: repairing the module is a resync, with no replacement. */
export const TRANSIENT_KINDS: ReadonlySet<CampaignKind> = new Set(["ram", "reg", "disk"]);

/** Each fault kind's rate per module, per hour. */
export function kindRates(r: ComponentRates): Record<CampaignKind, number> {
  const per = { dimm: r.dimms * r.fitDimm * FIT, cpu: r.fitCpu * FIT, disk: r.fitDisk * FIT };
  const out = {} as Record<CampaignKind, number>;
  for (const c of ["dimm", "cpu", "disk"] as const) {
    out[KIND_OF[c].transient] = per[c] * r.transient[c];
    out[KIND_OF[c].permanent] = per[c] * (1 - r.transient[c]);
  }
  return out;
}
