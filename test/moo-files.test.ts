// The Node loader: gzip handling, suite listing, and errors for bad files.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { UserError } from "../src/errors.js";
import { errorOf } from "./support/user-error.js";
import { parseMoo } from "../src/moo/reader.js";
import { iterateMooFile, listMooSuite, loadMooFile, loadMooSuiteHelpers, readMooBytes } from "../src/node/moo-files.js";
import { mooFile } from "./support/moo-writer.js";

const SUITE = fileURLToPath(new URL("../../shared/conformance/80286/", import.meta.url));
const REAL = join(SUITE, "v1_real_mode", "D4.MOO.gz");
const scratch = mkdtempSync(join(tmpdir(), "moo-files-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function write(name: string, data: Uint8Array): string {
  const path = join(scratch, name);
  writeFileSync(path, data);
  return path;
}

const gz = readFileSync(REAL);
const plain = gunzipSync(gz);

describe("loading MOO files", () => {
  it("gunzips by magic, whether or not the name ends in .gz", () => {
    const fromGz = loadMooFile(REAL);
    expect(fromGz.tests.length).toBe(500);
    expect(loadMooFile(write("D4.MOO", plain))).toEqual(fromGz);
    expect(loadMooFile(write("D4.bin", gz))).toEqual(fromGz);
    expect([...iterateMooFile(REAL)]).toEqual(fromGz.tests);
  });

  it("names the file in parse errors, counting offsets in the decompressed bytes", () => {
    const cut = write("cut.MOO.gz", gzipSync(plain.subarray(0, 1000)));
    expect(errorOf(() => loadMooFile(cut)).message).toMatch(/^cut\.MOO\.gz: offset \d+: chunk 'TEST' length \d+ runs past the end of the file \(1000 bytes\)$/);
  });

  it("reports truncated gzip data at the end of the file", () => {
    const path = write("short.MOO.gz", gz.subarray(0, 5000));
    expect(errorOf(() => readMooBytes(path)).message).toBe(
      "short.MOO.gz: offset 5000: the gzip data ends early (unexpected end of file); the file is truncated",
    );
  });

  it("finds the byte where corrupt gzip data stops making sense", () => {
    for (const at of [3, 100, 3000, gz.length - 6]) {
      const bad = Buffer.from(gz);
      bad[at] ^= 0xff;
      const message = errorOf(() => readMooBytes(write("bad.MOO.gz", bad))).message;
      const match = /^bad\.MOO\.gz: offset (\d+): corrupt gzip data \(.+\)$/.exec(message);
      expect(match, message).not.toBeNull();
      // Inflate can only notice the damage once the damaged byte has arrived.
      expect(Number(match![1]), message).toBeGreaterThanOrEqual(at);
      expect(Number(match![1]), message).toBeLessThan(gz.length);
    }
    const header = Buffer.from(gz);
    header[2] = 9; // compression method 9 does not exist
    // zlib reads the method together with the flags byte that follows it.
    expect(errorOf(() => readMooBytes(write("method.MOO.gz", header))).message).toBe(
      "method.MOO.gz: offset 3: corrupt gzip data (unknown compression method)",
    );
  });

  it("rejects a .gz name on data that is not gzip, and a missing file", () => {
    expect(errorOf(() => readMooBytes(write("raw.MOO.gz", plain))).message).toBe(
      "raw.MOO.gz: offset 0: named .gz but not gzip data (it starts with 4d 4f 4f 20)",
    );
    expect(errorOf(() => readMooBytes(join(scratch, "absent.MOO"))).message).toMatch(/absent\.MOO: cannot read the file: no such file or directory$/);
  });

  it("reports a cut anywhere in a real file as a UserError", () => {
    for (let cut = 0; cut < plain.length; cut += 997) {
      expect(() => parseMoo(plain.subarray(0, cut), { label: "D4.MOO" })).toThrow(UserError);
    }
  });
});

describe("listing a suite", () => {
  it("finds the opcode files, metadata.json beside them and the revocation list in the parent", () => {
    const listing = listMooSuite(join(SUITE, "v1_real_mode"));
    expect(listing.files.length).toBe(325);
    expect(listing.files[0]).toMatchObject({ name: "00.MOO.gz", key: "00" });
    expect(listing.files.map((f) => f.key)).toContain("FF.6");
    expect(listing.metadataPath).toBe(join(SUITE, "v1_real_mode", "metadata.json"));
    expect(listing.revocationListPath).toBe(join(SUITE, "revocation_list.txt"));
    const helpers = loadMooSuiteHelpers(listing);
    expect(helpers.metadata?.opcodes["F6.6"].status).toBe("normal");
    expect(helpers.revoked.size).toBe(0);
  });

  it("lists plain and gzipped files, ignores others, and works without helper files", () => {
    const dir = join(scratch, "suite", "tests");
    mkdirSync(dir, { recursive: true });
    const one = mooFile({ tests: [] });
    writeFileSync(join(dir, "90.MOO"), one);
    writeFileSync(join(dir, "80.3.moo.gz"), gzipSync(one));
    writeFileSync(join(dir, "notes.txt"), "x");
    const listing = listMooSuite(dir);
    expect(listing.files.map((f) => [f.name, f.key])).toEqual([["80.3.moo.gz", "80.3"], ["90.MOO", "90"]]);
    expect(listing.metadataPath).toBeUndefined();
    expect(loadMooSuiteHelpers(listing)).toEqual({ revoked: new Set() });
    expect(errorOf(() => listMooSuite(join(scratch, "nowhere"))).message).toMatch(/nowhere: cannot list the directory: no such file or directory$/);
  });
});
