// What a module host does with its module, whichever thread it runs in: the harness sends a
// request, the host answers with plain data (structured-clone safe, so it can cross threads).
// The in-thread host calls serve() directly; a worker host posts the request to its worker,
// which calls the same serve(). One definition of each operation, wherever the module lives.
import * as L from "../../assembly/layout";
import type { CpuModule, EccMode } from "../core/module";
import type { ProgramImage } from "../loader/image";
import { loadProgram, type ArgBytes } from "../loader/process";
import type { LinuxOptions } from "../linux/process-config";
import type { FaultSpec, ModuleName } from "../faults/spec";
import { describeStop, type StopInfo } from "../core/status";
import { saveState, rollback, type SavedState } from "./checkpoint";
import { comparedState, entryKey, firstDifferenceWith, stateDifferenceWith, stateKey } from "./compare";
import { runWithFaults, type FaultAction } from "./injector";
import { epochHash, writtenPlaces, type CompareMode } from "./epoch-hash";
import { extractOutput } from "./output";
import { moduleLayout, readRanges, writeRanges } from "./resync";
import { modulePort } from "./input";
import { memoryView, moduleView, type MemoryView, type ModuleView } from "./view";

/** How to make a module (sizes, translator, Linux configuration), and what it starts with. */
export interface ModuleRecipe {
  image: ProgramImage;
  ramSize?: number;
  ecc?: EccMode;
  jit?: boolean;
  linux?: LinuxOptions;
  userDisk: number;
  fileAreaSize: number;
  compare: CompareMode;
}

/** What makes the module the machine starts with: its disk (file area included) and the program. */
export interface ModuleBoot {
  disk?: Uint8Array;
  argv: ArgBytes[];
}

/** A module's position and what the harness decides from, after any request that moves it. */
export interface HostReport {
  cycle: number;
  status: number;
  journalLength: number;
  outBytes: number; // S_OUT_BYTES
  corrected: number; // S_ECC_CORRECTED
  mceKind: number;
  mceAddr: number;
}

export type HostRequest =
  | { op: "make"; recipe: ModuleRecipe; boot?: ModuleBoot }
  // hash: the harness will compare the epoch; next: the next epoch's target if this one agrees (a
  // host in a thread of its own may run ahead to it, and on by as many cycles again up to limit,
  // the run's last cycle: run-ahead.ts)
  | { op: "run"; target: number; faults: FaultSpec[]; run: boolean; epochEnd: number; hash: boolean; next?: number; limit?: number }
  | { op: "report" }
  | { op: "hash" }
  | { op: "checkpoint" } // the epoch agreed: clear the journal, save the state rollback returns to
  | { op: "rollback" }
  | { op: "journal" }
  | { op: "firstDifference"; peer: Uint32Array }
  | { op: "entryKey"; index: number }
  | { op: "state" }
  | { op: "stateDifference"; peer: Uint8Array }
  | { op: "stateKey" }
  | { op: "output" }
  | { op: "written" }
  | { op: "read"; ranges: Array<[number, number]> }
  | { op: "write"; ranges: Array<[number, number]>; data: Uint8Array[] }
  | { op: "resynced" } // a resync's pause ended: the copied state is the module's checkpoint
  | { op: "inputRoom" }
  | { op: "input"; bytes: Uint8Array; eof: boolean }
  | { op: "sectorGood"; sector: number }
  | { op: "badSectors" }
  | { op: "stop"; kind: "elf" | "bin" }
  | { op: "disk" }
  | { op: "layout" }
  | { op: "view"; name: ModuleName; state: ModuleView["state"]; checkpoint: number; resync?: ModuleView["resync"] }
  | { op: "memory"; address: number; length: number };

export interface RunReply {
  report: HostReport;
  acts: FaultAction[];
  pulled: boolean;
  hash?: string; // epoch-hash.ts: a digest (64 bits as four UTF-16 code units)
}

/** Makes a module from a recipe: the machine's one definition (Lockstep's makeModule). */
export type ModuleMaker = (recipe: ModuleRecipe) => CpuModule;

/** Holds one module and answers the harness's requests about it. */
export class ModuleServer {
  private m: CpuModule | null = null;
  private saved: SavedState = new Uint8Array(0);
  private cmp: CompareMode = "writes";

  constructor(private readonly make: ModuleMaker, adopt?: CpuModule, compare: CompareMode = "writes") {
    this.cmp = compare;
    if (adopt) {
      this.m = adopt;
      this.saved = saveState(adopt);
    }
  }

  get module(): CpuModule | null {
    return this.m;
  }
  get compare(): CompareMode {
    return this.cmp;
  }

  /** The checkpoint it keeps, to be given back with the module's memory (time travel): a copy,
   *  as the next checkpoint is saved over this one. */
  capture(): SavedState {
    return this.saved.slice();
  }
  restore(saved: SavedState): void {
    // Into the buffer it has (a worker running ahead does this every epoch), else a copy.
    if (this.saved.length === saved.length) this.saved.set(saved);
    else this.saved = saved.slice();
  }

  serve(req: HostRequest): unknown {
    const m = this.m!;
    switch (req.op) {
      case "make": {
        this.cmp = req.recipe.compare;
        this.m = this.make(req.recipe);
        if (req.boot) {
          if (req.boot.disk) this.m.loadDisk(req.boot.disk);
          loadProgram(this.m, req.recipe.image, req.boot.argv, req.recipe.linux?.env);
        }
        this.saved = saveState(this.m);
        return report(this.m);
      }
      case "run": {
        const { acts, pulled } = runWithFaults(m, req.faults, req.target, req.run);
        const reply: RunReply = { report: report(m), acts, pulled };
        // Hashed where the module is (in parallel with the others) once it is done with the epoch.
        if (req.hash && req.run && !pulled && (m.cycle >= req.epochEnd || m.status !== L.ST_CYCLE_LIMIT)) reply.hash = epochHash(m, this.cmp);
        return reply;
      }
      case "report":
        return report(m);
      case "hash":
        return epochHash(m, this.cmp);
      case "checkpoint":
        m.clearJournal();
        this.saved = saveState(m, this.saved);
        return undefined;
      case "rollback":
        rollback(m, this.saved);
        return report(m);
      case "journal":
        return m.journalWords();
      case "firstDifference":
        return firstDifferenceWith(m, req.peer);
      case "entryKey":
        return entryKey(m, req.index);
      case "state":
        return comparedState(m);
      case "stateDifference":
        return stateDifferenceWith(m, req.peer);
      case "stateKey":
        return stateKey(m);
      case "output": {
        const parts: Array<[1 | 2, Uint8Array]> = [];
        extractOutput(m.journalWords(), 0, m.journalLength, (stream, data) => parts.push([stream, data]));
        return parts;
      }
      case "written":
        return writtenPlaces(m);
      case "read":
        return readRanges(m, req.ranges);
      case "write":
        writeRanges(m, req.ranges, req.data);
        return undefined;
      case "resynced":
        m.clearJournal();
        m.exports.fetchOkClear();
        this.saved = saveState(m, this.saved);
        return report(m);
      case "inputRoom":
        return modulePort(m).inputRoom();
      case "input":
        modulePort(m).input(req.bytes, req.eof);
        return undefined;
      case "sectorGood":
        return m.sectorGood(req.sector);
      case "badSectors": {
        const bad: number[] = [];
        for (let s = m.exports.badSectorFrom(0); s >= 0; s = m.exports.badSectorFrom(s + 1)) bad.push(s);
        return bad;
      }
      case "stop":
        return describeStop(m, req.kind) satisfies StopInfo;
      case "disk":
        return m.disk();
      case "layout":
        return moduleLayout(m);
      case "view":
        return moduleView(req.name, req.state, m, req.checkpoint, req.resync) satisfies ModuleView;
      case "memory":
        return memoryView(m, req.address, req.length) satisfies MemoryView;
    }
  }
}

function report(m: CpuModule): HostReport {
  return {
    cycle: m.cycle, status: m.status, journalLength: m.journalLength, outBytes: m.getU32(L.S_OUT_BYTES),
    corrected: m.getU32(L.S_ECC_CORRECTED), mceKind: m.getU32(L.S_MCE_KIND), mceAddr: m.getU32(L.S_MCE_ADDR),
  };
}
