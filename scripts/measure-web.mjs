// Measures the playground (npm run measure:web; not a test, numbers vary by machine): the
// bundle's gzipped size without the core's wasm, the time until the page takes input, qsort.elf
// in dmr run by the page (Run at full speed until the run's end shows) beside the same scenario
// run in Node, as a ratio, and the longest main-thread task while the page runs it.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { chromium } from "playwright-core";

const ROUNDS = 5;
if (!existsSync("dist/web/main.js")) execFileSync(process.execPath, ["scripts/build-web.mjs"], { stdio: "inherit" });
const web = resolve("dist/web");
const gz = (f) => gzipSync(readFileSync(join(web, f)), { level: 9 }).length;
const files = ["index.html", "style.css", "main.js", "worker.js"];
const bundle = files.reduce((n, f) => n + gz(f), 0);

// Node: the same scenario through the same library, bundled as the page's is.
const entry = `
import { readFileSync } from "node:fs";
import { Lockstep } from "${resolve("src/harness/lockstep.ts")}";
import { loadCoreWasm } from "${resolve("src/node/core-wasm.ts")}";
import { parseElf } from "${resolve("src/loader/elf.ts")}";
const wasm = loadCoreWasm();
const image = parseElf("qsort.elf", new Uint8Array(readFileSync("programs/bin/qsort.elf")));
let best = Infinity, cycles = 0;
for (let i = 0; i < ${ROUNDS}; i++) {
  const t0 = performance.now();
  cycles = new Lockstep(wasm, image, { mode: "dmr" }).run().cycles;
  best = Math.min(best, performance.now() - t0);
}
console.log(JSON.stringify({ best, cycles }));
`;
await build({ stdin: { contents: entry, resolveDir: process.cwd(), loader: "ts" }, bundle: true, platform: "node", format: "esm", outfile: "dist/measure-web-node.js", logLevel: "warning",
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } });
const node = JSON.parse(execFileSync(process.execPath, ["dist/measure-web-node.js"], { encoding: "utf8" }));

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json" };
const server = createServer((req, res) => {
  const path = new URL(req.url, "http://x").pathname;
  const file = join(web, path === "/" ? "index.html" : path);
  if (!file.startsWith(web) || !existsSync(file)) return res.writeHead(404).end();
  res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
});
await new Promise((done) => server.listen(0, "127.0.0.1", done));
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"] });
const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
await page.addInitScript(() => {
  window.__longest = 0;
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration); }).observe({ type: "longtask" });
});
await page.goto(`http://127.0.0.1:${server.address().port}/`);
await page.waitForFunction(() => window.playground?.ready && window.playground.snapshot);
const ready = await page.evaluate(() => window.playground.marks.ready);
await page.fill("#speed", "21");
await page.dispatchEvent("#speed", "input");
let pageBest = Infinity, pageCycles = 0, longest = 0;
for (let i = 0; i < ROUNDS; i++) {
  await page.click("#reset");
  await page.waitForFunction(() => window.playground.snapshot?.cycle === 0 && !window.playground.snapshot.finished);
  await page.evaluate(() => { window.__longest = 0; });
  await page.click("#run");
  await page.waitForFunction(() => window.playground.marks.finished, undefined, { timeout: 120_000 });
  const m = await page.evaluate(() => ({ ms: window.playground.marks.finished - window.playground.marks.run, cycles: window.playground.snapshot.finished.cycles, longest: window.__longest }));
  pageBest = Math.min(pageBest, m.ms);
  pageCycles = m.cycles;
  longest = Math.max(longest, m.longest);
  await page.waitForFunction(() => window.playground.snapshot?.finished?.outcome);
}
await browser.close();
server.close();
if (pageCycles !== node.cycles) throw new Error(`the page ran ${pageCycles} cycles, Node ${node.cycles}`);

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`bundle (gzipped, without core.wasm: ${files.join(", ")}): ${kib(bundle)}`);
console.log(`core.wasm gzipped: ${kib(gz("core.wasm"))}`);
console.log(`time to first interaction (page ready, ms after navigation): ${ready.toFixed(0)} ms`);
console.log(`qsort.elf dmr, ${node.cycles} cycles, best of ${ROUNDS}: Node ${node.best.toFixed(0)} ms, page ${pageBest.toFixed(0)} ms (Run to the end shown) -> page speed ${(node.best / pageBest).toFixed(2)}x Node's`);
console.log(`longest main-thread task while the page runs it: ${longest ? `${longest.toFixed(0)} ms` : "none of 50 ms or more (no long task)"}`);
