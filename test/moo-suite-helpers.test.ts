// metadata.json and revocation_list.txt: the real ones from the 80286 slice, and broken ones.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { UserError } from "../src/errors.js";
import { metadataKeyOf, opcodeMetadataFor, parseMetadata } from "../src/moo/metadata.js";
import { parseRevocationList } from "../src/moo/revocation.js";
import { listMooSuite, loadMooFile } from "../src/node/moo-files.js";

const SUITE = fileURLToPath(new URL("../../shared/conformance/80286/", import.meta.url));
const listing = listMooSuite(`${SUITE}v1_real_mode`);
const metadata = parseMetadata(readFileSync(listing.metadataPath!, "utf8"));

describe("metadata.json of the 80286 slice", () => {
  it("describes the suite", () => {
    expect(metadata.cpu).toBe("286");
    expect(metadata.version).toBe("1.0.0");
  });

  it("has an entry for every test file, group opcodes under their reg field", () => {
    const direct = listing.files.filter((f) => metadata.opcodes[f.key]).map((f) => f.key);
    expect(direct).toContain("F6.6");
    // 8F, C6 and C7 come as whole files; metadata.json splits them by ModR/M reg field.
    const whole = listing.files.filter((f) => !metadata.opcodes[f.key]).map((f) => f.key);
    expect(whole).toEqual(["8F", "C6", "C7"]);
  });

  it("calls exactly those tests 'undefined' that raise #UD on the hardware (8F, C6, C7)", () => {
    for (const key of ["8F", "C6", "C7"]) {
      const tests = loadMooFile(listing.files.find((f) => f.key === key)!.path).tests;
      const statuses = new Set<string>();
      for (const test of tests) {
        const entry = opcodeMetadataFor(metadata, key, test.bytes);
        statuses.add(entry!.status);
        expect(entry!.status === "undefined", `${key} '${test.name}'`).toBe(test.exception?.number === 6);
      }
      expect([...statuses].sort(), key).toEqual(["normal", "undefined"]);
    }
    expect(opcodeMetadataFor(metadata, "F6.6", Uint8Array.of(0xf6, 0xf1))).toBe(metadata.opcodes["F6.6"]);
  });

  it("gives each flags-mask as the complement of the undefined flags it pictures", () => {
    // The picture spells O D I S Z A P C, "." where the flag is defined.
    const bits = { o: 11, d: 10, i: 9, s: 7, z: 6, a: 4, p: 2, c: 0 } as Record<string, number>;
    const withFlags = Object.entries(metadata.opcodes).filter(([, entry]) => entry.flags !== undefined);
    expect(withFlags.length).toBeGreaterThan(0);
    for (const [key, entry] of withFlags) {
      expect(entry.flags, key).toMatch(/^[.o][.d][.i][.s][.z][.a][.p][.c]$/);
      const undefinedBits = [...entry.flags!].filter((c) => c !== ".").reduce((m, c) => m | (1 << bits[c]), 0);
      expect(entry.flagsMask, key).toBe(0xffff & ~undefinedBits);
    }
  });

  it("marks the segment, LOCK and REP prefixes as prefixes and D8-DF as FPU escapes", () => {
    for (const key of ["26", "2E", "36", "3E", "F0", "F2", "F3"]) expect(metadata.opcodes[key].status, key).toBe("prefix");
    for (let op = 0xd8; op <= 0xdf; op++) {
      const key = op.toString(16).toUpperCase();
      expect(metadata.opcodes[key].status, key).toBe("fpu");
    }
  });

  it("flattens group opcodes: OR leaves AF undefined (Intel), ADD defines every flag", () => {
    expect(metadata.opcodes["08"]).toMatchObject({ status: "normal", flags: ".....a..", flagsMask: 0xffef });
    expect(metadata.opcodes["80.1"]).toMatchObject({ status: "normal", flags: ".....a..", flagsMask: 0xffef });
    expect(metadata.opcodes["80.0"]).toEqual({ status: "normal", arch: "86" });
    expect(metadata.opcodes["80"]).toBeUndefined();
  });
});

describe("metadataKeyOf", () => {
  it("maps file names to metadata keys", () => {
    expect(metadataKeyOf("80.0.MOO.gz")).toBe("80.0");
    expect(metadataKeyOf("/x/y/0f01.3.moo")).toBe("0F01.3");
    expect(metadataKeyOf("D4.MOO")).toBe("D4");
    expect(metadataKeyOf("metadata.json")).toBeUndefined();
  });
});

describe("reading a broken metadata.json", () => {
  it("names the bad field", () => {
    const bad = JSON.stringify({ opcodes: { "80": { reg: { "1": { status: "normal", "flags-mask": "ffef" } } } } });
    expect(() => parseMetadata(bad)).toThrow(
      new UserError('metadata.json: opcodes.80.reg.1.flags-mask: expected an integer 0..65535, found "ffef"'),
    );
    expect(() => parseMetadata(JSON.stringify({ opcodes: { "00": {} } }))).toThrow(
      new UserError("metadata.json: opcodes.00.status: expected a string, found nothing"),
    );
    expect(() => parseMetadata("[]")).toThrow(UserError);
  });

  it("reports text that is not JSON", () => {
    expect(() => parseMetadata("{ opcodes: ")).toThrow(/^metadata\.json: not valid JSON \(/);
  });
});

describe("the revocation list", () => {
  it("reads the slice's list: comments only, so nothing is revoked", () => {
    const revoked = parseRevocationList(readFileSync(listing.revocationListPath!, "utf8"));
    expect([...revoked]).toEqual([]);
  });

  it("finds revoked tests in a file by hash, whatever the case and line endings", () => {
    // The hash of test 0 of 00.MOO.gz as printed in upstream's README, written in capitals.
    const text = "# revoked\r\n\r\n626BE5084B331080EB08256C12A62D24AFDF2A03\r\n  # another comment\n";
    const revoked = parseRevocationList(text);
    const file = loadMooFile(listing.files.find((f) => f.key === "00")!.path);
    expect(file.tests.filter((t) => revoked.has(t.hash)).map((t) => t.index)).toEqual([0]);
  });

  it("rejects a line that is not a hash, naming the line", () => {
    expect(() => parseRevocationList("# ok\n626be5084b331080eb08256c12a62d24afdf2a0\n")).toThrow(
      new UserError("revocation_list.txt: line 2: '626be5084b331080eb08256c12a62d24afdf2a0' is not a SHA-1 hash (40 hex digits)"),
    );
  });
});
