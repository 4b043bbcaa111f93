// The shared memory between the harness and a module worker: counters (requests posted, replies
// posted, which the harness waits on, and wake-ups, which an idle worker sleeps on), and rings of
// records for the requests and replies of every epoch (checkpoint, run, report). At the default epoch a module runs an epoch in about
// 0.1 ms, and a message through a MessagePort each way (structured clone, a port to read) cost
// a quarter of that; a record costs a few stores. Anything else (faults to apply, fault actions,
// journals, state) still goes as a message, its record saying so. A module that runs ahead
// publishes each epoch's reply in a ring of its own, from which the harness takes it without
// waking the worker (run-ahead.ts).
import type { HostReport, HostRequest, RunReply } from "../harness/host-ops";
import { AHEAD_MAX } from "../harness/run-ahead";
import { digest, digestWords } from "../harness/epoch-hash";

export const REQUESTS = 0;
export const REPLIES = 1;
export const SPIN = 2; // how many times a thread looks at a counter before it sleeps on it
const WAKE = 3; // bumped at every request and take: what an idle worker sleeps on
const PUBLISHED = 4; // + slot: epochs run ahead and published, counted as TAKEN counts
const TAKEN = 7; // + slot: epochs the harness took from the ring
const SLOTS = 3;

/** Requests and replies under way at once in one worker: for each module it holds (two at most),
 *  the harness sends at most a checkpoint ahead of a request. */
export const RING = 8;
const REQ_WORDS = 12; // i32 op, i32 run, f64 target (words 2-3), f64 epochEnd (words 4-5), i32 slot, i32 hash, f64 next (words 8-9; 0: none), f64 limit (10-11; 0: none)
const REPLY_WORDS = 16; // i32 kind, pulled, hasHash, hashA, hashB, status, journalLength, outBytes, corrected, mceKind, mceAddr, -, f64 cycle (word 12)
const AHEAD_WORDS = 2 + REPLY_WORDS; // f64 target, then the reply as a run reply's record
const HEADER_WORDS = 10;
const REQ_BASE = HEADER_WORDS;
const REPLY_BASE = REQ_BASE + RING * REQ_WORDS;
const AHEAD_BASE = REPLY_BASE + RING * REPLY_WORDS;
const TOTAL_WORDS = AHEAD_BASE + SLOTS * AHEAD_MAX * AHEAD_WORDS;

// Record kinds (0: the request or reply is the next message on the port).
const VIA_PORT = 0;
const CHECKPOINT = 1;
const RUN = 2;
const REPORT = 3;
const NOTHING = 1; // reply: undefined (a checkpoint's)
const RUN_REPLY = 2; // reply: a RunReply with no fault actions and a hash, or none
const REPORT_REPLY = 3; // reply: a HostReport

export class FastChannel {
  readonly i32: Int32Array;
  private readonly f64: Float64Array;

  constructor(readonly sab = new SharedArrayBuffer(TOTAL_WORDS * 4)) {
    this.i32 = new Int32Array(sab);
    this.f64 = new Float64Array(sab);
  }

  /** Writes request number `n` (1-based), for the module of slot `slot`, as a record if it has
   *  one; false: send it as a message. */
  putRequest(n: number, req: HostRequest, slot = 0): boolean {
    const w = REQ_BASE + ((n - 1) % RING) * REQ_WORDS;
    this.i32[w + 6] = slot;
    let op = VIA_PORT;
    if (req.op === "checkpoint") op = CHECKPOINT;
    else if (req.op === "report") op = REPORT;
    else if (req.op === "run" && req.faults.length === 0) {
      op = RUN;
      this.i32[w + 1] = req.run ? 1 : 0;
      this.i32[w + 7] = req.hash ? 1 : 0;
      this.f64[w / 2 + 1] = req.target;
      this.f64[w / 2 + 2] = req.epochEnd;
      this.f64[w / 2 + 4] = req.next ?? 0;
      this.f64[w / 2 + 5] = req.limit ?? 0;
    }
    this.i32[w] = op;
    return op !== VIA_PORT;
  }

  /** Request number `n` and its module's slot, or null if it is a message on the port. */
  takeRequest(n: number): { slot: number; req: HostRequest } | null {
    const w = REQ_BASE + ((n - 1) % RING) * REQ_WORDS;
    const slot = this.i32[w + 6];
    switch (this.i32[w]) {
      case CHECKPOINT:
        return { slot, req: { op: "checkpoint" } };
      case REPORT:
        return { slot, req: { op: "report" } };
      case RUN: {
        const next = this.f64[w / 2 + 4];
        const limit = this.f64[w / 2 + 5];
        return {
          slot,
          req: { op: "run", target: this.f64[w / 2 + 1], faults: [], run: this.i32[w + 1] === 1, epochEnd: this.f64[w / 2 + 2], hash: this.i32[w + 7] === 1, next: next || undefined, limit: limit || undefined },
        };
      }
      default:
        return null;
    }
  }

  /** Writes reply number `n` as a record if it fits one; false: post it as a message. */
  putReply(n: number, req: HostRequest, value: unknown): boolean {
    const w = REPLY_BASE + ((n - 1) % RING) * REPLY_WORDS;
    let kind = VIA_PORT;
    if (req.op === "checkpoint") kind = NOTHING;
    else if (req.op === "report") {
      kind = REPORT_REPLY;
      this.putReport(w, value as HostReport);
    } else if (req.op === "run" && this.putRunReply(w, value as RunReply)) kind = RUN_REPLY;
    this.i32[w] = kind;
    return kind !== VIA_PORT;
  }

  // A run's reply as a record, if it fits one (no fault actions; a digest or none).
  private putRunReply(w: number, r: RunReply): boolean {
    const words = r.hash === undefined ? undefined : digestWords(r.hash);
    if (r.acts.length !== 0 || (r.hash !== undefined && !words)) return false;
    this.putReport(w, r.report);
    this.i32[w + 1] = r.pulled ? 1 : 0;
    this.i32[w + 2] = words ? 1 : 0;
    if (words) {
      this.i32[w + 3] = words[0] | 0;
      this.i32[w + 4] = words[1] | 0;
    }
    return true;
  }
  private takeRunReply(w: number): RunReply {
    const reply: RunReply = { report: this.takeReport(w), acts: [], pulled: this.i32[w + 1] === 1 };
    if (this.i32[w + 2]) reply.hash = digest(this.i32[w + 3], this.i32[w + 4]);
    return reply;
  }

  // ---- epochs run ahead (a worker publishes, the harness takes) ----
  private aheadAt(slot: number, seq: number): number {
    return AHEAD_BASE + (slot * AHEAD_MAX + (seq % AHEAD_MAX)) * AHEAD_WORDS;
  }
  /** The worker: epoch number `seq` of slot `slot` (counted as takes are) ran ahead to `target`
   *  and gave `reply`; false if the reply has no record (then it is not published). */
  publish(slot: number, seq: number, target: number, reply: RunReply): boolean {
    const w = this.aheadAt(slot, seq);
    if (!this.putRunReply(w + 2, reply)) return false;
    this.f64[w / 2] = target;
    return true;
  }
  /** The worker: epochs up to number `n` (exclusive) are published. */
  setPublished(slot: number, n: number): void {
    Atomics.store(this.i32, PUBLISHED + slot, n);
  }
  published(slot: number): number {
    return Atomics.load(this.i32, PUBLISHED + slot);
  }
  taken(slot: number): number {
    return Atomics.load(this.i32, TAKEN + slot);
  }
  /** The harness: the next epoch's target, if it has been published. */
  nextAhead(slot: number): number | undefined {
    const n = this.taken(slot);
    return this.published(slot) > n ? this.f64[this.aheadAt(slot, n) / 2] : undefined;
  }
  /** The harness takes the next published epoch's reply. */
  take(slot: number): RunReply {
    const reply = this.takeRunReply(this.aheadAt(slot, this.taken(slot)) + 2);
    Atomics.add(this.i32, TAKEN + slot, 1);
    this.wake();
    return reply;
  }
  wake(): void {
    Atomics.add(this.i32, WAKE, 1);
    Atomics.notify(this.i32, WAKE);
  }
  /** The worker: how often it has been woken so far, to sleep on. */
  get wakes(): number {
    return Atomics.load(this.i32, WAKE);
  }
  /** The worker: sleeps until woken after `seen`, looking `spins` times first. */
  sleep(seen: number, spins: number): void {
    while (spins-- > 0) if (Atomics.load(this.i32, WAKE) !== seen) return;
    Atomics.wait(this.i32, WAKE, seen);
  }

  /** Reply number `n`; `port` reads the next message when the reply is one. */
  takeReply(n: number, port: () => unknown): unknown {
    const w = REPLY_BASE + ((n - 1) % RING) * REPLY_WORDS;
    switch (this.i32[w]) {
      case NOTHING:
        return undefined;
      case REPORT_REPLY:
        return this.takeReport(w);
      case RUN_REPLY:
        return this.takeRunReply(w);
      default:
        return port();
    }
  }

  private putReport(w: number, r: HostReport): void {
    this.i32[w + 5] = r.status;
    this.i32[w + 6] = r.journalLength;
    this.i32[w + 7] = r.outBytes;
    this.i32[w + 8] = r.corrected;
    this.i32[w + 9] = r.mceKind;
    this.i32[w + 10] = r.mceAddr;
    this.f64[w / 2 + 6] = r.cycle;
  }
  private takeReport(w: number): HostReport {
    const u = (v: number) => v >>> 0;
    return {
      cycle: this.f64[w / 2 + 6], status: u(this.i32[w + 5]), journalLength: u(this.i32[w + 6]), outBytes: u(this.i32[w + 7]),
      corrected: u(this.i32[w + 8]), mceKind: u(this.i32[w + 9]), mceAddr: u(this.i32[w + 10]),
    };
  }

  /** Waits until counter `which` reaches `want`: looking a while first, then asleep. */
  waitFor(which: number, want: number): void {
    let spins = Atomics.load(this.i32, SPIN);
    for (;;) {
      const seen = Atomics.load(this.i32, which);
      if (seen >= want) return;
      if (spins-- > 0) continue;
      Atomics.wait(this.i32, which, seen);
    }
  }

  /** Whether request number `n` has been posted. */
  posted(n: number): boolean {
    return Atomics.load(this.i32, REQUESTS) >= n;
  }

  /** The harness: one more request is posted. */
  announce(): void {
    Atomics.add(this.i32, REQUESTS, 1);
    this.wake();
  }

  bump(which: number): void {
    Atomics.add(this.i32, which, 1);
    Atomics.notify(this.i32, which);
  }
}
