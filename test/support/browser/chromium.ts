// Headless Debian Chromium for the browser tests (never a downloaded browser), and a loopback
// server for the few files a test page needs.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";

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
