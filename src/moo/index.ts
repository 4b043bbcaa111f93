export * from "./types.js";
export { parseMoo, iterateTests, readMooPreamble } from "./reader.js";
export {
  parseMetadata, metadataKeyOf, opcodeMetadataFor, type OpcodeMetadata, type SuiteMetadata,
} from "./metadata.js";
export { parseRevocationList } from "./revocation.js";
