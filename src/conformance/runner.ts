// Runs the tests of MOO files on one reused module and tallies them per opcode file. Node-free:
// the caller reads and decompresses files and hands over parsed tests and the compiled core.
import type { MooPreamble, MooTest } from "../moo/types";
import { opcodeMetadataFor, type SuiteMetadata } from "../moo/metadata";
import { UserError } from "../errors";
import { TestMachine, TEST_RAM_SIZE } from "./machine";
import { compareFinalState, type Difference } from "./compare";
import { exclusionFor, variantExclusionsFor, type ExclusionContext } from "./exclusions";
import { count, emptyTally, summarize, type ConformanceReport, type OpcodeTally, type Outcome } from "./tally";

export interface ConformanceOptions {
  metadata?: SuiteMetadata;
  /** Hashes of revoked tests (revocation_list.txt): skipped. */
  revoked?: ReadonlySet<string>;
  /** Called for each failing test, with what differs. */
  onFailure?(failure: TestFailure): void;
}

export interface SuiteFile {
  /** The file name, for messages: "80.0.MOO.gz". */
  name: string;
  /** Its opcode key: "80.0". */
  key: string;
  preamble: MooPreamble;
}

export interface TestFailure {
  file: string;
  key: string;
  test: MooTest;
  differences: Difference[];
}

/**
 * The FLAGS bits a test's initial state can really hold. Upstream's 286 README: the initial state
 * is what LOADALL was given, and in real mode the 286 keeps bits 12-15 (IOPL, NT) clear, so they
 * are masked off before loading.
 */
export function flagsLoadMask(cpu: string): number {
  return cpu === "C286" || cpu === "286" ? 0x0fff : 0xffffffff;
}

export class ConformanceRunner {
  private readonly machine: TestMachine;
  private readonly opcodes: Record<string, OpcodeTally> = {};

  constructor(wasm: WebAssembly.Module, private readonly options: ConformanceOptions = {}) {
    this.machine = new TestMachine(wasm);
  }

  runFile(file: SuiteFile, tests: Iterable<MooTest>): OpcodeTally {
    const tally = (this.opcodes[file.key] ??= emptyTally());
    for (const test of tests) count(tally, this.runTest(file, test));
    return tally;
  }

  runTest(file: SuiteFile, test: MooTest): Outcome {
    if (this.options.revoked?.has(test.hash)) return { kind: "skipped", by: "revoked" };
    const ctx: ExclusionContext = { cpu: file.preamble.header.cpu, fileKey: file.key, test };
    const excluded = exclusionFor(ctx);
    if (excluded) return { kind: "skipped", by: excluded.id };
    const differences = this.check(file, test);
    if (differences.length === 0) return { kind: "passed" };
    // Where the 386 legitimately differs only in ways variants of the test neutralize: one rule's
    // variant, or another rule's variant of it (a LOCKed POPF popping IOPL needs both).
    const rules = variantExclusionsFor(ctx);
    for (const rule of rules) {
      const variant = rule.variant!(ctx);
      if (!variant) continue;
      if (this.check(file, variant).length === 0) return { kind: "skipped", by: rule.id };
      for (const other of rules) {
        const both = other === rule ? undefined : other.variant!({ ...ctx, test: variant });
        if (both && this.check(file, both).length === 0) return { kind: "skipped", by: rule.id };
      }
    }
    this.options.onFailure?.({ file: file.name, key: file.key, test, differences });
    return { kind: "failed" };
  }

  /** Runs one test and returns what differs from its final state. */
  check(file: SuiteFile, test: MooTest): Difference[] {
    const cpu = file.preamble.header.cpu;
    const loadMask = flagsLoadMask(cpu);
    const entry = this.options.metadata && opcodeMetadataFor(this.options.metadata, file.key, test.bytes);
    const machine = this.machine;
    const outside = [...test.init.ram, ...test.final.ram].find(([address]) => address >= TEST_RAM_SIZE);
    if (outside) {
      throw new UserError(
        `${file.name}: test ${test.index}: RAM address 0x${outside[0].toString(16)} lies beyond the 16 MiB the tests assume`,
      );
    }
    try {
      machine.load(test.init, loadMask);
      const status = machine.run();
      return compareFinalState(test, machine, status, {
        flagsMask: entry?.flagsMask,
        flagsLoadMask: loadMask,
        fileMasks: file.preamble.masks,
      });
    } finally {
      machine.reset();
    }
  }

  report(): ConformanceReport {
    return summarize(this.opcodes);
  }
}
