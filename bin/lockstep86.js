#!/usr/bin/env node
// The command-line entry: the bundled runner in dist/ (built by `npm run build`).
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write("lockstep86: dist/cli.js is missing; run `npm run build` first\n");
  process.exit(70);
}
await import(cli.href);
