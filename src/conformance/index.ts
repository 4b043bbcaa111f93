export { ConformanceRunner, flagsLoadMask, type ConformanceOptions, type SuiteFile, type TestFailure } from "./runner";
export { compareFinalState, pushedFlagsAddress, type Difference } from "./compare";
export { EXCLUSIONS, type Exclusion, type ExclusionContext } from "./exclusions";
export { TestMachine, TEST_RAM_SIZE, TEST_MAX_CYCLES } from "./machine";
export { formatTable, formatFailure } from "./report";
export { skippedByCause, type ConformanceReport, type OpcodeTally, type Outcome } from "./tally";
