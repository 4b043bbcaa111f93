// The fault grammar, shared by the CLI (--inject) and the library:
//   ram@CYCLE/MOD:addr=A,bit=B              flip one RAM bit (a transient upset)
//   reg@CYCLE/MOD:reg=R,bit=B               flip a register bit (eax..edi, eip, eflags)
//   disk@CYCLE/MOD:sector=S,byte=O,bit=B    flip a bit in the module's disk
//   stuck@CYCLE/MOD:addr=A,bit=B,value=V    a RAM bit that always reads V (a failed DIMM cell)
//   halt@CYCLE/MOD                          the module's CPU stops (a CPU failure)
//   pull@CYCLE/MOD, insert@CYCLE/MOD        the module is removed; a fresh one is slid in
// MOD is A, B or C; numbers are decimal or 0x hex; CYCLE is the retired-instruction count at
// which the fault strikes.
import { UserError } from "../errors";

export const FAULT_KINDS = ["ram", "reg", "disk", "stuck", "halt", "pull", "insert"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export const FAULT_REGS = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "eip", "eflags"] as const;
export type FaultReg = (typeof FAULT_REGS)[number];
export const MODULE_NAMES = ["A", "B", "C"] as const;
export type ModuleName = (typeof MODULE_NAMES)[number];

interface Base {
  text: string; // the spec as written
  cycle: number;
  module: ModuleName;
}
export type FaultSpec =
  | (Base & { kind: "ram"; addr: number; bit: number })
  | (Base & { kind: "reg"; reg: FaultReg; bit: number })
  | (Base & { kind: "disk"; sector: number; byte: number; bit: number })
  | (Base & { kind: "stuck"; addr: number; bit: number; value: 0 | 1 })
  | (Base & { kind: "halt" | "pull" | "insert" });

// The parameters each kind takes, in the order the docs give them.
const PARAMS: Record<FaultKind, readonly string[]> = {
  ram: ["addr", "bit"],
  reg: ["reg", "bit"],
  disk: ["sector", "byte", "bit"],
  stuck: ["addr", "bit", "value"],
  halt: [],
  pull: [],
  insert: [],
};

function parseNumber(text: string): number | undefined {
  if (/^0x[0-9a-f]+$/i.test(text) || /^\d+$/.test(text)) {
    const v = Number(text);
    return Number.isSafeInteger(v) ? v : undefined;
  }
  return undefined;
}

export function parseFault(text: string): FaultSpec {
  return parseFaultFrom(text, "--inject");
}

/** parseFault for a fault written elsewhere: `where` names the input in errors (a scenario's field). */
export function parseFaultFrom(text: string, where: string): FaultSpec {
  const bad = (what: string): never => {
    throw new UserError(`${where} '${text}': ${what}`);
  };
  const m = /^([a-z]+)@([^/]*)\/([^:]*)(?::(.*))?$/i.exec(text.trim());
  if (!m) bad("expected KIND@CYCLE/MOD[:key=value,...], e.g. ram@1000/A:addr=0x2000,bit=3");
  const [, kindText, cycleText, modText, paramText] = m!;
  const kind = kindText.toLowerCase() as FaultKind;
  if (!FAULT_KINDS.includes(kind)) bad(`unknown fault kind '${kindText}' (one of ${FAULT_KINDS.join(", ")})`);
  const cycle = parseNumber(cycleText);
  if (cycle === undefined) bad(`cycle '${cycleText}' is not a number (decimal or 0x hex)`);
  const module = modText.toUpperCase() as ModuleName;
  if (!MODULE_NAMES.includes(module)) bad(`module '${modText}' is not A, B or C`);

  const wanted = PARAMS[kind];
  const values: Record<string, string> = {};
  if (paramText !== undefined && paramText !== "") {
    for (const part of paramText.split(",")) {
      const eq = part.indexOf("=");
      if (eq < 0) bad(`'${part}' is not key=value`);
      const key = part.slice(0, eq).trim().toLowerCase();
      if (!wanted.includes(key)) {
        bad(wanted.length ? `${kind} takes ${wanted.join(", ")}, not '${key}'` : `${kind} takes no parameters ('${key}')`);
      }
      if (key in values) bad(`${key} is given twice`);
      values[key] = part.slice(eq + 1).trim();
    }
  }
  for (const key of wanted) if (!(key in values)) bad(`${kind} needs ${key}=`);

  const num = (key: string, max: number): number => {
    const v = parseNumber(values[key]);
    if (v === undefined) bad(`${key} '${values[key]}' is not a number (decimal or 0x hex)`);
    if (v! > max) bad(`${key} ${values[key]} is out of range (0..${max})`);
    return v!;
  };
  const base = { text: text.trim(), cycle: cycle!, module };
  switch (kind) {
    case "ram":
      return { ...base, kind, addr: num("addr", 0xffffffff), bit: num("bit", 7) };
    case "reg": {
      const reg = values.reg.toLowerCase() as FaultReg;
      if (!FAULT_REGS.includes(reg)) bad(`reg '${values.reg}' is not one of ${FAULT_REGS.join(" ")}`);
      return { ...base, kind, reg, bit: num("bit", 31) };
    }
    case "disk":
      return { ...base, kind, sector: num("sector", 0xffffffff), byte: num("byte", 511), bit: num("bit", 7) };
    case "stuck":
      return { ...base, kind, addr: num("addr", 0xffffffff), bit: num("bit", 7), value: num("value", 1) as 0 | 1 };
    default:
      return { ...base, kind };
  }
}

/** Formats a spec back into the grammar (the canonical form of what parseFault accepts). */
export function formatFault(f: FaultSpec): string {
  const hex = (v: number) => `0x${v.toString(16)}`;
  const head = `${f.kind}@${f.cycle}/${f.module}`;
  switch (f.kind) {
    case "ram": return `${head}:addr=${hex(f.addr)},bit=${f.bit}`;
    case "reg": return `${head}:reg=${f.reg},bit=${f.bit}`;
    case "disk": return `${head}:sector=${f.sector},byte=${f.byte},bit=${f.bit}`;
    case "stuck": return `${head}:addr=${hex(f.addr)},bit=${f.bit},value=${f.value}`;
    default: return head;
  }
}
