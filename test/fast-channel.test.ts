// The shared-memory records of an epoch's requests and replies between the harness and a module
// worker (src/node/fast-channel.ts): what goes as a record must come out as the same plain data
// a message would have carried; anything else must be left to a message.
import { describe, expect, it } from "vitest";
import { FastChannel, RING } from "../src/node/fast-channel";
import { digest } from "../src/harness/epoch-hash";
import type { HostReport, HostRequest, RunReply } from "../src/harness/host-ops";
import { parseFault } from "../src/faults/spec";

const report: HostReport = { cycle: 2 ** 40 + 12345, status: 3, journalLength: 4095, outBytes: 0xfffffff0, corrected: 7, mceKind: 2, mceAddr: 0xdeadbeef };
const noPort = () => {
  throw new Error("read the port");
};

describe("fast channel records", () => {
  it("carries checkpoint, report and fault-free run requests, in every slot of the ring", () => {
    const c = new FastChannel();
    const reqs: HostRequest[] = [
      { op: "checkpoint" },
      { op: "run", target: 2 ** 33 + 65536, faults: [], run: true, epochEnd: 2 ** 33 + 65536, hash: true, next: 2 ** 33 + 131072 },
      { op: "report" },
      { op: "run", target: 17, faults: [], run: false, epochEnd: 65536, hash: true },
      { op: "run", target: 0, faults: [], run: true, epochEnd: 0, hash: false },
    ];
    // Round the ring twice and more: every record slot is written over.
    for (let n = 1; n <= 2 * RING + 1; n++) {
      const r = reqs[n % reqs.length];
      expect(c.putRequest(n, r, n % 3)).toBe(true);
      expect(c.takeRequest(n)).toEqual({ slot: n % 3, req: r });
    }
  });

  it("leaves requests with faults or anything else to messages", () => {
    const c = new FastChannel();
    const fault = parseFault("reg@5000/B:reg=eax,bit=3");
    expect(c.putRequest(1, { op: "run", target: 9, faults: [fault], run: true, epochEnd: 9, hash: true })).toBe(false);
    expect(c.takeRequest(1)).toBeNull();
    expect(c.putRequest(2, { op: "journal" })).toBe(false);
    expect(c.takeRequest(2)).toBeNull();
  });

  it("carries run replies with or without a hash, reports and a checkpoint's nothing", () => {
    const c = new FastChannel();
    const run: HostRequest = { op: "run", target: 1, faults: [], run: true, epochEnd: 1, hash: true };
    const hashed: RunReply = { report, acts: [], pulled: false, hash: digest(0x00ff00ff, 0xdeadbeef) };
    const bare: RunReply = { report: { ...report, cycle: 0 }, acts: [], pulled: true };
    expect(c.putReply(1, run, hashed)).toBe(true);
    expect(c.takeReply(1, noPort)).toEqual(hashed);
    expect(c.putReply(2, run, bare)).toBe(true);
    expect(c.takeReply(2, noPort)).toEqual(bare);
    expect(c.putReply(3, { op: "report" }, report)).toBe(true);
    expect(c.takeReply(3, noPort)).toEqual(report);
    expect(c.putReply(4, { op: "checkpoint" }, undefined)).toBe(true);
    expect(c.takeReply(4, noPort)).toBeUndefined();
  });

  it("leaves replies with fault actions, or other replies, to messages", () => {
    const c = new FastChannel();
    const run: HostRequest = { op: "run", target: 1, faults: [], run: true, epochEnd: 1, hash: true };
    const acted: RunReply = { report, acts: [{ index: 0, at: 5, applied: true }], pulled: false };
    expect(c.putReply(1, run, acted)).toBe(false);
    expect(c.takeReply(1, () => "from the port")).toBe("from the port");
    expect(c.putReply(2, { op: "journal" }, new Uint32Array(4))).toBe(false);
    expect(c.takeReply(2, () => "from the port")).toBe("from the port");
  });

  it("is shared memory: a second view of the same buffer reads what the first wrote", () => {
    const a = new FastChannel();
    const b = new FastChannel(a.sab);
    const req: HostRequest = { op: "run", target: 123456789, faults: [], run: true, epochEnd: 131072, hash: false };
    a.putRequest(1, req, 2);
    expect(b.takeRequest(1)).toEqual({ slot: 2, req });
  });
});
