// `npm start` (scripts/serve-web.mjs) serves the built playground on loopback and prints its URL:
// the README's first command (npm test builds dist/web first). The page is tested in playground-browser.test.ts.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";

describe("npm start", () => {
  it("prints a loopback URL that serves the page, and answers bad paths with 404", async () => {
    const child = spawn(process.execPath, ["scripts/serve-web.mjs"], { env: { ...process.env, PORT: "0" }, stdio: ["ignore", "pipe", "pipe"] });
    try {
      let out = "";
      child.stdout.setEncoding("utf8");
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (d: string) => {
          out += d;
          const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
          if (m) resolve(m[0]);
        });
        child.on("exit", (code) => reject(new Error(`serve-web exited with ${code}: ${out}`)));
      });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toMatch(/text\/html/);
      expect(await page.text()).toMatch(/lockstep86/);
      const wasm = await fetch(new URL("core.wasm", url));
      expect(wasm.status).toBe(200);
      expect(wasm.headers.get("content-type")).toBe("application/wasm");
      expect((await fetch(new URL("%E0%A4%A", url))).status).toBe(404);
      expect((await fetch(new URL("nope.js", url))).status).toBe(404);
      expect(child.exitCode).toBeNull(); // a bad request never stops the server
    } finally {
      child.kill();
      await once(child, "exit").catch(() => undefined);
    }
  });
});
