// The benchmark's tables, as Markdown (pasted into the README as they are printed). Columns
// come from the runners and the ratio list, so a new runner adds columns, not code.
import type { Cell, ProgramResult } from "./bench-measure";
import type { Runner } from "./bench-runners";

/** "of/to": how fast `of` is relative to `to` on the same work (to's time / of's time). */
export interface Ratio {
  of: string;
  to: string;
}

export interface Table {
  header: string[];
  rows: string[][];
}

export const GEOMEAN_ROW = "geometric mean";

/** Three significant digits, never in exponent notation. */
export function sig3(v: number): string {
  // The bounds are where rounding carries into the next digit (99.96 is "100", not "100.0").
  if (v >= 99.95) return v.toFixed(0);
  if (v >= 9.995) return v.toFixed(1);
  if (v >= 0.9995) return v.toFixed(2);
  return v.toPrecision(3);
}

export function geomean(values: number[]): number | null {
  const ok = values.filter((v) => Number.isFinite(v) && v > 0);
  return ok.length ? Math.exp(ok.reduce((s, v) => s + Math.log(v), 0) / ok.length) : null;
}

const computeOf = (c: Cell | null | undefined) => (c && c.compute > 0 ? c.compute : null);

/** A runner's MIPS on one program: the core's instruction count over the runner's time. */
export function mipsOf(r: ProgramResult, key: string): number | null {
  const t = computeOf(r.cells[key]);
  return t && r.cycles ? r.cycles / t / 1e6 : null;
}

/** How fast runner `of` is beside runner `to` on one program: to's time / of's time. */
export function ratioOf(r: ProgramResult, of: string, to: string): number | null {
  const a = computeOf(r.cells[of]);
  const b = computeOf(r.cells[to]);
  return a && b ? b / a : null;
}

/** The share of the instructions runner `key` retired outside translated code, in percent. */
export function outsideOf(r: ProgramResult, key: string): number | null {
  const o = r.cells[key]?.output;
  return o?.translated !== undefined && o.cycles ? (100 * (o.cycles - o.translated)) / o.cycles : null;
}

/** A time shorter than the runner's own startup: the subtraction dominates, the value is noise. */
export const NOISY_MARK = "*";
const noisy = (c: Cell | null | undefined) => !!c && c.compute > 0 && c.compute < c.startup;

interface Column {
  title: string;
  uses: string[]; // the runners the value comes from
  value(r: ProgramResult): number | null;
  format(v: number): string;
  geomean: boolean;
}

/** The column of the share of instructions retired outside translated code, in percent. */
export const OUTSIDE_TITLE = "outside translated";

function columns(runners: readonly Runner[], ratios: readonly Ratio[]): Column[] {
  const cols: Column[] = [];
  for (const runner of runners) {
    const uses = [runner.key];
    cols.push({ title: `${runner.key} s`, uses, value: (r) => computeOf(r.cells[runner.key]), format: sig3, geomean: false });
    if (runners.indexOf(runner) === 0)
      cols.push({
        title: OUTSIDE_TITLE,
        uses: [],
        value: (r) => outsideOf(r, runner.key),
        format: (v) => `${v.toFixed(2)}%`,
        geomean: false,
      });
    if (runner.sameBinary)
      cols.push({
        title: `${runner.key} MIPS`,
        uses,
        value: (r) => mipsOf(r, runner.key),
        format: sig3,
        geomean: true,
      });
  }
  for (const { of, to } of ratios)
    cols.push({
      title: `${of}/${to}`,
      uses: [of, to],
      value: (r) => ratioOf(r, of, to),
      format: (v) => `${sig3(v)}x`,
      geomean: true,
    });
  return cols;
}

const isNoisy = (r: ProgramResult, c: Column) => c.uses.some((k) => noisy(r.cells[k]));

function cellText(r: ProgramResult, c: Column): string {
  const v = c.value(r);
  if (v !== null) return c.format(v) + (isNoisy(r, c) ? NOISY_MARK : "");
  return c.uses.some((k) => (r.cells[k]?.compute ?? 1) <= 0) ? "< startup" : "n/a";
}

export function resultsTable(results: readonly ProgramResult[], runners: readonly Runner[], ratios: readonly Ratio[]): Table {
  const cols = columns(runners, ratios);
  const rows = results.map((r) => [
    r.program.name,
    r.program.size,
    r.cycles === null ? "n/a" : `${(r.cycles / 1e6).toFixed(1)} M`,
    ...cols.map((c) => cellText(r, c)),
  ]);
  const means = cols.map((c) => {
    if (!c.geomean) return "";
    const g = geomean(results.map((r) => c.value(r) ?? NaN));
    const mark = results.some((r) => c.value(r) !== null && isNoisy(r, c)) ? NOISY_MARK : "";
    return g === null ? "n/a" : c.format(g) + mark;
  });
  rows.push([GEOMEAN_ROW, "", "", ...means]);
  return { header: ["program", "size", "instructions", ...cols.map((c) => c.title)], rows };
}

/** The first (cold) run's time over the best warm run's, startup subtracted from both. */
export function coldTable(results: readonly ProgramResult[], runners: readonly Runner[]): Table {
  const rows = results.map((r) => [
    r.program.name,
    ...runners.map((runner) => {
      const c = r.cells[runner.key];
      return c && c.compute > 0 && c.times.cold > c.startup ? `${((c.times.cold - c.startup) / c.compute).toFixed(2)}` : "n/a";
    }),
  ]);
  return { header: ["program", ...runners.map((r) => `${r.key} cold/warm`)], rows };
}

export function markdown(t: Table): string {
  const widths = t.header.map((h, i) => Math.max(h.length, ...t.rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  const rule = `| ${widths.map((w, i) => (i === 0 ? "-".repeat(w) : "-".repeat(w - 1) + ":")).join(" | ")} |`;
  return [line(t.header), rule, ...t.rows.map(line)].join("\n");
}
