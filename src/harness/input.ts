// Console input for the modules. Every module gets the same bytes at the same cycle: input is
// delivered up front as far as the ring holds it, then whenever a module stops with
// ST_NEED_INPUT (which, modules being in lockstep, happens at the same cycle in each).
import * as L from "../../assembly/layout";
import { CpuModule } from "../core/module";

/** Where input goes: a module, or its host (ModuleHost). */
export interface InputPort {
  inputRoom(): number; // bytes the module's input ring can take now
  input(bytes: Uint8Array, eof: boolean): void;
}

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
  feed(modules: Array<CpuModule | InputPort>): void {
    if (modules.length === 0) return;
    const ports = modules.map((m) => (m instanceof CpuModule ? modulePort(m) : m));
    const rest = this.data.subarray(this.pos);
    let n = rest.length;
    for (const p of ports) n = Math.min(n, p.inputRoom());
    this.pos += n;
    for (const p of ports) p.input(rest.subarray(0, n), this.pos >= this.data.length);
  }
}

/** A module in this thread as an input port (the module host's "input" request does the same). */
export function modulePort(m: CpuModule): InputPort {
  return {
    inputRoom: () => L.INPUT_SIZE - ((m.getU32(L.S_IN_TAIL) - m.getU32(L.S_IN_HEAD)) >>> 0),
    input: (bytes, eof) => {
      m.pushInput(bytes);
      if (eof) m.setInputEof();
    },
  };
}
