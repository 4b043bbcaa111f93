// Prediction beside simulation, per mode, with the vendors' claims: what the CLI prints and the
// page's panel shows, computed in one place.
import type { CampaignKind } from "../campaign/space";
import type { Mode } from "../harness/lockstep";
import type { CoverageTable } from "./coverage";
import { downtimeMinutes, fromCoverage, nines, predict } from "./model";
import { HOURS_PER_YEAR, kindRates, type ComponentRates } from "./rates";
import { repairRates, resyncHours, type RepairTimes } from "./repair";
import { drawFromRuns, simulate, type SimulationResult } from "./simulate";
import { Prng } from "../util/prng";

const MODE_STREAM: Record<Mode, number> = { simplex: 0, dmr: 1, tmr: 2 };

/** What vendors claim for the fault-tolerant modes (issue 12 quotes them; docs/availability.md). */
export const CLAIMS: Partial<Record<Mode, { availability: number; who: string }>> = {
  dmr: { availability: 0.99999, who: "duplexed systems (Stratus ftServer: \"99.999%\")" },
  tmr: { availability: 0.999999, who: "triple-modular systems (\"99.9999%\")" },
};

export interface AvailabilityInput {
  modes: readonly Mode[];
  rates: ComponentRates;
  repair: RepairTimes;
  /** Coverage for the prediction: a campaign's results, or the built-in campaign's. */
  coverage: CoverageTable;
  /** The machine's runs the simulation draws each failure's outcome from. */
  runs: CoverageTable;
  years: number;
  seed: number;
}

export interface Figures {
  unavailability: number;
  availability: number;
  nines: number;
  downtimeMinutes: number; // per year
}

const figures = (u: number): Figures => ({ unavailability: u, availability: 1 - u, nines: nines(u), downtimeMinutes: downtimeMinutes(u) });

export interface ModeReport {
  mode: Mode;
  predicted: Figures & { band: { worst: Figures; best: Figures }; yearsBetweenOutages: number };
  simulated: Figures & { interval: { worst: Figures; best: Figures } } & Omit<SimulationResult, "unavailability" | "interval">;
  claim?: Figures & { who: string };
  /** The prediction's band (from the coverage intervals) and the simulation's 95% interval overlap. */
  agree: boolean;
}

export interface AvailabilityReport {
  rates: ComponentRates;
  kindRates: Record<CampaignKind, number>; // per module, per hour
  repair: RepairTimes & { resyncHours: number };
  years: number;
  seed: number;
  modes: ModeReport[];
}

export function availabilityReport(input: AvailabilityInput): AvailabilityReport {
  const rates = kindRates(input.rates);
  const repair = repairRates(input.repair);
  const modes = input.modes.map((mode): ModeReport => {
    const p = predict(mode, rates, fromCoverage(input.coverage, "point"), repair);
    const point = p.unavailability;
    const worst = predict(mode, rates, fromCoverage(input.coverage, "worst"), repair).unavailability;
    const best = predict(mode, rates, fromCoverage(input.coverage, "best"), repair).unavailability;
    // Each mode's own stream of the seed: a mode computed alone gives the numbers it gives among others.
    const seed = Prng.forCase(input.seed, MODE_STREAM[mode]).nextU32();
    const { unavailability, interval, ...sim } = simulate({ mode, rates, repair, draw: drawFromRuns(input.runs), years: input.years, seed });
    const claim = CLAIMS[mode];
    return {
      mode,
      predicted: { ...figures(point), band: { worst: figures(worst), best: figures(best) }, yearsBetweenOutages: 1 / (p.outagesPerHour * HOURS_PER_YEAR) },
      simulated: { ...figures(unavailability), interval: { worst: figures(interval.high), best: figures(interval.low) }, ...sim },
      claim: claim && { ...figures(1 - claim.availability), who: claim.who },
      agree: Math.min(worst, interval.high) >= Math.max(best, interval.low),
    };
  });
  return { rates: input.rates, kindRates: rates, repair: { ...input.repair, resyncHours: resyncHours(input.repair) }, years: input.years, seed: input.seed, modes };
}
