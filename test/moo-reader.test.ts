// The reader on synthetic files built by test/support/moo-writer.ts: what it returns, what it
// skips, and how it fails.
import { describe, expect, it } from "vitest";
import { UserError } from "../src/errors.js";
import { errorOf } from "./support/user-error.js";
import { iterateTests, parseMoo, readMooPreamble } from "../src/moo/reader.js";
import {
  chunk, concat, headerChunk, metaChunk, mooFile, registersPayload, testChunk, u16, u32,
  type FileSpec, type TestSpec,
} from "./support/moo-writer.js";

const LABEL = "t.MOO";
const HASH_A = "00112233445566778899aabbccddeeff00112233";
const HASH_B = "ffeeddccbbaa99887766554433221100ffeeddcc";

const addTest: TestSpec = {
  index: 0,
  name: "add [bx+0Eh],bl",
  bytes: [0x00, 0x5f, 0x0e, 0xf4],
  init: {
    regs: { ax: 1, bx: 2, cx: 3, dx: 4, cs: 0xf000, ss: 0x30, ds: 0x40, es: 0x50, sp: 0x100, bp: 6, si: 7, di: 8, ip: 0xfff0, flags: 0xf002 },
    ram: [[0xffff0, 0x00], [0xfff00 + 0xff1, 0x5f], [0x1000000 - 1, 0xff]],
    queue: [0x90, 0x90],
  },
  final: { regs: { ip: 0xfff4, flags: 0xf093 }, masks: { flags: 0xffef }, ram: [[0x410, 1]], queue: [] },
  exception: { number: 13, flagsAddress: 0x3fe },
  hash: HASH_A,
  generator: { seed: 0xfedcba9876543210n, count: 2 },
};

const wideTest: TestSpec = {
  index: 1,
  name: "mov eax,ebx",
  bytes: [0x66, 0x89, 0xd8, 0xf4],
  init: {
    regs32: { cr0: 0x7ffffff0, eax: 0xffffffff, ebx: 0x80000000, cs: 0xdead0123, eip: 0x100, eflags: 2, dr7: 0x400 },
    ram: [],
  },
  final: { regs32: { eax: 0x80000000, eip: 0x104 }, masks32: { eflags: 0xfffff7ff }, ram: [] },
  hash: HASH_B,
};

const spec: FileSpec = {
  meta: { setMajor: 1, setMinor: 2, cpuType: 6, opcode: 0x80, mnemonic: "add", testCount: 5000, seed: 0xdeadbeefn, cpuMode: 0 },
  masks: { flags: 0xf7ff },
  tests: [addTest, wideTest],
};

/** What the reader should return for `spec`, written out by hand from the spec above. */
const expected = {
  header: { major: 1, minor: 1, count: 2, cpu: "C286" },
  meta: { setMajor: 1, setMinor: 2, cpuType: 6, opcode: 0x80, mnemonic: "add", testCount: 5000, seed: 0xdeadbeefn, cpuMode: 0 },
  masks: { flags: 0xf7ff },
  tests: [
    {
      index: 0,
      name: "add [bx+0Eh],bl",
      bytes: Uint8Array.of(0x00, 0x5f, 0x0e, 0xf4),
      init: {
        regs: addTest.init.regs,
        ram: [[0xffff0, 0x00], [0xfff00 + 0xff1, 0x5f], [0xffffff, 0xff]],
        queue: Uint8Array.of(0x90, 0x90),
      },
      final: { regs: { ip: 0xfff4, flags: 0xf093 }, masks: { flags: 0xffef }, ram: [[0x410, 1]], queue: new Uint8Array(0) },
      exception: { number: 13, flagsAddress: 0x3fe },
      hash: HASH_A,
      generator: { seed: 0xfedcba9876543210n, count: 2 },
    },
    {
      index: 1,
      name: "mov eax,ebx",
      bytes: Uint8Array.of(0x66, 0x89, 0xd8, 0xf4),
      // The upper half of a segment register's 32-bit slot is ignored: cs 0xdead0123 → 0x0123.
      init: { regs: { cr0: 0x7ffffff0, eax: 0xffffffff, ebx: 0x80000000, cs: 0x0123, eip: 0x100, eflags: 2, dr7: 0x400 }, ram: [] },
      final: { regs: { eax: 0x80000000, eip: 0x104 }, masks: { eflags: 0xfffff7ff }, ram: [] },
      hash: HASH_B,
    },
  ],
};

/** Drops the offsets, which depend on the layout rather than on the content. */
const content = (file: ReturnType<typeof parseMoo>) => ({
  ...file,
  tests: file.tests.map(({ offset: _offset, ...test }) => test),
});

const parse = (bytes: Uint8Array) => parseMoo(bytes, { label: LABEL });

describe("reading a MOO file", () => {
  it("decodes header, META, file masks, 16- and 32-bit registers, masks, RAM, queue, EXCP, GMET and HASH", () => {
    expect(content(parse(mooFile(spec)))).toEqual(expected);
  });

  it("records where each test starts", () => {
    const bytes = mooFile(spec);
    const offsets = parse(bytes).tests.map((t) => t.offset);
    for (const offset of offsets) expect(String.fromCharCode(...bytes.subarray(offset, offset + 4))).toBe("TEST");
    expect(offsets[0]).toBe(headerChunk(spec).length + metaChunk(spec.meta!).length + 8 + 2 + 2);
  });

  it("skips chunks it does not know, at every level", () => {
    const odd = (id: string) => chunk(id, Uint8Array.of(1, 2, 3));
    const withExtras: FileSpec = {
      ...spec,
      extra: [odd("ZZZZ")],
      tests: [
        {
          ...addTest,
          // CYCL: one 15-byte bus cycle, as upstream's full files carry inside each TEST.
          leading: [odd("IDX "), chunk("CYCL", concat(u32(1), new Uint8Array(15)))],
          init: { ...addTest.init, extra: [odd("EA32"), odd("????")] },
          final: { ...addTest.final, extra: [odd("NEW!")] },
        },
        wideTest,
      ],
    };
    expect(content(parse(mooFile(withExtras)))).toEqual(expected);
  });

  it("accepts chunks that grew, reading the fields it knows and skipping the rest", () => {
    const grown: FileSpec = {
      ...spec,
      grow: { "MOO ": 4, META: 9 },
      tests: [
        { ...addTest, grow: { NAME: 3, BYTS: 1, EXCP: 6, HASH: 2, GMET: 5 }, init: { ...addTest.init, grow: { REGS: 2, "RAM ": 5, QUEU: 1 } } },
        { ...wideTest, final: { ...wideTest.final, grow: { RG32: 4, RM32: 4 } } },
      ],
    };
    expect(content(parse(mooFile(grown)))).toEqual(expected);
  });

  it("reads a file with no tests", () => {
    expect(parse(mooFile({ tests: [] })).tests).toEqual([]);
  });

  it("iterates the same tests as it parses, decoding each only when reached", () => {
    const bytes = mooFile(spec);
    expect([...iterateTests(bytes)]).toEqual(parse(bytes).tests);
    // A damaged second test does not stop the first from being delivered.
    const damaged = concat(headerChunk(spec), testChunk(addTest), testChunk({ ...wideTest, omit: ["HASH"] }));
    const iterator = iterateTests(damaged, { label: LABEL });
    expect(iterator.next().value?.name).toBe(addTest.name);
    expect(() => iterator.next()).toThrow(UserError);
  });

  it("reads the preamble without decoding tests", () => {
    const bytes = concat(headerChunk(spec), metaChunk(spec.meta!), chunk("TEST", Uint8Array.of(1)));
    expect(readMooPreamble(bytes)).toEqual({ header: { ...expected.header }, meta: expected.meta });
  });
});

describe("reading a damaged MOO file", () => {
  const good = mooFile(spec);

  it("reports a cut at any byte as a UserError naming the file and an offset inside it", () => {
    for (let cut = 0; cut < good.length; cut++) {
      const error = errorOf(() => parse(good.subarray(0, cut)));
      const match = /^t\.MOO: offset (\d+): \S/.exec(error.message);
      expect(match, `cut at ${cut}: ${error.message}`).not.toBeNull();
      expect(Number(match![1]), `cut at ${cut}: ${error.message}`).toBeLessThanOrEqual(cut);
    }
  });

  it("reports random byte damage as a UserError or reads it, never another exception", () => {
    let state = 0x2545f491; // xorshift32: the same damage on every run
    const next = () => ((state ^= state << 13), (state ^= state >>> 17), (state ^= state << 5), state >>> 0);
    let errors = 0;
    for (let round = 0; round < 3000; round++) {
      const bytes = good.slice();
      for (let n = 1 + (next() % 3); n > 0; n--) bytes[next() % bytes.length] = next() & 0xff;
      try {
        parse(bytes);
      } catch (error) {
        expect(error, String(error)).toBeInstanceOf(UserError);
        expect((error as Error).message).toMatch(/^t\.MOO: offset \d+: /);
        errors++;
      }
    }
    expect(errors).toBeGreaterThan(1000);
  });

  it("names a TEST chunk whose length runs past the end of the file", () => {
    const header = headerChunk({ tests: [addTest] });
    const test = testChunk(addTest);
    const bytes = concat(header, chunk("TEST", test.subarray(8), 9000));
    expect(errorOf(() => parse(bytes)).message).toBe(
      `t.MOO: offset ${header.length}: chunk 'TEST' length 9000 runs past the end of the file (${bytes.length} bytes)`,
    );
  });

  it("names a sub-chunk that runs past its parent", () => {
    const regs = registersPayload(16, addTest.init.regs!);
    const init = chunk("INIT", chunk("REGS", regs, regs.length + 1));
    const test = chunk("TEST", concat(u32(0), init));
    const bytes = concat(headerChunk({ tests: [addTest] }), test);
    const initAt = bytes.length - init.length;
    expect(errorOf(() => parse(bytes)).message).toBe(
      `t.MOO: offset ${initAt + 8}: chunk 'REGS' length ${regs.length + 1} runs past the end of its parent 'INIT' (offset ${bytes.length})`,
    );
  });

  it("rejects a file that is not MOO, or gzip data not yet decompressed", () => {
    expect(errorOf(() => parse(Uint8Array.of(0x50, 0x4b, 3, 4, 0, 0, 0, 0))).message).toBe(
      "t.MOO: offset 0: not a MOO file: it starts with chunk 'PK\\x03\\x04', expected chunk 'MOO '",
    );
    expect(errorOf(() => parse(new Uint8Array(0))).message).toMatch(/offset 0: not a MOO file: it starts with only 0 bytes/);
    expect(errorOf(() => parse(Uint8Array.of(0x1f, 0x8b, 8, 0))).message).toMatch(/offset 0: this is gzip-compressed data/);
  });

  it("rejects an unknown major version and a short header", () => {
    expect(errorOf(() => parse(mooFile({ ...spec, major: 2 }))).message).toBe(
      "t.MOO: offset 8: MOO version 2.1 is not supported (this reader reads 1.x)",
    );
    const short = chunk("MOO ", concat(Uint8Array.of(1, 1), u16(0), u32(0)));
    expect(errorOf(() => parse(short)).message).toBe(
      "t.MOO: offset 16: chunk 'MOO ' is too short: the CPU id needs 4 bytes, 0 left",
    );
  });

  it("rejects a header whose test count disagrees with the tests present", () => {
    const bytes = mooFile({ ...spec, count: 3 });
    expect(errorOf(() => parse(bytes)).message).toBe(
      `t.MOO: offset ${bytes.length}: the header announces 3 tests but the file holds 2`,
    );
  });

  it("rejects a test that lacks a required chunk, or repeats one", () => {
    const missing = mooFile({ tests: [{ ...addTest, omit: ["NAME", "HASH"] }] });
    expect(errorOf(() => parse(missing)).message).toBe(
      `t.MOO: offset ${headerChunk({ tests: [addTest] }).length}: test 0 lacks its 'NAME', 'HASH' chunks`,
    );
    const twice = mooFile({ tests: [{ ...addTest, leading: [chunk("HASH", new Uint8Array(20))] }] });
    expect(errorOf(() => parse(twice)).message).toMatch(/^t\.MOO: offset \d+: second 'HASH' chunk in 'TEST'$/);
  });

  it("rejects register bitmasks with bits that name no register", () => {
    const regs = concat(u16(0x4001), u16(7), u16(7));
    const bytes = concat(headerChunk({ tests: [addTest] }), chunk("TEST", concat(u32(0), chunk("INIT", chunk("REGS", regs)))));
    expect(errorOf(() => parse(bytes)).message).toMatch(
      /offset \d+: chunk 'REGS' bitmask 0x4001 sets bits past 'flags' \(bit 13\), which name no register$/,
    );
  });

  it("rejects counts that promise more than the chunk holds", () => {
    const ram = chunk("RAM ", concat(u32(1000), new Uint8Array(10)));
    const test = chunk("TEST", concat(u32(0), chunk("INIT", ram)));
    const bytes = concat(headerChunk({ tests: [addTest] }), test);
    expect(errorOf(() => parse(bytes)).message).toMatch(/1000 RAM entries need 5000 bytes, the chunk holds 10$/);
    const name = chunk("TEST", concat(u32(0), chunk("NAME", concat(u32(99), Uint8Array.of(0x61)))));
    expect(errorOf(() => parse(concat(headerChunk({ tests: [addTest] }), name))).message).toMatch(
      /name length 99 exceeds the 1 bytes left in chunk 'NAME'$/,
    );
  });

  it("rejects chunk ids that are not printable text", () => {
    const bytes = concat(headerChunk({ tests: [] }), Uint8Array.of(0, 0xff, 0x41, 0x42), u32(0));
    expect(errorOf(() => parse(bytes)).message).toBe(
      "t.MOO: offset 20: bad chunk id '\\x00\\xffAB' (not printable ASCII)",
    );
  });
});
