// Writes programs/examples.json: every example in programs/ (name, kind, source, built file and
// what it shows: its row of programs/README.md's table, else the first sentence of its header
// comment), for the CLI's scenarios and the page's gallery. Run by `npm run build:cli`; test/scenario-examples.test.ts checks it is up to date.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const programs = join(dirname(fileURLToPath(import.meta.url)), "..", "programs");

/** The first sentence of a C block comment or a run of `;` comment lines, without "NAME: ". */
export function describe(name, source) {
  const text = source.startsWith("/*")
    ? source.slice(2, source.indexOf("*/"))
    : source.split("\n").filter((l) => l.startsWith(";")).map((l) => l.replace(/^;\s?/, "")).join("\n").split("\n\n")[0];
  const flat = text.replace(/\s+/g, " ").trim();
  const sentence = /^(.*?\.)(\s|$)/.exec(flat)?.[1] ?? flat;
  return sentence.startsWith(`${name}: `) ? sentence.slice(name.length + 2) : sentence;
}

/** programs/README.md's table: source file -> its "exercises" column, markdown removed. */
function readmeRows() {
  const rows = new Map();
  for (const line of readFileSync(join(programs, "README.md"), "utf8").split("\n")) {
    const m = /^\| `([^`]+)` \| ([^|]+) \|/.exec(line);
    if (m) rows.set(m[1], m[2].replace(/`/g, "").trim());
  }
  return rows;
}

export function examplesManifest() {
  const rows = readmeRows();
  const examples = [];
  for (const source of readdirSync(programs).sort()) {
    const m = /^([a-z0-9_-]+)\.(c|asm)$/.exec(source);
    if (!m) continue;
    const [, name, ext] = m;
    examples.push({
      name,
      kind: ext === "c" ? "C" : "asm",
      source,
      file: ext === "c" ? `bin/${name}.elf` : `bin/${name}.bin`,
      description: rows.get(source) ?? describe(name, readFileSync(join(programs, source), "utf8")),
    });
  }
  return { generatedBy: "scripts/examples-manifest.mjs", examples };
}

export function manifestText() {
  return JSON.stringify(examplesManifest(), null, 2) + "\n";
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(join(programs, "examples.json"), manifestText());
}
