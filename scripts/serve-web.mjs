// npm start: builds the playground when its sources are newer than dist/web (or it is missing),
// then serves dist/web on localhost (PORT, or a free port) and prints the URL.
import { execSync } from "node:child_process";
import { createReadStream, existsSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";

const root = resolve("dist/web");
const newest = (dir) => Math.max(0, ...readdirSync(dir, { recursive: true }).map((f) => statSync(join(dir, String(f))).mtimeMs));
const built = existsSync(join(root, "main.js")) ? statSync(join(root, "main.js")).mtimeMs : 0;
if (!existsSync("build/core.wasm")) execSync("npm run build:core", { stdio: "inherit" });
if (built < Math.max(newest("web"), newest("src"), statSync("build/core.wasm").mtimeMs)) {
  execSync("node scripts/build-web.mjs", { stdio: "inherit" });
}

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json", ".map": "application/json" };
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
  const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
  if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { "content-type": "text/plain" });
    return res.end("not found\n");
  }
  res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
  createReadStream(file).pipe(res);
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  console.log(`lockstep86 playground: http://127.0.0.1:${server.address().port}/   (Ctrl-C stops it)`);
});
