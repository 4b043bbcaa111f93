import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { UserError } from "../errors.js";
import { fsErrorReason } from "./fs-error.js";
import { metadataKeyOf, parseMetadata, type SuiteMetadata } from "../moo/metadata.js";
import { iterateTests, parseMoo } from "../moo/reader.js";
import { parseOpcodeCsv } from "../moo/opcode-csv.js";
import { parseRevocationList } from "../moo/revocation.js";
import type { MooFile, MooTest } from "../moo/types.js";

const GZIP_MAGIC = [0x1f, 0x8b];
/** The most a MOO.gz file may inflate to (the largest SingleStepTests file is far smaller): a gzip bomb stops here. */
export const MAX_MOO_BYTES = 256 << 20;
const INFLATE = { maxOutputLength: MAX_MOO_BYTES };

function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new UserError(`${path}: cannot read the file: ${fsErrorReason(error)}`);
  }
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

function zlibFailure(data: Uint8Array): NodeJS.ErrnoException | undefined {
  try {
    gunzipSync(data, INFLATE);
    return undefined;
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
}

/**
 * zlib reports what is wrong but not where. Inflate notices corruption as soon as the byte that
 * reveals it arrives, so every shorter prefix only "ends early" (Z_BUF_ERROR) and every longer
 * one fails: a binary search over prefix lengths finds that byte (the damage is at or before it).
 */
function corruptionOffset(data: Uint8Array): number {
  let good = 0;
  let bad = data.length;
  while (bad - good > 1) {
    const mid = (good + bad) >>> 1;
    const failure = zlibFailure(data.subarray(0, mid));
    if (failure && failure.code !== "Z_BUF_ERROR") bad = mid;
    else good = mid;
  }
  return bad - 1;
}

/** Decompresses gzip data, turning zlib's complaints into a UserError with a byte offset. */
export function gunzipMoo(data: Uint8Array, label: string): Uint8Array {
  try {
    return gunzipSync(data, INFLATE);
  } catch (error) {
    const failure = error as NodeJS.ErrnoException;
    if (failure.code === "ERR_BUFFER_TOO_LARGE") {
      throw new UserError(`${label}: the gzip data inflates to more than ${MAX_MOO_BYTES >> 20} MiB (the most a MOO file may hold)`);
    }
    if (failure.code === "Z_BUF_ERROR") {
      throw new UserError(
        `${label}: offset ${data.length}: the gzip data ends early (${failure.message}); the file is truncated`,
      );
    }
    throw new UserError(
      `${label}: offset ${corruptionOffset(data)}: corrupt gzip data (${failure.message})`,
    );
  }
}

/**
 * The MOO bytes of a file, gunzipped when it is gzip data. A name ending in .gz without the gzip
 * magic is an error rather than a guess. Offsets in later parse errors count decompressed bytes.
 */
export function readMooBytes(path: string): Uint8Array {
  const label = basename(path);
  const raw = readBytes(path);
  if (isGzip(raw)) return gunzipMoo(raw, label);
  if (/\.gz$/i.test(path)) {
    const start = Array.from(raw.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join(" ");
    throw new UserError(`${label}: offset 0: named .gz but not gzip data (it starts with ${start || "nothing"})`);
  }
  return raw;
}

export function loadMooFile(path: string): MooFile {
  return parseMoo(readMooBytes(path), { label: basename(path) });
}

export function iterateMooFile(path: string): Generator<MooTest> {
  return iterateTests(readMooBytes(path), { label: basename(path) });
}

export interface MooSuiteFile {
  path: string;
  name: string;
  /** Metadata key: "00", "80.0". */
  key: string;
}

export interface MooSuiteListing {
  dir: string;
  /** Sorted by name. */
  files: MooSuiteFile[];
  /** metadata.json (8086, 8088, 80286 suites) or 80386.csv (the 80386 suite). */
  metadataPath?: string;
  revocationListPath?: string;
}

/** A helper file in the suite directory or, as upstream lays the suite out, in its parent. */
function findHelper(dir: string, name: string): string | undefined {
  for (const candidate of [join(dir, name), join(dirname(dir), name)]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Lists a suite directory: its `*.MOO` / `*.MOO.gz` files and helper files. */
export function listMooSuite(dir: string): MooSuiteListing {
  const full = resolve(dir);
  let names: string[];
  try {
    if (!statSync(full).isDirectory()) throw new UserError(`${dir}: not a directory`);
    names = readdirSync(full);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${dir}: cannot list the directory: ${fsErrorReason(error)}`);
  }
  const files: MooSuiteFile[] = [];
  for (const name of names.sort()) {
    if (!/\.moo(\.gz)?$/i.test(name)) continue;
    files.push({ path: join(full, name), name, key: metadataKeyOf(name) ?? name.replace(/\.moo(\.gz)?$/i, "") });
  }
  const listing: MooSuiteListing = { dir: full, files };
  const metadataPath = findHelper(full, "metadata.json") ?? findHelper(full, "80386.csv");
  const revocationListPath = findHelper(full, "revocation_list.txt");
  if (metadataPath) listing.metadataPath = metadataPath;
  if (revocationListPath) listing.revocationListPath = revocationListPath;
  return listing;
}

export interface MooSuiteHelpers {
  metadata?: SuiteMetadata;
  /** Empty when the suite has no revocation list. */
  revoked: Set<string>;
}

export function loadMooSuiteHelpers(listing: MooSuiteListing): MooSuiteHelpers {
  const text = (path: string) => new TextDecoder().decode(readBytes(path));
  const helpers: MooSuiteHelpers = { revoked: new Set() };
  if (listing.metadataPath) {
    const name = basename(listing.metadataPath);
    const content = text(listing.metadataPath);
    helpers.metadata = /\.csv$/i.test(name) ? parseOpcodeCsv(content, name) : parseMetadata(content, name);
  }
  if (listing.revocationListPath) {
    helpers.revoked = parseRevocationList(text(listing.revocationListPath), basename(listing.revocationListPath));
  }
  return helpers;
}
