// Scenarios: one format for the page, the CLI and share links (see format.ts).
export { parseScenario, scenarioJson, ScenarioError, SCENARIO_VERSION, SCENARIO_DEFAULTS, type Scenario, type ScenarioProgram, type ScenarioProblem } from "./format";
export { scenarioToOptions, exampleFileOf, type ExampleReader, type ScenarioRun } from "./options";
export { encodeLink, decodeLink, packHash, unpackHash, hashParams, LINK_VERSION } from "./link";
export { EXAMPLES, findExample, type Example } from "./examples";
export { bytesToBase64, base64ToBytes } from "./base64";
