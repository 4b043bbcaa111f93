// The exclusion rules for the 286's own behaviour beyond the shared slice: POP to memory whose
// store faults, AAM 0, 8-bit IDIV with a quotient out of range, a frame holding SS for CS, and
// the length limit on C7 forms the generator recorded as "(bad)". Each test is written by hand
// as the 286 records it (its frames and results worked out from the instruction set and the
// hardware captures' pattern), never from the core's output: the core must fail it as recorded,
// and the rule must skip it only through its variant or its predicate. A case the rule does not
// cover runs as usual.
import { expect, it } from "vitest";
import { parseMoo } from "../src/moo/reader.js";
import { parseMetadata } from "../src/moo/metadata.js";
import { loadCoreWasm } from "../src/node/core-wasm.js";
import { ConformanceRunner } from "../src/conformance/index.js";
import { mooFile, type TestSpec } from "./support/moo-writer.js";

// Real mode: code at 1000:0100 (physical 0x10100), stack 2000:0100, data at 3000:0000. Every
// vector used leads to 0300:0000 (physical 0x3000), where a HLT waits.
const REGS = {
  ax: 0, bx: 0, cx: 0, dx: 0, cs: 0x1000, ss: 0x2000, ds: 0x3000, es: 0x4000,
  sp: 0x0100, bp: 0, si: 0, di: 0, ip: 0x0100, flags: 0x0002,
};
const vector = (n: number): Array<[number, number]> => [[n * 4, 0x00], [n * 4 + 1, 0x00], [n * 4 + 2, 0x00], [n * 4 + 3, 0x03], [0x3000, 0xf4]];
/** FLAGS, CS 1000 and IP 0100 (the faulting instruction) pushed below SS:top. */
const frame = (top: number, flags: number): Array<[number, number]> => [
  [0x20000 + top - 2, flags & 0xff], [0x20000 + top - 1, flags >> 8],
  [0x20000 + top - 4, 0x00], [0x20000 + top - 3, 0x10],
  [0x20000 + top - 6, 0x00], [0x20000 + top - 5, 0x01],
];

let index = 0;
function spec(bytes: number[], init: Partial<typeof REGS>, final: TestSpec["final"], ram: Array<[number, number]> = [], exception?: TestSpec["exception"]): TestSpec {
  index++;
  return {
    index, name: bytes.map((b) => b.toString(16)).join(" "), bytes, hash: index.toString(16).padStart(40, "0"),
    init: { regs: { ...REGS, ...init }, ram: [...bytes.map((b, k): [number, number] => [0x10100 + k, b]), ...ram] },
    final,
    ...(exception ? { exception } : {}),
  };
}

function run(key: string, test: TestSpec) {
  const moo = parseMoo(mooFile({ cpu: "C286", tests: [test] }));
  const runner = new ConformanceRunner(loadCoreWasm(), { metadata: parseMetadata({ opcodes: {} }), revoked: new Set() });
  const file = { name: `${key}.MOO`, key, preamble: moo };
  return { tally: runner.runFile(file, moo.tests), asRecorded: runner.check(file, moo.tests[0]) };
}

it("pop-memory-fault: the 286 pushes the #GP frame from SP + 2 when POP's store to DS:FFFF faults", () => {
  // pop word [bx] with BX = FFFF: the word at SS:0100 (1234) is popped, SP becomes 0102, the store
  // overruns DS and #GP (13) pushes FLAGS at 0100, CS at 00FE, IP at 00FC.
  const test = spec(
    [0x8f, 0x07, 0xf4], { bx: 0xffff },
    { regs: { cs: 0x0300, ip: 0x0001, sp: 0x00fc }, ram: frame(0x102, 0x0002) },
    [[0x20100, 0x34], [0x20101, 0x12], ...vector(13)],
    { number: 13, flagsAddress: 0x20100 },
  );
  const { tally, asRecorded } = run("8F", test);
  expect(asRecorded.map((d) => d.field)).toContain("sp"); // the 386 pushes from SP: 00FA
  expect(tally).toMatchObject({ failed: 0, skipped: 1, skippedBy: { "pop-memory-fault": 1 } });
  // A POP whose store succeeds is not the rule's.
  const fine = spec([0x8f, 0x07, 0xf4], { bx: 0x10 }, { regs: { ip: 0x0103, sp: 0x0102 }, ram: [[0x30010, 0x34], [0x30011, 0x12]] }, [[0x20100, 0x34], [0x20101, 0x12]]);
  expect(run("8F", fine).tally).toMatchObject({ passed: 1 });
});

it("aam-zero-flags: the 286 pushes FLAGS with SF, ZF and PF changed when AAM 0 raises #DE", () => {
  // aam 0 with AL = 34 (three bits set) and SF = ZF = PF = 1: the 286 leaves SF = ZF = 0 and PF =
  // 0 (AL's parity is odd) in the FLAGS it pushes and keeps; AX is unchanged. Vector 0.
  const test = spec(
    [0xd4, 0x00, 0xf4], { ax: 0x1234, flags: 0x00c6 },
    { regs: { cs: 0x0300, ip: 0x0001, sp: 0x00fa, flags: 0x0002 }, ram: frame(0x100, 0x0002) },
    vector(0),
    { number: 0, flagsAddress: 0x200fe },
  );
  const { tally, asRecorded } = run("D4", test);
  expect(asRecorded.map((d) => d.field)).toContain("flags"); // the 386 leaves C6 as it was
  expect(tally).toMatchObject({ failed: 0, skipped: 1, skippedBy: { "aam-zero-flags": 1 } });
});

it("idiv8-range: an 8-bit IDIV whose quotient does not fit, recorded without #DE, is skipped; one that fits runs", () => {
  // idiv bl: AX = 8C60 (-29600), BL = 67 (103): the quotient -287 does not fit in AL. The 286
  // recorded AL = 80, AH = E0 and no exception; the 386 raises #DE.
  const reg = spec([0xf6, 0xfb, 0xf4], { ax: 0x8c60, bx: 0x0067 }, { regs: { ax: 0xe080, ip: 0x0103 } });
  expect(run("F6.7", reg).asRecorded.length).toBeGreaterThan(0);
  expect(run("F6.7", reg).tally).toMatchObject({ failed: 0, skipped: 1, skippedBy: { "idiv8-range": 1 } });
  // The divisor in memory: idiv byte [bx] with DS:0010 = 67.
  const mem = spec([0xf6, 0x3f, 0xf4], { ax: 0x8c60, bx: 0x0010 }, { regs: { ax: 0xe080, ip: 0x0103 } }, [[0x30010, 0x67]]);
  expect(run("F6.7", mem).tally).toMatchObject({ skipped: 1, skippedBy: { "idiv8-range": 1 } });
  // -256 / 2 = -128 fits: AL = 80, AH = 0, and the rule leaves the test alone.
  const fits = spec([0xf6, 0xfb, 0xf4], { ax: 0xff00, bx: 0x0002 }, { regs: { ax: 0x0080, ip: 0x0103 } });
  expect(run("F6.7", fits).tally).toMatchObject({ passed: 1, skipped: 0 });
});

it("frame-ss-for-cs: a frame whose CS word holds SS is skipped only if it passes with CS there", () => {
  // int 3Bh at 1000:0100 with SS:SP = 2000:0100: FLAGS 0002 at 200FE, then the CS word at 200FC,
  // then IP 0102 at 200FA; vector 3B leads to 0300:0000.
  const intFrame = (csWord: number): Array<[number, number]> => [
    [0x200fe, 0x02], [0x200ff, 0x00], [0x200fc, csWord & 0xff], [0x200fd, csWord >> 8], [0x200fa, 0x02], [0x200fb, 0x01],
  ];
  const recorded = (csWord: number, ip = 0x0001) => spec(
    [0xcd, 0x3b, 0xf4], {},
    { regs: { cs: 0x0300, ip, sp: 0x00fa }, ram: intFrame(csWord) },
    vector(0x3b),
    { number: 0x3b, flagsAddress: 0x200fe },
  );
  const ssForCs = run("CD", recorded(0x2000));
  expect(ssForCs.asRecorded.map((d) => d.field)).toEqual(["ram[0x200fd]"]); // the 386 pushes 1000: 10, not 20
  expect(ssForCs.tally).toMatchObject({ failed: 0, skipped: 1, skippedBy: { "frame-ss-for-cs": 1 } });
  // The frame as the 386 writes it passes; a CS word that is neither CS nor SS is not the rule's.
  expect(run("CD", recorded(0x1000)).tally).toMatchObject({ passed: 1, skipped: 0 });
  expect(run("CD", recorded(0x5555)).tally).toMatchObject({ failed: 1, skipped: 0 });
  // SS for CS with anything else wrong too (here the handler's IP) still fails.
  expect(run("CD", recorded(0x2000, 0x0002)).tally).toMatchObject({ failed: 1, skipped: 0 });
});

it("long-instruction: C7 /7 recorded as (bad) counts its displacement and immediate toward the 10-byte limit", () => {
  // es ds es ds cs + C7 B9 (reg 7, [bx+di+disp16]) + disp16 + imm16 is 11 bytes: the 286 raises
  // #GP (13) with IP at the first prefix; the recorded bytes stop after the ModR/M byte and the
  // displacement's first byte (F4), so they alone say 8. The 386 raises #UD (6) for C7 /7.
  const bytes = [0x26, 0x3e, 0x26, 0x3e, 0x2e, 0xc7, 0xb9, 0xf4];
  const tail: Array<[number, number]> = [[0x10108, 0x12], [0x10109, 0x34], [0x1010a, 0x56]];
  const long = spec(
    bytes, {},
    { regs: { cs: 0x0300, ip: 0x0001, sp: 0x00fa }, ram: frame(0x100, 0x0002) },
    [...tail, ...vector(13)],
    { number: 13, flagsAddress: 0x200fe },
  );
  const { tally, asRecorded } = run("C7", long);
  expect(asRecorded.length).toBeGreaterThan(0);
  expect(tally).toMatchObject({ failed: 0, skipped: 1, skippedBy: { "long-instruction": 1 } });
  // With one prefix the same form is 7 bytes: the 286 raises #UD as the 386 does, and it runs.
  const short = spec(
    [0x2e, 0xc7, 0xb9, 0xf4], {},
    { regs: { cs: 0x0300, ip: 0x0001, sp: 0x00fa }, ram: frame(0x100, 0x0002) },
    [[0x10104, 0x12], [0x10105, 0x34], [0x10106, 0x56], ...vector(6)],
    { number: 6, flagsAddress: 0x200fe },
  );
  expect(run("C7", short).tally).toMatchObject({ passed: 1, skipped: 0 });
});
