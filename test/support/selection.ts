// Environment knobs shared by the seeded fuzzers: PREFIX_SEED, PREFIX_CASES and PREFIX_ONLY=seed:index
// (replays one printed case), so a failure seen in CI reproduces with one variable.

export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 0) throw new Error(`${name} must be a non-negative integer, not '${raw}'`);
  return v;
}

export interface CaseSelection {
  seed: number;
  indexes: number[];
  /** True when one case is being replayed with PREFIX_ONLY. */
  replaying: boolean;
}

export function caseSelection(prefix: string, defaultSeed: number, defaultCount: number): CaseSelection {
  const onlyName = `${prefix}_ONLY`;
  const only = process.env[onlyName];
  if (only) {
    const m = /^(\d+):(\d+)$/.exec(only);
    if (!m) throw new Error(`${onlyName} must be seed:index, not '${only}'`);
    return { seed: Number(m[1]), indexes: [Number(m[2])], replaying: true };
  }
  const count = envInt(`${prefix}_CASES`, defaultCount);
  const seed = envInt(`${prefix}_SEED`, defaultSeed);
  return { seed, indexes: Array.from({ length: count }, (_, i) => i), replaying: false };
}
