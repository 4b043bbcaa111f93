// The fault grammar: every kind parses to its fields; malformed specs are refused with one line
// naming the bad part, and the CLI exits 2.
import { describe, expect, it } from "vitest";
import { parseFault, formatFault } from "../src/faults/spec";
import { UserError } from "../src/errors";
import { lockstep86 } from "./support/cli";

describe("parseFault", () => {
  it("parses every kind, decimal and hex", () => {
    expect(parseFault("ram@0x10/A:addr=0x2000,bit=3")).toMatchObject({ kind: "ram", cycle: 16, module: "A", addr: 0x2000, bit: 3 });
    expect(parseFault("reg@5/b:reg=EFLAGS,bit=11")).toMatchObject({ kind: "reg", cycle: 5, module: "B", reg: "eflags", bit: 11 });
    expect(parseFault("disk@7/C:sector=3,byte=511,bit=7")).toMatchObject({ kind: "disk", sector: 3, byte: 511, bit: 7 });
    expect(parseFault("stuck@0/A:addr=100,bit=0,value=1")).toMatchObject({ kind: "stuck", addr: 100, value: 1 });
    for (const k of ["halt", "pull", "insert"]) expect(parseFault(`${k}@99/B`)).toMatchObject({ kind: k, cycle: 99, module: "B" });
  });

  it("formats back to what it parses", () => {
    for (const t of ["ram@1/A:addr=0x10,bit=1", "reg@2/B:reg=esp,bit=31", "disk@3/C:sector=4,byte=5,bit=6", "stuck@4/A:addr=0x20,bit=2,value=0", "pull@5/B"]) {
      expect(formatFault(parseFault(t))).toBe(t);
    }
  });

  const refused: Array<[string, RegExp]> = [
    ["ram", /expected KIND@CYCLE\/MOD/],
    ["flip@1/A", /unknown fault kind 'flip'/],
    ["ram@x1/A:addr=1,bit=1", /cycle 'x1' is not a number/],
    ["ram@1/D:addr=1,bit=1", /module 'D' is not A, B or C/],
    ["ram@1/A:addr=1", /ram needs bit=/],
    ["ram@1/A:addr=1,bit=8", /bit 8 is out of range \(0..7\)/],
    ["reg@1/A:reg=eax,bit=32", /bit 32 is out of range \(0..31\)/],
    ["reg@1/A:reg=r9,bit=1", /reg 'r9' is not one of/],
    ["ram@1/A:addr=zz,bit=1", /addr 'zz' is not a number/],
    ["ram@1/A:addr=1,bit=1,value=1", /ram takes addr, bit, not 'value'/],
    ["halt@1/A:bit=1", /halt takes no parameters/],
    ["ram@1/A:addr=1,addr=2,bit=1", /addr is given twice/],
    ["disk@1/A:sector=1,byte=512,bit=0", /byte 512 is out of range/],
    ["stuck@1/A:addr=1,bit=1,value=2", /value 2 is out of range \(0..1\)/],
    ["ram@1/A:addr1,bit=1", /'addr1' is not key=value/],
  ];
  for (const [spec, message] of refused) {
    it(`refuses ${spec}`, () => {
      expect(() => parseFault(spec)).toThrow(UserError);
      expect(() => parseFault(spec)).toThrow(message);
    });
  }
});

describe("lockstep86 run --inject", () => {
  it("exits 2 with one line naming the bad part", () => {
    const r = lockstep86(["run", "programs/bin/hello.elf", "--inject", "ram@1/A:addr=1,bit=9"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("lockstep86: --inject 'ram@1/A:addr=1,bit=9': bit 9 is out of range (0..7)\n");
    expect(r.stdout.length).toBe(0);
  });
  it("refuses a module the mode does not have, and addresses outside the machine", () => {
    const c = lockstep86(["run", "programs/bin/hello.elf", "--inject", "halt@1/C"]);
    expect(c.status).toBe(2);
    expect(c.stderr).toMatch(/module C does not exist in dmr mode/);
    const a = lockstep86(["run", "programs/bin/hello.elf", "--ram", "2M", "--inject", "ram@1/A:addr=0x200000,bit=1"]);
    expect(a.status).toBe(2);
    expect(a.stderr).toMatch(/addr 0x200000 is outside RAM/);
  });
});
