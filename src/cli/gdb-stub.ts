// `lockstep86 run PROG --gdb PORT`: GDB's remote serial protocol on 127.0.0.1:PORT, as
// `qemu-i386 -g PORT` offers it. The machine, in any mode, is one computer to gdb
// (src/harness/debug-target.ts): registers (general, segment and x87), memory read and write,
// software breakpoints (Z0), write watchpoints (Z2), single step, continue, and
// `monitor modules|inject SPEC|timeline`.
import { createServer, type Socket } from "node:net";
import { DebugTarget, GDB_REGS, GDB_FIRST_ST, GDB_FPU_REGS } from "../harness/debug-target";
import type { LockstepResult } from "../harness/lockstep";
import { parseFault } from "../faults/spec";
import { formatEvent } from "../harness/timeline";
import { UserError } from "../errors";

const hex2 = (b: number) => b.toString(16).padStart(2, "0");
const le32 = (v: number) => [0, 8, 16, 24].map((s) => hex2((v >>> s) & 0xff)).join("");
const fromLe32 = (h: string) => [0, 2, 4, 6].reduce((v, i) => v + parseInt(h.slice(i, i + 2), 16) * 2 ** (i * 4), 0);
const toHex = (bytes: Uint8Array) => Array.from(bytes, hex2).join("");
const fromHex = (h: string) => Uint8Array.from({ length: h.length >> 1 }, (_, i) => parseInt(h.slice(2 * i, 2 * i + 2), 16));
const textHex = (s: string) => toHex(new TextEncoder().encode(s));
const checksum = (s: string) => hex2([...Buffer.from(s, "latin1")].reduce((a, b) => (a + b) & 0xff, 0));

const SIGTRAP = 5;

/** What gdb is told when the program ended: W (exit status) or X (killed by signal). */
function endReply(r: LockstepResult): string {
  return r.stop.kind === "exit" || r.exitCode < 128 ? `W${hex2(r.exitCode & 0xff)}` : `X${hex2((r.exitCode - 128) & 0xff)}`;
}

export class GdbSession {
  constructor(private readonly target: DebugTarget) {}

  /** The reply to one packet's payload; undefined: no reply (kill). */
  handle(p: string): string | undefined {
    const t = this.target;
    const stopReply = () =>
      t.result ? endReply(t.result) : t.watchHit !== undefined ? `T${hex2(SIGTRAP)}watch:${t.watchHit.toString(16)};` : `S${hex2(SIGTRAP)}`;
    switch (p[0]) {
      case "?": return stopReply();
      case "g": return t.registers().map(le32).join("") + Array.from({ length: GDB_FPU_REGS }, (_, k) => toHex(t.fpuRegister(k))).join("");
      case "G": {
        for (let i = 0; i < GDB_REGS && (i + 1) * 8 <= p.length - 1; i++) t.setRegister(i, fromLe32(p.slice(1 + i * 8, 9 + i * 8)));
        return "OK";
      }
      case "p": {
        const n = parseInt(p.slice(1), 16);
        if (n < GDB_REGS) return le32(t.registers()[n]);
        return n >= GDB_FIRST_ST && n < GDB_FIRST_ST + GDB_FPU_REGS ? toHex(t.fpuRegister(n - GDB_FIRST_ST)) : "E45";
      }
      case "P": {
        const [ns, v] = p.slice(1).split("=");
        const n = parseInt(ns, 16);
        if (n >= GDB_FIRST_ST) return t.setFpuRegister(n - GDB_FIRST_ST, fromHex(v)) ? "OK" : "E45";
        return t.setRegister(n, fromLe32(v)) ? "OK" : "E45";
      }
      case "m": {
        const [a, l] = p.slice(1).split(",").map((x) => parseInt(x, 16));
        const bytes = t.read(a, Math.min(l, 0x4000));
        return bytes ? toHex(bytes) : "E14";
      }
      case "M": {
        const [head, data] = p.slice(1).split(":");
        const [a] = head.split(",").map((x) => parseInt(x, 16));
        return t.write(a, fromHex(data)) ? "OK" : "E14";
      }
      case "Z":
      case "z": {
        const [type, a, l] = p.slice(1).split(",");
        const addr = parseInt(a, 16);
        if (type === "2") { // write watchpoint; read and access ones (3, 4) are not offered
          const len = parseInt(l, 16);
          return (p[0] === "Z" ? t.insertWatchpoint(addr, len) : t.removeWatchpoint(addr, len)) ? "OK" : "E14";
        }
        if (type !== "0") return "";
        return (p[0] === "Z" ? t.insertBreakpoint(addr) : t.removeBreakpoint(addr)) ? "OK" : "E14";
      }
      case "s": t.watchHit = undefined; t.step(); return stopReply();
      case "c": t.continue(); return stopReply();
      case "k": return undefined;
      case "D": return "OK";
      case "H": return "OK";
      case "T": return "OK";
      case "q": return this.query(p);
      default: return "";
    }
  }

  private query(p: string): string {
    if (p.startsWith("qSupported")) return "PacketSize=4000";
    if (p === "qAttached") return "1";
    if (p === "qC") return "QC1";
    if (p === "qfThreadInfo") return "m1";
    if (p === "qsThreadInfo") return "l";
    if (p.startsWith("qRcmd,")) return textHex(this.monitor(new TextDecoder().decode(fromHex(p.slice(6)))));
    return "";
  }

  /** `monitor` commands: the machine's modules, a fault to inject, the timeline so far. */
  monitor(cmd: string): string {
    const m = this.target.machine;
    const [word, ...rest] = cmd.trim().split(/\s+/);
    if (word === "modules") {
      return `${m.moduleStates().map((s) => `${s.name}: ${s.state}`).join("\n")}\ncycle ${m.onlineModules()[0]?.cycle ?? m.checkpointCycle}\n`;
    }
    if (word === "inject") {
      try {
        const f = parseFault(rest.join(" "));
        m.inject(f);
        return `${f.text}: will strike at cycle ${f.cycle}\n`;
      } catch (e) {
        if (e instanceof UserError) return `${e.message}\n`;
        throw e;
      }
    }
    if (word === "timeline") return m.timeline.map((e) => formatEvent(e)).join("\n") + "\n";
    return "monitor commands: modules, inject SPEC, timeline\n";
  }
}

/** Serves one gdb connection on 127.0.0.1:port; resolves with the run's result once it is over. */
export function serveGdb(target: DebugTarget, port: number, announce: (line: string) => void): Promise<LockstepResult> {
  return new Promise((resolve, reject) => {
    const server = createServer({ noDelay: true });
    const session = new GdbSession(target);
    server.on("error", (e: NodeJS.ErrnoException) => reject(new UserError(`--gdb ${port}: cannot listen on 127.0.0.1: ${e.code ?? e.message}`)));
    server.listen(port, "127.0.0.1", () => announce(`waiting for gdb on 127.0.0.1:${port} (target remote :${port})`));
    server.on("connection", (sock: Socket) => {
      server.close(); // one debugger
      let buf = "";
      const send = (payload: string) => sock.write(`$${payload}#${checksum(payload)}`);
      let ended = false;
      const done = () => {
        if (ended) return;
        ended = true;
        sock.end();
        try {
          resolve(target.finish());
        } catch (e) {
          reject(e);
        }
      };
      sock.setEncoding("latin1");
      sock.on("data", (d: string) => {
        buf += d;
        for (;;) {
          buf = buf.replace(/^[+-]+/, "");
          if (buf.startsWith("\x03")) { buf = buf.slice(1); continue; } // interrupt: runs are never left running
          const m = /^\$([^#]*)#([0-9a-fA-F]{2})/.exec(buf);
          if (!m) break;
          buf = buf.slice(m[0].length);
          sock.write("+");
          const reply = session.handle(m[1]);
          if (reply === undefined) { done(); return; }
          send(reply);
          if (m[1] === "D") { done(); return; }
        }
      });
      sock.on("close", done); // gdb went away: the run goes on to its end without it
      sock.on("error", () => {});
    });
  });
}
