// Running ahead: a module in a thread of its own goes on into its next epochs as soon as it has
// finished one, while the harness is still settling that one (comparing, committing output, waking
// up), instead of idling until the next run request arrives. Several epochs deep, so that a pause
// of either thread (a collection, a batch of translations, a wake-up from sleep) is absorbed by the
// epochs the other has in hand. What the harness sees does not change: an epoch run ahead is kept
// only when the harness goes on exactly as it guessed (the epoch before agreed and was
// checkpointed, and the next run asks for the same target with no fault striking in it); any other
// request first puts the module back where the last epoch the harness has seen ended, journal and
// all, as though it had never run ahead. Putting it back is a rollback (the journals undone, newest
// first, the saved state restored), the operation every divergence already relies on.
import * as L from "../../assembly/layout";
import { restoreState, saveState, type SavedState } from "./checkpoint";
import { runWithFaults } from "./injector";
import { epochHash } from "./epoch-hash";
import type { HostReport, HostRequest, ModuleServer, RunReply } from "./host-ops";

type RunRequest = Extract<HostRequest, { op: "run" }>;

/** One epoch run ahead: what running to `target` gave, and what puts the module back before it. */
export interface Ahead {
  target: number;
  reply: RunReply;
  end: SavedState; // the state where the epoch before ended
  journal: Uint8Array; // the epoch before's journal entries, set aside while this one ran
  checkpointed: boolean; // the harness checkpointed the epoch before: `end` is the checkpoint now
}

/** Epochs run ahead at most, and the journal bytes they may set aside: a wake-up from sleep on
 *  this project's 2-core machine took 1-1.5 ms, 15-60 epochs at the default epoch. */
export const AHEAD_MAX = 256;
const STASH_BYTES = 24 << 20;
const SPARE_MAX = 16;
const ENTRY = L.JOURNAL_ENTRY;

/** Whether run request `req` asks for what running ahead to `target` did: the same target, run to
 *  its end, and every fault it brings due at or after that target (so that none strikes or is
 *  passed over on the way). The harness's side of a module worker decides by the same rule. */
export function asksFor(req: RunRequest, target: number): boolean {
  return req.run && req.target === target && req.epochEnd === target && req.faults.every((f) => f.cycle >= target);
}

interface Chain {
  next: number; // the next epoch's target
  step: number; // epochs after it end this many cycles later ...
  limit: number; // ... up to this cycle (--max-cycles)
  checkpointed: boolean; // the harness checkpointed the epoch the next one follows
}

export class RunAhead {
  private readonly queue: Ahead[] = [];
  private chain?: Chain; // where the next epoch run ahead ends, while one may run
  private spare: Ahead[] = []; // buffers of epochs kept, to reuse (SPARE_MAX at most)
  private stashed = 0; // bytes of the buffers holding the queue's set-aside journals
  /** Epochs run ahead and kept; put back before the harness checkpointed the epoch before them
   *  (it diverged, stopped ...); put back after (the next run was not the one run ahead). */
  readonly count = { kept: 0, undone: 0, undoneAfterCheckpoint: 0 };

  constructor(readonly server: ModuleServer, private readonly depth = AHEAD_MAX) {}

  /** The epochs run ahead and not yet taken, oldest first. */
  get ahead(): readonly Ahead[] {
    return this.queue;
  }

  serve(req: HostRequest): unknown {
    const a = this.queue[0];
    if (a) {
      if (req.op === "checkpoint" && !a.checkpointed) {
        this.checkpointHead();
        return undefined;
      }
      if (req.op === "run" && a.checkpointed && asksFor(req, a.target)) return this.keepHead(req.hash);
      this.putBack(req.op !== "make");
    } else if (req.op === "checkpoint" && this.chain && !this.chain.checkpointed) {
      // Nothing run ahead yet: the chain goes on from the checkpoint.
      this.chain.checkpointed = true;
      return this.server.serve(req);
    }
    this.chain = undefined;
    const reply = this.server.serve(req);
    if (req.op === "run") this.startChain(req, reply as RunReply);
    return reply;
  }

  /** The harness checkpointed the epoch before the first one run ahead, and asked for that one: a
   *  checkpoint and a run request that asksFor() it, without the requests. */
  take(): RunReply {
    if (!this.queue[0].checkpointed) this.checkpointHead();
    return this.keepHead(true);
  }

  // The epoch agreed. The one-thread machine would clear the journal and save the state here: the
  // journal now holds later epochs' entries, and `end` is that state.
  private checkpointHead(): void {
    const a = this.queue[0];
    a.checkpointed = true;
    this.server.restore(a.end);
  }

  private keepHead(hash: boolean): RunReply {
    const a = this.queue.shift()!;
    this.stashed -= a.journal.buffer.byteLength;
    this.reuse(a);
    this.count.kept++;
    const reply = { ...a.reply };
    if (!hash) delete reply.hash;
    return reply;
  }

  // An epoch run to its end, compared with a partner, that stopped at its target with a next
  // epoch to go to, starts a chain of epochs to run ahead.
  private startChain(req: RunRequest, reply: RunReply): void {
    const m = this.server.module;
    if (!req.next || !req.run || !req.hash || req.target !== req.epochEnd || reply.pulled || reply.hash === undefined) return;
    if (!m || reply.report.status !== L.ST_CYCLE_LIMIT || reply.report.cycle !== req.epochEnd || m.cycle !== req.epochEnd || req.next <= m.cycle) return;
    this.chain = { next: req.next, step: req.next - req.epochEnd, limit: req.limit ?? req.next, checkpointed: false };
  }

  /** Whether an epoch may be run ahead now. */
  get ready(): boolean {
    return !!this.chain && this.queue.length < this.depth && this.stashed < STASH_BYTES;
  }

  /** Runs the next epoch now (call only when `ready`); what it gave, or undefined if it was put back. */
  runAhead(): Ahead | undefined {
    const m = this.server.module!;
    const c = this.chain!;
    const target = c.next;
    const entries = m.journalLength;
    const a = this.spare.pop() ?? ({ end: new Uint8Array(0), journal: new Uint8Array(0) } as unknown as Ahead);
    a.journal = stash(m, entries, a.journal);
    a.end = saveState(m, a.end);
    a.target = target;
    a.checkpointed = c.checkpointed;
    m.clearJournal();
    this.queue.push(a);
    this.stashed += a.journal.buffer.byteLength;
    try {
      const { acts, pulled } = runWithFaults(m, [], target, true);
      a.reply = { report: this.server.serve({ op: "report" }) as HostReport, acts, pulled };
      // As the server's run does: hashed once the module is done with the epoch.
      if (m.cycle >= target || m.status !== L.ST_CYCLE_LIMIT) a.reply.hash = epochHash(m, this.server.compare);
    } catch {
      // This epoch put back (the ones before it may have been taken already); the harness's own
      // request will meet the error again and report it.
      this.putBack(true, this.queue.length - 1);
      return undefined;
    }
    const r = a.reply.report;
    const more = r.status === L.ST_CYCLE_LIMIT && r.cycle === target && target < c.limit;
    this.chain = more ? { ...c, next: Math.min(target + c.step, c.limit), checkpointed: false } : undefined;
    return a;
  }

  // Buffers beyond a few are let go: a journal's buffer keeps the size of the largest it held.
  private reuse(a: Ahead): void {
    if (this.spare.length < SPARE_MAX) this.spare.push(a);
  }

  // Back to where the last epoch the harness was told of ended (or, from `from`, to where the
  // epoch before that one run ahead ended): the epochs run ahead undone, newest first, and, unless
  // the harness checkpointed that epoch (then it cleared the journal), its journal as it was.
  private putBack(restore: boolean, from = 0): void {
    const q = this.queue.splice(from);
    this.chain = undefined;
    for (const a of q) {
      this.stashed -= a.journal.buffer.byteLength;
      this.reuse(a);
    }
    if (q[0].checkpointed) this.count.undoneAfterCheckpoint += q.length;
    else this.count.undone += q.length;
    const m = this.server.module;
    if (!restore || !m) return;
    for (let i = q.length - 1; i >= 0; i--) {
      if (i < q.length - 1) unstash(m, q[i + 1].journal);
      m.exports.undoJournal(0);
    }
    restoreState(m, q[0].end);
    if (q[0].checkpointed) m.clearJournal();
    else unstash(m, q[0].journal);
  }
}

// The journal's entries, copied into `into` when it is large enough (kept epochs' buffers are reused).
function stash(m: { bytes: Uint8Array }, entries: number, into: Uint8Array): Uint8Array {
  const n = entries * ENTRY;
  const buf = into.buffer.byteLength >= n ? into.buffer : new ArrayBuffer(Math.max(n, 4096));
  const out = new Uint8Array(buf, 0, n);
  out.set(m.bytes.subarray(L.JOURNAL_BASE, L.JOURNAL_BASE + n));
  return out;
}

function unstash(m: { bytes: Uint8Array; setU32(addr: number, v: number): void }, journal: Uint8Array): void {
  m.bytes.set(journal, L.JOURNAL_BASE);
  m.setU32(L.S_JOURNAL_LEN, journal.length / ENTRY);
}
