// The results file: JSON lines. The first line is the header (which core, which program, the
// options and the seed: everything that decides the cases), then one line per case, in any
// order, keyed by its index. A file cut short by a crash loses at most its unfinished last line.
import { UserError } from "../errors";
import { OUTCOMES, type CaseResult, type GoldenSummary } from "./experiment";
import { CAMPAIGN_KINDS } from "./space";
import { MECHANISMS } from "./mechanism";

export const RESULTS_FORMAT = "lockstep86-campaign/1";

/** What must be the same for two results files to be parts of one campaign. */
export interface CampaignIdentity {
  core: string; // sha256 of build/core.wasm
  program: string; // sha256 of the program file
  options: {
    args: string[];
    mode: string;
    ecc: string;
    kinds: string[];
    epoch: number;
    ramSize: number;
    maxCycles: number | null;
    stdin: string | null; // sha256, or null for no input
    disk: string | null; // sha256, or null for the default empty disk
    prune?: string; // "defuse" (--prune), absent when every case runs
    // The program's Linux world, each absent when left at its default:
    files?: string[]; // "PATH SHA256" of each --file
    env?: string[]; // --env
    startTime?: number; // --start-time
    tty?: boolean; // --tty
  };
  seed: number;
  faults: number; // cases 0 .. faults-1 make the whole campaign
}

export interface CampaignHeader extends CampaignIdentity {
  format: typeof RESULTS_FORMAT;
  golden: GoldenSummary;
  /** Each kind's fault-space size: the strata's weights. */
  spaces: Record<string, number>;
  /** For the report's replay commands, quoted for a shell: the program as named, the options
   *  to repeat (" --ecc none ...") and the program's arguments (" -- a 'b c'"). */
  replay: { program: string; flags: string; args: string };
  shard?: string; // "I/N" when this file holds one part
}

export interface ResultsFile {
  header: CampaignHeader;
  cases: CaseResult[];
  /** Bytes of whole lines: a partial last line (a killed run) starts here. */
  complete: number;
}

const IDENTITY_KEYS = ["core", "program", "options", "seed", "faults"] as const;

// JSON with object keys sorted, so equal values compare equal whatever the key order.
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/** The first field in which two campaigns differ ("options.mode: dmr vs tmr"), or undefined. */
export function identityDifference(a: CampaignIdentity, b: CampaignIdentity): string | undefined {
  for (const key of IDENTITY_KEYS) {
    if (key === "options") {
      for (const k of Object.keys({ ...a.options, ...b.options }) as Array<keyof CampaignIdentity["options"]>) {
        if (canonical(a.options[k]) !== canonical(b.options[k])) return `options.${k}: ${canonical(a.options[k])} vs ${canonical(b.options[k])}`;
      }
    } else if (canonical(a[key]) !== canonical(b[key])) {
      return `${key}: ${canonical(a[key])} vs ${canonical(b[key])}`;
    }
  }
  return undefined;
}

function checkHeader(h: unknown, where: string): CampaignHeader {
  const o = h as CampaignHeader;
  if (!o || typeof o !== "object" || o.format !== RESULTS_FORMAT) {
    throw new UserError(`${where}: not a campaign results file (its first line has no "format": "${RESULTS_FORMAT}")`);
  }
  for (const key of ["core", "program", "options", "seed", "faults", "golden", "spaces", "replay"] as const) {
    if (o[key] === undefined) throw new UserError(`${where}: the header has no "${key}"`);
  }
  return o;
}

function checkCase(c: unknown, header: CampaignHeader, where: string): CaseResult {
  const o = c as CaseResult;
  const bad = (what: string): never => {
    throw new UserError(`${where}: ${what}`);
  };
  if (!o || typeof o !== "object") bad("not a JSON object");
  if (!Number.isSafeInteger(o.case) || o.case < 0 || o.case >= header.faults) bad(`"case" ${JSON.stringify(o.case)} is not an index below ${header.faults}`);
  if (typeof o.spec !== "string") bad(`"spec" is missing`);
  if (!(CAMPAIGN_KINDS as readonly string[]).includes(o.kind) || !(o.kind in header.spaces)) bad(`"kind" ${JSON.stringify(o.kind)} is not one of ${Object.keys(header.spaces).join(", ")}`);
  if (!OUTCOMES.includes(o.outcome)) bad(`"outcome" ${JSON.stringify(o.outcome)} is not one of ${OUTCOMES.join(", ")}`);
  if (o.mechanism !== null && !(MECHANISMS as readonly string[]).includes(o.mechanism)) bad(`"mechanism" ${JSON.stringify(o.mechanism)} is unknown`);
  return o;
}

/**
 * Parses a results file's text. A last line without its newline is what a killed run left half
 * written: it is not a case (`complete` says where it starts, so a resumed run can cut it off).
 * Any other bad line is an error naming the file and line. A case given twice must agree.
 */
export function parseResults(text: string, name: string): ResultsFile {
  const end = text.lastIndexOf("\n") + 1;
  const lines = text.slice(0, end).split("\n").slice(0, -1);
  if (!lines.length) throw new UserError(`${name}: empty (no header line)`);
  const parse = (line: string, no: number): unknown => {
    try {
      return JSON.parse(line);
    } catch {
      throw new UserError(`${name}:${no}: not JSON`);
    }
  };
  const header = checkHeader(parse(lines[0], 1), `${name}:1`);
  const seen = new Map<number, CaseResult>();
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === "") continue;
    const c = checkCase(parse(lines[i], i + 1), header, `${name}:${i + 1}`);
    const before = seen.get(c.case);
    if (before && canonical(before) !== canonical(c)) throw new UserError(`${name}:${i + 1}: case ${c.case} is given twice, differently`);
    seen.set(c.case, c);
  }
  return { header, cases: [...seen.values()].sort((a, b) => a.case - b.case), complete: end };
}

/** The cases of several parts of one campaign, joined; headers must agree. */
export function mergeResults(files: ReadonlyArray<{ name: string; file: ResultsFile }>): { header: CampaignHeader; cases: CaseResult[] } {
  const [first] = files;
  const byCase = new Map<number, CaseResult>();
  for (const { name, file } of files) {
    const diff = identityDifference(first.file.header, file.header);
    if (diff) throw new UserError(`${name}: not the same campaign as ${first.name} (${diff})`);
    for (const c of file.cases) {
      const before = byCase.get(c.case);
      if (before && canonical(before) !== canonical(c)) throw new UserError(`${name}: case ${c.case} differs from the one in another file`);
      byCase.set(c.case, c);
    }
  }
  const { shard: _, ...header } = first.file.header;
  return { header, cases: [...byCase.values()].sort((a, b) => a.case - b.case) };
}

export const caseLine = (c: CaseResult) => JSON.stringify(c) + "\n";
export const headerLine = (h: CampaignHeader) => JSON.stringify(h) + "\n";

/** "I/N" -> {index, count}: part I (0-based) of N takes the cases whose index is I mod N. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1) || !(index < count)) throw new UserError(`--shard: '${text}' is not I/N with 0 <= I < N (e.g. 0/4)`);
  return { index, count };
}
