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
if (built < Math.max(newest("web"), newest("src"), newest("lessons"), statSync("build/core.wasm").mtimeMs)) {
  execSync("node scripts/build-web.mjs", { stdio: "inherit" });
}

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json", ".map": "application/json" };
const server = createServer((req, res) => {
  let path;
  try {
    path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
  } catch {
    path = "/\0"; // a malformed escape: answered as not found, never a crash
  }
  const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
  if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { "content-type": "text/plain" });
    return res.end("not found\n");
  }
  res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
  createReadStream(file).pipe(res);
});
// A fixed port by default (8086), so the URL stays the same between starts; a free one if it is taken.
const wanted = process.env.PORT === undefined ? 8086 : Number(process.env.PORT);
if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535) {
  console.error(`lockstep86: PORT: '${process.env.PORT}' is not a port number (0 to 65535)`);
  process.exit(2);
}
server.on("error", (e) => {
  if (e.code === "EADDRINUSE" && process.env.PORT === undefined) return server.listen(0, "127.0.0.1");
  console.error(`lockstep86: cannot serve the playground on port ${wanted}: ${e.message}`);
  process.exit(2);
});
server.on("listening", () => {
  console.log(`lockstep86 playground: http://127.0.0.1:${server.address().port}/   (Ctrl-C stops it)`);
});
server.listen(wanted, "127.0.0.1");
