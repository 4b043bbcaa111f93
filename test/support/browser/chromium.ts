// Headless Debian Chromium for the browser tests (never a downloaded browser), and a loopback
// server for the few files a test page needs, together as a test page.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { build } from "esbuild";
import { chromium, type Browser } from "playwright-core";
import { coreWasmPath } from "../../../src/node/core-wasm";

export const CHROMIUM = "/usr/bin/chromium";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // No sandbox as root; no network beyond localhost, which this machine does not have.
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-quic", "--no-first-run", "--disable-sync"],
  });
}

export type ServedFiles = Record<string, { type: string; body: string | Uint8Array }>;

/** Serves `files` (by exact URL path) on a free loopback port; anything else is 404. */
export async function serveFiles(files: ServedFiles): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const file = files[req.url ?? ""];
    res.writeHead(file ? 200 : 404, { "content-type": file?.type ?? "text/plain" });
    res.end(file?.body ?? "");
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export interface TestPage {
  origin: string;
  browser: Browser;
  close(): Promise<void>;
}

/** A test page: `entry` bundled for the browser as /page.js, the core as /core.wasm, and `extra`
 *  files beside them, served on loopback, with Chromium launched to open it. */
export async function openTestPage(entry: string, extra: ServedFiles = {}): Promise<TestPage> {
  const bundle = await build({ entryPoints: [entry], bundle: true, platform: "browser", format: "esm", write: false, logLevel: "silent" });
  const { server, origin } = await serveFiles({
    "/": { type: "text/html", body: '<!doctype html><script type="module" src="/page.js"></script>' },
    "/page.js": { type: "text/javascript", body: bundle.outputFiles[0].text },
    "/core.wasm": { type: "application/wasm", body: readFileSync(coreWasmPath()) },
    ...extra,
  });
  const browser = await launchChromium();
  return {
    origin,
    browser,
    close: async () => {
      await browser.close();
      await new Promise((done) => server.close(done));
    },
  };
}
