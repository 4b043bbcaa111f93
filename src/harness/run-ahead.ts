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
// An epoch's journal is set aside where it is: the next epoch's entries go elsewhere in the
// module's memory (the lowest free place of a ring grown past everything else the module uses),
// so nothing is copied. A copy into the worker's heap had been a fifth of a worker's time (fib:
// 10,600 entries, 254 KB, an epoch).
import * as L from "../../assembly/layout";
import type { CpuModule } from "../core/module";
import { restoreState, saveState, type SavedState } from "./checkpoint";
import { runWithFaults } from "./injector";
import { epochHash } from "./epoch-hash";
import type { HostReport, HostRequest, ModuleServer, RunReply } from "./host-ops";

type RunRequest = Extract<HostRequest, { op: "run" }>;

/** Journal entries in a module's memory: `length` entries from byte `at`. */
export interface JournalWindow {
  at: number;
  length: number;
}

/** One epoch run ahead: what running to `target` gave, and what puts the module back before it. */
export interface Ahead {
  target: number;
  reply: RunReply;
  end: SavedState; // the state where the epoch before ended
  journal: JournalWindow; // the epoch before's journal entries, set aside while this one ran
  checkpointed: boolean; // the harness checkpointed the epoch before: `end` is the checkpoint now
}

/** Epochs run ahead at most, and the bytes of the ring their journals are left in: a wake-up
 *  from sleep on this project's 2-core machine took 1-1.5 ms, 15-60 epochs at the default epoch.
 *  The ring is small because each of its pages costs a page fault the first time it is written
 *  (16 us a 4 KiB page on that machine: 100 ms for a 24 MiB ring, paid by every new module),
 *  and a worker far ahead of the harness uses much of it. 6 MiB holds a full journal (1.5 MiB) and,
 *  beside it, 23 epochs' journals of crc32's first phase (8,192 entries an epoch). */
export const AHEAD_MAX = 256;
const RING_BYTES = 6 << 20;
// The least room an epoch run ahead is given, in journal entries (see room()).
const ROOM_MIN = 4096;
const SPARE_MAX = 16;
const ENTRY = L.JOURNAL_ENTRY;
const align = (at: number) => (at + 63) & ~63;

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
  private spare: Ahead[] = []; // epochs kept, their saved states' buffers to reuse (SPARE_MAX at most)
  private ring?: { m: CpuModule; start: number; end: number }; // where epochs' journals go
  private fullRoom = false; // the last epoch run ahead outgrew its room: the next gets a full journal's
  // Where `ready` found room for the next epoch, and what it found it among.
  private planned?: { m: CpuModule; room: number; at: number; held: number; journalAt: number; journalLength: number };
  /** Epochs run ahead and kept; put back before the harness checkpointed the epoch before them
   *  (it diverged, stopped ...); put back after (the next run was not the one run ahead); times
   *  an epoch's journal went below the one before it in the ring; epochs that outgrew their room
   *  and were run again. */
  readonly count = { kept: 0, undone: 0, undoneAfterCheckpoint: 0, wrapped: 0, outgrown: 0 };

  /** `ringBytes`: the ring's size (a test makes it small, with a small journal cap, to go round
   *  it); `roomMin`: the least room an epoch is given (a test makes it small, to outgrow it). */
  constructor(readonly server: ModuleServer, private readonly depth = AHEAD_MAX, private readonly ringBytes = RING_BYTES,
    private readonly roomMin = ROOM_MIN) {}

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
    this.journalHome();
    const reply = this.server.serve(req);
    if (req.op === "run") this.startChain(req, reply as RunReply);
    return reply;
  }

  // What the server does itself may fill a whole journal (S_JOURNAL_CAP entries), as on the
  // one-thread machine, and nothing is held then: the journal goes back to the module's own
  // place, entries and all. Left where an epoch run ahead put it, high in the ring, with room
  // for only that epoch's entries, a run went on past the end of the module's memory.
  private journalHome(): void {
    const m = this.server.module;
    if (!m || m.journalAt === L.JOURNAL_BASE) return;
    m.bytes.copyWithin(L.JOURNAL_BASE, m.journalAt, m.journalAt + m.journalLength * ENTRY);
    m.setJournal(L.JOURNAL_BASE, m.journalLength);
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

  /** Whether an epoch may be run ahead now. Where it would go is kept for runAhead(), which the
   *  worker calls next (the placement sorts every journal held: it was done twice an epoch). */
  get ready(): boolean {
    this.planned = undefined;
    if (!this.chain || this.queue.length >= this.depth) return false;
    const m = this.server.module!;
    const room = this.room(m);
    const at = this.place(m, room);
    if (at === undefined) return false;
    this.planned = { m, room, at, held: this.queue.length, journalAt: m.journalAt, journalLength: m.journalLength };
    return true;
  }

  // Journal entries the next epoch is given room for: twice as many as the last epoch wrote, and
  // some, not a full journal (the module's S_JOURNAL_CAP, 1.5 MiB by default). Reserving a full
  // journal at every place pushed the journals held up the ring, and every page of it a worker
  // touches is a page fault in each new module (crc32 in dmr: 17-21 ms of the worker's run).
  // An epoch that fills its room stops short (or a system call suspends), which a full journal
  // would not have made it do: it is put back and run again with a full journal's room.
  private room(m: CpuModule): number {
    const full = m.getU32(L.S_JOURNAL_CAP);
    return this.fullRoom ? full : Math.min(full, Math.max(this.roomMin, 2 * m.journalLength + L.JOURNAL_SLACK));
  }

  // Where the next epoch's journal goes: the lowest place in the ring where room for `entries`
  // is clear of every journal set aside and of the one in use (the ring's start, or right after
  // one of those); undefined when there is none.
  // Lowest, not next: a worker some epochs ahead writes over the same few MB again and again
  // instead of going round the whole ring, whose pages each cost a page fault in every new module
  // (fib, one module with its journal moved each epoch, best of four: 329 ms going round 6 MiB,
  // 292-307 ms among one to eight fixed places).
  private place(m: CpuModule, entries: number): number | undefined {
    const ring = this.ringOf(m);
    const need = entries * ENTRY;
    const spans: Array<[number, number]> = [];
    for (const w of this.queue) if (w.journal.length) spans.push([w.journal.at, align(w.journal.at + w.journal.length * ENTRY)]);
    if (m.journalLength) spans.push([m.journalAt, align(m.journalAt + m.journalLength * ENTRY)]);
    spans.sort((x, y) => x[0] - y[0]);
    // Up from the ring's start, past every journal in the way, to the first gap that fits.
    let at = ring.start;
    for (const [from, to] of spans) {
      if (from >= at + need) break;
      if (to > at) at = to;
    }
    return at + need <= ring.end ? at : undefined;
  }

  // The module's ring, grown into its memory the first time (none, if the memory cannot grow).
  private ringOf(m: CpuModule): { start: number; end: number } {
    if (this.ring?.m !== m) {
      try {
        const start = align(m.growRoom(this.ringBytes + 64));
        this.ring = { m, start, end: start + this.ringBytes };
      } catch {
        this.ring = { m, start: 0, end: 0 };
      }
    }
    return this.ring;
  }

  /** Runs the next epoch now (call only when `ready`); what it gave, or undefined if it was put back. */
  runAhead(): Ahead | undefined {
    const m = this.server.module!;
    const c = this.chain!;
    const target = c.next;
    const full = m.getU32(L.S_JOURNAL_CAP);
    const p = this.planned;
    this.planned = undefined;
    const same = p && p.m === m && p.held === this.queue.length && p.journalAt === m.journalAt && p.journalLength === m.journalLength;
    const room = same ? p.room : this.room(m);
    const at = same ? p.at : this.place(m, room)!;
    const a = this.spare.pop() ?? ({ end: new Uint8Array(0) } as unknown as Ahead);
    if (at < m.journalAt && m.journalAt >= this.ring!.start) this.count.wrapped++;
    a.journal = { at: m.journalAt, length: m.journalLength };
    a.end = saveState(m, a.end);
    a.target = target;
    a.checkpointed = c.checkpointed;
    m.setJournal(at, 0);
    this.queue.push(a);
    let outgrew = false;
    try {
      m.setU32(L.S_JOURNAL_CAP, room);
      const { acts, pulled } = runWithFaults(m, [], target, true);
      m.setU32(L.S_JOURNAL_CAP, full);
      outgrew = room < full && (m.status === L.ST_JOURNAL_FULL || m.journalLength + L.JOURNAL_SLACK >= room);
      if (!outgrew) {
        a.reply = { report: this.server.serve({ op: "report" }) as HostReport, acts, pulled };
        // As the server's run does: hashed once the module is done with the epoch.
        if (m.cycle >= target || m.status !== L.ST_CYCLE_LIMIT) a.reply.hash = epochHash(m, this.server.compare);
      }
    } catch {
      // This epoch put back (the ones before it may have been taken already); the harness's own
      // request will meet the error again and report it.
      m.setU32(L.S_JOURNAL_CAP, full);
      this.putBack(true, this.queue.length - 1);
      return undefined;
    }
    this.fullRoom = outgrew;
    if (outgrew) {
      // Put back as though it had not run, the chain going on from the same epoch.
      this.count.outgrown++;
      this.putBack(true, this.queue.length - 1, false);
      this.chain = c;
      return undefined;
    }
    const r = a.reply.report;
    const more = r.status === L.ST_CYCLE_LIMIT && r.cycle === target && target < c.limit;
    this.chain = more ? { ...c, next: Math.min(target + c.step, c.limit), checkpointed: false } : undefined;
    return a;
  }

  private reuse(a: Ahead): void {
    if (this.spare.length < SPARE_MAX) this.spare.push(a);
  }

  // Back to where the last epoch the harness was told of ended (or, from `from`, to where the
  // epoch before that one run ahead ended): the epochs run ahead undone, newest first, and, unless
  // the harness checkpointed that epoch (then it cleared the journal), its journal as it was.
  // `counted`: counted as undone (an epoch that only outgrew its room is not).
  private putBack(restore: boolean, from = 0, counted = true): void {
    const q = this.queue.splice(from);
    this.chain = undefined;
    for (const a of q) this.reuse(a);
    if (counted) this.count[q[0].checkpointed ? "undoneAfterCheckpoint" : "undone"] += q.length;
    const m = this.server.module;
    if (!restore || !m) return;
    for (let i = q.length - 1; i >= 0; i--) {
      if (i < q.length - 1) m.setJournal(q[i + 1].journal.at, q[i + 1].journal.length);
      m.exports.undoJournal(0);
    }
    restoreState(m, q[0].end);
    m.setJournal(q[0].journal.at, q[0].checkpointed ? 0 : q[0].journal.length);
  }
}
