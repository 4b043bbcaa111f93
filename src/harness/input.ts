// Console input for the modules. Every module gets the same bytes at the same cycle: input is
// delivered up front as far as the ring holds it, then whenever a module stops with
// ST_NEED_INPUT (which, modules being in lockstep, happens at the same cycle in each).
import type { CpuModule } from "../core/module";

export class InputFeeder {
  private pos = 0;
  constructor(private readonly data: Uint8Array) {}

  /** Bytes delivered so far. */
  get fed(): number {
    return this.pos;
  }

  /** Back to `fed` bytes delivered (time travel restores the modules' input rings with it). */
  rewind(fed: number): void {
    this.pos = fed;
  }

  /** Gives the modules the next bytes that fit (the same count to each); marks EOF at the end. */
  feed(modules: CpuModule[]): void {
    if (modules.length === 0) return;
    const rest = this.data.subarray(this.pos);
    let n = rest.length;
    for (const m of modules) n = Math.min(n, m.pushInput(rest.subarray(0, n)));
    // pushInput never takes more than offered; equal rings take equal counts.
    this.pos += n;
    if (this.pos >= this.data.length) for (const m of modules) m.setInputEof();
  }
}
