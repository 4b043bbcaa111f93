// The 80386 suite describes its opcodes in a CSV file (80386.csv) instead of metadata.json: one
// row per opcode (`op`, two or four hex digits) and ModR/M extension (`ex`), with `f_umask`, the
// FLAGS bits to compare (the suite's tools turn it into the files' own RM32 mask, an AND mask),
// and booleans `ud` (undefined form), `pf` (prefix), `pm` (protected mode only).
import { UserError } from "../errors.js";
import type { OpcodeMetadata, SuiteMetadata } from "./metadata.js";

/** Splits CSV text into rows of fields (RFC 4180: quoted fields, doubled quotes, CRLF). */
export function parseCsv(text: string, label: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') field += text[++i];
      else if (c === '"') quoted = false;
      else {
        if (c === "\n") line++;
        field += c;
      }
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      line++;
    } else field += c;
  }
  if (quoted) throw new UserError(`${label}: line ${line}: a quoted field is not closed`);
  if (field !== "" || row.length) rows.push([...row, field]);
  return rows.filter((r) => r.some((f) => f.trim() !== ""));
}

const truthy = (v: string | undefined) => ["1", "true", "y", "yes"].includes((v ?? "").trim().toLowerCase());

function hexField(value: string, max: number, where: string): number {
  const text = value.trim().replace(/^0x/i, "").replace(/_/g, "");
  const n = /^[0-9a-f]+$/i.test(text) ? parseInt(text, 16) : NaN;
  if (!(n <= max)) throw new UserError(`${where}: '${value}' is not a hex number up to 0x${max.toString(16)}`);
  return n;
}

/** Reads an opcode CSV (80386.csv) into the same shape as metadata.json. */
export function parseOpcodeCsv(text: string, label = "80386.csv"): SuiteMetadata {
  const [header, ...rows] = parseCsv(text, label);
  if (!header) throw new UserError(`${label}: empty file`);
  const col = Object.fromEntries(header.map((name, i) => [name.trim().toLowerCase(), i]));
  if (col.op === undefined) throw new UserError(`${label}: line 1: no 'op' column in the header`);
  const opcodes: Record<string, OpcodeMetadata> = {};
  rows.forEach((fields, r) => {
    const line = r + 2;
    const get = (name: string) => (col[name] === undefined ? undefined : fields[col[name]]);
    const opText = get("op")!.trim().replace(/^0x/i, "");
    const op = hexField(opText, 0xffff, `${label}: line ${line}: op`);
    let key = op.toString(16).toUpperCase().padStart(opText.length > 2 ? 4 : 2, "0");
    const ex = get("ex")?.trim();
    if (ex) {
      if (!/^[0-7]$/.test(ex)) throw new UserError(`${label}: line ${line}: ex: '${ex}' is not 0-7`);
      key += `.${ex}`;
    }
    if (opcodes[key]) return; // the first row of a form describes it
    const status = truthy(get("ud")) ? "undefined" : truthy(get("pf")) ? "prefix" : truthy(get("pm")) ? "protected-mode" : "normal";
    const entry: OpcodeMetadata = { status };
    const mask = get("f_umask")?.trim();
    if (mask) entry.flagsMask = hexField(mask, 0xffffffff, `${label}: line ${line}: f_umask`) & 0xffff;
    const mnemonic = get("mnemonic")?.trim();
    if (mnemonic) entry.mnemonic = mnemonic;
    opcodes[key] = entry;
  });
  return { cpu: "386", opcodes };
}
