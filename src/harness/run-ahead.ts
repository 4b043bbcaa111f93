// Running ahead: a module in a thread of its own starts its next epoch as soon as it has finished
// one, while the harness is still settling that one (comparing, committing output, waking up),
// instead of idling until the next run request arrives. What the harness sees does not change:
// the run ahead is kept only when the harness goes on exactly as it guessed (the epoch agreed and
// was checkpointed, and the next run asks for the same target with no fault striking in it); any
// other request first puts the module back where the epoch ended, journal and all, as though it
// had never run ahead. Putting it back is a rollback (the journal undone, the saved state
// restored), the operation every divergence already relies on.
import * as L from "../../assembly/layout";
import { restoreState, saveState, type SavedState } from "./checkpoint";
import { runWithFaults } from "./injector";
import { epochHash } from "./epoch-hash";
import type { HostReport, HostRequest, ModuleServer, RunReply } from "./host-ops";

type RunRequest = Extract<HostRequest, { op: "run" }>;

interface Ahead {
  target: number;
  reply: RunReply; // what running to `target` gave
  end: SavedState; // the state where the epoch ended, before running ahead
  entries: number; // the epoch's journal entries, kept in `stash` while the next one runs
  checkpointed: boolean; // the harness checkpointed the epoch: `end` is the checkpoint now
}

const ENTRY = L.JOURNAL_ENTRY;

export class RunAhead {
  private ahead?: Ahead;
  private stash?: Uint8Array; // the finished epoch's journal (kept between epochs: it is large)
  private end?: SavedState;
  private last?: { req: RunRequest; reply: RunReply };
  /** Epochs run ahead and kept; put back before the harness checkpointed the epoch before them
   *  (it diverged, stopped ...); put back after (the next run was not the one run ahead). */
  readonly count = { kept: 0, undone: 0, undoneAfterCheckpoint: 0 };

  constructor(readonly server: ModuleServer) {}

  serve(req: HostRequest): unknown {
    const a = this.ahead;
    if (a) {
      if (req.op === "checkpoint" && !a.checkpointed) {
        // The epoch agreed. The one-thread machine would clear the journal and save the state
        // here: the journal now holds the next epoch's entries, and `end` is that state.
        a.checkpointed = true;
        this.server.restore(a.end);
        return undefined;
      }
      if (req.op === "run" && a.checkpointed && this.same(req, a.target)) {
        this.ahead = undefined;
        this.count.kept++;
        const reply = { ...a.reply };
        if (!req.hash) delete reply.hash;
        return this.remember(req, reply);
      }
      this.putBack(req.op !== "make");
    }
    const reply = this.server.serve(req);
    if (req.op === "run") this.remember(req, reply as RunReply);
    else this.last = undefined;
    return reply;
  }

  private remember(req: RunRequest, reply: RunReply): RunReply {
    this.last = { req, reply };
    return reply;
  }

  // A request equal to the one run ahead: the same target, run to its end, and every fault it
  // brings due at or after that target (so that none strikes or is passed over on the way).
  private same(req: RunRequest, target: number): boolean {
    return req.run && req.target === target && req.epochEnd === target && req.faults.every((f) => f.cycle >= target);
  }

  /** Whether the last request allows a run ahead: an epoch run to its end, compared with a
   *  partner, stopped at its target with a next epoch to go to. */
  get ready(): boolean {
    const l = this.last;
    const m = this.server.module;
    if (!l || this.ahead || !m) return false;
    const { req, reply } = l;
    return !!req.next && req.run && req.hash && req.target === req.epochEnd && !reply.pulled && reply.hash !== undefined &&
      reply.report.status === L.ST_CYCLE_LIMIT && reply.report.cycle === req.epochEnd && m.cycle === req.epochEnd && req.next > m.cycle;
  }

  /** Runs the next epoch now (call only when `ready`). */
  runAhead(): void {
    const m = this.server.module!;
    const target = this.last!.req.next!;
    this.last = undefined;
    const entries = m.journalLength;
    this.stash ??= new Uint8Array(L.JOURNAL_MAX * ENTRY);
    this.stash.set(m.bytes.subarray(L.JOURNAL_BASE, L.JOURNAL_BASE + entries * ENTRY));
    this.end = saveState(m, this.end);
    m.clearJournal();
    this.ahead = { target, reply: undefined!, end: this.end, entries, checkpointed: false };
    try {
      const { acts, pulled } = runWithFaults(m, [], target, true);
      const reply: RunReply = { report: this.server.serve({ op: "report" }) as HostReport, acts, pulled };
      // As the server's run does: hashed once the module is done with the epoch.
      if (m.cycle >= target || m.status !== L.ST_CYCLE_LIMIT) reply.hash = epochHash(m, this.server.compare);
      this.ahead.reply = reply;
    } catch {
      // Put back; the harness's own request will meet the error again and report it.
      this.putBack(true);
    }
  }

  // Back to where the epoch ended: the run ahead undone and, unless the harness checkpointed the
  // epoch (then it cleared the journal), the epoch's journal as it was.
  private putBack(restore: boolean): void {
    const a = this.ahead!;
    this.ahead = undefined;
    if (a.checkpointed) this.count.undoneAfterCheckpoint++;
    else this.count.undone++;
    const m = this.server.module;
    if (!restore || !m) return;
    m.exports.undoJournal(0);
    restoreState(m, a.end);
    if (!a.checkpointed) {
      m.bytes.set(this.stash!.subarray(0, a.entries * ENTRY), L.JOURNAL_BASE);
      m.setU32(L.S_JOURNAL_LEN, a.entries);
    }
  }
}
