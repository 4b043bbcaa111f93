// A case in words: the machine, the initial state, the code disassembled with its labels, the
// schedule, and (when they differ) where the modules parted.
import { disassembleOne } from "../../../src/asm/index";
import { REG_NAMES } from "../../../src/core/module";
import type { JitCase, Step } from "./case";
import { link } from "./link";
import type { Outcome } from "./pair";

const hex = (v: number) => "0x" + (v >>> 0).toString(16);

export function describeStep(s: Step): string {
  if ("run" in s) return `run(${s.run})`;
  if ("materialize" in s) return "materializeFlags()";
  if ("journalCap" in s) return `journal cap ${s.journalCap}`;
  const at = "code" in s.flip ? `code byte #${s.flip.code}` : "reg" in s.flip ? `[${REG_NAMES[s.flip.reg]}${s.flip.offset < 0 ? "-" : "+"}${Math.abs(s.flip.offset)}]` : hex(s.flip.addr);
  return `flip ${s.shadow ? "check byte" : "RAM"} ${at} ^= ${hex(s.bits)}, fetchOkClear()`;
}

export function describeCase(c: JitCase): string {
  const linked = link(c);
  const lines = [
    `case ${c.id}: RAM ${hex(c.ramSize)}, ECC ${c.ecc}`,
    `  ${REG_NAMES.map((n, i) => `${n}=${hex(c.regs[i])}`).join(" ")} eflags=${hex(c.eflags)} eip=${c.entry}`,
  ];
  for (const ref of c.dataRefs) lines.push(`  [${hex(ref.addr)}] = ${hex(linked.resolve(ref.to))}${ref.selector !== undefined ? `:${hex(ref.selector)}` : ""}`);
  lines.push(`  fills: ${c.fills.map(([a, b]) => `${hex(a)}+${hex(b.length)}`).join(", ")} (random bytes)`);
  const names = new Map([...linked.labels].filter(([n]) => /^[a-z]/.test(n)).map(([n, a]) => [a, n]));
  c.sections.forEach((sec, s) => {
    sec.insns.forEach((_, k) => {
      const a = linked.addrs[s][k];
      const bytes = linked.bytes.subarray(a - c.origin, a - c.origin + linked.lengths[s][k]);
      const d = disassembleOne(bytes, 0, { bits: 32, org: a });
      const text = d && d.length === bytes.length ? d.text : `db ${Array.from(bytes, (x) => "0x" + x.toString(16)).join(",")}`;
      const label = names.get(a);
      const hexBytes = Array.from(bytes, (x) => x.toString(16).padStart(2, "0")).join(" ");
      lines.push(`  ${hex(a).padStart(10)}  ${(label ? label + ":" : "").padEnd(7)} ${text.padEnd(36)} ; ${hexBytes}`);
    });
  });
  lines.push(`  schedule: ${c.schedule.map(describeStep).join(" | ")}`);
  return lines.join("\n");
}

export function describeOutcome(c: JitCase, o: Outcome): string {
  if (o.step === undefined) return "  (the modules agree)";
  const ran = c.schedule.slice(0, o.step + 1).filter((s) => "run" in s).length;
  return [`  after slice ${ran} (${describeStep(c.schedule[o.step])}, step ${o.step} of the schedule):`, ...o.diffs.map((d) => `    ${d}`)].join("\n");
}
