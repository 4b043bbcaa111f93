// The built playground (dist/web) served on a free localhost port, and headless Debian Chromium
// to open it (never a downloaded browser).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { ROOT } from "../cli";
import { launchChromium as launch } from "../browser/chromium";

export { CHROMIUM, launchChromium } from "../browser/chromium";
const WEB = join(ROOT, "dist", "web");
const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json" };

export function buildWeb(): void {
  execFileSync(process.execPath, [join(ROOT, "scripts", "build-web.mjs")], { cwd: ROOT, stdio: "pipe" });
}

export async function serveWeb(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const file = normalize(join(WEB, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(WEB + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}


export interface OpenOptions {
  width?: number;
  height?: number;
  dark?: boolean;
  hash?: string;
}

/** For one describe block: the playground built and served, Chromium launched (and both closed
 *  after), open() giving a page whose machine is ready, and every error a page threw. */
export function playgroundSession(): { open(options?: OpenOptions): Promise<Page>; readonly errors: string[] } {
  let server: Server | undefined;
  let origin = "";
  let browser: Browser | undefined;
  const errors: string[] = [];
  beforeAll(async () => {
    buildWeb();
    ({ server, origin } = await serveWeb());
    browser = await launch();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
  });
  return {
    errors,
    async open(options: OpenOptions = {}): Promise<Page> {
      const page = await browser!.newPage({ viewport: { width: options.width ?? 1440, height: options.height ?? 1000 }, colorScheme: options.dark ? "dark" : "light", reducedMotion: "reduce" });
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${origin}/${options.hash ?? ""}`);
      await page.waitForFunction(() => window.playground?.ready && window.playground.snapshot !== undefined, undefined, { timeout: 60_000 });
      return page;
    },
  };
}
