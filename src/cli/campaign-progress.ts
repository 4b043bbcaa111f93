// The progress line on stderr while a campaign runs (only when stderr is a terminal): cases
// done, cases per second and the time left. Wall-clock time is for the user's eyes only.
export function progressLine(total: number): { tick(done: number): void; end(): void } {
  const start = performance.now();
  let last = 0;
  const width = 24;
  return {
    tick(done) {
      const now = performance.now();
      if (now - last < 200 && done < total) return;
      last = now;
      const rate = done / Math.max(1e-3, (now - start) / 1000);
      const left = rate > 0 ? (total - done) / rate : Infinity;
      const filled = Math.round((done / Math.max(1, total)) * width);
      const eta = Number.isFinite(left) ? `${Math.floor(left / 60)}m${String(Math.round(left % 60)).padStart(2, "0")}s` : "?";
      process.stderr.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} cases, ${rate.toFixed(1)}/s, ETA ${eta}\x1b[K`);
    },
    end() {
      process.stderr.write("\r\x1b[K");
    },
  };
}
