// The page's whole state is a scenario (src/scenario): export, import and share links are that
// format unchanged. What a new visitor sees first: qsort in dmr.
import { SCENARIO_DEFAULTS, SCENARIO_VERSION, type Scenario } from "../src/scenario/index";

export const DEFAULT_SCENARIO: Scenario = {
  version: SCENARIO_VERSION,
  program: { example: "qsort" },
  ...structuredClone(SCENARIO_DEFAULTS),
};
