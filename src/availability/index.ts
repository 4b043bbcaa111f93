// Availability arithmetic: component rates, coverage measured on the machine, a Markov model per
// mode and a simulation that runs on the machine's own outcomes (docs/availability.md).
export * from "./rates";
export * from "./coverage";
export * from "./repair";
export type { RepairRates, State } from "./chain";
export * from "./model";
export * from "./simulate";
export * from "./report";
export * from "./format";
export { builtInCampaign, runBuiltInCampaign, measureResyncCycles, DEFAULT_MACHINE, SIZES, type MachineSetup } from "./machine-runs";
export * from "./settings";
export * from "./run";
