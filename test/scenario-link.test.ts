// Share links and the examples manifest. A link's payload is standard raw deflate in base64url:
// Node's zlib (an independent inflater) reads what fflate wrote, and fflate reads what zlib wrote.
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeLink, encodeLink, parseScenario, scenarioJson, EXAMPLES } from "../src/scenario/index";
import { manifestText } from "../scripts/examples-manifest.mjs";
import { ROOT } from "./support/cli";
import { errorOf } from "./support/user-error";

const scenario = parseScenario({
  version: 1, program: { example: "qsort" }, mode: "dmr", faults: ["reg@150000/B:reg=esp,bit=3"],
});

describe("share links", () => {
  it("round-trip a scenario, with and without &run, from a whole URL or the hash alone", () => {
    const hash = encodeLink(scenario);
    expect(hash).toMatch(/^#s=1\.[A-Za-z0-9_-]+$/);
    expect(decodeLink(hash)).toEqual({ scenario, run: false });
    expect(decodeLink(`https://example.org/lockstep86/index.html${encodeLink(scenario, { run: true })}`)).toEqual({ scenario, run: true });
    expect(decodeLink(hash.slice(1))).toEqual({ scenario, run: false });
  });

  it("carry raw deflate of the canonical JSON in base64url", () => {
    const packed = encodeLink(scenario).slice("#s=1.".length);
    expect(inflateRawSync(Buffer.from(packed, "base64url")).toString()).toBe(scenarioJson(scenario));
    const fromZlib = deflateRawSync(Buffer.from(scenarioJson(scenario))).toString("base64url");
    expect(decodeLink(`#s=1.${fromZlib}&run`)).toEqual({ scenario, run: true });
  });

  it("say what is wrong with a damaged or foreign link", () => {
    const hash = encodeLink(scenario);
    expect(errorOf(() => decodeLink("https://example.org/")).message).toBe("link: no scenario in it (expected #s=1.… after the page's address)");
    expect(errorOf(() => decodeLink(hash.replace("s=1.", "s=2."))).message).toBe("link: format version 2 is not one this lockstep86 reads (1)");
    expect(errorOf(() => decodeLink(hash.replace("s=1.", "s="))).message).toBe("link: the scenario has no version (expected s=1.…)");
    expect(errorOf(() => decodeLink(hash.slice(0, 20))).message).toMatch(/^link: the scenario does not decompress \(.*was the link cut\?\)$/);
    expect(errorOf(() => decodeLink(hash + "!")).message).toBe("link: the scenario is not base64url (was the link cut or changed?)");
    const badField = deflateRawSync(Buffer.from(JSON.stringify({ version: 1, program: { example: "qsort" }, epoch: 0 }))).toString("base64url");
    expect(errorOf(() => decodeLink(`#s=1.${badField}`)).message).toBe("scenario: field 'epoch': 0 is not an integer between 1 and 4294967295");
  });
});

describe("the examples manifest", () => {
  it("is up to date with programs/ (npm run build:cli writes it)", () => {
    expect(readFileSync(join(ROOT, "programs", "examples.json"), "utf8")).toBe(manifestText());
  });

  it("lists every source in programs/ with its built file and what it shows", () => {
    const sources = ["args.c", "baremetal.asm", "bytecode.c", "crc32.c", "disk.c", "div64.c", "exitcode.c", "fib.c", "fnptr.c", "hello.c", "int64.c", "qsort.c", "recurse.c", "sieve.c", "stdin.c", "strings.c", "wordfreq.c"];
    expect(EXAMPLES.map((e) => e.source)).toEqual(sources);
    for (const e of EXAMPLES) {
      expect(existsSync(join(ROOT, "programs", e.file)), e.file).toBe(true);
      expect(e.kind).toBe(e.source.endsWith(".c") ? "C" : "asm");
      expect(e.description.length, e.name).toBeGreaterThan(10);
    }
    expect(EXAMPLES.find((e) => e.name === "qsort")!.description).toBe("quicksort of LCG ints: signed compares, indexing, recursion");
  });
});
