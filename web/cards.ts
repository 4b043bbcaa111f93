// One card per module: its state, registers (a selected register's 32 bits and EFLAGS' named
// bits flip on a click), the code at its EIP, and a memory window whose bits flip (or stick) on a
// click. Cards are built once and updated in place, so focus survives a running machine.
import type { ModuleName } from "../src/faults/spec";
import { h, hex, setAttr, setText } from "./dom";
import type { ModuleCard, Snapshot } from "./protocol";
import { EFLAGS_BITS } from "../src/harness/view";

const REGS = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "eip"] as const;
type Reg = (typeof REGS)[number];
const FLAGS = EFLAGS_BITS;
const BYTES = 128;
const PER_ROW = 8;

export interface CardActions {
  fault(template: string): void; // "{cycle}" stands for the machine's current cycle
  watch(address: number | null): void;
}

class Card {
  readonly el: HTMLElement;
  private readonly badge: HTMLElement;
  private readonly status: HTMLElement;
  private readonly regValues = new Map<Reg, HTMLButtonElement>();
  private readonly bits: HTMLButtonElement[] = [];
  private readonly bitsLabel: HTMLElement;
  private readonly flags: HTMLButtonElement[] = [];
  private readonly code: HTMLElement;
  private readonly memRows: HTMLElement[] = [];
  private readonly memCells: HTMLButtonElement[] = [];
  private readonly checkCells: HTMLElement[] = [];
  private readonly byteBits: HTMLButtonElement[] = [];
  private readonly byteLabel: HTMLElement;
  private readonly memWhere = h("small", {}, "following the stack");
  private readonly buttons: Record<"halt" | "pull" | "insert", HTMLButtonElement>;
  private selected: Reg = "esp";
  private selectedByte = -1;
  private last?: ModuleCard;
  private lastMem?: { address: number; bytes: Uint8Array };

  constructor(readonly name: ModuleName, private readonly act: CardActions) {
    const regTable = h("div.regs", { role: "group", "aria-label": `Module ${name} registers` },
      REGS.map((r) => {
        const b = h("button.reg", { type: "button", "aria-pressed": "false", onclick: () => this.select(r) }, h("span.rname", {}, r.toUpperCase()), h("span.rval", {}, "00000000"));
        this.regValues.set(r, b);
        return b;
      }));
    this.bitsLabel = h("div.bits-label", {}, "");
    const bitRow = h("div.bitrow", { role: "group", "aria-label": `Bits of the selected register on module ${name}` },
      Array.from({ length: 32 }, (_, i) => {
        const bit = 31 - i;
        const b = h("button.bit", { type: "button", title: `bit ${bit}`, onclick: () => this.act.fault(`reg@{cycle}/${name}:reg=${this.selected},bit=${bit}`) }, "0");
        this.bits[bit] = b;
        return b;
      }));
    const flagRow = h("div.flags", { role: "group", "aria-label": `EFLAGS of module ${name}` },
      FLAGS.map(([f, bit, what]) => {
        const b = h("button.flag", { type: "button", title: `${what} flag (bit ${bit}): click to flip`, "aria-label": `${f}, ${what} flag of module ${name}`, "aria-pressed": "false", onclick: () => this.act.fault(`reg@{cycle}/${name}:reg=eflags,bit=${bit}`) }, f);
        this.flags.push(b);
        return b;
      }));
    this.code = h("ol.code", { "aria-label": `Code at module ${name}'s EIP` });
    const mem = h("div.mem", { role: "group", "aria-label": `Memory of module ${name}` },
      h("div.mrow.mhead", { "aria-hidden": "true" }, h("span", {}, "address"), ...Array.from({ length: PER_ROW }, (_, i) => h("span", {}, `+${i}`)), h("span.check", { title: "the check bits of each byte (parity or SEC-DED), one hex digit a byte" }, "check")));
    for (let r = 0; r < BYTES / PER_ROW; r++) {
      const addr = h("span.maddr", {}, "");
      const cells = Array.from({ length: PER_ROW }, (_, c) => {
        const i = r * PER_ROW + c;
        const b = h("button.byte", { type: "button", onclick: () => this.selectByte(i) }, "00");
        this.memCells.push(b);
        return b;
      });
      const check = h("span.check", { title: "check bits (per byte)" }, "");
      this.checkCells.push(check);
      const row = h("div.mrow", {}, addr, ...cells, check);
      this.memRows.push(addr);
      mem.appendChild(row);
    }
    this.byteLabel = h("div.bits-label", {}, "click a byte to see its bits");
    const byteBitRow = h("div.bitrow.bytebits", { role: "group", "aria-label": `Bits of the selected byte on module ${name}` },
      Array.from({ length: 8 }, (_, i) => {
        const bit = 7 - i;
        const b = h("button.bit", { type: "button", disabled: true, title: `bit ${bit}: click flips it, shift-click makes it stuck`, onclick: (e: MouseEvent) => this.ramFault(bit, e.shiftKey || e.altKey) }, "0");
        this.byteBits[bit] = b;
        return b;
      }));
    this.badge = h("span.badge", {}, "online");
    this.status = h("span.mstatus", {}, "");
    this.buttons = {
      halt: h("button.small", { type: "button", title: "The CPU stops retiring instructions", onclick: () => this.act.fault(`halt@{cycle}/${name}`) }, "Halt"),
      pull: h("button.small", { type: "button", title: "Remove the module from the chassis", onclick: () => this.act.fault(`pull@{cycle}/${name}`) }, "Pull"),
      insert: h("button.small", { type: "button", title: "Slide a fresh module in; it is resynced while the machine runs", onclick: () => this.act.fault(`insert@{cycle}/${name}`) }, "Insert"),
    };
    this.el = h(`article.card.card-${name}`, { "aria-label": `Module ${name}` },
      h("header.card-head", {}, h("h3", {}, h("span.dot", { "aria-hidden": "true" }), `Module ${name}`), this.badge, this.status),
      h("div.card-body", {},
        h("section.sub", {}, h("h4", {}, "Registers ", h("small", {}, "pick one, click a bit to flip it")), regTable, this.bitsLabel, bitRow, h("h4", {}, "EFLAGS"), flagRow),
        h("section.sub", {}, h("h4", {}, "Code at EIP"), this.code),
        h("section.sub", {}, h("h4", {}, "Memory ", this.memWhere), mem, this.byteLabel, byteBitRow)),
      h("footer.card-foot", {}, this.buttons.halt, this.buttons.pull, this.buttons.insert));
    this.select("esp");
  }

  private select(r: Reg): void {
    this.selected = r;
    for (const [k, b] of this.regValues) setAttr(b, "aria-pressed", String(k === r));
    if (this.last) this.update(this.last, undefined);
  }

  private selectByte(i: number): void {
    this.selectedByte = i;
    this.memCells.forEach((b, j) => setAttr(b, "aria-pressed", String(j === i)));
    if (this.last) this.update(this.last, undefined);
  }

  private ramFault(bit: number, stuck: boolean): void {
    const m = this.lastMem;
    if (!m || this.selectedByte < 0) return;
    const addr = `0x${(m.address + this.selectedByte).toString(16)}`;
    const now = (m.bytes[this.selectedByte] >> bit) & 1;
    this.act.fault(stuck ? `stuck@{cycle}/${this.name}:addr=${addr},bit=${bit},value=${now ^ 1}` : `ram@{cycle}/${this.name}:addr=${addr},bit=${bit}`);
  }

  update(m: ModuleCard, partner: ModuleCard | undefined): void {
    const prev = this.last;
    this.last = m;
    if (this.el.dataset.state !== m.state) this.el.dataset.state = m.state;
    setText(this.badge, m.state === "resyncing" && m.resync ? `resyncing ${Math.floor((100 * m.resync.copied) / Math.max(1, m.resync.total))}%` : m.state);
    setAttr(this.badge, "class", `badge badge-${m.state}`);
    setText(this.status, `${m.status} · cycle ${m.cycle.toLocaleString("en-US")}`);
    const live = m.state === "online" || m.state === "resyncing";
    for (const r of REGS) {
      const v = r === "eip" ? m.eip : m.regs[r];
      const b = this.regValues.get(r)!;
      setText((b.lastChild as HTMLElement), hex(v));
      const was = prev ? (r === "eip" ? prev.eip : prev.regs[r]) : v;
      b.classList.toggle("changed", was !== v && r !== "eip");
      const other = partner && live ? (r === "eip" ? partner.eip : partner.regs[r]) : v;
      b.classList.toggle("differs", other !== v);
    }
    const value = this.selected === "eip" ? m.eip : m.regs[this.selected];
    setText(this.bitsLabel, `${this.selected.toUpperCase()} bits 31…0 (click flips one on module ${this.name})`);
    for (let bit = 0; bit < 32; bit++) {
      const b = this.bits[bit];
      const on = (value >>> bit) & 1;
      setText(b, String(on));
      b.classList.toggle("on", on === 1);
      b.disabled = !live;
      setAttr(b, "aria-label", `${on}: bit ${bit} of ${this.selected.toUpperCase()} on module ${this.name}, click flips it`);
    }
    FLAGS.forEach(([, bit], i) => {
      const on = (m.eflags >>> bit) & 1;
      setAttr(this.flags[i], "aria-pressed", String(on === 1));
      this.flags[i].disabled = !live;
    });
    const codeKey = m.code.map((c) => c.address).join();
    if (this.code.dataset.key !== codeKey) this.code.dataset.key = codeKey, this.code.replaceChildren(...m.code.map((c, i) => h("li", { class: i === 0 ? "cur" : "" }, h("span.caddr", {}, hex(c.address)), " ", c.text)));
    this.updateMemory(m, partner);
    this.buttons.halt.disabled = m.state !== "online";
    this.buttons.pull.disabled = m.state === "removed" || m.state === "offline";
    this.buttons.insert.disabled = m.state === "online" || m.state === "resyncing";
  }

  private updateMemory(m: ModuleCard, partner: ModuleCard | undefined): void {
    const mem = m.memory;
    setText(this.memWhere, !mem ? "" : mem.address === (m.regs.esp & ~15) ? "following the stack (ESP)" : `at 0x${hex(mem.address)}`);
    const before = this.lastMem;
    this.lastMem = mem ?? undefined;
    for (let r = 0; r < this.memRows.length; r++) setText(this.memRows[r], mem ? hex(mem.address + r * PER_ROW) : "--------");
    const other = partner?.memory && mem && partner.memory.address === mem.address ? partner.memory.bytes : undefined;
    for (let i = 0; i < BYTES; i++) {
      const b = this.memCells[i];
      const v = mem ? mem.bytes[i] : undefined;
      setText(b, v === undefined ? "··" : hex(v, 2));
      b.disabled = !mem;
      b.classList.toggle("changed", !!(mem && before && before.address === mem.address && before.bytes[i] !== v));
      b.classList.toggle("differs", !!(other && other[i] !== v));
      if (mem) setAttr(b, "aria-label", `${hex(v!, 2)}: byte at 0x${hex(mem.address + i)}`);
    }
    for (let r = 0; r < this.checkCells.length; r++) {
      setText(this.checkCells[r], mem ? Array.from(mem.check.subarray(r * PER_ROW, r * PER_ROW + PER_ROW), (c) => c.toString(16)).join("") : "");
    }
    const sel = this.selectedByte;
    const v = mem && sel >= 0 ? mem.bytes[sel] : undefined;
    setText(this.byteLabel, v === undefined ? "click a byte to see its bits" : `byte 0x${hex(mem!.address + sel)}: click flips a bit, shift-click makes it stuck`);
    for (let bit = 0; bit < 8; bit++) {
      const b = this.byteBits[bit];
      const on = v === undefined ? 0 : (v >> bit) & 1;
      setText(b, v === undefined ? "·" : String(on));
      b.classList.toggle("on", on === 1);
      b.disabled = v === undefined || m.state !== "online";
      setAttr(b, "aria-label", v === undefined ? `· bit ${bit} (select a byte first)` : `${on}: bit ${bit} of the byte at 0x${hex(mem!.address + sel)} on module ${this.name}, click flips it`);
    }
  }
}

export class Cards {
  private cards = new Map<ModuleName, Card>();
  constructor(private readonly root: HTMLElement, private readonly act: CardActions) {}

  update(s: Snapshot): void {
    const names = s.modules.map((m) => m.name).join("");
    if ([...this.cards.keys()].join("") !== names) {
      this.cards = new Map(s.modules.map((m) => [m.name, new Card(m.name, this.act)]));
      this.root.replaceChildren(...[...this.cards.values()].map((c) => c.el));
      this.root.dataset.count = String(this.cards.size);
    }
    for (const m of s.modules) {
      const partner = s.modules.find((o) => o !== m && o.state === "online");
      this.cards.get(m.name)!.update(m, partner);
    }
  }
}
