// No module imports itself back, directly or through others: in the core (assembly/), the
// TypeScript side (src/), the tests' support code, the bench and the build scripts.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { cycles, importGraph } from "./support/import-graph";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIRS = ["assembly", "src", "test", "bench", "scripts", "web"].filter((d) => existsSync(ROOT + d));

it("has no import cycle", () => {
  const graph = importGraph(ROOT, DIRS);
  expect(graph.size).toBeGreaterThan(200);
  expect(cycles(graph)).toEqual([]);
});

it("finds a cycle when there is one", () => {
  const graph = new Map([["a.ts", ["b.ts"]], ["b.ts", ["c.ts"]], ["c.ts", ["a.ts"]], ["d.ts", ["a.ts"]]]);
  expect(cycles(graph)).toEqual([["a.ts", "b.ts", "c.ts"]]);
});
