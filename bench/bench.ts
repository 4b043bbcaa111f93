// `npm run bench` (dist/bench.js): MIPS of the core on CPU-bound guest programs, beside
// qemu-i386 and native execution in the same run. Not a test: it prints numbers.
//
// Usage: node dist/bench.js [--quick] [--repeat N] [PROGRAM ...]
//   --quick     the programs' default sizes and fewer runs: a smoke run, not a measurement
//   --repeat N  warm runs per program and runner (default: 2 for the core, 5 for the others)
import { coldTable, markdown, NOISY_MARK, resultsTable } from "./bench-table";
import { formatGoals, speedGoals } from "./bench-goals";
import { runBench, type BenchReport } from "./bench-run";
import type { Runner } from "./bench-runners";

const STARTUP_RUNS = 10;

function usage(message: string): never {
  console.error(`bench: ${message}\nusage: node dist/bench.js [--quick] [--repeat N] [PROGRAM ...]`);
  process.exit(2);
}

function parseArgs(argv: string[]) {
  let quick = false;
  let repeat: number | undefined;
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--quick") quick = true;
    else if (a === "--repeat") {
      repeat = Number(argv[++i]);
      if (!Number.isInteger(repeat) || repeat < 0) usage("--repeat needs a whole number");
    } else if (a.startsWith("-")) usage(`unknown option ${a}`);
    else names.push(a);
  }
  return { quick, repeat, names };
}

const ms = (s: number) => `${(s * 1000).toFixed(1)} ms`;

function formatReport(report: BenchReport, warmRuns: (r: Runner) => number): string {
  const out: string[] = [];
  out.push(`lockstep86 benchmark, ${report.scale} sizes`, "");
  for (const [k, v] of report.facts) out.push(`- ${k}: ${v}`);
  out.push(`- native: ${report.native.reason}`);
  out.push(
    `- startup (best of ${STARTUP_RUNS} runs of hello, subtracted below): ` +
      report.runners.map((r) => `${r.key} ${ms(report.startup[r.key])}`).join(", "),
  );
  out.push(
    "- each time: the best of " +
      report.runners.map((r) => `${warmRuns(r)} ${r.key}`).join(", ") +
      " warm runs after one cold run, minus startup; instructions: the core's retired-instruction count",
    "",
  );
  out.push(markdown(resultsTable(report.results, report.runners, report.ratios)), "");
  for (const r of report.runners) out.push(`- ${r.key}: ${r.legend}`);
  out.push("- MIPS: instructions / time; a/b: how fast a is beside b (b's time / a's time)");
  out.push(`- ${NOISY_MARK}: from a time shorter than that runner's startup, so mostly noise`, "");
  const rs = report.resync;
  out.push(
    `Resync of a ${rs.ramMiB} MiB module (${rs.diskMiB} MiB disk), copied ${rs.chunkMiB} MiB per ${rs.epoch}-cycle epoch while ` +
      `the machine runs (${rs.program} in dmr, pull then insert): ${rs.cycles} cycles from the insert to duplexed; ` +
      `the pause copied ${rs.pausePages} dirty pages and the CPU state (${rs.pauseBytes} bytes). ` +
      `Host wall time to copy the whole module: ${rs.copyMs.toFixed(1)} ms (${rs.copyMiBps.toFixed(0)} MiB/s, best of the core's warm-run count).`,
    "",
  );
  out.push(...formatGoals(speedGoals(report.results, report.cores), report.cores), "");
  out.push("First (cold) run beside the best warm run:", "");
  out.push(markdown(coldTable(report.results, report.runners)), "");
  for (const n of report.notes) out.push(`note: ${n}`);
  for (const r of report.results) for (const p of r.problems) out.push(`PROBLEM ${r.program.name}: ${p}`);
  return out.join("\n");
}

function main() {
  const { quick, repeat, names } = parseArgs(process.argv.slice(2));
  const warmRuns = (r: Runner) => Math.min(r.maxWarmRuns ?? Infinity, repeat ?? (quick ? 1 : r.inProcess ? 2 : 5));
  const started = Date.now();
  let report: BenchReport;
  try {
    report = runBench({
      scale: quick ? "quick" : "full",
      names,
      warmRuns,
      startupRuns: STARTUP_RUNS,
      log: (line) => console.error(`[${((Date.now() - started) / 1000).toFixed(0)} s] ${line}`),
    });
  } catch (e) {
    console.error(`bench: ${(e as Error).message}`);
    process.exit(1);
  }
  console.log(formatReport(report, warmRuns));
  if (quick) console.log("\n--quick: a smoke run; at these sizes the times and ratios are noise. Run without it to measure.");
  if (report.results.some((r) => r.problems.length)) process.exitCode = 1;
}

main();
