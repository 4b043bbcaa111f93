// The host side of files: the file area laid out after the disk in every module's disk buffer
// (assembly/layout.ts S_FILES_AT): a directory, the --file inputs' bytes, and room for the
// files the guest creates under --out-dir. Being disk, every byte is under the sector checksums,
// compared, scrubbed and resynced like the disk. At the end the created files are read back out.
import * as L from "../../assembly/layout";
import { UserError } from "../errors";

export interface GuestFile {
  /** The absolute path the guest opens it by. */
  path: string;
  bytes: Uint8Array;
}

/** Room for each file the guest creates (--out-dir); a write past it fails with ENOSPC. */
export const OUTPUT_CAPACITY = 1 << 20;
/** Files the guest may create. */
export const OUTPUT_FILES = 4;

const SECTOR = L.SECTOR_SIZE;
const roundUp = (v: number) => Math.ceil(v / SECTOR) * SECTOR;

/** A guest path as the core looks it up: absolute (the cwd is /) and normalised as the core
 * normalises what the guest asks for (assembly/linux/tree.ts): no "//", "." or "..". */
export function guestPath(p: string): string {
  const parts: string[] = [];
  for (const c of p.split("/")) {
    if (c === "..") parts.pop();
    else if (c !== "" && c !== ".") parts.push(c);
  }
  return "/" + parts.join("/") + (/\/\.{0,2}$/.test(p) && parts.length > 0 ? "/" : "");
}

/** The file area for these inputs (and output room if the guest may create files); empty if neither. */
export function buildFileArea(files: readonly GuestFile[], writable: boolean): Uint8Array {
  if (files.length === 0 && !writable) return new Uint8Array(0);
  const outputs = writable ? OUTPUT_FILES : 0;
  if (files.length + outputs > L.FILE_MAX) {
    throw new UserError(`--file: at most ${L.FILE_MAX - outputs} files${writable ? " with --out-dir" : ""} (${files.length} given)`);
  }
  const enc = new TextEncoder();
  const dirBytes = roundUp(L.FILE_MAX * L.FILE_ENTRY);
  let at = dirBytes;
  const placed = files.map((f) => {
    const name = enc.encode(guestPath(f.path));
    if (name.length >= L.FILE_NAME_MAX) throw new UserError(`--file: the guest path ${f.path} is longer than ${L.FILE_NAME_MAX - 1} bytes`);
    if (f.bytes.length > 0xffffffff - at) throw new UserError(`--file: ${f.path} is too large`);
    const start = at;
    at += roundUp(f.bytes.length);
    return { name, start, f };
  });
  const seen = new Set<string>();
  const names = placed.map((p) => new TextDecoder().decode(p.name));
  for (const key of names) {
    if (key === "/" || key.endsWith("/")) throw new UserError(`--file: ${key} names a directory, not a file`);
    if (seen.has(key)) throw new UserError(`--file: ${key} is given twice`);
    seen.add(key);
    // a file cannot also be a directory another file lies in
    const inside = names.find((other) => other.startsWith(key + "/"));
    if (inside) throw new UserError(`--file: ${key} is a file, but ${inside} puts a directory there`);
  }
  const outStart = at;
  at += outputs * OUTPUT_CAPACITY;
  const area = new Uint8Array(at);
  const dv = new DataView(area.buffer);
  const fields = (i: number, start: number, size: number, capacity: number, kind: number) => {
    const e = i * L.FILE_ENTRY + L.FILE_NAME_MAX;
    [start, size, capacity, kind].forEach((v, k) => dv.setUint32(e + 4 * k, v, true));
  };
  placed.forEach((p, i) => {
    area.set(p.name, i * L.FILE_ENTRY);
    area.set(p.f.bytes, p.start);
    fields(i, p.start, p.f.bytes.length, p.f.bytes.length, L.FILE_INPUT);
  });
  for (let k = 0; k < outputs; k++) fields(placed.length + k, outStart + k * OUTPUT_CAPACITY, 0, OUTPUT_CAPACITY, L.FILE_FREE);
  return area;
}

/** The files the guest created, read from a module's file area (`area`: the disk buffer past the disk). */
export function createdFiles(area: Uint8Array): GuestFile[] {
  if (area.length < L.FILE_MAX * L.FILE_ENTRY) return [];
  const dv = new DataView(area.buffer, area.byteOffset, area.length);
  const out: GuestFile[] = [];
  for (let i = 0; i < L.FILE_MAX; i++) {
    const e = i * L.FILE_ENTRY;
    const field = (k: number) => dv.getUint32(e + L.FILE_NAME_MAX + 4 * k, true);
    if (field(3) !== L.FILE_OUTPUT) continue;
    const nameBytes = area.subarray(e, e + L.FILE_NAME_MAX);
    const end = nameBytes.indexOf(0);
    const path = new TextDecoder().decode(nameBytes.subarray(0, end < 0 ? nameBytes.length : end));
    out.push({ path, bytes: area.slice(field(0), field(0) + field(1)) });
  }
  return out;
}
